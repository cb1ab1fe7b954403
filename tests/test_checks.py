"""Tests of designer.checks.validate: one case per rule, with the exact (code, step, attribute)
triples each small flow must produce, plus ordering, wording and documentation checks."""

from __future__ import annotations

import copy
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from designer.catalog import load_catalog, parse_catalog
from designer.checks import CODES, SEVERITIES, Diagnostic, has_errors, sort_key, validate
from designer.checks.values import body_problem, value_problem
from designer.flowfile import load_flow
from designer.model import Child, Edge, Flow, Node
from designer.resources import catalog_path, examples_dir

BASE = "https://ivr.example.com/app/"
ROOT = Path(__file__).resolve().parent.parent


# -- building flows -------------------------------------------------------------------------------

def step(node_id: str, type_name: str, text: str | None = None, *, children=(), choices=(),
         ssml: str | None = None, extra=None, **attributes) -> Node:
    return Node(node_id, type_name, text=text, ssml=ssml, attributes=dict(attributes),
                children=list(children), choices=list(choices), extra_attributes=extra or {})


def child(type_name: str, text: str | None = None, *, ssml: str | None = None,
          **attributes) -> Child:
    return Child(type_name, text=text, ssml=ssml, attributes=dict(attributes))


def flow_of(nodes, links: str = "", base_url: str | None = BASE, **settings) -> Flow:
    """Nodes plus links written as 'a>b' (the next exit) or 'a:port>b'."""
    flow = Flow("test flow")
    if base_url is not None:
        flow.settings["base_url"] = base_url
    flow.settings.update(settings)
    for node in nodes:
        flow.nodes[node.id] = node
    for link in links.split():
        source_port, target = link.split(">")
        source, _, port = source_port.partition(":")
        flow.edges.append(Edge(source, port or "next", target))
    return flow


def line(*nodes: Node, base_url: str | None = BASE) -> Flow:
    """Start followed by `nodes`, each linked to the next through its next exit."""
    ids = ["start", *(n.id for n in nodes)]
    links = " ".join(f"{a}>{b}" for a, b in itertools.pairwise(ids))
    return flow_of([step("start", "Start"), *nodes], links, base_url)


def found(flow: Flow, **kwargs) -> set[tuple[str, str | None, str | None]]:
    return {(d.code, d.node, d.attribute) for d in validate(flow, **kwargs)}


def one(flow: Flow, code: str) -> Diagnostic:
    matches = [d for d in validate(flow) if d.code == code]
    assert len(matches) == 1, matches
    return matches[0]


def support_line() -> Flow:
    """The architecture document's example: valid, with routes and merges."""
    return flow_of(
        [
            step("start", "Start"),
            step("welcome", "Speak", "Thanks for calling Acme.", language="en-GB"),
            step("menu", "GetDigits", numDigits=1, timeout=7, choices=["1", "2"],
                 children=[child("Speak", "For sales press 1. To leave a message press 2.")]),
            step("sales", "Dial", timeout=20, children=[child("Number", "+14155550100")]),
            step("voicemail", "Record", maxLength=120,
                 callbackUrl="https://crm.example.com/voicemail"),
            step("goodbye", "Speak", "Goodbye."),
            step("end", "Hangup"),
        ],
        "start>welcome welcome>menu menu:1>sales menu:2>voicemail menu:noinput>goodbye "
        "sales:no-answer>voicemail sales>goodbye voicemail>goodbye goodbye>end",
    )


# -- valid flows ----------------------------------------------------------------------------------

def test_the_architecture_example_has_no_findings_at_all():
    assert validate(support_line()) == []


def test_a_single_speak_is_valid_and_needs_no_base_url():
    assert validate(line(step("hello", "Speak", "Hello")), base_url="") == []


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.ivrflow")), ids=lambda p: p.stem)
def test_bundled_examples_have_no_errors(path):
    diagnostics = validate(load_flow(path))
    assert not has_errors(diagnostics), diagnostics


# -- one case per rule: exact findings ----------------------------------------------------------

def _speak(node_id="hello", **kw) -> Node:
    return step(node_id, "Speak", kw.pop("text", "Hello"), **kw)


