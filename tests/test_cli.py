"""The `ivr-designer` command end to end: each sub-command, each exit status, the JSON shape,
unreadable files and unwritable output folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from designer import __version__
from designer.checks import SEVERITIES
from designer.cli import command_names, main
from designer.resources import examples_dir

REPO = Path(__file__).resolve().parents[1]
DIAGNOSTIC_KEYS = {"severity", "code", "node", "attribute", "message", "hint"}


def example(name: str) -> Path:
    return examples_dir() / f"{name}.ivrflow"


def support_line() -> dict[str, Any]:
    return json.loads(example("support-line").read_text(encoding="utf-8"))


def write(path: Path, data: dict[str, Any] | str) -> Path:
    text = data if isinstance(data, str) else json.dumps(data, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def node(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in data["nodes"] if n["id"] == node_id)


@pytest.fixture
def broken_flow(tmp_path: Path) -> Path:
    """The support line with a menu timeout of 0 seconds: a validation error."""
    data = support_line()
    node(data, "menu")["attributes"]["timeout"] = 0
    return write(tmp_path / "broken.ivrflow", data)


@pytest.fixture
def warned_flow(tmp_path: Path) -> Path:
    """The support line plus a step nothing leads to: a warning, no error."""
    data = support_line()
    data["nodes"].append({"id": "orphan", "type": "Speak", "text": "Nobody hears this."})
    return write(tmp_path / "warned.ivrflow", data)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["validate", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


# -- the command itself ---------------------------------------------------------------------


def test_version_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "designer", "--version"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ivr-designer {__version__}"


MY_COMMANDS = ("validate", "compile", "examples")


def test_the_headless_commands_are_registered() -> None:
    assert set(MY_COMMANDS) <= command_names()


@pytest.mark.parametrize("command", sorted(command_names()))
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    usage, description = text.split("\n\n")[:2]
    assert usage.startswith(f"usage: ivr-designer {command}")
    assert len(description.split()) >= 8, "the help needs a real description"


@pytest.mark.parametrize("command", MY_COMMANDS)
def test_help_shows_examples_and_exit_status(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert f"usage: ivr-designer {command}" in text
    assert f"  ivr-designer {command} " in text  # an example in the epilog
    assert "exit status:" in text


def test_top_level_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--version" in text
    for command in command_names():
        assert command in text


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "yaml", str(example("voicemail"))])
    assert exit_info.value.code == 2
    assert "invalid choice: 'yaml'" in capsys.readouterr().err


# -- validate -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["voicemail", "support-line", "conference-line", "every-node"])
def test_examples_validate_without_errors(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(example(name))]) == 0
    out = capsys.readouterr().out
    assert "error" not in out.splitlines()[-1]


def test_validate_reports_an_error_in_text(
    broken_flow: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(broken_flow)]) == 1
    lines = capsys.readouterr().out.splitlines()
    error_lines = [line for line in lines if line.startswith("error")]
    assert any(" menu.timeout " in line for line in error_lines), lines
    assert lines[-1].startswith(f"{len(error_lines)} error")


def test_validate_json_shape(broken_flow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, diagnostics = run_json(capsys, str(broken_flow))
    assert code == 1
    assert diagnostics, "the broken flow must report something"
    for entry in diagnostics:
        assert set(entry) == DIAGNOSTIC_KEYS
        assert entry["severity"] in SEVERITIES
        assert isinstance(entry["message"], str) and entry["message"]
    assert any(
        d["severity"] == "error" and d["node"] == "menu" and d["attribute"] == "timeout"
        for d in diagnostics
    )
    # Errors come first, so a script can read the worst problem from the top.
    order = [SEVERITIES.index(d["severity"]) for d in diagnostics]
    assert order == sorted(order)


def test_warnings_alone_exit_zero(warned_flow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, diagnostics = run_json(capsys, str(warned_flow))
    assert code == 0
    assert not any(d["severity"] == "error" for d in diagnostics)
    assert any(d["severity"] == "warning" and d["node"] == "orphan" for d in diagnostics)
    assert main(["validate", str(warned_flow)]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("warning") and "orphan" in line for line in out.splitlines())
    assert "warning" in out.splitlines()[-1]


def test_base_url_option_reaches_the_checks(tmp_path: Path, capsys) -> None:
    data = support_line()
    data["settings"].pop("base_url")
    flow = write(tmp_path / "no-url.ivrflow", data)
    code, diagnostics = run_json(capsys, str(flow))
    assert code == 1, "a flow with menu routes needs a base_url"
    code, diagnostics = run_json(capsys, str(flow), "--base-url", "https://ivr.example.com/x/")
    assert code == 0, diagnostics


# -- files that cannot be read -------------------------------------------------------------


def unreadable_cases(tmp_path: Path) -> dict[str, tuple[Path, list[str]]]:
    text = '{\n  "format": "ivr-flow",\n  "version" 1\n}\n'
    bad_json = write(tmp_path / "bad-json.ivrflow", text)
    unknown = support_line()
    node(unknown, "goodbye")["type"] = "Speek"
    newer = support_line()
    newer["version"] = 99
    return {
        "invalid JSON": (
            bad_json, ["not valid JSON", "colon (:) is missing after line 3, column 11"]
        ),
        "unknown type": (
            write(tmp_path / "unknown.ivrflow", unknown),
            ["goodbye", "'Speek'", "Speak", "Valid types"],
        ),
        "newer version": (write(tmp_path / "newer.ivrflow", newer), ["newer", "version 99"]),
        "missing file": (tmp_path / "nowhere.ivrflow", ["There is no file", "nowhere.ivrflow"]),
        "a folder": (tmp_path, ["is a folder"]),
    }


@pytest.mark.parametrize(
    "case", ["invalid JSON", "unknown type", "newer version", "missing file", "a folder"]
)
@pytest.mark.parametrize("command", ["validate", "compile"])
def test_unreadable_file_exits_2(
    command: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, expected = unreadable_cases(tmp_path)[case]
    out_dir = tmp_path / "bundle"
    args = [command, str(path)] + (["-o", str(out_dir)] if command == "compile" else [])
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    for fragment in expected:
        assert fragment in captured.err
    assert "Traceback" not in captured.err
    assert not out_dir.exists()


# -- compile --------------------------------------------------------------------------------


def test_compile_writes_a_bundle_that_needs_the_runtime(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "support"
    assert main(["compile", str(example("support-line")), "-o", str(out_dir)]) == 0
    out = capsys.readouterr().out
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    documents = sorted(p.name for p in out_dir.glob("*.xml"))
    assert documents == sorted(manifest["documents"])
    assert "answer.xml" in documents
    assert manifest["needs_runtime"] is True
    for name in documents:
        assert name in out
    assert f"ivr-designer serve {out_dir}" in out
    assert "https://ivr.example.com/support-line/answer.xml" in out


def test_compile_static_bundle_says_any_host_will_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "vm"
    assert main(["compile", str(example("voicemail")), "-o", str(out_dir)]) == 0
    out = capsys.readouterr().out
    assert json.loads((out_dir / "manifest.json").read_text())["needs_runtime"] is False
    assert "ivr-designer serve" not in out
    assert "any web host" in out


def test_compile_base_url_option_overrides_the_flow(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "moved"
    url = "https://calls.example.org/line/"
    args = ["compile", str(example("support-line")), "-o", str(out_dir), "--base-url", url]
    assert main(args) == 0
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert manifest["base_url"] == url
    assert url in (out_dir / "answer.xml").read_text() + capsys.readouterr().out


def test_compile_with_errors_writes_nothing(
    broken_flow: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "nested" / "bundle"
    assert main(["compile", str(broken_flow), "-o", str(out_dir)]) == 1
    captured = capsys.readouterr()
    assert "menu.timeout" in captured.err
    assert "Nothing was written" in captured.err
    assert not out_dir.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ivrflow"]


def test_compile_under_a_file_exits_2_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Tests may run as root, for whom permissions are no obstacle: a file in the way is.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep me")
    out_dir = blocker / "bundle"
    assert main(["compile", str(example("voicemail")), "-o", str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert str(blocker) in err and "is a file" in err
    assert "Traceback" not in err
    assert blocker.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_compile_onto_a_file_exits_2(tmp_path: Path, capsys) -> None:
    target = tmp_path / "bundle"
    target.write_text("precious")
    assert main(["compile", str(example("voicemail")), "-o", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text() == "precious"


def test_compile_never_replaces_a_folder_of_other_files(tmp_path: Path, capsys) -> None:
    target = tmp_path / "documents"
    target.mkdir()
    (target / "thesis.txt").write_text("years of work")
    assert main(["compile", str(example("voicemail")), "-o", str(target)]) == 2
    assert "already holds other files" in capsys.readouterr().err
    assert sorted(p.name for p in target.iterdir()) == ["thesis.txt"]


def test_compile_replaces_an_earlier_bundle(tmp_path: Path, capsys) -> None:
    target = tmp_path / "bundle"
    assert main(["compile", str(example("support-line")), "-o", str(target)]) == 0
    assert main(["compile", str(example("voicemail")), "-o", str(target)]) == 0
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["flow"] == "Voicemail line"
    # Documents of the earlier bundle are gone, not mixed in.
    assert sorted(p.name for p in target.glob("*.xml")) == sorted(manifest["documents"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle"]


def test_compile_into_an_empty_folder(tmp_path: Path, capsys) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert main(["compile", str(example("voicemail")), "-o", str(target)]) == 0
    assert (target / "answer.xml").is_file()


# -- examples -------------------------------------------------------------------------------


def test_examples_lists_every_bundled_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples"]) == 0
    out = capsys.readouterr().out
    files = sorted(examples_dir().glob("*.ivrflow"))
    assert len(files) >= 4
    for path in files:
        title = json.loads(path.read_text(encoding="utf-8"))["name"]
        line = next(line for line in out.splitlines() if line.startswith(path.stem + " "))
        assert title in line


def test_examples_copies_one_byte_for_byte(tmp_path: Path, capsys) -> None:
    target = tmp_path / "mine.ivrflow"
    assert main(["examples", "support-line", "-o", str(target)]) == 0
    assert target.read_bytes() == example("support-line").read_bytes()
    assert str(target) in capsys.readouterr().out


def test_examples_accepts_a_folder_and_the_suffix(tmp_path: Path) -> None:
    assert main(["examples", "voicemail.ivrflow", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "voicemail.ivrflow").read_bytes() == example("voicemail").read_bytes()


def test_examples_defaults_to_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["examples", "conference-line"]) == 0
    assert (tmp_path / "conference-line.ivrflow").is_file()


def test_examples_refuses_to_overwrite_without_force(tmp_path: Path, capsys) -> None:
    target = tmp_path / "mine.ivrflow"
    target.write_text("my own flow")
    assert main(["examples", "voicemail", "-o", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text() == "my own flow"
    assert main(["examples", "voicemail", "-o", str(target), "--force"]) == 0
    assert target.read_bytes() == example("voicemail").read_bytes()


def test_examples_copies_the_scenarios_too_when_asked(tmp_path: Path, capsys) -> None:
    target = tmp_path / "line.ivrflow"
    assert main(["examples", "support-line", "-o", str(target)]) == 0
    assert "add --scenarios" in capsys.readouterr().out
    assert list(tmp_path.glob("*.scenario.json")) == []
    assert main(["examples", "support-line", "-o", str(target), "--scenarios"]) == 2
    assert "--force" in capsys.readouterr().err  # the flow is there now: nothing written
    assert list(tmp_path.glob("*.scenario.json")) == []
    assert main(["examples", "support-line", "-o", str(target), "--scenarios", "--force"]) == 0
    bundled = sorted(examples_dir().glob("support-line.*.scenario.json"))
    copied = sorted(tmp_path.glob("line.*.scenario.json"))
    assert [p.name.removeprefix("line.") for p in copied] == [
        p.name.removeprefix("support-line.") for p in bundled]
    for original, copy in zip(bundled, copied, strict=True):
        mine = json.loads(copy.read_text())
        assert mine["flow"] == "line.ivrflow"
        assert {**json.loads(original.read_text()), "flow": "line.ivrflow"} == mine
    capsys.readouterr()
    assert main(["test", str(target)]) == 0  # they run against the copy
    assert f"{len(bundled)} passed" in capsys.readouterr().out


def test_examples_a_misspelt_name_gets_a_suggestion(tmp_path: Path, capsys) -> None:
    assert main(["examples", "suport-line", "-o", str(tmp_path / "x.ivrflow")]) == 2
    assert "Did you mean 'support-line'?" in capsys.readouterr().err


def test_examples_unknown_name_lists_the_valid_ones(tmp_path: Path, capsys) -> None:
    assert main(["examples", "pizza-line", "-o", str(tmp_path / "x.ivrflow")]) == 2
    err = capsys.readouterr().err
    assert "pizza-line" in err
    for path in examples_dir().glob("*.ivrflow"):
        assert path.stem in err
    assert not (tmp_path / "x.ivrflow").exists()


def test_examples_missing_folder_is_reported(tmp_path: Path, capsys) -> None:
    target = tmp_path / "no-such-folder" / "x.ivrflow"
    assert main(["examples", "voicemail", "-o", str(target)]) == 2
    assert "does not exist" in capsys.readouterr().err


# -- findings of the new-user review ----------------------------------------------------------


def test_validate_text_calls_info_findings_notes_in_both_places(tmp_path: Path, capsys) -> None:
    data = json.loads(example("voicemail").read_text(encoding="utf-8"))
    node(data, "record")["attributes"]["transcriptionMethod"] = "GET"
    flow = write(tmp_path / "noted.ivrflow", data)
    assert main(["validate", str(flow)]) == 0
    line, last = capsys.readouterr().out.splitlines()
    assert line.startswith("note  record.transcriptionMethod  ")
    assert last == "1 note"
    # JSON keeps the documented severity.
    code, diagnostics = run_json(capsys, str(flow))
    assert code == 0
    assert [d["severity"] for d in diagnostics] == ["info"]


def _bundle_with_extras(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    assert main(["compile", str(example("support-line")), "-o", str(target)]) == 0
    (target / "welcome.mp3").write_bytes(b"ID3 my recording")
    (target / "index.html").write_text("<h1>my page</h1>")
    (target / "assets").mkdir()
    return target


def test_compile_again_refuses_to_delete_files_put_beside_the_bundle(tmp_path: Path, capsys):
    target = _bundle_with_extras(tmp_path)
    before = sorted(p.name for p in target.iterdir())
    capsys.readouterr()
    assert main(["compile", str(example("voicemail")), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ivr-designer compile: ")
    assert "assets/, index.html, welcome.mp3" in err and "--force" in err
    assert "these 3 files and folders" in err
    # The bundle's own files are not listed as the user's.
    assert "menu.xml" not in err and "manifest.json" not in err
    assert sorted(p.name for p in target.iterdir()) == before
    assert (target / "welcome.mp3").read_bytes() == b"ID3 my recording"


def test_the_leftovers_are_called_files_or_folders_as_they_are(tmp_path: Path) -> None:
    from designer.commands.compile import extra_files_problem

    target = tmp_path / "bundle"
    assert main(["compile", str(example("voicemail")), "-o", str(target)]) == 0
    (target / "assets").mkdir()
    assert "also this folder, which" in extra_files_problem(target)
    (target / "old").mkdir()
    assert "also these 2 folders, which" in extra_files_problem(target)
    for name in ("assets", "old"):
        (target / name).rmdir()
    (target / "notes.txt").write_text("mine")
    assert "also this file, which" in extra_files_problem(target)


def test_compile_force_replaces_the_bundle_and_its_extra_files(tmp_path: Path, capsys):
    target = _bundle_with_extras(tmp_path)
    assert main(["compile", str(example("voicemail")), "-o", str(target), "--force"]) == 0
    assert sorted(p.name for p in target.iterdir()) == ["answer.xml", "manifest.json"]


def test_compile_force_still_never_replaces_an_unrelated_folder(tmp_path: Path, capsys):
    target = tmp_path / "documents"
    target.mkdir()
    (target / "thesis.txt").write_text("years of work")
    assert main(["compile", str(example("voicemail")), "-o", str(target), "--force"]) == 2
    assert (target / "thesis.txt").read_text() == "years of work"


def test_compile_without_base_url_says_where_answer_xml_will_be(tmp_path: Path, capsys):
    data = json.loads(example("voicemail").read_text(encoding="utf-8"))
    data["settings"] = {}
    flow = write(tmp_path / "vm.ivrflow", data)
    assert main(["compile", str(flow), "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert (
        "point the Plivo answer URL at <the address where you publish the folder>/answer.xml"
        in out
    )


def test_examples_trailing_slash_means_a_folder(tmp_path: Path, capsys) -> None:
    missing = f"{tmp_path / 'newdir'}/"
    assert main(["examples", "voicemail", "-o", missing]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ivr-designer examples: the folder ")
    assert "does not exist" in err
    assert not (tmp_path / "newdir").exists()  # no file named like the folder
    (tmp_path / "newdir").mkdir()
    assert main(["examples", "voicemail", "-o", missing]) == 0
    assert (tmp_path / "newdir" / "voicemail.ivrflow").read_bytes() == example(
        "voicemail"
    ).read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("kind", ["symlink", "dangling symlink", "fifo"])
def test_examples_force_replaces_only_regular_files(tmp_path: Path, capsys, kind) -> None:
    target = tmp_path / "special"
    real = tmp_path / "real.ivrflow"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        if kind == "symlink":
            real.write_text("my flow")
        target.symlink_to(real)
    assert main(["examples", "voicemail", "-o", str(target), "--force"]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and err.startswith("ivr-designer examples: ")
    assert target.is_symlink() == (kind != "fifo")
    assert not real.exists() or real.read_text() == "my flow"


def test_examples_force_never_replaces_a_device(tmp_path: Path, capsys) -> None:
    # A device node of our own (like /dev/null), so that a regression replaces nothing real.
    import stat

    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (AttributeError, PermissionError, OSError):
        pytest.skip("cannot create a device node here")
    assert main(["examples", "voicemail", "-o", str(device), "--force"]) == 2
    assert "is a device, not a regular file" in capsys.readouterr().err
    assert device.is_char_device()


def test_examples_without_force_does_not_write_through_a_dangling_link(tmp_path: Path, capsys):
    target = tmp_path / "link.ivrflow"
    target.symlink_to(tmp_path / "nowhere.ivrflow")
    assert main(["examples", "voicemail", "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.is_symlink() and not (tmp_path / "nowhere.ivrflow").exists()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["validate", "nowhere.ivrflow"], "validate"),
        (["compile", "nowhere.ivrflow", "-o", "out"], "compile"),
        (["examples", "pizza-line"], "examples"),
        (["import", "nowhere.xml", "-o", "x.ivrflow"], "import"),
        (["simulate", "nowhere.ivrflow"], "simulate"),
        (["test", "nowhere"], "test"),
        (["serve", "nowhere.ivrflow", "--port", "0"], "serve"),
    ],
)
def test_every_command_prefixes_its_errors_the_same_way(
    tmp_path: Path, capsys, monkeypatch, argv, command
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ivr-designer {command}: "), err
