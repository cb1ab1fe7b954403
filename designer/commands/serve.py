"""`ivr-designer serve BUNDLE_OR_FLOW`: answer Plivo's requests for a bundle over HTTP.

Serves a bundle folder as it is, or compiles a .ivrflow file in memory first. Prints the
answer URL to paste into the Plivo console, then logs one line per request on stderr until
Ctrl+C. Signature checking is on when PLIVO_AUTH_TOKEN is set.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

from designer.commands.validate import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE

NAME = "serve"

EPILOG = """\
examples:
  ivr-designer serve build/support-line
  ivr-designer serve support-line.ivrflow --port 9000
  PLIVO_AUTH_TOKEN=... ivr-designer serve build/support-line --host 0.0.0.0

environment:
  PLIVO_AUTH_TOKEN  when set, every request must carry Plivo's valid X-Plivo-Signature-V3
                    (others get 403 Forbidden)
  IVR_PUBLIC_URL    the address Plivo uses to reach this server, when a proxy or tunnel
                    stands in front of it (same as --public-url)

For production, run the same app under gunicorn or waitress: see docs/runtime.md.

exit status:
  0  stopped with Ctrl+C (or SIGTERM)
  1  the flow has errors
  2  the bundle or flow cannot be read, or the address cannot be used
"""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port number is between 0 and 65535")
    return port


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="answer Plivo's requests for a bundle (menus and Dial outcomes need this)",
        description=textwrap.fill(
            "Serve a compiled bundle folder, or a .ivrflow file compiled on the fly, to "
            "Plivo over HTTP: the documents, and the routes that pick the next document "
            "after a menu or a Dial. Prints the answer URL to paste into the Plivo console "
            "and logs one line per request."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "source", metavar="BUNDLE_OR_FLOW", help="a bundle folder, or a .ivrflow file"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    parser.add_argument(
        "--port", type=_port, default=8080, help="the port to listen on (default 8080; 0: any)"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help="the web address Plivo uses to reach this server, for checking signatures "
        "behind a proxy or tunnel (default: $IVR_PUBLIC_URL, else the bundle's base URL and "
        "the request's own address)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from designer.runtime import BundleError, create_app, make_server

    source, status = _open_source(Path(args.source))
    if source is None:
        return status
    token = os.environ.get("PLIVO_AUTH_TOKEN") or None
    public_url = args.public_url or os.environ.get("IVR_PUBLIC_URL") or None
    try:
        app = create_app(source, auth_token=token, public_url=public_url)
    except BundleError as exc:
        print(f"ivr-designer: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        server = make_server(app, args.host, args.port)
    except OSError as exc:
        print(f"ivr-designer: {_bind_failure(args.host, args.port, exc)}", file=sys.stderr)
        return EXIT_UNREADABLE
    _announce(app.bundle, args.host, server.server_address[1], token is not None)
    previous = _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


def _stop_on_sigterm() -> Any:
    """Make SIGTERM stop the server like Ctrl+C (in a container the command may be process 1,
    which would otherwise ignore it). Returns the handler to restore, or None."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _open_source(path: Path) -> tuple[Any, int]:
    """A bundle folder path, or a bundle compiled from a flow file; (None, exit code) after
    printing why neither works."""
    if path.is_dir() or not path.exists():
        return path, EXIT_OK  # the runtime explains a missing or broken folder itself
    from designer.commands.validate import open_flow, print_diagnostics
    from designer.compiler import CompileError, compile_flow

    flow = open_flow(str(path))
    if flow is None:
        return None, EXIT_UNREADABLE
    try:
        return compile_flow(flow), EXIT_OK
    except CompileError as exc:
        print_diagnostics([d for d in exc.diagnostics if d.is_error], sys.stderr)
        print(f"ivr-designer: {path} has errors, so it cannot be served.", file=sys.stderr)
        return None, EXIT_INVALID


def _bind_failure(host: str, port: int, exc: OSError) -> str:
    import errno

    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use; choose another with --port."
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; choose a port above 1023 with --port."
    reason = exc.strerror or str(exc)
    return f"cannot listen on {host} port {port}: {reason}."


def _announce(bundle: Any, host: str, port: int, signed: bool) -> None:
    shown_host = f"[{host}]" if ":" in host else host
    local = f"http://{shown_host}:{port}/"
    answer = f"{bundle.base_url}answer.xml" if bundle.base_url else f"{local}answer.xml"
    name = f" '{bundle.flow_name}'" if bundle.flow_name else ""
    lines = [
        f"Serving the flow{name} ({len(bundle.documents)} documents, "
        f"{len(bundle.routes)} routes) on {local}",
        f"Answer URL for the Plivo console: {answer}",
    ]
    if not bundle.base_url:
        lines.append(
            "  Plivo must be able to reach that address from the internet: put this server "
            "behind a public address and compile the flow with --base-url set to it."
        )
    if signed:
        lines.append("Plivo signatures are checked (PLIVO_AUTH_TOKEN is set).")
    else:
        lines.append("Plivo signatures are not checked: set PLIVO_AUTH_TOKEN to turn this on.")
    lines.append("Press Ctrl+C to stop.")
    print("\n".join(lines), flush=True)
