"""Scenario files: loading with precise errors, saving, finding, checking each expectation,
branch coverage, JUnit output, and the scenarios shipped with the bundled examples (they must
pass and take every branch of their flows)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_simulator_engine import make_bundle

from designer.flowfile import load_flow
from designer.resources import examples_dir
from designer.simulator import simulate
from designer.simulator.coverage import branches, coverage
from designer.simulator.junit import junit_bytes
from designer.simulator.scenario import (
    ERROR,
    FAIL,
    PASS,
    Expectation,
    Scenario,
    ScenarioFileError,
    check,
    find_scenarios,
    load_scenario,
    loads_scenario,
    run_scenario,
    run_scenarios,
    save_scenario,
)


def scenario_text(**changes) -> str:
    data = {
        "format": "ivr-scenario",
        "version": 1,
        "name": "Caller presses 1",
        "flow": "support-line.ivrflow",
        "inputs": ["1", "dial:busy"],
        "expect": {"path": ["menu", "sales"], "ending": "hangup"},
    }
    data.update(changes)
    return json.dumps(data, indent=2)


def copy_support_line(tmp_path: Path) -> Path:
    target = tmp_path / "support-line.ivrflow"
    shutil.copy(examples_dir() / "support-line.ivrflow", target)
    return target


# -- loading -----------------------------------------------------------------------------------


def test_load_reads_every_field(tmp_path: Path):
    path = tmp_path / "a.scenario.json"
    path.write_text(scenario_text(), encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.name == "Caller presses 1"
    assert scenario.inputs == ["1", "dial:busy"]
    assert scenario.expect == Expectation(path=["menu", "sales"], ending="hangup")
    assert scenario.flow_path == (tmp_path / "support-line.ivrflow").resolve()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{\n  nope", "not valid JSON: a name in double quotes was expected"),
        (scenario_text(format="ivr-flow"), 'it needs "format": "ivr-scenario"'),
        (scenario_text(version=9), "newer IVR Flow Designer"),
        (scenario_text(name=""), '"name" must be'),
        (scenario_text(flow=3), '"flow" must name'),
        (scenario_text(inputs=["1", "dial:maybe"]), '"inputs": Input 2'),
        (
            scenario_text(expect={"pth": ["a"]}),
            'unknown key "expect.pth". Did you mean "expect.path"',
        ),
        (scenario_text(expect={"ending": "ended"}), '"expect.ending" must be one of hangup'),
        (scenario_text(expect={"hears": [""]}), '"expect.hears" must be a list'),
        (scenario_text(inputz=[]), 'unknown key "inputz". Did you mean "inputs"'),
    ],
)
def test_load_errors_say_what_is_wrong(text: str, message: str):
    with pytest.raises(ScenarioFileError) as caught:
        loads_scenario(text, Path("x.scenario.json"))
    assert message in str(caught.value)
    assert str(caught.value).startswith("x.scenario.json: ")


def test_save_then_load_round_trips(tmp_path: Path):
    scenario = Scenario(
        "Round trip",
        "flows/f.ivrflow",
        ["speech:hello there", "record:5"],
        Expectation(exact_path=["a", "b"], hears=["Hi"], ending="redirect-external", url="u"),
    )
    path = tmp_path / "r.scenario.json"
    save_scenario(scenario, path)
    loaded = load_scenario(path)
    assert (loaded.name, loaded.flow, loaded.inputs, loaded.expect) == (
        scenario.name,
        scenario.flow,
        scenario.inputs,
        scenario.expect,
    )
    assert list(json.loads(path.read_text())) == [
        "format",
        "version",
        "name",
        "flow",
        "inputs",
        "expect",
    ]


# -- checking ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def busy_call():
    """A call through a hand-made bundle: a, b, then a Dial that is busy, then c."""
    bundle = make_bundle(
        {
            "answer.xml": "<Speak>Hello there.</Speak><Play>https://a.test/x.mp3</Play>"
            "<Dial><Number>+1</Number></Dial><Speak>Goodbye now.</Speak>"
        },
        nodes={"answer.xml": ["a", "b", "dial", "c"]},
    )
    return simulate(bundle, ["dial:busy"])


def test_path_is_a_subsequence(busy_call):
    assert check(busy_call, Expectation(path=["a", "c"])) is None
    problem = check(busy_call, Expectation(path=["a", "c", "b"]))
    assert problem.startswith("path: the call should pass 'b' after 'c', but it does not.")
    assert "actual path:             a → b → dial → c" in problem


def test_exact_path_reports_the_first_difference(busy_call):
    assert check(busy_call, Expectation(exact_path=["a", "b", "dial", "c"])) is None
    assert "step 2 of the path is 'b', expected 'x'" in check(
        busy_call, Expectation(exact_path=["a", "x", "dial", "c"])
    )
    assert "the call stops after 4 steps; it should go on to 'd'" in check(
        busy_call, Expectation(exact_path=["a", "b", "dial", "c", "d"])
    )
    assert "goes on to 'c' after the expected end" in check(
        busy_call, Expectation(exact_path=["a", "b", "dial"])
    )


def test_hears_fragments_in_order_ignoring_case_and_spacing(busy_call):
    assert check(busy_call, Expectation(hears=["hello   THERE", "x.mp3", "goodbye"])) is None
    problem = check(busy_call, Expectation(hears=["goodbye", "hello"]))
    assert problem.startswith("hears: the caller should hear “hello” after “goodbye”")
    assert "    Caller hears: Hello there." in problem


def test_ending_and_url(busy_call):
    assert check(busy_call, Expectation(ending="hangup")) is None
    problem = check(busy_call, Expectation(ending="caller-hangup"))
    assert problem.startswith("ending: the call should end with caller-hangup, but it ends with")
    assert "url: the call should be handed to https://x.test" in check(
        busy_call, Expectation(url="https://x.test")
    )


def test_run_scenario_statuses():
    bundle = make_bundle({"answer.xml": '<GetDigits numDigits="1"/>'})
    good = Scenario("ok", "f.ivrflow", ["1"], Expectation(ending="hangup"))
    bad = Scenario("bad", "f.ivrflow", ["1"], Expectation(ending="caller-hangup"))
    broken = Scenario("broken", "f.ivrflow", ["dial:busy"], Expectation())
    assert run_scenario(good, bundle).status == PASS
    assert run_scenario(bad, bundle).status == FAIL
    outcome = run_scenario(broken, bundle)
    assert outcome.status == ERROR
    assert "does not fit step 'answer-0'" in outcome.message


# -- finding and running -----------------------------------------------------------------------


def test_find_for_a_flow_takes_only_the_scenarios_naming_it(tmp_path: Path):
    flow = copy_support_line(tmp_path)
    (tmp_path / "mine.scenario.json").write_text(scenario_text())
    (tmp_path / "other.scenario.json").write_text(scenario_text(flow="other.ivrflow"))
    (tmp_path / "support-line.broken.scenario.json").write_text("{")
    (tmp_path / "unrelated.scenario.json").write_text("{")
    found = [p.name for p in find_scenarios(flow)]
    assert found == ["mine.scenario.json", "support-line.broken.scenario.json"]
    assert len(find_scenarios(tmp_path)) == 4
    assert find_scenarios(tmp_path / "mine.scenario.json") == [tmp_path / "mine.scenario.json"]


def test_run_scenarios_compiles_each_flow_once_and_reports_errors(tmp_path: Path):
    copy_support_line(tmp_path)
    paths = []
    for index, inputs in enumerate((["1", "dial:busy"], ["2", "record:3"])):
        paths.append(tmp_path / f"s{index}.scenario.json")
        paths[-1].write_text(scenario_text(inputs=inputs, expect={"ending": "hangup"}))
    paths.append(tmp_path / "missing.scenario.json")
    paths[-1].write_text(scenario_text(flow="missing.ivrflow"))
    suite = run_scenarios(paths)
    assert [o.status for o in suite.outcomes] == [PASS, PASS, ERROR]
    assert "There is no file" in suite.outcomes[2].message
    (run,) = suite.flows.values()
    assert len(run.results) == 2
    assert not suite.passed


# -- coverage and JUnit ------------------------------------------------------------------------


def test_coverage_lists_the_exits_no_scenario_took(tmp_path: Path):
    flow = load_flow(copy_support_line(tmp_path))
    every = branches(flow)
    assert all(b.node != "start" for b in every)
    assert ("sales", "no-answer", "voicemail") in {(b.node, b.port, b.target) for b in every}
    path = tmp_path / "one.scenario.json"
    path.write_text(scenario_text(inputs=["1", "dial:busy"], expect={}))
    suite = run_scenarios([path])
    cover = coverage(flow, next(iter(suite.flows.values())).results)
    missed = {(b.node, b.port) for b in cover.missed}
    assert missed == {
        ("menu", "2"),
        ("menu", "noinput"),
        ("sales", "no-answer"),
        ("voicemail", "next"),
    }
    assert cover.summary() == f"{len(every) - 4} of {len(every)} exits taken (50%)"


def test_junit_report_counts_and_explains(tmp_path: Path):
    copy_support_line(tmp_path)
    good = tmp_path / "good.scenario.json"
    good.write_text(scenario_text(expect={"ending": "hangup"}))
    bad = tmp_path / "bad.scenario.json"
    bad.write_text(scenario_text(name="Wrong ending", expect={"ending": "caller-hangup"}))
    unreadable = tmp_path / "zz.scenario.json"
    unreadable.write_text("[")
    suite = run_scenarios([good, bad, unreadable])
    flow = load_flow(tmp_path / "support-line.ivrflow")
    covers = {p: coverage(flow, r.results) for p, r in suite.flows.items()}
    root = ET.fromstring(junit_bytes(suite, covers))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    flow_suite = suites["support-line.ivrflow"]
    failure = flow_suite.find("testcase[@name='Wrong ending']/failure")
    assert failure.get("message").startswith("ending: the call should end with caller-hangup")
    assert "Branch coverage:" in flow_suite.find("system-out").text
    assert suites["unreadable scenarios"].find("testcase/error") is not None


# -- the bundled examples ----------------------------------------------------------------------

EXAMPLE_FLOWS = sorted(examples_dir().glob("*.ivrflow"))


@pytest.mark.parametrize("flow_path", EXAMPLE_FLOWS, ids=lambda p: p.stem)
def test_example_scenarios_pass_and_cover_every_branch(flow_path: Path):
    scenarios = find_scenarios(flow_path)
    assert scenarios, f"{flow_path.name} ships without scenarios"
    suite = run_scenarios(scenarios)
    failures = [f"{o.name}: {o.message}" for o in suite.outcomes if o.status != PASS]
    assert not failures, "\n".join(failures)
    cover = coverage(load_flow(flow_path), suite.flows[flow_path.resolve()].results)
    assert cover.complete, [b.describe() for b in cover.missed]
