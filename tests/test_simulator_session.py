"""The step-by-step call behind the editor's simulator dock (designer.simulator.session): what
fits where the call waits, how the keypad knows an entry is complete, the path to draw, stepping
back, refusing inputs that do not fit, compile problems, and the call as a scenario."""

from __future__ import annotations

from pathlib import Path

import pytest
from flowbuilder import chain

from designer.flowfile import load_flow
from designer.resources import examples_dir
from designer.simulator.scenario import check
from designer.simulator.session import (
    CompileProblem,
    KeyEntry,
    Session,
    compile_for_simulation,
    relative_flow_path,
    scenario_file_name,
    scenario_name,
)


def session_of(flow) -> Session:
    return Session(compile_for_simulation(flow))


def test_key_entry_follows_num_digits_and_finish_key() -> None:
    flow = chain(("pin", "GetDigits", {"attributes": {"numDigits": 4, "finishOnKey": "*"}}))
    entry = session_of(flow).key_entry()
    assert entry == KeyEntry("123456789*0#", 4, "*")
    assert not entry.complete("") and not entry.complete("123")
    assert entry.complete("1234") and entry.complete("12*")
    assert not entry.complete("12#")  # # is an ordinary key when * finishes


def test_key_entry_defaults_and_finish_key_off() -> None:
    assert session_of(chain(("menu", "GetDigits"))).key_entry() == KeyEntry(
        "123456789*0#", 99, "#")
    flow = chain(("menu", "GetDigits", {"attributes": {"finishOnKey": "none"}}))
    entry = session_of(flow).key_entry()
    assert entry.finish == "" and not entry.complete("12#")
    listen = chain(("ask", "GetInput", {"attributes": {"inputType": "dtmf"}}))
    assert session_of(listen).key_entry() == KeyEntry("123456789*0#", 32, "#")


def test_a_conference_takes_only_star_and_only_with_hangup_on_star() -> None:
    with_star = chain(("room", "Conference", {"text": "team",
                                              "attributes": {"hangupOnStar": True}}))
    session = session_of(with_star)
    assert session.key_entry() == KeyEntry("*", 1, "")
    assert session.give("1") is not None  # refused: only * leaves
    assert session.inputs == []
    assert session.give("*") is None and session.result.ending.kind == "hangup"
    without = session_of(chain(("room", "Conference", {"text": "team"})))
    assert without.key_entry() is None
    assert set(without.expects) == {"silence", "hangup"}


def test_inputs_step_back_and_restart() -> None:
    flow = load_flow(examples_dir() / "support-line.ivrflow")
    session = session_of(flow)
    assert session.waiting and set(session.expects) == {"digits", "silence", "hangup"}
    assert "does not fit step 'menu'" in session.give("dial:busy")
    assert session.give("speech:") == "'speech:' needs the words the caller says, e.g. " \
        "speech:sales."
    assert session.inputs == []
    assert session.give("2") is None and session.give("record:5") is None
    assert not session.waiting and session.expects == ()
    assert session.result.path == ["welcome", "menu", "voicemail", "goodbye", "end"]
    assert session.step_back() and session.inputs == ["2"]
    assert session.result.ending.node == "voicemail"
    session.restart()
    assert session.inputs == [] and session.result.ending.node == "menu"
    assert not session.step_back()


def test_trace_follows_the_links_the_call_took() -> None:
    flow = load_flow(examples_dir() / "support-line.ivrflow")
    session = session_of(flow)
    session.give("9")  # not a choice: nomatch is not wired, so the menu plays again
    trace = session.trace(flow)
    assert trace.current == "menu"
    assert trace.edges == {("start", "next"), ("welcome", "next")}
    session.give("silence")
    trace = session.trace(flow)
    assert ("menu", "noinput") in trace.edges and trace.current == "end"
    assert trace.visited == {"start", "welcome", "menu", "goodbye", "end"}


def test_a_flow_whose_xml_cannot_be_written_is_a_compile_problem() -> None:
    flow = chain(("hello", "Speak", {"ssml": 'Hi <break time="1s">'}))
    with pytest.raises(CompileProblem) as caught:
        compile_for_simulation(flow)
    assert str(caught.value) == "The call cannot be simulated until this error is fixed:"
    assert [d.node for d in caught.value.errors] == ["hello"]


def test_a_flow_with_errors_that_still_compiles_is_simulated() -> None:
    flow = chain(("sales", "Dial"))  # a Dial with no number is an error, yet XML is written
    session = session_of(flow)
    assert session.expects == ("dial", "hangup")


def test_the_call_as_a_scenario(tmp_path) -> None:
    flow_path = examples_dir() / "support-line.ivrflow"
    session = session_of(load_flow(flow_path))
    session.give("1")
    session.give("dial:busy")
    target = tmp_path / "nested" / "busy.scenario.json"
    scenario = session.scenario(flow_path, target)
    assert scenario.inputs == ["1", "dial:busy"]
    assert scenario.expect.exact_path == ["welcome", "menu", "sales", "goodbye", "end"]
    assert scenario.expect.ending == "hangup" and scenario.expect.url is None
    assert (target.parent / scenario.flow).resolve() == flow_path.resolve()
    assert check(session.result, scenario.expect) is None
    assert scenario.name == "Caller presses 1, the dial ends busy; the call ends with hangup"


def test_names() -> None:
    assert scenario_file_name(Path("a/support-line.ivrflow"), ["12#", "dial:no-answer"]) == (
        "support-line.12-hash-dial-no-answer.scenario.json")
    assert scenario_file_name(Path("x.ivrflow"), []) == "x.call.scenario.json"
    assert scenario_name([], "waiting-for-input") == (
        "No caller input; the call ends with waiting-for-input")
    assert scenario_name(["silence", "speech:hi", "record:3", "hangup"], "caller-hangup") == (
        "Caller says nothing, says “hi”, records 3 s, hangs up; the call ends with "
        "caller-hangup")
    assert relative_flow_path(Path("/a/b/f.ivrflow"), Path("/a/c/s.scenario.json")) == (
        "../b/f.ivrflow")
