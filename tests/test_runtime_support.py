"""Helpers for the runtime tests (no tests here): a hand-written bundle following
docs/bundle.md, and a direct WSGI call built with wsgiref's testing defaults."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

BASE_URL = "https://ivr.example.com/acme/"
FORM = "application/x-www-form-urlencoded"


def _doc(*elements: str) -> bytes:
    body = "".join(f"  {e}\n" for e in elements)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n{body}</Response>\n'.encode()


DOCUMENTS: dict[str, bytes] = {
    "answer.xml": _doc(
        "<Speak>Thanks for calling Acme.</Speak>",
        f'<Redirect method="GET">{BASE_URL}menu.xml</Redirect>',
    ),
    "ask.xml": _doc(
        f'<GetInput action="{BASE_URL}route/ask" method="GET" inputType="dtmf speech">'
        "<Speak>Say sales or customer service.</Speak></GetInput>"
    ),
    "goodbye.xml": _doc("<Speak>Goodbye.</Speak>", "<Hangup/>"),
    "menu.xml": _doc(
        f'<GetDigits action="{BASE_URL}route/menu" method="GET" numDigits="1">'
        "<Speak>For sales press 1.</Speak></GetDigits>",
        f'<Redirect method="GET">{BASE_URL}goodbye.xml</Redirect>',
    ),
    "sales.xml": _doc(
        f'<Dial action="{BASE_URL}route/sales" method="GET"><Number>+14155550100</Number></Dial>'
    ),
    "voicemail.xml": _doc('<Record maxLength="120"/>'),
}

ROUTES: dict[str, Any] = {
    "menu": {
        "parameters": ["Digits"],
        "match": "exact",
        "choices": {"1": "sales.xml", "2": "voicemail.xml"},
        "default": "menu.xml",
    },
    "sales": {
        "parameters": ["DialStatus"],
        "match": "exact",
        "choices": {"no-answer": "voicemail.xml", "busy": "voicemail.xml"},
        "default": "goodbye.xml",
    },
    "ask": {
        "parameters": ["Digits", "Speech"],
        "match": "keyword",
        "choices": {"sales": "sales.xml", "customer service": "voicemail.xml", "1": "sales.xml"},
        "default": None,
    },
}


def manifest_for(
    documents: dict[str, bytes], routes: dict[str, Any], base_url: str = BASE_URL
) -> dict[str, Any]:
    names = ["answer.xml", *sorted(n for n in documents if n != "answer.xml")]
    return {
        "format": "ivr-bundle",
        "version": 1,
        "flow": "Acme support line",
        "base_url": base_url,
        "link_method": "GET",
        "entry": "answer.xml",
        "needs_runtime": bool(routes),
        "documents": {
            name: {
                "nodes": [name.removesuffix(".xml")],
                "redirect_to": None,
                "sha256": hashlib.sha256(documents[name]).hexdigest(),
            }
            for name in names
        },
        "routes": routes,
    }


def write_test_bundle(
    directory: Path,
    documents: dict[str, bytes] | None = None,
    routes: dict[str, Any] | None = None,
    base_url: str = BASE_URL,
    manifest: dict[str, Any] | None = None,
) -> Path:
    documents = DOCUMENTS if documents is None else documents
    routes = ROUTES if routes is None else routes
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in documents.items():
        (directory / name).write_bytes(data)
    manifest = manifest if manifest is not None else manifest_for(documents, routes, base_url)
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return directory


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def wsgi_call(
    app: Any,
    path: str,
    method: str = "GET",
    query: str = "",
    body: bytes = b"",
    content_type: str = FORM,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Reply:
    """Call `app` directly; `headers` are HTTP headers ("X-Plivo-Signature-V3": …)."""
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)) if body else "",
            "CONTENT_TYPE": content_type if body else "",
        }
    )
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    environ.update(extra or {})
    seen: dict[str, Any] = {}

    def start_response(status: str, header_list: list[tuple[str, str]], exc_info: Any = None):
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(header_list)

    data = b"".join(app(environ, start_response))
    return Reply(seen["status"], seen["headers"], data)
