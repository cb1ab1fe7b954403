"""The simulator on bundles made by the real compiler: flows built in code, and the bundled
examples driven by a random caller. These test the compiler through the engine: the path a
simulated call takes through the XML must follow the edges of the graph it was drawn as."""

from __future__ import annotations

import pytest
from flowbuilder import build, chain
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.catalog import load_catalog
from designer.flowfile import load_flow
from designer.model import Node
from designer.model.ports import port_names
from designer.resources import examples_dir
from designer.simulator import InputMismatch, bundle_from_flow, simulate


def call(flow, *inputs: str):
    result = simulate(bundle_from_flow(flow), list(inputs))
    assert result.warnings == []
    return result


def menu_flow(**menu_fields):
    fields = {
        "attributes": {"numDigits": 1},
        "children": [("Speak", "Press 1 or 2.")],
        "choices": ["1", "2"],
        **menu_fields,
    }
    return build(
        [
            ("start", "Start"),
            ("menu", "GetDigits", fields),
            ("one", "Speak", {"text": "One."}),
            ("two", "Speak", {"text": "Two."}),
            ("nothing", "Speak", {"text": "Nothing pressed."}),
            ("bye", "Speak", {"text": "Bye."}),
        ],
        [
            ("start", "menu"),
            ("menu", "1", "one"),
            ("menu", "2", "two"),
            ("menu", "noinput", "nothing"),
            ("one", "bye"),
            ("two", "bye"),
        ],
    )


def test_menu_choice_merge_and_noinput_in_the_same_document():
    result = call(menu_flow(), "2")
    assert result.path == ["menu", "two", "bye"]
    assert result.exits == [("menu", "2"), ("two", "next")]
    silent = call(menu_flow(), "silence")
    assert silent.path == ["menu", "nothing"]
    assert {s.document for s in silent.steps} == {"answer.xml"}


def test_unwired_nomatch_repeats_the_menu():
    result = call(menu_flow(), "9", "1")
    assert result.path == ["menu", "menu", "one", "bye"]
    assert result.exits[0] == ("menu", "nomatch")


def test_wired_nomatch_loops_back_through_a_sorry_step():
    flow = menu_flow()
    flow.add_node(Node("sorry", "Speak", text="Sorry."))
    flow.connect("menu", "nomatch", "sorry")
    flow.connect("sorry", "next", "menu")
    result = call(flow, "7", "1")
    assert result.path == ["menu", "sorry", "menu", "one", "bye"]
    assert "Caller hears: Sorry." in [s.text for s in result.steps]


def dial_flow(edges):
    return build(
        [
            ("start", "Start"),
            ("dial", "Dial", {"children": [("Number", "+14155550100")]}),
            ("busy", "Speak", {"text": "Busy."}),
            ("after", "Speak", {"text": "After."}),
        ],
        [("start", "dial"), *edges],
    )


def test_dial_outcomes_route_and_unwired_ones_take_next():
    flow = dial_flow([("dial", "busy", "busy"), ("dial", "after")])
    assert call(flow, "dial:busy").path == ["dial", "busy"]
    completed = call(flow, "dial:completed")
    assert completed.path == ["dial", "after"]
    assert completed.exits == [("dial", "next")]


def test_dial_with_an_outcome_but_no_next_ends_the_call_on_other_outcomes():
    result = call(dial_flow([("dial", "busy", "busy")]), "dial:failed")
    assert result.path == ["dial"]
    assert result.ending.kind == "hangup"


def test_dial_without_outcomes_falls_through_to_next():
    result = call(dial_flow([("dial", "after")]), "dial:no-answer")
    assert result.path == ["dial", "after"]
    assert result.exits == [("dial", "next")]


def test_getinput_keywords_by_speech_and_keys():
    flow = build(
        [
            ("start", "Start"),
            (
                "ask",
                "GetInput",
                {
                    "attributes": {"inputType": "dtmf speech"},
                    "children": [("Speak", "Say sales.")],
                    "choices": ["sales", "1"],
                },
            ),
            ("sales", "Speak", {"text": "Sales."}),
        ],
        [("start", "ask"), ("ask", "sales", "sales"), ("ask", "1", "sales")],
    )
    assert call(flow, "speech:Sales please").exits == [("ask", "sales")]
    assert call(flow, "1").exits == [("ask", "1")]
    assert call(flow, "speech:billing", "silence").path == ["ask", "ask"]


