"""A small threaded HTTP server for the runtime (`ivr-designer serve`, tests, benchmark),
built on wsgiref. Production deployments use gunicorn or waitress instead (docs/runtime.md).
"""

from __future__ import annotations

import socket
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer


class _Handler(WSGIRequestHandler):
    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        # wsgiref decodes %2F into "/" in PATH_INFO, and http.server turns a leading "//" into
        # "/" in self.path: the target as sent, from the request line, lets the app refuse both.
        words = self.requestline.split()
        environ["RAW_URI"] = words[1] if len(words) >= 2 else self.path
        return environ

    def log_message(self, format: str, *args: Any) -> None:
        # The app writes its own line per request; wsgiref's would be a duplicate.
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class _ThreadingServerV6(ThreadingServer):
    address_family = socket.AF_INET6


def make_server(app: Any, host: str = "127.0.0.1", port: int = 8080) -> ThreadingServer:
    """Bind (port 0 = any free port) and return the server; call serve_forever() on it."""
    server_class = _ThreadingServerV6 if ":" in host else ThreadingServer
    server = server_class((host, port), _Handler)
    server.set_app(app)
    return server
