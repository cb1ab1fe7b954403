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
    assert "already exists; add --force" in capsys.readouterr().err
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


def test_help_has_examples_and_exit_statuses(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "examples:\n  ivr-designer import " in text
    assert "exit status:" in text
    for status in ("  0  ", "  1  ", "  2  "):
        assert status in text.split("exit status:")[1]


def test_query_and_mixed_method_warnings_are_printed(tmp_path, capsys):
    answer = xml(tmp_path, "answer.xml",
                 '<Response>\n<GetDigits action="https://x.example/ivr/menu.xml" method="GET"/>\n'
                 "<Redirect>https://x.example/ivr/bye.xml?x=1</Redirect>\n</Response>")
    menu = xml(tmp_path, "menu.xml", "<Response><Speak>Menu</Speak></Response>")
    bye = xml(tmp_path, "bye.xml", "<Response><Speak>Bye</Speak></Response>")
    output = tmp_path / "flow.ivrflow"
    assert main(["import", str(answer), str(menu), str(bye), "-o", str(output)]) == 0
    captured = capsys.readouterr()
    assert "warning: answer.xml, line 3: the <Redirect> to https://x.example/ivr/bye.xml?x=1" \
        in captured.err
    assert "'?x=1' was dropped" in captured.err
    assert "use different methods: GET" in captured.err
    assert "2 warnings" in captured.out


def test_output_in_a_missing_folder_is_explained(tmp_path, capsys):
    output = tmp_path / "nonexist" / "dir" / "x.ivrflow"
    assert main(["import", str(DATA / "dial.xml"), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ivr-designer import: cannot write ")
    assert f"the folder {output.parent} does not exist" in err
    assert "No such file or directory" not in err


def test_output_ending_with_a_slash_is_a_folder(tmp_path, capsys):
    assert main(["import", str(DATA / "dial.xml"), "-o", f"{tmp_path / 'new'}/"]) == 2
    assert "names a folder" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_force_replaces_only_regular_files(tmp_path, capsys, kind):
    import os

    output = tmp_path / "special.ivrflow"
    real = tmp_path / "real.ivrflow"
    real.write_text("mine")
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs named pipes")
        os.mkfifo(output)
    else:
        output.symlink_to(real)
    assert main(["import", str(DATA / "dial.xml"), "-o", str(output), "--force"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert real.read_text() == "mine"
    assert output.is_symlink() == (kind == "symlink")
