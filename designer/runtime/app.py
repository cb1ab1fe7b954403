"""The WSGI application that answers Plivo from a bundle.

`GET`/`POST /<doc>.xml` returns a document; `GET`/`POST /route/<node-id>` picks the next
document from the request's parameters and returns its XML directly (no redirect, so no
second round trip). Both are also answered under the path of the bundle's base URL (and of
the public URL), where the bundle's own links point: `/support-line/route/menu`. Nothing is
kept between requests, so any number of processes can serve the same bundle behind a load
balancer.

Statuses: 200 answered; 400 unreadable body; 403 bad or missing signature (only when an auth
token is configured); 404 nothing by that name; 405 a method other than GET/POST/HEAD; 500 an
unexpected fault or a bundle that cannot be loaded (details go to the log, never to the caller).
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from designer.runtime import request as req
from designer.runtime import signature
from designer.runtime.accesslog import AccessLog
from designer.runtime.bundle import BundleError, BundleLike, LoadedBundle, load_bundle

BUNDLE_ENV = "IVR_BUNDLE"
TOKEN_ENV = "PLIVO_AUTH_TOKEN"
PUBLIC_URL_ENV = "IVR_PUBLIC_URL"

EMPTY_RESPONSE = b'<?xml version="1.0" encoding="UTF-8"?>\n<Response/>\n'
XML_TYPE = "application/xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
ALLOWED_METHODS = ("GET", "POST", "HEAD")

REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
}

StartResponse = Callable[..., Any]


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = TEXT_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)
    # What the request log says about this answer (e.g. which way a route went).
    note: str = ""

    @classmethod
    def plain(cls, status: int, message: str | None = None, note: str = "") -> Answer:
        text = message or REASONS[status]
        return cls(status, f"{text}\n".encode(), note=note)

    def send(self, method: str, start_response: StartResponse) -> list[bytes]:
        headers = [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            ("X-Content-Type-Options", "nosniff"),
            *self.headers,
        ]
        start_response(f"{self.status} {REASONS[self.status]}", headers)
        return [b""] if method == "HEAD" else [self.body]


class RuntimeApp:
    """A WSGI callable serving one loaded bundle."""

    def __init__(
        self,
        bundle: LoadedBundle,
        auth_token: str | None = None,
        public_url: str | None = None,
        log: AccessLog | None = None,
    ) -> None:
        self.bundle = bundle
        self.auth_token = auth_token or None
        self.public_url = public_url or None
        self.log = log or AccessLog()
        # The bundle's links point under its base URL's path; serve there as well as at "/".
        prefixes = (req.path_prefix(bundle.base_url), req.path_prefix(self.public_url))
        self.prefixes = tuple(dict.fromkeys(p for p in prefixes if p))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        try:
            answer = self.answer(environ, method)
        except Exception:
            self.log.problem(
                "Unexpected error (the caller got a plain 500):\n" + traceback.format_exc()
            )
            answer = Answer.plain(500)
        millis = (time.perf_counter() - started) * 1000
        self.log.request(method, logged_path(environ), answer.status, millis, answer.note)
        return answer.send(method, start_response)

    def answer(self, environ: Mapping[str, Any], method: str) -> Answer:
        target = req.resolve(environ, self.prefixes)
        if target is None:
            return Answer.plain(404)
        if method not in ALLOWED_METHODS:
            answer = Answer.plain(405)
            answer.headers.append(("Allow", ", ".join(ALLOWED_METHODS)))
            return answer
        if target.kind == "health":
            # For load balancer checks: says nothing about the bundle, needs no signature.
            return Answer.plain(200, "ok")
        try:
            form = req.form_params(environ)
        except req.BadRequest as exc:
            return Answer.plain(400, f"Bad request: {exc}.", note=str(exc))
        if self.auth_token and not self._signed(environ, method, form, target.path):
            return Answer.plain(403, note="signature missing or wrong")
        if target.kind == "document":
            document = self.bundle.documents.get(target.name)
            if document is None:
                return Answer.plain(404)
            return Answer(200, document, XML_TYPE)
        return self._route(target.name, form, req.query_params(environ))

    def _signed(
        self, environ: Mapping[str, Any], method: str, form: req.Params, path: str
    ) -> bool:
        headers = (signature.SIGNATURE_KEY, signature.MAIN_ACCOUNT_SIGNATURE_KEY)
        header = ",".join(environ.get(key, "") for key in headers).strip(",")
        nonce = environ.get(signature.NONCE_KEY, "")
        if not header or not nonce:
            return False
        urls = signature.signing_urls(
            environ, self.public_url, self.bundle.base_url, relative=path.lstrip("/")
        )
        signed_method = "POST" if method == "POST" else "GET"
        return signature.is_valid(self.auth_token or "", signed_method, urls, form, nonce, header)

    def _route(self, node: str, form: req.Params, query: req.Params) -> Answer:
        route = self.bundle.routes.get(node)
        if route is None:
            return Answer.plain(404)

        def lookup(name: str) -> str | None:
            # The body first (POST), then the query string (GET); the first non-empty value.
            for source in (form, query):
                for value in source.get(name, ()):
                    if value.strip():
                        return value
            return None

        pick = route.pick(lookup)
        body = EMPTY_RESPONSE if pick.target is None else self.bundle.documents[pick.target]
        # The answer depends on the caller's input: no cache may keep it.
        return Answer(
            200, body, XML_TYPE, [("Cache-Control", "no-store")], note=pick.describe(node)
        )


def logged_path(environ: Mapping[str, Any]) -> str:
    """The path as the client sent it (before the server decoded `%2F`), without the query."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    return str(raw).split("?", 1)[0] if raw else str(environ.get("PATH_INFO", ""))


