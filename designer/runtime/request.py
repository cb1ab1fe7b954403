"""Reading a request: which resource the path names, and its parameters.

Paths are matched against a whitelist, never joined to a file system path: `/<name>.xml`,
`/route/<node-id>` and `/healthz`, each also under a path prefix (the path of the bundle's base
URL, e.g. `/support-line/answer.xml`), which is removed before the same whitelist is applied.
Anything else (`..`, empty segments, backslashes, NUL, percent-encoded slashes, absolute URLs)
names nothing and gets a 404.

Form bodies are read only up to `MAX_BODY` bytes; larger, undecodable or not form-encoded
bodies raise `BadRequest`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

MAX_BODY = 64 * 1024
MAX_FIELDS = 1000
FORM_TYPE = "application/x-www-form-urlencoded"
HEALTH_PATH = "/healthz"

Params = Mapping[str, list[str]]

DOCUMENT_PATH = re.compile(r"/([A-Za-z0-9_][A-Za-z0-9_.-]*\.xml)\Z")
ROUTE_PATH = re.compile(r"/route/([A-Za-z0-9_][A-Za-z0-9_-]*)\Z")
# Seen in the raw request line (before the server decoded it): %2F "/", %5C "\", %00 NUL.
ENCODED_SEPARATOR = re.compile(r"%(2f|5c|00)", re.IGNORECASE)


class BadRequest(Exception):
    """The request cannot be read; str() is a short reason safe to send back."""


@dataclass(frozen=True)
class Target:
    kind: str  # "document", "route" or "health"
    name: str
    # The path without the prefix it was requested under, e.g. "/answer.xml".
    path: str = ""


def path_prefix(url: str | None) -> str:
    """The path of a base URL as a prefix to serve under: `https://h/support-line/` gives
    `/support-line`; a URL without a path (or none) gives ''."""
    if not url:
        return ""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return ""
    return unquote(path).rstrip("/")


def resolve(environ: Mapping[str, Any], prefixes: tuple[str, ...] = ()) -> Target | None:
    """What the path names, or None when it names nothing the runtime serves. The path is
    tried as it is, then without each of `prefixes` it starts with (see `path_prefix`)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
    raw_path = raw.split("?", 1)[0]
    path = environ.get("PATH_INFO", "")
    if ENCODED_SEPARATOR.search(raw_path) or "//" in raw_path or "//" in path:
        return None
    target = _match(path)
    if target is not None:
        return target
    for prefix in prefixes:
        if prefix and path.startswith(prefix + "/"):
            target = _match(path[len(prefix):])
            if target is not None:
                return target
    return None


def _match(path: str) -> Target | None:
    if path == HEALTH_PATH:
        return Target("health", "", path)
    found = DOCUMENT_PATH.match(path)
    if found and ".." not in found.group(1):
        return Target("document", found.group(1), path)
    found = ROUTE_PATH.match(path)
    if found:
        return Target("route", found.group(1), path)
    return None


def query_params(environ: Mapping[str, Any]) -> dict[str, list[str]]:
    # Lenient: a stray `&` or a bad escape in a query string is no reason to drop a call.
    return parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True, errors="replace")


def form_params(environ: Mapping[str, Any]) -> dict[str, list[str]]:
    """The form-encoded body of a POST (empty for other methods). Raises BadRequest."""
    if environ.get("REQUEST_METHOD", "GET").upper() != "POST":
        return {}
    data = _read_body(environ)
    if not data:
        return {}
    content_type = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    if content_type not in (FORM_TYPE, ""):
        raise BadRequest(f"the body must be form-encoded ({FORM_TYPE})")
    try:
        text = data.decode("utf-8")
        return parse_qs(
            text,
            keep_blank_values=True,
            strict_parsing=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except ValueError:
        # UnicodeDecodeError is a ValueError too.
        raise BadRequest("the form body is malformed") from None


def _read_body(environ: Mapping[str, Any]) -> bytes:
    stream = environ.get("wsgi.input")
    length_text = (environ.get("CONTENT_LENGTH") or "").strip()
    if length_text:
        if not length_text.isdigit():
            raise BadRequest("Content-Length is not a number")
        length = int(length_text)
        if length > MAX_BODY:
            raise BadRequest(f"the body is larger than {MAX_BODY // 1024} KB")
        data = _read_exactly(stream, length)
        if len(data) < length:
            raise BadRequest("the body is shorter than its Content-Length")
        return data
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() and stream is not None:
        # Servers that accept chunked bodies (gunicorn) hand them over without a length.
        data = stream.read(MAX_BODY + 1)
        if len(data) > MAX_BODY:
            raise BadRequest(f"the body is larger than {MAX_BODY // 1024} KB")
        return data
    return b""


def _read_exactly(stream: Any, length: int) -> bytes:
    if stream is None or length == 0:
        return b""
    chunks: list[bytes] = []
    remaining = length
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
