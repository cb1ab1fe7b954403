"""The runtime over a real socket on 127.0.0.1, and the `ivr-designer serve` command."""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest
from plivo.utils import signature_v3 as sdk
from test_runtime_support import DOCUMENTS, write_test_bundle

from designer import cli
from designer.runtime import create_app, make_server
from designer.runtime.accesslog import AccessLog

PROJECT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def running(app) -> Iterator[str]:
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def fetch(url: str, data: bytes | None = None, method: str | None = None, headers=None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def raw_request(base: str, target: str) -> int:
    """Send `target` exactly as written (urllib would normalise it)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    (tmp_path / "secret.xml").write_text("<Response>secret</Response>")
    return write_test_bundle(tmp_path / "bundle")


def test_real_socket_serves_documents_and_routes(bundle_dir):
    log = io.StringIO()
    with running(create_app(bundle_dir, log=AccessLog(log))) as base:
        assert fetch(f"{base}/answer.xml")[2] == DOCUMENTS["answer.xml"]
        status, headers, body = fetch(f"{base}/route/menu?Digits=1")
        assert (status, body) == (200, DOCUMENTS["sales.xml"])
        assert headers["Content-Type"].startswith("application/xml")
        form = urlencode({"DialStatus": "no-answer", "CallUUID": "x"}).encode()
        assert fetch(f"{base}/route/sales", form)[2] == DOCUMENTS["voicemail.xml"]
        assert fetch(f"{base}/nothere.xml")[0] == 404
        status, headers, body = fetch(f"{base}/answer.xml", method="HEAD")
        assert (status, body) == (200, b"")
        assert headers["Content-Length"] == str(len(DOCUMENTS["answer.xml"]))
        assert fetch(f"{base}/answer.xml", method="PUT", data=b"")[0] == 405
        assert fetch(f"{base}/route/menu", b"Digits=" + b"1" * 70_000)[0] == 400
        # Sent byte for byte: traversal and encoded separators never reach a file.
        for target in (
            "/../secret.xml",
            "/..%2Fsecret.xml",
            "/%2e%2e/secret.xml",
            "/%2e%2e%2fsecret.xml",
            "/route%2Fmenu",
            "/answer.xml%00",
            "/..%5Csecret.xml",
            "//etc/passwd",
            "/manifest.json",
        ):
            assert raw_request(base, target) == 404, target
    lines = log.getvalue().splitlines()
    assert len(lines) == 7 + 9
    assert "route menu: Digits='1' -> sales.xml" in lines[1]
    assert " GET /route%2Fmenu 404 " in log.getvalue()  # logged as sent, not as decoded


def test_real_socket_with_signature_checking(bundle_dir):
    token, nonce = "real-socket-token", "123456789"
    with running(create_app(bundle_dir, auth_token=token, log=AccessLog(io.StringIO()))) as base:
        url = f"{base}/route/menu"
        params = {"Digits": "2", "CallUUID": "abc"}
        signature = sdk.get_signature_v3(
            token.encode(), sdk.construct_post_url(url, dict(params)).decode(), nonce.encode()
        ).decode()
        headers = {"X-Plivo-Signature-V3": signature, "X-Plivo-Signature-V3-Nonce": nonce}
        status, _, body = fetch(url, urlencode(params).encode(), headers=headers)
        assert (status, body) == (200, DOCUMENTS["voicemail.xml"])
        tampered = urlencode({**params, "Digits": "1"}).encode()
        assert fetch(url, tampered, headers=headers)[0] == 403


# -- the serve command --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _read_until(process: subprocess.Popen, pattern: str, timeout: float = 30) -> re.Match:
    """Read stdout lines until one matches; fail (not hang) after `timeout` seconds."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if not line:
            break
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r}; got {seen!r}")


def test_serve_command_serves_a_bundle(bundle_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("PLIVO_AUTH_TOKEN", "IVR_PUBLIC_URL")}
    env["PYTHONUNBUFFERED"] = "1"
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "designer", "serve", str(bundle_dir), "--port", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _read_until(
            process, r"Answer URL for the Plivo console: https://ivr\.example\.com/acme/answer\.xml"
        )
        status, _, body = fetch(f"http://127.0.0.1:{port}/answer.xml")
        assert (status, body) == (200, DOCUMENTS["answer.xml"])
        assert (
            fetch(f"http://127.0.0.1:{port}/route/menu?Digits=2")[2] == DOCUMENTS["voicemail.xml"]
        )
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert process.returncode == 0 and "Stopped." in errors  # SIGTERM stops it cleanly
    assert re.search(r"GET /answer\.xml 200 \d+\.\dms", errors)
    assert "route menu: Digits='2' -> voicemail.xml" in errors