def test_scheduled_hangup_ends_endless_music():
    flow = chain(
        ("limit", "Hangup", {"attributes": {"schedule": 120}}),
        ("music", "Play", {"text": "https://a.test/m.mp3", "attributes": {"loop": 0}}),
    )
    result = call(flow)
    assert result.path == ["limit", "music"]
    assert result.ending.kind == "hangup"
    assert "120 s" in result.ending.text


def test_user_record_action_leaves_the_flow_unless_redirect_is_off():
    flow = chain(("rec", "Record", {"attributes": {"action": "https://crm.test/r"}}))
    assert call(flow, "record:5").ending.url == "https://crm.test/r"
    notify = chain(
        ("rec", "Record", {"attributes": {"action": "https://crm.test/r", "redirect": False}}),
        ("thanks", "Speak", {"text": "Thanks."}),
    )
    assert call(notify, "record:5").path == ["rec", "thanks"]


def test_preanswer_runs_before_the_answer():
    flow = chain(
        ("early", "PreAnswer", {"children": [("Speak", "Ringing.")]}),
        ("hello", "Speak", {"text": "Hello."}),
    )
    result = call(flow)
    assert [s.before_answer for s in result.steps] == [True, True, False]


# -- every example, driven by a random caller --------------------------------------------------

EXAMPLES = sorted(examples_dir().glob("*.ivrflow"))
CHOICES = {
    "digits": ["1", "2", "3", "4", "9", "4321", "8642#", "#", "*"],
    "silence": ["silence"],
    "speech": ["speech:sales", "speech:billing please", "speech:something else"],
    "dial": [f"dial:{o}" for o in ("completed", "busy", "no-answer", "failed", "timeout")],
    "record": ["record:0", "record:30", "record:500"],
    "hangup": ["hangup"],
}


@pytest.mark.parametrize("flow_path", EXAMPLES, ids=lambda p: p.stem)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_calls_follow_the_graph(flow_path, data):
    flow = load_flow(flow_path)
    bundle = _bundle(flow_path)
    catalog = load_catalog()
    inputs: list[str] = []
    for _ in range(12):
        result = simulate(bundle, inputs)
        assert result.warnings == []
        _assert_follows_graph(flow, result, catalog)
        if result.ending.kind != "waiting-for-input":
            break
        kind = data.draw(st.sampled_from(result.ending.expects))
        inputs.append(data.draw(st.sampled_from(CHOICES[kind])))
    wrong = data.draw(st.sampled_from(["dial:busy", "record:3", "speech:x", "1"]))
    try:
        simulate(bundle, [*inputs, wrong])
    except InputMismatch as exc:
        assert "Traceback" not in str(exc)


_BUNDLES: dict = {}


def _bundle(path):
    if path not in _BUNDLES:
        _BUNDLES[path] = bundle_from_flow(load_flow(path))
    return _BUNDLES[path]


def _assert_follows_graph(flow, result, catalog):
    for node in result.path:
        assert node in flow.nodes
    for node, port in result.exits:
        assert port in port_names(flow.nodes[node], catalog), (node, port)
    for here, there in zip(result.path, result.path[1:], strict=False):
        linked = any(e.source == here and e.target == there for e in flow.edges)
        menu_repeat = here == there and flow.nodes[here].type in ("GetDigits", "GetInput")
        assert linked or menu_repeat, f"the call went from {here} to {there} without a link"


# -- what the engine found in the compiler's output --------------------------------------------


def _refused_or_simulated(flow, inputs):
    from designer.simulator import SourceError

    try:
        return simulate(bundle_from_flow(flow), inputs)
    except SourceError:
        return None  # refusing the flow is a fix too


def test_a_routed_menu_with_redirect_off_is_refused_or_still_routes():
    flow = menu_flow(attributes={"numDigits": 1, "redirect": False})
    result = _refused_or_simulated(flow, ["1"])
    assert result is None  # refused by the checks (routed-redirect-off)


def test_a_routed_dial_with_redirect_off_is_refused_or_still_routes():
    flow = dial_flow([("dial", "busy", "busy"), ("dial", "after")])
    flow.set_attribute("dial", "redirect", False)
    result = _refused_or_simulated(flow, ["dial:busy"])
    assert result is None  # refused by the checks (routed-redirect-off)