def _dial(node_id="dial", *children, **attributes) -> Node:
    return step(node_id, "Dial", children=children or [child("Number", "+14155550100")],
                **attributes)


def _menu(node_id="menu", type_name="GetDigits", choices=("1",), **attributes) -> Node:
    return step(node_id, type_name, choices=list(choices),
                children=[child("Speak", "Press 1")], **attributes)


def _menu_flow(menu: Node, extra_links: str = "") -> Flow:
    """start → menu; every choice and noinput lead to 'bye'."""
    links = [f"start>{menu.id}", f"{menu.id}:noinput>bye"]
    links += [f"{menu.id}:{c}>bye" for c in menu.choices]
    return flow_of([step("start", "Start"), menu, _speak("bye")],
                   " ".join(links) + " " + extra_links)


CASES = {
    # attribute types, choices, ranges, patterns, lengths, URLs (the issue's examples)
    "bool given as text": (
        line(step("rec", "Record", playBeep="yes")), {("attr-wrong-type", "rec", "playBeep")}),
    "int given as text": (
        line(step("rec", "Record", maxLength="60")), {("attr-wrong-type", "rec", "maxLength")}),
    "int given as float": (
        line(_speak(), step("pause", "Wait", length=1.5)),
        {("attr-wrong-type", "pause", "length")}),
    "Record fileFormat not mp3|wav": (
        line(step("rec", "Record", fileFormat="ogg")), {("attr-bad-choice", "rec", "fileFormat")}),
    "Hangup reason not rejected|busy": (
        line(_speak(), step("end", "Hangup", reason="later")),
        {("attr-bad-choice", "end", "reason")}),
    "GetInput executionTimeout below 5": (
        _menu_flow(_menu(type_name="GetInput", executionTimeout=4)),
        {("attr-out-of-range", "menu", "executionTimeout")}),
    "GetInput executionTimeout above 60": (
        _menu_flow(_menu(type_name="GetInput", executionTimeout=61)),
        {("attr-out-of-range", "menu", "executionTimeout")}),
    "Conference maxMembers 0": (
        line(step("room", "Conference", "sales", maxMembers=0)),
        {("attr-out-of-range", "room", "maxMembers")}),
    "Conference maxMembers 21": (
        line(step("room", "Conference", "sales", maxMembers=21)),
        {("attr-out-of-range", "room", "maxMembers")}),
    "MultiPartyCall maxParticipants 1": (
        line(step("mpc", "MultiPartyCall", "q", role="agent", maxParticipants=1)),
        {("attr-out-of-range", "mpc", "maxParticipants")}),
    "MultiPartyCall maxParticipants 11": (
        line(step("mpc", "MultiPartyCall", "q", role="agent", maxParticipants=11)),
        {("attr-out-of-range", "mpc", "maxParticipants")}),
    "Record maxLength 1": (
        line(step("rec", "Record", maxLength=1)), {("attr-out-of-range", "rec", "maxLength")}),
    "Dial callerName 51 characters": (
        line(_dial(callerName="x" * 51)), {("attr-too-long", "dial", "callerName")}),
    "SIP password too short (nested item)": (
        line(_dial("dial", child("User", "sip:a@example.com", sipAuthPassword="short"))),
        {("attr-too-short", "dial", "sipAuthPassword")}),
    "voice pattern": (
        line(_speak(voice="Joanna")), {("attr-bad-format", "hello", "voice")}),
    "GetInput digitEndTimeout 11": (
        _menu_flow(_menu(type_name="GetInput", digitEndTimeout="11")),
        {("attr-bad-format", "menu", "digitEndTimeout")}),
    "relative action URL": (
        line(step("rec", "Record", action="/voicemail", redirect=False)),
        {("attr-bad-url", "rec", "action")}),
    "ftp action URL": (
        line(step("rec", "Record", action="ftp://example.com/x", redirect=False)),
        {("attr-bad-url", "rec", "action")}),
    "URL without a server": (
        line(step("rec", "Record", callbackUrl="https://")),
        {("attr-bad-url", "rec", "callbackUrl")}),
    "Conference enterSound keyword unknown": (
        line(step("room", "Conference", "r", enterSound="beep:3")),
        {("attr-bad-url", "room", "enterSound")}),
    "control character": (
        line(_dial(callerName="Acme\x00")), {("attr-bad-character", "dial", "callerName")}),
    "MultiPartyCall role missing": (
        line(step("mpc", "MultiPartyCall", "q")), {("attr-required", "mpc", "role")}),
    "GetInput without action or choices": (
        _menu_flow(_menu(type_name="GetInput", choices=())), {("attr-required", "menu", "action")}),
    "unknown extra attribute": (
        line(_speak(extra={"foo": "1"})), {("unknown-attribute", "hello", "foo")}),
    "unknown attribute set in code": (
        line(_speak(bogus=1)), {("unknown-attribute", "hello", "bogus")}),
    # element text
    "Play without URL": (line(step("intro", "Play")), {("body-required", "intro", None)}),
    "Speak with blank text": (line(_speak(text="  ")), {("body-required", "hello", None)}),
    "Conference without room": (
        line(step("room", "Conference")), {("body-required", "room", None)}),
    "Number without digits": (
        line(_dial("dial", child("Number"))), {("body-required", "dial", None)}),
    "Play with a file name": (
        line(step("intro", "Play", "welcome.mp3")), {("body-bad-url", "intro", None)}),
    "Stream needs wss": (
        line(step("tap", "Stream", "https://stream.example.com/")),
        {("body-bad-url", "tap", None)}),
    "Redirect relative": (
        line(step("away", "Redirect", "next.xml")), {("body-bad-url", "away", None)}),
    "Number with words": (
        line(_dial("dial", child("Number", "call Bob"))), {("body-bad-phone", "dial", None)}),
    "User without sip:": (
        line(_dial("dial", child("User", "alice"))), {("body-bad-sip", "dial", None)}),
    "DTMF with letters": (
        line(step("keys", "DTMF", "12a")), {("body-bad-digits", "keys", None)}),
    "Speak text with a bell character": (
        line(_speak(text="Hi\x07")), {("body-bad-character", "hello", None)}),
    "Hangup with text": (
        line(_speak(), step("end", "Hangup", "bye")), {("body-ignored", "end", None)}),
    # nested items
    "Speak inside Dial": (
        line(_dial("dial", child("Number", "+14155550100"), child("Speak", "hi"))),
        {("child-not-allowed", "dial", None)}),
    "Dial without Number or User": (
        line(step("dial", "Dial")), {("children-missing", "dial", None)}),
    # SSML
    "SSML on Play": (
        line(step("intro", "Play", "https://a.example.com/x.mp3", ssml="<break/>")),
        {("ssml-not-allowed", "intro", None)}),
    "SSML not well-formed": (
        line(_speak(text=None, ssml="<prosody rate='slow'>Hi", voice="Polly.Joanna")),
        {("ssml-invalid", "hello", None)}),
    "SSML unknown tag": (
        line(_speak(text=None, ssml="<audio/>Hi", voice="Polly.Joanna")),
        {("ssml-unknown-tag", "hello", None)}),
    "SSML bad nesting": (
        line(_speak(text=None, ssml="<say-as interpret-as='digits'><break/></say-as>",
                    voice="Polly.Joanna")),
        {("ssml-bad-nesting", "hello", None)}),
    "SSML unknown tag attribute": (
        line(_speak(text=None, ssml="<break length='1s'/>", voice="Polly.Joanna")),
        {("ssml-unknown-attribute", "hello", None)}),
    "SSML with the default voice": (
        line(_speak(text=None, ssml="Hi <break time='1s'/>")),
        {("ssml-needs-polly", "hello", "voice")}),
    "SSML in a menu prompt with voice MAN": (
        _menu_flow(step("menu", "GetDigits", choices=["1"],
                        children=[child("Speak", ssml="<s>Press 1</s>", voice="MAN")])),
        {("ssml-needs-polly", "menu", "voice")}),
    "Speak with text and SSML": (
        line(_speak(ssml="<s>Hi</s>", voice="Polly.Joanna")),
        {("speak-text-and-ssml", "hello", None)}),
    # cross-attribute rules
    "Record in background ignores timeout and beep": (
        line(step("rec", "Record", recordSession=True, timeout=5, playBeep=False), _speak()),
        {("record-background-ignores", "rec", "timeout"),
         ("record-background-ignores", "rec", "playBeep")}),
    "Record startOnDialAnswer ignores finishOnKey": (
        line(step("rec", "Record", startOnDialAnswer=True, finishOnKey="*"), _dial()),
        {("record-background-ignores", "rec", "finishOnKey")}),
    "Record in background with action": (
        line(step("rec", "Record", recordSession=True, action="https://crm.example.com/r")),
        {("record-background-action", "rec", "action")}),
    "Stream bidirectional with both tracks": (
        line(step("tap", "Stream", "wss://s.example.com/", bidirectional=True, audioTrack="both")),
        {("stream-bidirectional-track", "tap", "audioTrack")}),
    "Wait minSilence equal to length": (
        line(_speak(), step("pause", "Wait", length=2, silence=True, minSilence=2000)),
        {("wait-min-silence-too-long", "pause", "minSilence")}),
    "Wait silence with default minSilence and length": (
        line(_speak(), step("pause", "Wait", silence=True)),
        {("wait-min-silence-too-long", "pause", "minSilence")}),
    "Wait minSilence without silence": (
        line(_speak(), step("pause", "Wait", length=5, minSilence=500)),
        {("attr-unused", "pause", "minSilence")}),
    "Wait beep with silence": (
        line(_speak(), step("pause", "Wait", length=5, silence=True, beep=True)),
        {("attr-unused", "pause", "beep")}),
    "Dial confirmKey without confirmSound": (
        line(_dial(confirmKey="1")), {("dial-confirm-without-sound", "dial", "confirmKey")}),
    "Dial confirmTimeout alone": (
        line(_dial(confirmTimeout=30)), {("attr-unused", "dial", "confirmTimeout")}),
    "Dial timeLimit over 24 hours": (
        line(_dial(timeLimit=90000)), {("dial-time-limit-capped", "dial", "timeLimit")}),
    "Dial digitsMatch without callbackUrl": (
        line(_dial(digitsMatch="123")), {("attr-unused", "dial", "digitsMatch")}),
    "Conference recordFileFormat without record": (
        line(step("room", "Conference", "r", recordFileFormat="wav")),
        {("attr-unused", "room", "recordFileFormat")}),
    "Stream keepCallAlive one-way": (
        line(step("tap", "Stream", "wss://s.example.com/", keepCallAlive=True)),
        {("attr-unused", "tap", "keepCallAlive")}),
    "Stream noise level without noise cancellation": (
        line(step("tap", "Stream", "wss://s.example.com/", noiseCancellationLevel=70)),
        {("attr-unused", "tap", "noiseCancellationLevel")}),
    "GetInput dtmf with hints": (
        _menu_flow(_menu(type_name="GetInput", inputType="dtmf", hints="sales")),
        {("attr-unused", "menu", "hints")}),
    "GetInput speech with numDigits": (
        _menu_flow(_menu(type_name="GetInput", choices=("sales",), inputType="speech",
                         numDigits=3)),
        {("attr-unused", "menu", "numDigits")}),
    "callbackMethod without callbackUrl": (
        line(step("rec", "Record", callbackMethod="GET")),
        {("attr-unused", "rec", "callbackMethod")}),
    "Hangup first without reason": (
        line(step("end", "Hangup")), {("hangup-rejects-call", "end", None)}),
    "Hangup schedule with nothing after": (
        line(_speak(), step("limit", "Hangup", schedule=60)),
        {("hangup-schedule-ends-call", "limit", "schedule")}),
    "Wait first": (
        line(step("pause", "Wait", length=2), _speak()), {("wait-delays-answer", "pause", None)}),
    "PreAnswer after Speak": (
        line(_speak(), step("early", "PreAnswer", children=[child("Speak", "Ringing")])),
        {("preanswer-after-answer", "early", None)}),
    "Play loop 0 with a step after": (
        line(step("music", "Play", "https://a.example.com/m.mp3", loop=0), _speak()),
        {("loop-forever", "music", "loop")}),
    # menu choices
    "GetDigits word choice": (
        _menu_flow(_menu(choices=("yes",))), {("menu-choice-invalid", "menu", None)}),
    "choice outside validDigits": (
        _menu_flow(_menu(choices=("1", "3"), validDigits="12")),
        {("menu-choice-unreachable", "menu", None)}),
    "choice with the finish key": (
        _menu_flow(_menu(choices=("1#",))), {("menu-choice-unreachable", "menu", None)}),
    "choice longer than numDigits": (
        _menu_flow(_menu(choices=("12",), numDigits=1)),
        {("menu-choice-unreachable", "menu", None)}),
    "word choice on a keys-only GetInput": (
        _menu_flow(_menu(type_name="GetInput", choices=("sales",), inputType="dtmf")),
        {("menu-choice-unreachable", "menu", None)}),
    # graph
    "unknown step type": (
        flow_of([step("start", "Start"), _speak(), step("odd", "Bogus")], "start>hello"),
        {("unknown-step-type", "odd", None), ("unreachable", "odd", None)}),
    "no Start": (flow_of([_speak()]), {("no-start", None, None)}),
    "two Starts": (
        flow_of([step("start", "Start"), step("start-2", "Start"), _speak()],
                "start>hello start-2>hello"),
        {("several-starts", "start", None), ("several-starts", "start-2", None)}),
    "Start not linked": (
        flow_of([step("start", "Start")]), {("start-not-connected", "start", None)}),
    "step not reachable": (
        flow_of([step("start", "Start"), _speak(), _speak("lost")], "start>hello"),
        {("unreachable", "lost", None)}),
    "link to a missing step": (
        flow_of([step("start", "Start"), _speak()], "start>hello hello>ghost"),
        {("edge-missing-step", "hello", None)}),
    "link into Start": (
        flow_of([step("start", "Start"), _speak()], "start>hello hello>start"),
        {("edge-into-start", "hello", None), ("endless-loop", "hello", None)}),
    "Hangup next without schedule": (
        line(_speak(), step("end", "Hangup"), _speak("after")),
        {("dangling-exit", "end", None)}),
    "link from a removed choice": (
        flow_of([step("start", "Start"), _menu(choices=("1",)), _speak("bye")],
                "start>menu menu:1>bye menu:2>bye menu:noinput>bye"),
        {("dangling-exit", "menu", None)}),
    "exit linked twice": (
        flow_of([step("start", "Start"), _speak(), _speak("b")], "start>hello start>b"),
        {("duplicate-exit", "start", None)}),
    "menu without noinput": (
        flow_of([step("start", "Start"), _menu(), _speak("bye")], "start>menu menu:1>bye"),
        {("missing-noinput", "menu", None)}),
    "menu choice not linked": (
        flow_of([step("start", "Start"), _menu(choices=("1", "9")), _speak("bye")],
                "start>menu menu:1>bye menu:noinput>bye"),
        {("menu-choice-unlinked", "menu", None)}),
    "menu without choices or action": (
        _menu_flow(_menu(choices=())), {("menu-without-choices", "menu", None)}),
    "nomatch linked on a menu without choices": (
        _menu_flow(_menu(choices=(), action="https://app.example.com/in"), "menu:nomatch>bye"),
        {("menu-nomatch-unused", "menu", None)}),
    "menu without choices takes any answer through nomatch": (
        _menu_flow(_menu(choices=()), "menu:nomatch>bye"), set()),
    "Speak loop": (
        flow_of([step("start", "Start"), _speak("a"), _speak("b")], "start>a a>b b>a"),
        {("endless-loop", "a", None)}),
    "Speak loops on itself": (
        flow_of([step("start", "Start"), _speak("a")], "start>a a>a"),
        {("endless-loop", "a", None)}),
    "silent caller goes round the menu": (
        flow_of([step("start", "Start"), _menu(), _speak("sorry"), _speak("bye")],
                "start>menu menu:1>bye menu:noinput>sorry sorry>menu"),
        {("silent-caller-loop", "menu", None)}),
    "Record action with next wired": (
        line(step("rec", "Record", action="https://crm.example.com/r"), _speak()),
        {("action-redirect-with-next", "rec", "redirect")}),
    "Dial action with next wired": (
        line(_dial(action="https://crm.example.com/d"), _speak()),
        {("action-redirect-with-next", "dial", "redirect")}),
    "Conference action with next wired": (
        line(step("room", "Conference", "r", action="https://crm.example.com/c", redirect=True),
             _speak()),
        {("action-redirect-with-next", "room", "redirect")}),
    "menu with choices and own action": (
        _menu_flow(_menu(action="https://app.example.com/in")),
        {("menu-action-conflict", "menu", "action")}),
    "menu with choices and redirect off": (
        _menu_flow(_menu(redirect=False)),
        {("routed-redirect-off", "menu", "redirect")}),
    "Dial outcomes with redirect off": (
        flow_of([step("start", "Start"), _dial(redirect=False), _speak()],
                "start>dial dial:busy>hello"),
        {("routed-redirect-off", "dial", "redirect")}),
    "Dial outcome with own action": (
        flow_of([step("start", "Start"), _dial(action="https://app.example.com/d"), _speak()],
                "start>dial dial:busy>hello"),
        {("dial-action-conflict", "dial", "action")}),
    # settings
    "menu needs a base URL": (
        flow_of([step("start", "Start"), _menu(), _speak("bye")],
                "start>menu menu:1>bye menu:noinput>bye", base_url=None),
        {("missing-base-url", None, None)}),
    "Dial outcome needs a base URL": (
        flow_of([step("start", "Start"), _dial(), _speak()], "start>dial dial:busy>hello",
                base_url=None),
        {("missing-base-url", None, None)}),
    "loop back to a step needs a base URL": (
        flow_of([step("start", "Start"), _menu(choices=(), action="https://a.example.com/in"),
                 _speak("sorry")],
                "start>menu menu:noinput>sorry sorry>menu", base_url=None),
        {("missing-base-url", None, None), ("silent-caller-loop", "menu", None)}),
    "base URL relative": (
        line(_speak(), base_url="ivr.example.com/app/"), {("bad-base-url", None, None)}),
    "base URL without slash": (
        line(_speak(), base_url="https://ivr.example.com/app"), {("bad-base-url", None, None)}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_rule_reports_exactly_what_it_should(name):
    flow, expected = CASES[name]
    assert found(flow) == expected


def test_every_code_is_exercised_by_a_case():
    exercised = {code for _, expected in CASES.values() for code, _, _ in expected}
    # Tested below: on the flow settings, and with a catalog that gives a body pattern.
    exercised |= {"bad-link-method", "body-bad-format"}
    assert exercised == set(CODES)


def test_a_merge_needs_a_base_url_but_a_straight_line_does_not():
    flow = flow_of([step("start", "Start"), _speak("a"), _speak("b"), _speak("c")],
                   "start>a a>b", base_url=None)
    assert found(flow) == {("unreachable", "c", None)}
    flow.edges.append(Edge("b", "next", "c"))
    assert found(flow) == set()
    flow.edges.append(Edge("a", "nomatch", "c"))  # a second link into c, from a bad exit
    assert found(flow) == {("dangling-exit", "a", None), ("missing-base-url", None, None)}


def test_link_method_must_be_get_or_post():
    flow = line(_speak())
    flow.settings["link_method"] = "PUT"
    assert found(flow) == {("bad-link-method", None, None)}
    flow.settings["link_method"] = "POST"
    assert found(flow) == set()


# -- boundaries and values that must pass ---------------------------------------------------------

@pytest.mark.parametrize(("type_name", "attribute", "good", "bad"), [
    ("GetInput", "executionTimeout", [5, 15, 60], [4, 61, 0]),
    ("Conference", "maxMembers", [1, 20], [0, 21, -1]),
    ("MultiPartyCall", "maxParticipants", [2, 10], [1, 11]),
    ("Dial", "callerName", ["", "x" * 50, "Acme"], ["x" * 51]),
    ("Record", "fileFormat", ["mp3", "wav"], ["MP3", "ogg", ""]),
    ("Record", "action", ["https://a.example.com/r", "http://a.example.com"],
     ["a.example.com/r", "https:/a.example.com", "https://", "mailto:x@example.com", " https://a.b/"]),
    ("GetInput", "digitEndTimeout", ["auto", "2", "10", 5], ["1", "11", "soon", "auto "]),
    ("Dial", "dialMusic", ["real", "https://a.example.com/ring.xml"], ["fake"]),
    ("Conference", "enterSound", ["", "beep:1", "beep:2", "https://a.example.com/in.xml"],
     ["beep"]),
])
def test_issue_examples_at_their_boundaries(type_name, attribute, good, bad):
    spec = load_catalog().element(type_name).attribute(attribute)
    for value in good:
        assert value_problem(spec, value) is None, value
    for value in bad:
        assert value_problem(spec, value) is not None, value


def test_redirect_false_allows_action_and_next():
    flow = line(step("rec", "Record", action="https://crm.example.com/r", redirect=False),
                _speak())
    assert found(flow) == set()


def test_wait_min_silence_just_below_the_length_is_fine():
    flow = line(_speak(), step("pause", "Wait", length=2, silence=True, minSilence=1999))
    assert found(flow) == set()


def test_hangup_first_with_a_reason_is_not_reported():
    assert found(line(step("end", "Hangup", reason="busy"))) == set()


def test_scheduled_hangup_with_next_is_valid():
    flow = line(step("limit", "Hangup", schedule=60),
                step("music", "Play", "https://a.example.com/m.mp3", loop=0))
    assert found(flow) == set()


def test_menu_with_choices_does_not_need_a_user_action():
    # GetInput's action is required by Plivo, but the designer fills it in for routed menus.
    assert found(_menu_flow(_menu(type_name="GetInput", choices=("sales", "1")))) == set()


def test_base_url_argument_overrides_the_flow_setting():
    flow = _menu_flow(_menu())
    flow.settings.pop("base_url")
    assert ("missing-base-url", None, None) in found(flow)
    assert found(flow, base_url="https://cdn.example.com/ivr/") == set()
    assert found(support_line(), base_url="") == {("missing-base-url", None, None)}
    assert found(support_line(), base_url="not a url") == {("bad-base-url", None, None)}


def test_ssml_that_parses_with_a_polly_voice_is_valid():
    ssml = ("Hello <break time='1s'/><prosody rate='slow'>we are <emphasis level='strong'>open"
            "</emphasis></prosody> <lang xml:lang='fr-FR'>bonjour</lang> &amp; welcome")
    assert found(line(_speak(text=None, ssml=ssml, voice="Polly.Joanna"))) == set()


def test_ssml_parsing_is_safe_against_entities_and_doctype():
    for markup in ("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;", "&e;",
                   "<s>&nbsp;</s>", "<?xml-stylesheet href='x'?>x<"):
        diagnostic = one(line(_speak(text=None, ssml=markup, voice="Polly.Joanna")),
                         "ssml-invalid")
        assert "passwd" not in diagnostic.message
        assert "root" not in diagnostic.message


def test_ssml_error_positions_refer_to_the_users_markup():
    d = one(line(_speak(text=None, ssml="Hi <b>there", voice="Polly.Joanna")), "ssml-invalid")
    assert "line 1" in d.message
    assert "<b> is opened but never closed" in d.message
    d = one(line(_speak(text=None, ssml="Fish & chips", voice="Polly.Joanna")), "ssml-invalid")
    assert "&amp;" in d.message


def test_body_pattern_from_the_catalog_is_applied():
    raw = json.loads(catalog_path().read_text(encoding="utf-8"))
    for element in raw["elements"]:
        if element["type"] == "Conference":
            element["body"]["pattern"] = "^[a-z0-9-]+$"
            element["body"]["pattern_hint"] = "lower-case letters, digits and dashes"
    catalog = parse_catalog(raw)
    flow = line(step("room", "Conference", "Sales Room"))
    diagnostics = validate(flow, catalog=catalog)
    assert [(d.code, d.node) for d in diagnostics] == [("body-bad-format", "room")]
    assert "lower-case letters, digits and dashes" in diagnostics[0].message
    assert validate(line(step("room", "Conference", "sales-room")), catalog=catalog) == []
    assert body_problem(catalog.element("Conference").body, "x y") is not None


# -- wording ------------------------------------------------------------------------------------

def test_range_message_names_step_label_unit_and_value():
    d = one(line(step("voicemail", "Record", maxLength=1)), "attr-out-of-range")
    assert d.message == ("Step 'voicemail' (Record): Max length must be at least 2 seconds "
                         "(you entered 1).")
    assert "60" in d.hint  # the default the user can fall back to


def test_between_message_for_get_input():
    d = one(_menu_flow(_menu(type_name="GetInput", executionTimeout=90)), "attr-out-of-range")
    assert "Answer timeout must be between 5 and 60 seconds (you entered 90)" in d.message


def test_choice_message_lists_the_choices_and_suggests_the_case():
    d = one(line(step("rec", "Record", fileFormat="MP3")), "attr-bad-choice")
    assert "File format must be 'mp3' or 'wav'" in d.message
    assert "Did you mean 'mp3'?" in d.hint


def test_pattern_message_uses_the_pattern_hint():
    d = one(line(_speak(voice="joanna")), "attr-bad-format")
    hint = load_catalog().element("Speak").attribute("voice").pattern_hint
    assert hint in d.message and "'joanna'" in d.message


def test_nested_item_is_named_with_its_position():
    d = one(line(_dial("dial", child("Number", "+14155550100"), child("Number", "12ab"))),
            "body-bad-phone")
    assert d.message.startswith("Step 'dial' (Dial), Phone number #2:")


def test_missing_noinput_says_callers_are_hung_up_on():
    flow = flow_of([step("start", "Start"), _menu(), _speak("bye")], "start>menu menu:1>bye")
    d = one(flow, "missing-noinput")
    assert "callers who press nothing are hung up on" in d.message


def test_action_redirect_hint_says_to_set_redirect_to_false():
    d = one(line(step("rec", "Record", action="https://c.example.com/r"), _speak()),
            "action-redirect-with-next")
    assert "Follow action to false" in d.hint and "'hello'" in d.message


def test_missing_base_url_points_to_the_settings_and_the_option():
    flow = support_line()
    flow.settings.clear()
    d = one(flow, "missing-base-url")
    assert "Flow settings" in d.hint and "--base-url" in d.hint
    assert "'menu'" in d.message


def test_every_diagnostic_has_a_message_and_a_hint():
    for flow, _ in CASES.values():
        for d in validate(flow):
            assert d.severity in SEVERITIES
            assert d.message.endswith(".") and d.hint, d
            assert "Traceback" not in d.message and "None" not in d.message, d


# -- order and determinism ----------------------------------------------------------------------

def test_errors_come_first_and_order_is_stable():
    flow = line(step("rec", "Record", maxLength=1, playBeep="x"), step("end", "Hangup"),
                _speak("lost"))
    flow.nodes["pause"] = step("pause", "Wait", length=2, minSilence=100)
    diagnostics = validate(flow)
    ranks = [SEVERITIES.index(d.severity) for d in diagnostics]
    assert ranks == sorted(ranks) and len(set(ranks)) == 3
    assert diagnostics == sorted(diagnostics, key=sort_key)
    shuffled = flow.copy()
    shuffled.nodes = dict(reversed(list(shuffled.nodes.items())))
    shuffled.edges = list(reversed(shuffled.edges))
    assert validate(shuffled) == diagnostics == validate(copy.deepcopy(flow))


def test_validate_does_not_change_the_flow():
    flow = support_line()
    flow.nodes["menu"].attributes["timeout"] = "soon"
    before = (copy.deepcopy(flow.nodes), list(flow.edges), dict(flow.settings))
    validate(flow)
    assert (flow.nodes, flow.edges, flow.settings) == before


# -- documentation and imports --------------------------------------------------------------------

def test_docs_table_lists_every_code_with_its_severity():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", text, re.MULTILINE))
    assert rows == CODES


def test_importing_checks_does_not_load_lxml_or_networkx():
    code = ("import sys, designer.checks; "
            "print('lxml' in sys.modules, 'networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]
