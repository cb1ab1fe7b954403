"""Benchmark: the answer-URL runtime under a bounded load on 127.0.0.1.

Run: `.venv/bin/python tests/benchmarks/bench_runtime.py [--requests 4000] [--clients 8]`.
Prints figures; asserts nothing.

How it measures:
* The bundle is the compiled `support-line` example (written to a temporary folder).
* The server is the real command, `python -m designer serve BUNDLE --port N`, in its own
  process (so clients and server do not share a GIL), listening on 127.0.0.1 only. Its request
  log goes to a file and is counted afterwards: one line per request.
* N client threads send a fixed number of requests in total, a mix of document fetches and
  route requests (GET with a query string, POST with a form body, as Plivo sends them), one
  connection per request (the standard library's server speaks HTTP/1.0). Every answer is
  checked against the expected document.
* Run twice: without, then with signature checking (PLIVO_AUTH_TOKEN set; the clients sign
  each request with Plivo's V3 algorithm).
* Also timed: the WSGI app called directly in this process, without sockets, which is the
  per-request cost a production WSGI server (gunicorn, waitress) adds its own overhead to.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from designer.compiler import compile_flow, write_bundle  # noqa: E402
from designer.flowfile import load_flow  # noqa: E402
from designer.runtime import create_app, signature  # noqa: E402
from designer.runtime.accesslog import AccessLog  # noqa: E402

HOST = "127.0.0.1"  # loopback only, by design
TOKEN = "bench-auth-token"
EXAMPLE = REPO / "resources" / "examples" / "support-line.ivrflow"

# (method, path, params, expected document)
MIX = [
    ("GET", "/answer.xml", {"CallUUID": "c1", "From": "+14155550111"}, "answer.xml"),
    ("POST", "/route/menu", {"CallUUID": "c1", "Digits": "1"}, "sales.xml"),
    ("GET", "/route/menu", {"CallUUID": "c1", "Digits": "9"}, "menu.xml"),
    ("POST", "/route/sales", {"CallUUID": "c1", "DialStatus": "no-answer"}, "voicemail.xml"),
    ("POST", "/menu.xml", {"CallUUID": "c1"}, "menu.xml"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {process.stderr and process.stderr.read()}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def build_request(method: str, path: str, params: dict[str, str], port: int, signed: bool):
    encoded = urlencode(params)
    headers = {"Host": f"{HOST}:{port}"}
    if method == "GET":
        target, body = f"{path}?{encoded}", None
    else:
        target, body = path, encoded.encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if signed:
        nonce = "12345678901234567890"
        text = signature.signed_text(
            method, f"http://{HOST}:{port}{target}", params if method == "POST" else None
        )
        headers["X-Plivo-Signature-V3"] = signature.signature(TOKEN, text, nonce)
        headers["X-Plivo-Signature-V3-Nonce"] = nonce
    return method, target, body, headers


def client(port: int, jobs: list[tuple], expected: dict[str, bytes], out: dict[str, Any]) -> None:
    latencies, failures = [], 0
    for method, target, body, headers, document in jobs:
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            connection.close()
            ok = response.status == 200 and data == expected[document]
        except OSError:
            ok = False
        latencies.append(time.perf_counter() - started)
        failures += not ok
    out["latencies"] = latencies
    out["failures"] = failures


def load_test(
    bundle_dir: Path, documents: dict[str, bytes], requests: int, clients: int, signed: bool
) -> dict[str, Any]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PLIVO_AUTH_TOKEN", "IVR_PUBLIC_URL")}
    if signed:
        env["PLIVO_AUTH_TOKEN"] = TOKEN
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "designer",
                "serve",
                str(bundle_dir),
                "--host",
                HOST,
                "--port",
                str(port),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            wait_until_up(port, process)
            prepared = [(*build_request(m, p, q, port, signed), d) for m, p, q, d in MIX]
            jobs = [prepared[i % len(prepared)] for i in range(requests)]
            shares = [jobs[i::clients] for i in range(clients)]
            results: list[dict[str, Any]] = [{} for _ in range(clients)]
            threads = [
                threading.Thread(target=client, args=(port, share, documents, result))
                for share, result in zip(shares, results, strict=True)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=10)
        log.seek(0)
        logged = sum(1 for line in log if " 200 " in line)
    latencies = sorted(x for r in results for x in r["latencies"])
    return {
        "requests": requests,
        "failures": sum(r["failures"] for r in results),
        "logged": logged,
        "rps": requests / wall,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "max": latencies[-1],
    }


def percentile(ordered: list[float], p: float) -> float:
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def in_process(bundle: Any, requests: int, signed: bool) -> float:
    """Microseconds per request for the WSGI app alone."""
    app = create_app(bundle, auth_token=TOKEN if signed else None, log=AccessLog(io.StringIO()))
    environs = []
    for method, path, params, _ in MIX:
        method_, target, body, headers = build_request(method, path, params, 80, signed)
        query = target.split("?", 1)[1] if "?" in target else ""
        environ = {
            "REQUEST_METHOD": method_,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body or b"")),
            "wsgi.url_scheme": "http",
            "HTTP_HOST": f"{HOST}:80",
            "SERVER_NAME": HOST,
            "SERVER_PORT": "80",
        }
        for name, value in headers.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        environs.append((environ, body or b""))

    def start_response(status: str, headers: list, exc_info: Any = None) -> None:
        assert status.startswith("200"), status

    started = time.perf_counter()
    for i in range(requests):
        environ, body = environs[i % len(environs)]
        app({**environ, "wsgi.input": io.BytesIO(body)}, start_response)
    return (time.perf_counter() - started) / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    bundle = compile_flow(load_flow(EXAMPLE))
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {args.requests} requests per run, {args.clients} clients, "
        f"mix of {len(MIX)} request kinds; bundle: {EXAMPLE.name}"
    )
    with tempfile.TemporaryDirectory() as temp:
        bundle_dir = Path(temp) / "bundle"
        write_bundle(bundle, bundle_dir)
        print()
        print("ivr-designer serve (threaded wsgiref), loopback")
        print(
            f"{'signatures':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
            f"{'failed':>8}{'logged':>8}"
        )
        for signed in (False, True):
            r = load_test(bundle_dir, bundle.documents, args.requests, args.clients, signed)
            print(
                f"{'checked' if signed else 'off':<12}{r['rps']:>9.0f}{r['p50'] * 1e3:>9.2f}"
                f"{r['p99'] * 1e3:>9.2f}{r['max'] * 1e3:>9.2f}{r['failures']:>8}"
                f"{r['logged']:>8}"
            )
    print()
    print("WSGI app alone (no sockets), µs per request")
    for signed in (False, True):
        best = min(in_process(bundle, 20_000, signed) for _ in range(3))
        print(f"  signatures {'checked' if signed else 'off':<8} {best:7.1f} µs")


if __name__ == "__main__":
    main()