def test_serve_command_prints_the_local_answer_url_without_base_url(tmp_path, capsys, monkeypatch):
    from designer.runtime.server import ThreadingServer

    directory = write_test_bundle(tmp_path / "b", {"answer.xml": DOCUMENTS["goodbye.xml"]}, {}, "")
    monkeypatch.delenv("PLIVO_AUTH_TOKEN", raising=False)

    def interrupted(self, poll_interval=0.5):
        raise KeyboardInterrupt  # what Ctrl+C does to a running server

    monkeypatch.setattr(ThreadingServer, "serve_forever", interrupted)
    code = cli.main(["serve", str(directory), "--port", "0"])
    out = capsys.readouterr()
    assert code == 0
    assert re.search(
        r"Answer URL for the Plivo console: http://127\.0\.0\.1:\d+/answer\.xml", out.out
    )
    assert "Plivo must be able to reach" in out.out
    assert "signatures are not checked" in out.out
    assert "Stopped." in out.err


def test_serve_command_announces_signature_checking(bundle_dir, capsys, monkeypatch):
    from designer.runtime.server import ThreadingServer

    monkeypatch.setenv("PLIVO_AUTH_TOKEN", "secret-token")
    monkeypatch.setattr(
        ThreadingServer, "serve_forever", lambda self: (_ for _ in ()).throw(KeyboardInterrupt)
    )
    assert cli.main(["serve", str(bundle_dir), "--port", "0"]) == 0
    out = capsys.readouterr().out
    assert "signatures are checked" in out and "secret-token" not in out


