"""The runtime WSGI app, called directly: documents, routes, bad requests, bundle checks."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from lxml import etree
from test_runtime_support import (
    BASE_URL,
    DOCUMENTS,
    ROUTES,
    manifest_for,
    write_test_bundle,
    wsgi_call,
)

from designer.runtime import (
    BundleError,
    ConfigurationError,
    LazyApp,
    app_from_environment,
    create_app,
    load_bundle,
)
from designer.runtime.accesslog import AccessLog
from designer.runtime.app import EMPTY_RESPONSE


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    # A file next to the bundle that no request may ever reach.
    (tmp_path / "secret.xml").write_text("<Response><Speak>secret</Speak></Response>")
    return write_test_bundle(tmp_path / "bundle")


@pytest.fixture
def log() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def app(bundle_dir: Path, log: io.StringIO):
    return create_app(bundle_dir, log=AccessLog(log))


# -- documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_listed_document_is_served_as_xml(app, method, name):
    reply = wsgi_call(app, f"/{name}", method, body=b"CallUUID=abc" if method == "POST" else b"")
    assert reply.status == 200
    assert reply.body == DOCUMENTS[name]
    assert reply.headers["Content-Type"].startswith("application/xml")
    assert reply.headers["Content-Length"] == str(len(DOCUMENTS[name]))


def test_head_gives_the_headers_without_the_body(app):
    reply = wsgi_call(app, "/answer.xml", "HEAD")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers["Content-Length"] == str(len(DOCUMENTS["answer.xml"]))


def test_health_check_answers_ok(app):
    reply = wsgi_call(app, "/healthz")
    assert (reply.status, reply.body) == (200, b"ok\n")


# -- routes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "params", "expected"),
    [
        ("menu", {"Digits": "1"}, "sales.xml"),
        ("menu", {"Digits": "2"}, "voicemail.xml"),
        ("menu", {"Digits": "9"}, "menu.xml"),  # no match: the default (hear the menu again)
        ("menu", {"Digits": ""}, "menu.xml"),
        ("menu", {}, "menu.xml"),
        ("menu", {"Digits": "12"}, "menu.xml"),  # exact: "1" inside "12" is no match
        ("sales", {"DialStatus": "no-answer"}, "voicemail.xml"),
        ("sales", {"DialStatus": "busy"}, "voicemail.xml"),
        ("sales", {"DialStatus": "completed"}, "goodbye.xml"),
        ("ask", {"Digits": "1", "Speech": ""}, "sales.xml"),
        ("ask", {"Digits": "", "Speech": "I'd like SALES, please"}, "sales.xml"),
        ("ask", {"Digits": "", "Speech": "customer   Service"}, "voicemail.xml"),
        # The first choice in manifest order that appears wins.
        ("ask", {"Speech": "customer service or sales"}, "sales.xml"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_route_serves_the_chosen_document(app, method, route, params, expected):
    encoded = urlencode({"CallUUID": "c-1", "From": "+14155550111", **params})
    if method == "GET":
        reply = wsgi_call(app, f"/route/{route}", query=encoded)
    else:
        reply = wsgi_call(app, f"/route/{route}", "POST", body=encoded.encode())
    assert reply.status == 200
    assert reply.body == DOCUMENTS[expected]
    assert reply.headers["Content-Type"].startswith("application/xml")
    assert reply.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "params",
    [
        {"Speech": "salesman"},  # whole words only
        {"Speech": "customer"},  # a phrase must appear whole
        {"Digits": "11"},  # keypad input is compared whole: "1" inside "11" is no match
        {"Digits": "", "Speech": ""},
        {},
    ],
)
def test_keyword_route_without_match_ends_the_call(app, params):
    reply = wsgi_call(app, "/route/ask", query=urlencode(params))
    assert reply.status == 200
    assert reply.body == EMPTY_RESPONSE
    root = etree.fromstring(reply.body)
    assert root.tag == "Response" and len(root) == 0


def test_form_body_wins_over_query_string(app):
    reply = wsgi_call(app, "/route/menu", "POST", query="Digits=2", body=b"Digits=1")
    assert reply.body == DOCUMENTS["sales.xml"]


def test_first_nonempty_parameter_decides(app):
    # An empty Digits from a spoken answer falls through to Speech.
    reply = wsgi_call(app, "/route/ask", "POST", body=b"Digits=&Speech=sales+please")
    assert reply.body == DOCUMENTS["sales.xml"]


# -- bad requests -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nothere.xml",
        "/route/nothere",
        "/manifest.json",
        "/",
        "",
        "/answer",
        "/route/",
        "/route",
        "/answer.xml/",
        "/route/menu/",
        "/../secret.xml",
        "/..",
        "/bundle/../secret.xml",
        "/route/../answer.xml",
        "/./answer.xml",
        "//answer.xml",
        "//etc/passwd",
        "/etc/passwd",
        "/sub/answer.xml",
        "http://evil.example/answer.xml",
        "/..\\secret.xml",
        "/\\answer.xml",
        "/answer.xml\x00",
        "/answer.xml\x00.png",
        "/..%2Fsecret.xml",
        "/%2e%2e/secret.xml",
        "/../bundle/manifest.json",
        "/extra.xml",  # in the folder, but not listed in the manifest
    ],
)
def test_paths_outside_the_manifest_are_not_found(app, bundle_dir, path):
    (bundle_dir / "extra.xml").write_bytes(DOCUMENTS["answer.xml"])
    for method in ("GET", "POST"):
        reply = wsgi_call(app, path, method)
        assert reply.status == 404, (path, method)
        assert b"secret" not in reply.body and b"<Response" not in reply.body


@pytest.mark.parametrize("raw", ["/route%2Fmenu", "/route%2fmenu", "/answer%5C.xml", "/x%00"])
def test_encoded_separators_in_the_raw_path_are_not_found(app, raw):
    # wsgiref and gunicorn decode PATH_INFO; the raw request target still shows the escape.
    for key in ("RAW_URI", "REQUEST_URI"):
        decoded = raw.replace("%2F", "/").replace("%2f", "/")
        reply = wsgi_call(app, decoded, extra={key: raw + "?Digits=1"})
        assert reply.status == 404


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"])
@pytest.mark.parametrize("path", ["/answer.xml", "/route/menu"])
def test_other_methods_are_not_allowed(app, method, path):
    reply = wsgi_call(app, path, method)
    assert reply.status == 405
    assert set(reply.headers["Allow"].split(", ")) == {"GET", "POST", "HEAD"}


@pytest.mark.parametrize(
    ("body", "content_type", "extra"),
    [
        (b"Digits=" + b"1" * (64 * 1024), "application/x-www-form-urlencoded", None),
        (b"Digits=1", "application/x-www-form-urlencoded", {"CONTENT_LENGTH": "70000"}),
        (b"Digits=1", "application/x-www-form-urlencoded", {"CONTENT_LENGTH": "abc"}),
        (b"Digits=1", "application/x-www-form-urlencoded", {"CONTENT_LENGTH": "-5"}),
        (b"Digits=1", "application/x-www-form-urlencoded", {"CONTENT_LENGTH": "50"}),  # short
        (b"Digits=\xff\xfe", "application/x-www-form-urlencoded", None),  # not UTF-8
        (b"Digits=%ff", "application/x-www-form-urlencoded", None),  # escape not UTF-8
        (b"Digits", "application/x-www-form-urlencoded", None),  # no '='
        (b"Digits=1&&x=2", "application/x-www-form-urlencoded", None),
        (b'{"Digits": "1"}', "application/json", None),
        (b"&".join(b"k%d=v" % i for i in range(1500)), "application/x-www-form-urlencoded", None),
    ],
)
def test_oversized_or_malformed_bodies_are_bad_requests(app, body, content_type, extra):
    for path in ("/route/menu", "/answer.xml"):
        reply = wsgi_call(app, path, "POST", body=body, content_type=content_type, extra=extra)
        assert reply.status == 400, body[:40]
        assert reply.body.startswith(b"Bad request")


def test_chunked_oversized_body_is_a_bad_request(app):
    body = b"Digits=" + b"1" * (70 * 1024)
    reply = wsgi_call(
        app,
        "/route/menu",
        "POST",
        body=body,
        headers={"Transfer-Encoding": "chunked"},
        extra={"CONTENT_LENGTH": ""},
    )
    assert reply.status == 400


def test_largest_allowed_body_is_accepted(app):
    body = b"Digits=1&Pad=" + b"x" * (64 * 1024 - len(b"Digits=1&Pad="))
    assert len(body) == 64 * 1024
    reply = wsgi_call(app, "/route/menu", "POST", body=body)
    assert (reply.status, reply.body) == (200, DOCUMENTS["sales.xml"])


def test_unexpected_fault_is_a_plain_500_and_logged(app, log, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(app, "answer", explode)
    reply = wsgi_call(app, "/answer.xml")
    assert reply.status == 500
    assert reply.body == b"Internal Server Error\n"
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert "hunter2" in log.getvalue() and "Traceback" in log.getvalue()


def test_a_route_pointing_nowhere_at_run_time_is_a_plain_500(app, monkeypatch):
    # Defence in depth: a KeyError deep inside must not reach the server as a traceback.
    monkeypatch.setattr(app, "bundle", dataclasses.replace(app.bundle, documents={}))
    reply = wsgi_call(app, "/route/menu", query="Digits=1")
    assert (reply.status, reply.body) == (500, b"Internal Server Error\n")


# -- log ----------------------------------------------------------------------------------------


def test_one_log_line_per_request_with_route_status_and_time(app, log):
    wsgi_call(app, "/answer.xml")
    wsgi_call(app, "/route/menu", query="Digits=1&From=%2B14155550111")
    wsgi_call(app, "/route/ask", "POST", body=b"Speech=my+card+number+is+4111")
    wsgi_call(app, "/nothere.xml", "POST")
    lines = log.getvalue().splitlines()
    assert len(lines) == 4
    assert " GET /answer.xml 200 " in lines[0] and lines[0].endswith("ms")
    assert " GET /route/menu 200 " in lines[1]
    assert "route menu: Digits='1' -> sales.xml" in lines[1]
    assert "route ask: Speech matched nothing -> end of call" in lines[2]
    assert " POST /nothere.xml 404 " in lines[3]
    # Caller details stay out of the log: phone numbers and what they said.
    assert "4155550111" not in log.getvalue() and "4111" not in log.getvalue()


def test_log_cannot_be_forged_by_a_crafted_path(app, log):
    wsgi_call(app, "/x\n2024-01-01 00:00:00 GET /answer.xml 200")
    assert len(log.getvalue().splitlines()) == 1


# -- loading and verifying bundles --------------------------------------------------------------


def test_tampered_document_refuses_to_start(bundle_dir):
    (bundle_dir / "menu.xml").write_bytes(DOCUMENTS["menu.xml"].replace(b"press 1", b"press 7"))
    with pytest.raises(BundleError) as caught:
        create_app(bundle_dir)
    message = str(caught.value)
    assert "menu.xml" in message and "SHA-256" in message
    assert "Compile the flow again" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m, d: d.joinpath("sales.xml").unlink(), "sales.xml is listed"),
        (lambda m, d: m.update(version=2), "newer IVR Flow Designer"),
        (lambda m, d: m.update(format="something"), "not the manifest of an IVR bundle"),
        (lambda m, d: m.update(documents={}), "lists no documents"),
        (lambda m, d: m.update(entry="start.xml"), "entry document 'start.xml'"),
        (lambda m, d: m["documents"]["menu.xml"].pop("sha256"), "no SHA-256"),
        (
            lambda m, d: m["documents"].update({"../secret.xml": {"sha256": "0" * 64}}),
            "unsafe name '../secret.xml'",
        ),
        (
            lambda m, d: m["documents"].update({"/etc/passwd.xml": {"sha256": "0" * 64}}),
            "unsafe name",
        ),
        (
            lambda m, d: m["routes"]["menu"]["choices"].update({"3": "nowhere.xml"}),
            "not a listed document",
        ),
        (lambda m, d: m["routes"]["menu"].update(default="x.xml"), "default 'x.xml'"),
        (lambda m, d: m["routes"]["menu"].pop("default"), 'no "default"'),
        (lambda m, d: m["routes"]["menu"].update(match="fuzzy"), 'unknown "match"'),
        (lambda m, d: m["routes"]["menu"].update(parameters=[]), "no request parameters"),
        (lambda m, d: m["routes"].update({"a/b": ROUTES["menu"]}), "cannot appear in a web"),
    ],
)
def test_broken_bundles_are_refused_with_a_clear_message(tmp_path, change, expected):
    directory = write_test_bundle(tmp_path / "b")
    manifest = json.loads((directory / "manifest.json").read_text())
    change(manifest, directory)
    (directory / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BundleError) as caught:
        load_bundle(directory)
    assert expected in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_every_problem_is_listed_at_once(tmp_path):
    directory = write_test_bundle(tmp_path / "b")
    (directory / "sales.xml").write_bytes(b"changed")
    (directory / "goodbye.xml").unlink()
    with pytest.raises(BundleError) as caught:
        load_bundle(directory)
    assert len(caught.value.problems) == 2
    assert "sales.xml" in str(caught.value) and "goodbye.xml" in str(caught.value)


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: None, "no such folder"),
        (lambda d: d.write_text("x"), "is a file"),
        (lambda d: d.mkdir(), "has no manifest.json"),
        (lambda d: (d.mkdir(), d.joinpath("manifest.json").write_text("{oops")), "line 1"),
        (lambda d: (d.mkdir(), d.joinpath("manifest.json").write_text("[]")), "JSON object"),
    ],
)
def test_unreadable_bundle_folders_are_refused(tmp_path, setup, expected):
    target = tmp_path / "b"
    setup(target)
    with pytest.raises(BundleError) as caught:
        load_bundle(target)
    assert expected in str(caught.value)


def test_in_memory_bundle_serves_only_listed_documents():
    documents = {**DOCUMENTS, "unlisted.xml": DOCUMENTS["answer.xml"]}
    manifest = manifest_for(DOCUMENTS, ROUTES)
    app = create_app(
        SimpleNamespace(documents=documents, manifest=manifest), log=AccessLog(io.StringIO())
    )
    assert wsgi_call(app, "/answer.xml").body == DOCUMENTS["answer.xml"]
    assert wsgi_call(app, "/route/menu", query="Digits=2").body == DOCUMENTS["voicemail.xml"]
    assert wsgi_call(app, "/unlisted.xml").status == 404


def test_in_memory_bundle_is_verified_too():
    manifest = manifest_for(DOCUMENTS, ROUTES)
    documents = {**DOCUMENTS, "goodbye.xml": b"<Response/>"}
    with pytest.raises(BundleError, match=r"goodbye\.xml"):
        create_app(SimpleNamespace(documents=documents, manifest=manifest))


def test_bundle_without_routes_is_static(tmp_path):
    documents = {"answer.xml": DOCUMENTS["goodbye.xml"]}
    directory = write_test_bundle(tmp_path / "b", documents, {}, base_url="")
    app = create_app(directory, log=AccessLog(io.StringIO()))
    assert not app.bundle.needs_runtime and app.bundle.base_url == ""
    assert wsgi_call(app, "/answer.xml").body == DOCUMENTS["goodbye.xml"]
    assert wsgi_call(app, "/route/menu").status == 404


# -- configuration from the environment ---------------------------------------------------------


def test_module_app_is_a_lazy_wsgi_callable():
    import designer.runtime

    assert isinstance(designer.runtime.app, LazyApp)


def test_lazy_app_loads_the_bundle_from_the_environment(bundle_dir, monkeypatch):
    monkeypatch.setenv("IVR_BUNDLE", str(bundle_dir))
    monkeypatch.delenv("PLIVO_AUTH_TOKEN", raising=False)
    lazy = LazyApp()
    assert wsgi_call(lazy, "/answer.xml").body == DOCUMENTS["answer.xml"]
    assert wsgi_call(lazy, "/route/menu", query="Digits=1").body == DOCUMENTS["sales.xml"]


def test_lazy_app_without_configuration_answers_500_and_says_why(monkeypatch, capsys):
    monkeypatch.delenv("IVR_BUNDLE", raising=False)
    lazy = LazyApp()
    reply = wsgi_call(lazy, "/answer.xml")
    assert (reply.status, reply.body) == (500, b"Internal Server Error\n")
    assert "Set IVR_BUNDLE" in capsys.readouterr().err


def test_lazy_app_recovers_once_the_bundle_is_fixed(tmp_path, monkeypatch, capsys):
    directory = write_test_bundle(tmp_path / "b")
    (directory / "menu.xml").write_bytes(b"edited by hand")
    monkeypatch.setenv("IVR_BUNDLE", str(directory))
    lazy = LazyApp()
    assert wsgi_call(lazy, "/answer.xml").status == 500
    assert "menu.xml" in capsys.readouterr().err
    (directory / "menu.xml").write_bytes(DOCUMENTS["menu.xml"])
    assert wsgi_call(lazy, "/answer.xml").status == 200


def test_app_from_environment_fails_early(bundle_dir):
    with pytest.raises(ConfigurationError, match="IVR_BUNDLE"):
        app_from_environment({})
    app = app_from_environment(
        {"IVR_BUNDLE": str(bundle_dir), "PLIVO_AUTH_TOKEN": "tok", "IVR_PUBLIC_URL": BASE_URL}
    )
    assert (app.auth_token, app.public_url) == ("tok", BASE_URL)


# -- with the real compiler ---------------------------------------------------------------------


def test_serves_a_bundle_compiled_from_a_flow():
    from flowbuilder import build

    from designer.compiler import compile_flow

    flow = build(
        [
            ("start", "Start"),
            ("welcome", "Speak", {"text": "Welcome."}),
            (
                "menu",
                "GetDigits",
                {"children": [("Speak", "Press 1 or 2.")], "choices": ["1", "2"]},
            ),
            ("sales", "Speak", {"text": "Sales."}),
            ("support", "Speak", {"text": "Support."}),
        ],
        [
            ("start", "welcome"),
            ("welcome", "menu"),
            ("menu", "1", "sales"),
            ("menu", "2", "support"),
        ],
    )
    try:
        bundle = compile_flow(flow)
    except NotImplementedError:
        pytest.skip("compiler not available yet")
    app = create_app(bundle, log=AccessLog(io.StringIO()))
    assert wsgi_call(app, "/answer.xml").body == bundle.documents["answer.xml"]
    for digits, node in (("1", "sales"), ("2", "support")):
        reply = wsgi_call(app, "/route/menu", query=f"Digits={digits}")
        assert reply.status == 200
        assert reply.body == bundle.documents[bundle.node_document[node]]
        assert node.capitalize().encode() in reply.body
    # Anything else replays the menu.
    reply = wsgi_call(app, "/route/menu", query="Digits=7")
    assert reply.body == bundle.documents[bundle.node_document["menu"]]


def test_runtime_needs_only_the_standard_library():
    # gunicorn/waitress hosts import designer.runtime alone: no Qt, lxml or networkx.
    import subprocess
    import sys

    code = (
        "import sys, designer.runtime\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'lxml', 'networkx', 'plivo')]\n"
        "outside = [m for m in sys.modules if m.startswith('designer.') and not "
        "m.startswith('designer.runtime')]\n"
        "print(heavy, outside)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[] []"


# -- the base URL's path prefix -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/acme/answer.xml", "", "answer.xml"),
        ("/acme/route/menu", "Digits=1", "sales.xml"),
        ("/answer.xml", "", "answer.xml"),
        ("/route/menu", "Digits=2", "voicemail.xml"),
    ],
)
def test_documents_and_routes_are_answered_under_the_base_url_path(app, path, query, expected):
    # The bundle's links point at https://ivr.example.com/acme/…: a server reached without a
    # path-stripping proxy gets exactly those paths.
    reply = wsgi_call(app, path, query=query)
    assert (reply.status, reply.body) == (200, DOCUMENTS[expected])


@pytest.mark.parametrize(
    "path",
    [
        "/acme/../answer.xml",
        "/acme//answer.xml",
        "/acme/acme/answer.xml",
        "/acme/manifest.json",
        "/acme/extra.xml",
        "/acme",
        "/acme/",
        "/acm/answer.xml",
        "/acmeanswer.xml",
        "/other/answer.xml",
        "/acme/..\\secret.xml",
    ],
)
def test_the_path_prefix_keeps_every_protection(app, bundle_dir, path):
    (bundle_dir / "extra.xml").write_bytes(DOCUMENTS["answer.xml"])
    reply = wsgi_call(app, path)
    assert reply.status == 404, path
    assert b"<Response" not in reply.body


def test_the_public_url_path_is_a_prefix_too(bundle_dir):
    app = create_app(
        bundle_dir, public_url="https://calls.example.org/ivr/", log=AccessLog(io.StringIO())
    )
    assert wsgi_call(app, "/ivr/route/menu", query="Digits=1").body == DOCUMENTS["sales.xml"]
    assert wsgi_call(app, "/acme/answer.xml").status == 200


def test_a_prefix_that_looks_like_a_route_does_not_hide_the_routes(tmp_path):
    directory = write_test_bundle(tmp_path / "b", base_url="https://ivr.example.com/route/")
    app = create_app(directory, log=AccessLog(io.StringIO()))
    assert wsgi_call(app, "/route/menu", query="Digits=1").body == DOCUMENTS["sales.xml"]
    assert wsgi_call(app, "/route/route/menu", query="Digits=2").body == DOCUMENTS["voicemail.xml"]
    assert wsgi_call(app, "/route/answer.xml").body == DOCUMENTS["answer.xml"]


def test_an_empty_segment_in_the_raw_request_is_not_found(app):
    # http.server rewrites a leading "//" to "/" before the app sees it; the raw target shows it.
    for raw in ("//answer.xml", "/acme//answer.xml", "//route/menu?Digits=1"):
        path = "/" + raw.split("?")[0].lstrip("/")
        assert wsgi_call(app, path, extra={"RAW_URI": raw}).status == 404, raw


# -- menus with log="false" ---------------------------------------------------------------------


def _pin_bundle(tmp_path: Path, log_flag: object) -> Path:
    pin = {
        "parameters": ["Digits"],
        "match": "exact",
        "choices": {"4321": "sales.xml"},
        "default": "goodbye.xml",
    }
    if log_flag is not None:
        pin["log"] = log_flag
    return write_test_bundle(tmp_path / "pin", routes={**ROUTES, "pin": pin})


def test_a_route_with_log_false_hides_the_matched_value(tmp_path):
    log = io.StringIO()
    app = create_app(_pin_bundle(tmp_path, False), log=AccessLog(log))
    assert wsgi_call(app, "/route/pin", query="Digits=4321").body == DOCUMENTS["sales.xml"]
    wsgi_call(app, "/route/menu", query="Digits=1")
    pin_line, menu_line = log.getvalue().splitlines()
    assert "route pin: Digits=<hidden> -> sales.xml" in pin_line
    assert "4321" not in log.getvalue()
    # Other routes still say what matched.
    assert "Digits='1'" in menu_line


@pytest.mark.parametrize("flag", [None, True])
def test_a_route_without_log_false_names_the_choice(tmp_path, flag):
    log = io.StringIO()
    app = create_app(_pin_bundle(tmp_path, flag), log=AccessLog(log))
    wsgi_call(app, "/route/pin", query="Digits=4321")
    assert "route pin: Digits='4321' -> sales.xml" in log.getvalue()


def test_a_log_flag_that_is_not_true_or_false_is_refused(tmp_path):
    with pytest.raises(BundleError, match='"log" that is not true or false'):
        load_bundle(_pin_bundle(tmp_path, "no"))
