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
import threading
from pathlib import Path
from typing import Any

from designer.commands.parser import add_command
from designer.commands.validate import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    add_base_url_argument,
    fail,
    open_flow,
)

NAME = "serve"

EPILOG = """\
examples:
  ivr-designer serve build/support-line
  ivr-designer serve support-line.ivrflow --port 9000
  ivr-designer serve my-flow.ivrflow --base-url https://abc.example-tunnel.app/
  PLIVO_AUTH_TOKEN=... ivr-designer serve build/support-line --host 0.0.0.0

A .ivrflow file is compiled with its own base URL, or --base-url; when it has neither, with
this server's own address (http://HOST:PORT/), so its links work when tried locally.
Documents and routes are answered at / and also under the path of the base URL (and of
--public-url), where the bundle's links point: e.g. /support-line/answer.xml.

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
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="answer Plivo's requests for a bundle (menus and Dial outcomes need this)",
        description=(
            "Serve a compiled bundle folder, or a .ivrflow file compiled on the fly, to "
            "Plivo over HTTP: the documents, and the routes that pick the next document "
            "after a menu or a Dial. Prints the answer URL to paste into the Plivo console "
            "and logs one line per request."
        ),
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
    add_base_url_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from designer.runtime import BundleError, create_app, make_server

    path = Path(args.source)
    flow = None
    if _is_flow_file(path):
        flow = open_flow(str(path), NAME)
        if flow is None:
            return EXIT_UNREADABLE
    elif args.base_url is not None:
        fail(NAME, f"--base-url applies to a .ivrflow file only: the bundle {path} keeps the "
             "base URL it was compiled with. Compile it again with --base-url, or serve the "
             ".ivrflow file.")
        return EXIT_UNREADABLE
    try:
        # Bound before compiling: with --port 0 the port, and so the local address the
        # flow's links may have to point at, is known only now.
        server = make_server(None, args.host, args.port)
    except OSError as exc:
        fail(NAME, _bind_failure(args.host, args.port, exc))
        return EXIT_UNREADABLE
    try:
        local = local_address(args.host, server.server_address[1])
        local_links = False
        source: Any = path
        if flow is not None:
            base_url = args.base_url
            if base_url is None and not (flow.setting("base_url") or "").strip():
                base_url, local_links = local, True
            source = _compile(flow, path, base_url)
            if source is None:
                return EXIT_INVALID
        token = os.environ.get("PLIVO_AUTH_TOKEN") or None
        public_url = args.public_url or os.environ.get("IVR_PUBLIC_URL") or None
        try:
            app = create_app(source, auth_token=token, public_url=public_url)
        except BundleError as exc:
            fail(NAME, str(exc))
            return EXIT_UNREADABLE
        server.set_app(app)
        listening = f"http://{_bracketed(args.host)}:{server.server_address[1]}/"
        _announce(app, listening, local, token is not None, local_links, flow is not None)
        previous = _stop_on_sigterm()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.", file=sys.stderr)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    finally:
        server.server_close()
    return EXIT_OK


def _is_flow_file(path: Path) -> bool:
    """A flow file to compile (or a missing one, for open_flow to explain), not a folder."""
    if path.is_dir():
        return False
    return path.exists() or path.suffix == ".ivrflow"


def local_address(host: str, port: int) -> str:
    """This server's own address, as a base URL; a wildcard host becomes the loopback one."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://{_bracketed(shown)}:{port}/"


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _compile(flow: Any, path: Path, base_url: str | None) -> Any:
    """The flow compiled in memory with `base_url` (None: the flow's own); None after listing
    its errors."""
    from designer.commands.validate import print_diagnostics
    from designer.compiler import CompileError, compile_flow

    try:
        return compile_flow(flow, base_url=base_url)
    except CompileError as exc:
        print_diagnostics([d for d in exc.diagnostics if d.is_error], sys.stderr)
        fail(NAME, f"{path} has errors, so it cannot be served.")
        return None


def _stop_on_sigterm() -> Any:
    """Make SIGTERM stop the server like Ctrl+C (in a container the command may be process 1,
    which would otherwise ignore it). Returns the handler to restore, or None."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _bind_failure(host: str, port: int, exc: OSError) -> str:
    import errno

    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use; choose another with --port."
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; choose a port above 1023 with --port."
    reason = exc.strerror or str(exc)
    return f"cannot listen on {host} port {port}: {reason}."


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _announce(
    app: Any, listening: str, local: str, signed: bool, local_links: bool, from_flow: bool
) -> None:
    bundle = app.bundle
    answer = f"{bundle.base_url}answer.xml" if bundle.base_url else f"{local}answer.xml"
    name = f" '{bundle.flow_name}'" if bundle.flow_name else ""
    lines = [
        f"Serving the flow{name} ({_count(len(bundle.documents), 'document')}, "
        f"{_count(len(bundle.routes), 'route')}) on {listening}",
        f"Answer URL for the Plivo console: {answer}",
    ]
    for prefix in app.prefixes:
        lines.append(f"  Also answered under {prefix}/ here, e.g. {local}{prefix[1:]}/answer.xml")
    where = "pass --base-url with that address" if from_flow else (
        "compile the flow with --base-url set to that address"
    )
    if local_links:
        lines.append(
            f"  The flow has no base URL, so its links point at this server ({local}): "
            "fine for trying it on this computer. Plivo must reach it from the internet: put "
            f"this server behind a public address and {where}."
        )
    elif not bundle.base_url:
        lines.append(
            "  Plivo must be able to reach that address from the internet: put this server "
            f"behind a public address and {where}."
        )
    if signed:
        lines.append("Plivo signatures are checked (PLIVO_AUTH_TOKEN is set).")
    else:
        lines.append("Plivo signatures are not checked: set PLIVO_AUTH_TOKEN to turn this on.")
    lines.append("Press Ctrl+C to stop.")
    print("\n".join(lines), flush=True)