def test_serve_command_refuses_a_tampered_bundle(bundle_dir, capsys):
    (bundle_dir / "sales.xml").write_bytes(b"<Response/>")
    assert cli.main(["serve", str(bundle_dir), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "sales.xml" in err and "SHA-256" in err and "Traceback" not in err


def test_serve_command_explains_a_missing_source(tmp_path, capsys):
    assert cli.main(["serve", str(tmp_path / "nowhere"), "--port", "0"]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_serve_command_explains_a_busy_port(bundle_dir, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli.main(["serve", str(bundle_dir), "--port", str(port)]) == 2
    assert f"port {port} on 127.0.0.1 is already in use" in capsys.readouterr().err


def test_serve_command_compiles_a_flow_file(tmp_path):
    from designer.compiler import compile_flow
    from designer.flowfile import load_flow

    example = PROJECT / "resources" / "examples" / "support-line.ivrflow"
    try:
        bundle = compile_flow(load_flow(example))
    except NotImplementedError:
        pytest.skip("compiler not available yet")
    env = {k: v for k, v in os.environ.items() if k != "PLIVO_AUTH_TOKEN"}
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "designer", "serve", str(example), "--port", str(port)],
        cwd=PROJECT,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _read_until(process, r"Answer URL for the Plivo console: \S+answer\.xml")
        base = f"http://127.0.0.1:{port}"
        assert fetch(f"{base}/answer.xml")[2] == bundle.documents["answer.xml"]
        chosen = fetch(f"{base}/route/menu?Digits=1")[2]
        assert chosen == bundle.documents[bundle.node_document["sales"]]
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_real_socket_refuses_an_empty_leading_segment(bundle_dir):
    # http.server turns "//answer.xml" into "/answer.xml" before the app sees it.
    with running(create_app(bundle_dir, log=AccessLog(io.StringIO()))) as base:
        assert raw_request(base, "/answer.xml") == 200
        assert raw_request(base, "/acme/answer.xml") == 200
        assert raw_request(base, "//answer.xml") == 404
        assert raw_request(base, "///acme/answer.xml") == 404


def _support_line_without_base_url(tmp_path: Path) -> Path:
    import json

    data = json.loads((PROJECT / "resources/examples/support-line.ivrflow").read_text())
    data["settings"] = {}
    path = tmp_path / "no-base.ivrflow"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _serve_and_fetch(monkeypatch, argv: list[str], paths: list[str]) -> tuple[int, dict, int]:
    """Run `ivr-designer serve` in this process; while it serves, GET each of `paths`; then
    stop it as Ctrl+C does. Returns the exit code, path → (status, body), and the port."""
    from designer.runtime.server import ThreadingServer

    monkeypatch.delenv("PLIVO_AUTH_TOKEN", raising=False)
    monkeypatch.delenv("IVR_PUBLIC_URL", raising=False)
    original = ThreadingServer.serve_forever
    replies: dict[str, tuple[int, bytes]] = {}
    ports = []

    def serve_then_interrupt(self, poll_interval=0.5):
        thread = threading.Thread(target=original, args=(self, 0.05), daemon=True)
        thread.start()
        try:
            port = self.server_address[1]
            ports.append(port)
            for path in paths:
                status, _, body = fetch(f"http://127.0.0.1:{port}{path}")
                replies[path] = (status, body)
        finally:
            self.shutdown()
            thread.join(5)
        raise KeyboardInterrupt

    monkeypatch.setattr(ThreadingServer, "serve_forever", serve_then_interrupt)
    code = cli.main(["serve", *argv, "--port", "0"])
    return code, replies, ports[0] if ports else 0


def test_serve_a_flow_without_base_url_links_to_the_local_address(tmp_path, capsys, monkeypatch):
    flow = _support_line_without_base_url(tmp_path)
    code, replies, port = _serve_and_fetch(
        monkeypatch, [str(flow)], ["/answer.xml", "/route/menu?Digits=1"]
    )
    out = capsys.readouterr().out
    assert code == 0
    local = f"http://127.0.0.1:{port}/"
    status, answer = replies["/answer.xml"]
    assert status == 200
    # The Redirect to the menu points back at this server, so the call works when tried.
    assert f"{local}menu.xml".encode() in answer
    assert replies["/route/menu?Digits=1"][0] == 200
    assert f"Answer URL for the Plivo console: {local}answer.xml" in out
    assert "has no base URL, so its links point at this server" in out
    assert "--base-url" in out and "ivr-designer compile" not in out


def test_serve_a_flow_with_base_url_option(tmp_path, capsys, monkeypatch):
    flow = _support_line_without_base_url(tmp_path)
    code, replies, _ = _serve_and_fetch(
        monkeypatch,
        [str(flow), "--base-url", "https://tunnel.example/line/"],
        ["/line/answer.xml", "/line/route/menu?Digits=2"],
    )
    out = capsys.readouterr().out
    assert code == 0
    status, answer = replies["/line/answer.xml"]
    assert status == 200 and b"https://tunnel.example/line/menu.xml" in answer
    assert replies["/line/route/menu?Digits=2"][0] == 200
    assert "Answer URL for the Plivo console: https://tunnel.example/line/answer.xml" in out
    assert "Also answered under /line/" in out
    assert "no base URL" not in out


def test_serve_a_flow_with_a_bad_base_url_lists_the_error(tmp_path, capsys):
    flow = _support_line_without_base_url(tmp_path)
    assert cli.main(["serve", str(flow), "--base-url", "ftp://x/", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "bad-base-url" not in err  # people read words, not codes
    assert "ftp://x/" in err and "ivr-designer serve: " in err


def test_serve_refuses_base_url_for_a_bundle_folder(bundle_dir, capsys):
    argv = ["serve", str(bundle_dir), "--base-url", "https://x.example/", "--port", "0"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("ivr-designer serve: --base-url applies to a .ivrflow file only")


@pytest.mark.parametrize(
    ("routes", "expected"),
    [({}, "(1 document, 0 routes)"), (None, "(1 document, 1 route)")],
)
def test_serve_banner_counts_in_the_singular(tmp_path, capsys, monkeypatch, routes, expected):
    from test_runtime_support import ROUTES

    from designer.runtime.server import ThreadingServer

    only = {"answer.xml": DOCUMENTS["goodbye.xml"]}
    if routes is None:
        routes = {"menu": {**ROUTES["menu"], "choices": {"1": "answer.xml"}, "default": None}}
    directory = write_test_bundle(tmp_path / "b", only, routes)
    monkeypatch.setattr(
        ThreadingServer, "serve_forever", lambda self: (_ for _ in ()).throw(KeyboardInterrupt)
    )
    assert cli.main(["serve", str(directory), "--port", "0"]) == 0
    assert expected in capsys.readouterr().out
