"""Plivo's X-Plivo-Signature-V3, cross-checked against the official SDK (plivo 4.63.0).

The SDK's own helpers compute the signature Plivo would send; the runtime must accept it and
refuse anything tampered with (403)."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plivo.utils import signature_v3 as sdk
from test_runtime_support import BASE_URL, DOCUMENTS, write_test_bundle, wsgi_call

from designer.runtime import create_app
from designer.runtime import signature as ours
from designer.runtime.accesslog import AccessLog

TOKEN = "MAAuthTokenZmM2ODk3YjQ5YzdlNjU1"
NONCE = "05429567804466091622"
LOCAL = "http://127.0.0.1"  # where wsgiref's testing defaults say the request arrived


def sdk_signature(method: str, url: str, params: dict, nonce: str = NONCE, token: str = TOKEN):
    """The header value Plivo sends, computed with the SDK's helpers only."""
    params = {k: list(v) if isinstance(v, list) else v for k, v in params.items()}
    if method == "GET":
        text = sdk.construct_get_url(url, params)
    else:
        text = sdk.construct_post_url(url, params)
    signature = sdk.get_signature_v3(token.encode(), text.decode("utf-8"), nonce.encode())
    return signature.decode("ascii")


def plivo_request(app, method: str, public: str, path: str, params: dict, **kwargs):
    """Send what Plivo sends for `method` to `public + path` with `params`, signed."""
    encoded = urlencode(params, doseq=True)
    if method == "GET":
        url = f"{public}{path}?{encoded}" if encoded else f"{public}{path}"
        header = sdk_signature("GET", url, {})
        assert sdk.validate_v3_signature("GET", url, NONCE, TOKEN, header)
        query, body = encoded, b""
    else:
        url = f"{public}{path}"
        header = sdk_signature("POST", url, params)
        assert sdk.validate_v3_signature("POST", url, NONCE, TOKEN, header, dict(params))
        query, body = "", encoded.encode()
    headers = {"X-Plivo-Signature-V3": header, "X-Plivo-Signature-V3-Nonce": NONCE}
    headers.update(kwargs.pop("headers", {}))
    return wsgi_call(app, path, method, query=query, body=body, headers=headers, **kwargs)


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    return write_test_bundle(tmp_path / "bundle")


@pytest.fixture
def app(bundle_dir):
    return create_app(bundle_dir, auth_token=TOKEN, log=AccessLog(io.StringIO()))


CALL = {"CallUUID": "2a2c3b6e-0001", "From": "+14155550111", "To": "+14155550100"}


# -- accepted -----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/answer.xml", {}, "answer.xml"),
        ("/answer.xml", CALL, "answer.xml"),
        ("/route/menu", {**CALL, "Digits": "1"}, "sales.xml"),
        ("/route/sales", {**CALL, "DialStatus": "no-answer"}, "voicemail.xml"),
        ("/route/ask", {**CALL, "Digits": "", "Speech": "sales, please"}, "sales.xml"),
        ("/route/menu", {"Digits": ["2", "1"], "Extra": "a=b&c"}, "voicemail.xml"),
    ],
)
def test_signatures_made_with_the_sdk_are_accepted(app, method, path, params, expected):
    reply = plivo_request(app, method, LOCAL, path, params)
    assert reply.status == 200
    assert reply.body == DOCUMENTS[expected]


def test_non_ascii_speech_in_a_form_body(app):
    params = {**CALL, "Digits": "", "Speech": "café sales, s'il vous plaît"}
    reply = plivo_request(app, "POST", LOCAL, "/route/ask", params)
    assert (reply.status, reply.body) == (200, DOCUMENTS["sales.xml"])


def test_non_ascii_speech_in_a_query_string(app):
    # The SDK cannot parse such a query (it raises UnicodeEncodeError), so the text is the
    # SDK's algorithm with the values decoded as UTF-8; the HMAC is still the SDK's.
    query = urlencode({"Speech": "café sales"})
    text = f"{LOCAL}/route/ask?Speech=café sales"
    assert ours.signed_text("GET", f"{LOCAL}/route/ask?{query}") == text
    header = sdk.get_signature_v3(TOKEN.encode(), text, NONCE.encode()).decode()
    reply = wsgi_call(app, "/route/ask", query=query, headers=_headers(header))
    assert (reply.status, reply.body) == (200, DOCUMENTS["sales.xml"])