def create_app(
    bundle: str | os.PathLike[str] | BundleLike,
    auth_token: str | None = None,
    public_url: str | None = None,
    log: AccessLog | None = None,
) -> RuntimeApp:
    """A WSGI app for a bundle directory or an in-memory bundle (`documents` + `manifest`).

    With `auth_token`, every request must carry a valid `X-Plivo-Signature-V3`. `public_url`
    is the base URL Plivo uses to reach this app, for checking signatures behind a proxy.
    Raises BundleError when the bundle cannot be served."""
    return RuntimeApp(load_bundle(bundle), auth_token, public_url, log)


class ConfigurationError(Exception):
    """The environment does not say what to serve; str() says how to fix it."""


def app_from_environment(environ: Mapping[str, str] | None = None) -> RuntimeApp:
    """Build the app from IVR_BUNDLE, PLIVO_AUTH_TOKEN and IVR_PUBLIC_URL. Raises
    ConfigurationError or BundleError: for `gunicorn 'designer.runtime:app_from_environment()'`,
    which then refuses to start instead of failing on the first call."""
    environ = os.environ if environ is None else environ
    bundle_dir = environ.get(BUNDLE_ENV, "").strip()
    if not bundle_dir:
        raise ConfigurationError(
            f"Set {BUNDLE_ENV} to the bundle folder to serve (the folder written by "
            "`ivr-designer compile FLOW -o DIR`)."
        )
    return create_app(
        bundle_dir,
        auth_token=environ.get(TOKEN_ENV) or None,
        public_url=environ.get(PUBLIC_URL_ENV) or None,
    )


class LazyApp:
    """`designer.runtime:app`: builds the real app from the environment on the first request,
    so importing the module needs no configuration. Until the bundle loads, every request
    gets a plain 500 and the log says why; a later request tries again (after the bundle
    folder is fixed, no restart is needed)."""

    def __init__(self, factory: Callable[[], RuntimeApp] = app_from_environment) -> None:
        self._factory = factory
        self._app: RuntimeApp | None = None
        self._lock = threading.Lock()
        self._log = AccessLog()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        app = self._app or self._load()
        if app is None:
            method = str(environ.get("REQUEST_METHOD", "GET")).upper()
            self._log.request(method, logged_path(environ), 500, 0.0, "not serving")
            return Answer.plain(500).send(method, start_response)
        return app(environ, start_response)

    def _load(self) -> RuntimeApp | None:
        with self._lock:
            if self._app is None:
                try:
                    self._app = self._factory()
                except (BundleError, ConfigurationError) as exc:
                    self._log.problem(f"IVR runtime not serving: {exc}")
                except Exception:
                    self._log.problem("IVR runtime not serving:\n" + traceback.format_exc())
                else:
                    self._log.problem(f"IVR runtime serving {self._app.bundle.source}")
            return self._app
