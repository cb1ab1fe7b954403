"""The answer-URL runtime: serves a compiled bundle to Plivo over HTTP (standard library only).

* `create_app(bundle, auth_token=None, public_url=None)`: a WSGI app for a bundle folder or an
  in-memory bundle; refuses a bundle that does not match its manifest (BundleError).
* `app`: the same, configured from the environment (IVR_BUNDLE, PLIVO_AUTH_TOKEN,
  IVR_PUBLIC_URL) on the first request, for `gunicorn 'designer.runtime:app'`.
* `app_from_environment()`: the eager variant, which fails at start-up instead.
* `make_server(app, host, port)`: a small threaded HTTP server for `ivr-designer serve`.

See docs/runtime.md.
"""

from designer.runtime.app import (
    BUNDLE_ENV,
    PUBLIC_URL_ENV,
    TOKEN_ENV,
    ConfigurationError,
    LazyApp,
    RuntimeApp,
    app_from_environment,
    create_app,
)
from designer.runtime.bundle import BundleError, LoadedBundle, load_bundle
from designer.runtime.server import make_server

app = LazyApp()

__all__ = [
    "BUNDLE_ENV",
    "PUBLIC_URL_ENV",
    "TOKEN_ENV",
    "BundleError",
    "ConfigurationError",
    "LazyApp",
    "LoadedBundle",
    "RuntimeApp",
    "app",
    "app_from_environment",
    "create_app",
    "load_bundle",
    "make_server",
]