def test_post_with_a_query_string_too(app):
    url = f"{LOCAL}/route/menu?flow=acme"
    header = sdk_signature("POST", url, {"Digits": "1"})
    reply = wsgi_call(
        app,
        "/route/menu",
        "POST",
        query="flow=acme",
        body=b"Digits=1",
        headers={"X-Plivo-Signature-V3": header, "X-Plivo-Signature-V3-Nonce": NONCE},
    )
    assert (reply.status, reply.body) == (200, DOCUMENTS["sales.xml"])


def test_one_good_signature_among_several_is_enough(app):
    good = sdk_signature("GET", f"{LOCAL}/answer.xml", {})
    other = sdk_signature("GET", f"{LOCAL}/answer.xml", {}, token="another-token")
    reply = wsgi_call(
        app,
        "/answer.xml",
        headers={"X-Plivo-Signature-V3": f"{other},{good}", "X-Plivo-Signature-V3-Nonce": NONCE},
    )
    assert reply.status == 200


def test_main_account_signature_header_is_accepted(app):
    # For a sub-account's application Plivo also signs with the main account's token.
    main = sdk_signature("GET", f"{LOCAL}/answer.xml", {})
    other = sdk_signature("GET", f"{LOCAL}/answer.xml", {}, token="sub-account-token")
    headers = {
        "X-Plivo-Signature-V3": other,
        "X-Plivo-Signature-Ma-V3": main,
        "X-Plivo-Signature-V3-Nonce": NONCE,
    }
    assert wsgi_call(app, "/answer.xml", headers=headers).status == 200
    headers["X-Plivo-Signature-Ma-V3"] = _flip(main)
    assert wsgi_call(app, "/answer.xml", headers=headers).status == 403


def test_forwarded_headers_give_the_public_url(app):
    # A TLS proxy at ivr.example.com passes requests on to 127.0.0.1 over plain HTTP.
    reply = plivo_request(
        app,
        "POST",
        "https://ivr.example.com",
        "/route/menu",
        {"Digits": "2"},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "ivr.example.com"},
    )
    assert (reply.status, reply.body) == (200, DOCUMENTS["voicemail.xml"])


def test_the_bundle_base_url_is_a_public_url(app):
    # The proxy strips /acme/; the links in the bundle (and so Plivo) use BASE_URL.
    reply = plivo_request(app, "GET", BASE_URL.rstrip("/"), "/route/menu", {"Digits": "1"})
    assert (reply.status, reply.body) == (200, DOCUMENTS["sales.xml"])


def test_configured_public_url_is_the_only_one_trusted(bundle_dir):
    app = create_app(
        bundle_dir,
        auth_token=TOKEN,
        public_url="https://calls.example.org/ivr/",
        log=AccessLog(io.StringIO()),
    )
    public = plivo_request(app, "GET", "https://calls.example.org/ivr", "/answer.xml", CALL)
    assert public.status == 200
    assert plivo_request(app, "GET", LOCAL, "/answer.xml", CALL).status == 403
    assert plivo_request(app, "GET", BASE_URL.rstrip("/"), "/answer.xml", CALL).status == 403
    forwarded = plivo_request(
        app,
        "GET",
        "https://evil.example",
        "/answer.xml",
        CALL,
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
    )
    assert forwarded.status == 403


def test_health_check_needs_no_signature(app):
    assert wsgi_call(app, "/healthz").status == 200


# -- refused ------------------------------------------------------------------------------------


def _headers(signature: str | None, nonce: str | None = NONCE) -> dict[str, str]:
    headers = {}
    if signature is not None:
        headers["X-Plivo-Signature-V3"] = signature
    if nonce is not None:
        headers["X-Plivo-Signature-V3-Nonce"] = nonce
    return headers


def _flip(text: str) -> str:
    return ("B" if text[0] == "A" else "A") + text[1:]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_tampered_requests_are_forbidden(app, method):
    url = f"{LOCAL}/route/menu"
    good_params = {"Digits": "1"}
    if method == "GET":
        good = sdk_signature("GET", f"{url}?Digits=1", {})
    else:
        good = sdk_signature("POST", url, good_params)

    def send(query="Digits=1", body=b"Digits=1", headers=None, path="/route/menu"):
        if method == "GET":
            return wsgi_call(app, path, query=query, headers=headers)
        return wsgi_call(app, path, "POST", body=body, headers=headers)

    assert send(headers=_headers(good)).status == 200  # the untampered request passes
    cases = {
        "no headers": send(headers={}),
        "no signature": send(headers=_headers(None)),
        "no nonce": send(headers=_headers(good, None)),
        "empty signature": send(headers=_headers("")),
        "flipped signature": send(headers=_headers(_flip(good))),
        "other nonce": send(headers=_headers(good, "1" + NONCE)),
        "other digits": send("Digits=2", b"Digits=2", headers=_headers(good)),
        "extra parameter": send("Digits=1&X=1", b"Digits=1&X=1", headers=_headers(good)),
        "other path": send(headers=_headers(good), path="/route/ask"),
        "other token": send(
            headers=_headers(
                sdk_signature(
                    method,
                    f"{url}?Digits=1" if method == "GET" else url,
                    {} if method == "GET" else good_params,
                    token="not-the-token",
                )
            )
        ),
        "not base64": send(headers=_headers("€€€")),
    }
    for name, reply in cases.items():
        assert reply.status == 403, name
        assert reply.body == b"Forbidden\n", name


