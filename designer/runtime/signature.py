"""Plivo's request signature, version 3 (`X-Plivo-Signature-V3`), checked with the standard
library only.

Plivo signs each request with the account's auth token: HMAC-SHA256 over a text made from the
URL it requested, the request parameters and a nonce (`X-Plivo-Signature-V3-Nonce`), written
in base64. The text is built the way the official SDK builds it:

* GET:  `scheme://host/path` + `?k=v&k=v…` (query parameters sorted, values decoded, no
  re-encoding), or the bare URL when there is no query.
* POST: the same URL (with `?` and the sorted query, then `.` when there is a query) followed by
  the form parameters sorted by name, each written as name + value with no separators.

then `.` + nonce. The header may hold several signatures separated by commas; one match is
enough. `X-Plivo-Signature-Ma-V3` carries the signature made with the main account's token
(sent for sub-account applications), so either account's token can be configured. Query
values are decoded as UTF-8 (the SDK only copes with ASCII there; for ASCII the two agree).

The URL must be the one Plivo requested, i.e. the public one: a proxy in front of the server
changes scheme, host and perhaps the path prefix. `signing_urls` therefore honours
`X-Forwarded-Proto`/`X-Forwarded-Host`, and an operator can name the public base URL instead,
which then is the only one trusted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import parse_qs, quote, urlparse

SIGNATURE_KEY = "HTTP_X_PLIVO_SIGNATURE_V3"
# The same signature made with the main account's token, sent for sub-account applications.
MAIN_ACCOUNT_SIGNATURE_KEY = "HTTP_X_PLIVO_SIGNATURE_MA_V3"
NONCE_KEY = "HTTP_X_PLIVO_SIGNATURE_V3_NONCE"

# Form parameters: each name with its values (a lone string counts as one value).
Params = Mapping[str, Sequence[str] | str]


def signed_text(method: str, url: str, form: Params | None = None) -> str:
    """The text Plivo signs for a request to `url` (query included) with form body `form`."""
    parts = urlparse(url)
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    query = _sorted_query(parse_qs(parts.query, keep_blank_values=True))
    form = form or {}
    if method.upper() != "POST" or not form:
        return f"{base}?{query}" if query else base
    return f"{base}?{query}{'.' if query else ''}{_sorted_form(form)}"


def signature(auth_token: str, text: str, nonce: str) -> str:
    digest = hmac.new(
        auth_token.encode("utf-8"), f"{text}.{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def is_valid(
    auth_token: str,
    method: str,
    urls: Iterable[str],
    form: Params | None,
    nonce: str,
    header: str,
) -> bool:
    """True when `header` carries a signature of this request for one of `urls`."""
    offered = [s.strip().encode("ascii", "replace") for s in header.split(",") if s.strip()]
    if not offered or not nonce:
        return False
    for url in urls:
        expected = signature(auth_token, signed_text(method, url, form), nonce).encode("ascii")
        # compare_digest on every candidate: no early exit that could leak timing.
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return True
    return False


def signing_urls(
    environ: Mapping[str, str],
    public_url: str | None,
    base_url: str,
    relative: str | None = None,
) -> list[str]:
    """The public URLs this request may have been signed for (query string included).

    `relative` is the path the runtime resolved, without the prefix it was requested under
    (e.g. `route/menu` for `/support-line/route/menu`); by default the whole path. With
    `public_url` (the operator's word) only that base is trusted, followed by either path.
    Otherwise the URL the request was made to (as seen through forwarding proxies), and the
    bundle's own base URL, where every link in the bundle points."""
    full = environ.get("PATH_INFO", "").lstrip("/")
    relatives = list(dict.fromkeys([relative if relative is not None else full, full]))
    query = environ.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    if public_url:
        return list(dict.fromkeys(_join(public_url, path) + suffix for path in relatives))
    urls = [_request_url(environ) + suffix]
    if base_url.startswith(("http://", "https://")):
        urls += [_join(base_url, path) + suffix for path in relatives]
    return list(dict.fromkeys(urls))


def _join(base: str, relative: str) -> str:
    return base.rstrip("/") + "/" + relative


def _first(value: str) -> str:
    # Proxies append to these headers: the first entry is the one the client used.
    return value.split(",")[0].strip()


def _request_url(environ: Mapping[str, str]) -> str:
    scheme = _first(environ.get("HTTP_X_FORWARDED_PROTO", "")) or environ.get(
        "wsgi.url_scheme", "http"
    )
    host = _first(environ.get("HTTP_X_FORWARDED_HOST", "")) or environ.get("HTTP_HOST", "")
    if not host:
        host = environ.get("SERVER_NAME", "localhost")
        port = environ.get("SERVER_PORT", "")
        if port and port != {"https": "443", "http": "80"}.get(scheme):
            host = f"{host}:{port}"
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/")
    return f"{scheme}://{host}{path}"


def _sorted_query(params: Mapping[str, Sequence[str]]) -> str:
    return "&".join(
        "&".join(f"{key}={value}" for value in sorted(params[key])) for key in sorted(params)
    )


def _sorted_form(params: Params) -> str:
    return "".join(
        "".join(f"{key}{value}" for value in _values(params[key])) for key in sorted(params)
    )


def _values(value: str | Sequence[str]) -> list[str]:
    # A lone string is one value (not a sequence of characters).
    return [value] if isinstance(value, str) else sorted(value)
