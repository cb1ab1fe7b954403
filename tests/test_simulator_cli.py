"""`ivr-designer simulate` and `ivr-designer test` end to end: output formats, each exit
status, bundle folders, JUnit reports and the messages a user sees."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from designer.cli import command_names, main
from designer.compiler import compile_flow, write_bundle
from designer.flowfile import load_flow
from designer.resources import examples_dir

SUPPORT = str(examples_dir() / "support-line.ivrflow")


def simulate(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["simulate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_commands_are_registered():
    assert {"simulate", "test"} <= command_names()


def test_simulate_prints_the_transcript_path_and_ending(capsys):
    code, out, err = simulate(
        capsys, SUPPORT, "--input", "1", "-i", "dial:no-answer", "-i", "record:20"
    )
    assert code == 0, err
    assert out.startswith("Simulated call through “Acme support line” (inputs: 1, dial:no-answer")
    assert "Caller hears: Thanks for calling Acme." in out
    assert "Dials +14155550100: no-answer (nobody answered)" in out
    assert "Path: welcome → menu → sales → voicemail → goodbye → end" in out
    assert out.rstrip().endswith(
        "Ending: hangup — The call was hung up at step 'end' (Hangup in goodbye.xml)."
    )


def test_simulate_json_shape(capsys):
    code, out, _ = simulate(capsys, SUPPORT, "-i", "2", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"flow", "inputs", "steps", "path", "exits", "ending", "warnings"}
    assert data["ending"]["kind"] == "waiting-for-input"
    assert data["ending"]["node"] == "voicemail"
    assert set(data["ending"]["expects"]) == {"record", "silence", "hangup"}
    assert {"number", "document", "node", "verb", "kind", "text"} <= set(data["steps"][0])


def test_simulate_input_that_does_not_fit_exits_1_naming_the_step(capsys):
    code, out, err = simulate(capsys, SUPPORT, "-i", "dial:busy")
    assert code == 1
    assert "Input 1 'dial:busy' does not fit step 'menu' (GetDigits in menu.xml)" in err
    assert "Traceback" not in err
    assert "Waits for up to 1 digit, 7 s" in out  # the transcript up to the problem


def test_simulate_json_error_carries_the_partial_transcript(capsys):
    code, out, _ = simulate(capsys, SUPPORT, "-i", "dial:busy", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert "does not fit" in data["error"]
    assert data["steps"]


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("dial:maybe", "a Dial ends as one of"),
        ("record:soon", "record:20"),
        ("press 1", "not a caller action"),
    ],
)
def test_simulate_misspelt_input_exits_1(capsys, token, message):
    code, _, err = simulate(capsys, SUPPORT, "-i", token)
    assert code == 1
    assert message in err


def test_simulate_leftover_input_exits_1(capsys):
    code, _, err = simulate(capsys, SUPPORT, "-i", "silence", "-i", "1")
    assert code == 1
    assert "is never used" in err


def test_simulate_missing_file_exits_2(capsys, tmp_path):
    code, _, err = simulate(capsys, str(tmp_path / "nope.ivrflow"))
    assert code == 2
    assert "There is no file" in err


def test_simulate_flow_with_errors_exits_1_listing_them(capsys, tmp_path):
    data = json.loads(Path(SUPPORT).read_text())
    next(n for n in data["nodes"] if n["id"] == "menu")["attributes"]["timeout"] = 0
    broken = tmp_path / "broken.ivrflow"
    broken.write_text(json.dumps(data))
    code, _, err = simulate(capsys, str(broken))
    assert code == 1
    assert "has 1 error to fix before its calls can be simulated" in err
    assert "menu.timeout" in err


def test_simulate_a_bundle_folder(capsys, tmp_path):
    folder = tmp_path / "bundle"
    write_bundle(compile_flow(load_flow(SUPPORT)), folder)
    code, out, _ = simulate(capsys, str(folder), "-i", "silence")
    assert code == 0
    assert "Goodbye." in out
    # The documents link with the base URL they were compiled for: served from elsewhere,
    # those links lead out of the flow.
    code, out, _ = simulate(capsys, str(folder), "--base-url", "https://elsewhere.test/")
    assert "Ending: redirect-external" in out
    code, _, err = simulate(capsys, str(tmp_path))
    assert code == 2
    assert "has no manifest.json" in err


def test_simulate_base_url_override(capsys, tmp_path):
    code, out, _ = simulate(
        capsys,
        SUPPORT,
        "--base-url",
        "https://other.test/ivr/",
        "-i",
        "1",
        "-i",
        "dial:busy",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["path"][-1] == "end"


# -- ivr-designer test -------------------------------------------------------------------------


def scenario(path: Path, expect: dict, inputs=("1", "dial:busy"), name="Sales busy") -> Path:
    path.write_text(
        json.dumps(
            {
                "format": "ivr-scenario",
                "version": 1,
                "name": name,
                "flow": "support-line.ivrflow",
                "inputs": list(inputs),
                "expect": expect,
            }
        )
    )
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(SUPPORT, tmp_path / "support-line.ivrflow")
    return tmp_path


def test_test_passes_and_reports_coverage(capsys, project):
    scenario(
        project / "a.scenario.json", {"path": ["menu", "sales", "goodbye"], "ending": "hangup"}
    )
    code = main(["test", str(project / "support-line.ivrflow")])
    out = capsys.readouterr().out
    assert code == 0
    assert "PASS   Sales busy" in out
    assert "Branch coverage of support-line.ivrflow: 4 of 8 exits taken (50%)" in out
    assert "  not taken: menu → 2 (leads to voicemail)" in out
    assert out.rstrip().endswith("1 scenario: 1 passed")


def test_test_failure_shows_the_first_mismatch_and_exits_1(capsys, project):
    scenario(
        project / "a.scenario.json", {"path": ["menu", "voicemail"], "ending": "caller-hangup"}
    )
    code = main(["test", str(project)])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL   Sales busy" in out
    assert "path: the call should pass 'voicemail' after 'menu', but it does not." in out
    assert "ending:" not in out  # only the first mismatch
    assert "1 scenario: 0 passed, 1 failed" in out


def test_test_writes_junit(capsys, project):
    scenario(project / "a.scenario.json", {"ending": "hangup"})
    scenario(project / "b.scenario.json", {"ending": "step-limit"}, name="Wrong")
    report = project / "out" / "report.xml"
    report.parent.mkdir()
    assert main(["test", str(project), "--junit", str(report)]) == 1
    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    assert list(report.parent.iterdir()) == [report]  # no temporary file left behind


def test_test_without_scenarios_exits_1(capsys, project):
    assert main(["test", str(project / "support-line.ivrflow")]) == 1
    assert "no scenario files" in capsys.readouterr().err


def test_test_missing_target_exits_2(capsys, tmp_path):
    assert main(["test", str(tmp_path / "nothing")]) == 2
    assert "there is no file or folder" in capsys.readouterr().err


def test_test_unreadable_scenario_is_an_error_not_a_crash(capsys, project):
    (project / "support-line.bad.scenario.json").write_text('{"format": "ivr-scenario"')
    assert main(["test", str(project / "support-line.ivrflow")]) == 1
    out = capsys.readouterr().out
    bad = project / "support-line.bad.scenario.json"
    # The file is named once: on the ERROR line, not again in the message below it.
    assert f"ERROR  {bad}\n" in out
    assert "       Not valid JSON: a comma is missing after line 1" in out
    assert out.count("support-line.bad.scenario.json") == 1


def test_coverage_names_a_dials_next_exit_in_plain_words(capsys, project):
    scenario(project / "a.scenario.json", {"ending": "waiting-for-input"}, inputs=("2",))
    assert main(["test", str(project)]) == 0
    out = capsys.readouterr().out
    assert "  not taken: sales → any other outcome (next) (leads to goodbye)" in out
    assert "  not taken: menu → no input (noinput) (leads to goodbye)" in out
    assert "sales → next" not in out


def test_coverage_summary_counts_one_exit_in_the_singular():
    from designer.simulator.coverage import Branch, Coverage

    one = Branch("menu", "1", "sales")
    assert Coverage((one,), ()).summary() == "1 of 1 exit taken (100%)"
    assert Coverage((one, one), (one,)).summary() == "1 of 2 exits taken (50%)"


def _with_error(project: Path) -> Path:
    path = project / "support-line.ivrflow"
    data = json.loads(path.read_text(encoding="utf-8"))
    voicemail = next(n for n in data["nodes"] if n["id"] == "voicemail")
    voicemail["attributes"]["fileFormat"] = "ogg"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_simulate_json_on_a_flow_with_errors_prints_json(capsys, project):
    code, out, err = simulate(capsys, str(_with_error(project)), "-i", "1", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"error", "diagnostics"}
    assert "1 error to fix" in data["error"]
    assert [d["code"] for d in data["diagnostics"]] == ["attr-bad-choice"]
    assert err.startswith("ivr-designer simulate: ")


@pytest.mark.parametrize(
    ("args", "status"),
    [(["nowhere.ivrflow"], 2), ([SUPPORT, "-i", "dial:sometimes"], 1)],
)
def test_simulate_json_failures_before_the_call_print_json(capsys, tmp_path, args, status):
    code, out, err = simulate(capsys, *args, "--format", "json")
    assert code == status
    data = json.loads(out)
    assert data["diagnostics"] == [] and data["error"]
    assert err.startswith("ivr-designer simulate: ")


def test_simulate_text_on_a_flow_with_errors_lists_them(capsys, project):
    code, out, err = simulate(capsys, str(_with_error(project)), "-i", "1")
    assert code == 1 and out == ""
    assert "File format" in err and "ogg" in err


def test_a_flow_without_base_url_can_still_be_simulated(tmp_path, capsys):
    import json

    from designer.cli import main
    from designer.resources import examples_dir

    data = json.loads((examples_dir() / "support-line.ivrflow").read_text())
    data["settings"].pop("base_url", None)
    path = tmp_path / "no-base.ivrflow"
    path.write_text(json.dumps(data))
    assert main(["simulate", str(path), "-i", "1", "-i", "dial:busy"]) == 0
    assert "Dials +14155550100" in capsys.readouterr().out