def test_forbidden_comes_before_not_found(app):
    # Without a valid signature nobody learns which documents exist.
    assert wsgi_call(app, "/secret-plan.xml").status == 403
    assert wsgi_call(app, "/route/nothere").status == 403


def test_without_a_token_signatures_are_not_checked(bundle_dir):
    app = create_app(bundle_dir, log=AccessLog(io.StringIO()))
    assert wsgi_call(app, "/answer.xml", headers=_headers("garbage")).status == 200


# -- the signed text itself, against the SDK ----------------------------------------------------


def _param_maps(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    names = st.text(alphabet, min_size=1, max_size=8)
    values = st.lists(st.text(alphabet, max_size=12), min_size=1, max_size=3)
    return st.dictionaries(names, values, max_size=5)


param_maps = _param_maps(st.characters(blacklist_categories=("Cs",)))
# The SDK's query parsing fails on non-ASCII values, so the oracle only covers ASCII there.
ascii_param_maps = _param_maps(st.characters(min_codepoint=0, max_codepoint=127))


@settings(max_examples=150, deadline=None)
@given(
    query=ascii_param_maps, form=param_maps, path=st.sampled_from(["/answer.xml", "/route/m", ""])
)
def test_signed_text_equals_the_sdk_for_any_parameters(query, form, path):
    encoded = urlencode(query, doseq=True)
    url = f"https://ivr.example.com{path}" + (f"?{encoded}" if encoded else "")
    assert ours.signed_text("GET", url) == sdk.construct_get_url(url, {}).decode("utf-8")
    expected_post = sdk.construct_post_url(url, {k: list(v) for k, v in form.items()})
    assert ours.signed_text("POST", url, form) == expected_post.decode("utf-8")


@settings(max_examples=100, deadline=None)
@given(
    form=param_maps, nonce=st.text(st.characters(min_codepoint=48, max_codepoint=57), min_size=1)
)
def test_validator_agrees_with_the_sdk(form, nonce):
    url = "https://ivr.example.com/acme/route/menu"
    header = sdk_signature("POST", url, form, nonce=nonce)
    assert ours.is_valid(TOKEN, "POST", [url], form, nonce, header)
    assert sdk.validate_v3_signature("POST", url, nonce, TOKEN, header, dict(form))
    assert not ours.is_valid(TOKEN, "POST", [url], form, nonce, _flip(header))
    assert not ours.is_valid("other", "POST", [url], form, nonce, header)


def test_a_lone_string_is_one_value():
    url = "https://ivr.example.com/route/menu?b=2"
    form = {"Digits": "12", "Speech": "sales"}
    assert ours.signed_text("POST", url, form) == sdk.construct_post_url(url, dict(form)).decode()


# -- requests under the base URL's path ---------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_request_under_the_base_url_path_is_checked_against_the_base_url(app, method):
    # No proxy strips /acme/: Plivo's request for BASE_URL + "route/menu" arrives as it is.
    reply = plivo_request(
        app, method, "https://ivr.example.com", "/acme/route/menu", {"Digits": "1"}
    )
    assert (reply.status, reply.body) == (200, DOCUMENTS["sales.xml"])


def test_a_request_under_the_public_url_path_is_checked_against_the_public_url(bundle_dir):
    app = create_app(
        bundle_dir,
        auth_token=TOKEN,
        public_url="https://calls.example.org/ivr/",
        log=AccessLog(io.StringIO()),
    )
    reply = plivo_request(app, "GET", "https://calls.example.org", "/ivr/answer.xml", CALL)
    assert reply.status == 200
    # Still only the configured base is trusted.
    assert plivo_request(app, "GET", "https://evil.example", "/ivr/answer.xml", CALL).status == 403
