"""`ivr-designer import`: exit statuses, messages, and never a partial or clobbered output."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.cli import command_names, main
from designer.flowfile import load_flow

DATA = Path(__file__).parent / "data" / "import"


def xml(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_is_registered():
    assert "import" in command_names()


def test_import_writes_a_flow_and_prints_a_summary_and_the_warnings(tmp_path, capsys):
    source = xml(tmp_path, "welcome.xml",
                 '<Response>\n<Speak foo="1">Hi</Speak>\n<Say>x</Say>\n</Response>')
    output = tmp_path / "out.ivrflow"
    assert main(["import", str(source), "-o", str(output)]) == 0
    captured = capsys.readouterr()
    assert "Imported 1 file into" in captured.out and "1 step," in captured.out
    assert "2 warnings" in captured.out
    assert "welcome.xml, line 2: <Speak> has no setting 'foo'" in captured.err
    assert "welcome.xml, line 3: <Say>" in captured.err
    flow = load_flow(output)
    assert flow.name == "welcome"
    assert flow.nodes["speak"].extra_attributes == {"foo": "1"}


def test_several_files_are_linked_and_named(tmp_path, capsys):
    first = xml(tmp_path, "answer.xml",
                "<Response><Redirect>https://x.example/ivr/sales.xml</Redirect></Response>")
    second = xml(tmp_path, "sales.xml", "<Response><Speak>Sales</Speak></Response>")
    output = tmp_path / "flow.ivrflow"
    code = main(["import", str(first), str(second), "-o", str(output), "--name", "Acme"])
    assert code == 0
    assert "1 link between files" in capsys.readouterr().out
    flow = load_flow(output)
    assert flow.name == "Acme"
    assert flow.edge_from("start").target == "sales"
    assert flow.settings["base_url"] == "https://x.example/ivr/"


def test_an_existing_output_is_kept_unless_forced(tmp_path, capsys):
    output = tmp_path / "flow.ivrflow"
    output.write_text("precious")
    source = DATA / "dial.xml"
    assert main(["import", str(source), "-o", str(output)]) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert output.read_text() == "precious"
    assert main(["import", str(source), "-o", str(output), "--force"]) == 0
    assert load_flow(output).nodes["dial"].type == "Dial"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<Response><Speak>hi</Response>", "line 1, column"),
        ("<!DOCTYPE x><Response/>", "DOCTYPE"),
        ("<Dial/>", "not a Plivo XML document"),
        ("<Response>\n</Response>", "nothing was imported"),
    ],
)
def test_refused_input_exits_1_and_writes_nothing(tmp_path, capsys, text, words):
    source = xml(tmp_path, "in.xml", text)
    output = tmp_path / "flow.ivrflow"
    assert main(["import", str(source), "-o", str(output)]) == 1
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xml"]


def test_an_unreadable_input_exits_2(tmp_path, capsys):
    good = xml(tmp_path, "good.xml", "<Response><Speak>x</Speak></Response>")
    output = tmp_path / "flow.ivrflow"
    assert main(["import", str(good), str(tmp_path / "missing.xml"), "-o", str(output)]) == 2
    assert "missing.xml: there is no such file" in capsys.readouterr().err
    assert not output.exists()


@pytest.mark.parametrize("where", ["folder", "missing-folder"])
def test_an_unwritable_output_exits_2(tmp_path, capsys, where):
    source = DATA / "dial.xml"
    output = tmp_path if where == "folder" else tmp_path / "nowhere" / "flow.ivrflow"
    assert main(["import", str(source), "-o", str(output)]) == 2
    assert "ivr-designer import:" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
