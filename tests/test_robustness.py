"""Bad input found by a new-user review: each case must give a clear message, never a traceback,
and written files must be usable by others (permissions)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from designer.atomic import write_bytes_atomic, write_directory_atomic
from designer.cli import main
from designer.flowfile import FlowFileError, load_flow, loads_flow
from designer.resources import examples_dir

SUPPORT = examples_dir() / "support-line.ivrflow"


def flow_text(**changes) -> str:
    import json

    data = json.loads(SUPPORT.read_text())
    data.update(changes)
    return json.dumps(data)


def test_a_mistyped_command_is_named_with_a_suggestion(capsys):
    assert main(["valdate", "my-line.ivrflow"]) == 2
    err = capsys.readouterr().err
    assert "'valdate' is not a command" in err and "Did you mean 'validate'?" in err


def test_a_word_that_is_no_command_never_reaches_qt(capsys):
    assert main(["frobnicate"]) == 2
    assert "is not a command or a flow file" in capsys.readouterr().err


def test_editor_without_a_screen_explains_instead_of_aborting(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main([str(SUPPORT)]) == 2
    assert "needs a screen" in capsys.readouterr().err


def test_output_cut_short_by_head_is_not_a_traceback(tmp_path: Path):
    # Far more diagnostics than a pipe buffer holds, so the writer meets the closed pipe.
    from designer.flowfile import save_flow
    from designer.model import Node

    flow = load_flow(SUPPORT)
    for index in range(3000):
        flow.add_node(Node(f"orphan-{index}", "Speak", text="never heard"))
    path = tmp_path / "many.ivrflow"
    save_flow(flow, path)
    command = f"{sys.executable} -m designer validate --format json {path} | head -c 1"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.ivrflow"
    path.write_bytes(b"\xef\xbb\xbf" + SUPPORT.read_bytes())
    assert load_flow(path).name == load_flow(SUPPORT).name


def test_deeply_nested_json_is_refused_clearly(tmp_path: Path):
    path = tmp_path / "deep.ivrflow"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FlowFileError) as caught:
        load_flow(path)
    assert "not valid JSON" in str(caught.value) or "nested far too deeply" in str(caught.value)


@pytest.mark.parametrize(
    ("version", "expected"),
    [(None, 'has no "version"'), ("1", "must be a whole number such as 1")],
)
def test_version_messages_say_what_is_wrong(version, expected):
    import json

    data = json.loads(SUPPORT.read_text())
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    with pytest.raises(FlowFileError) as caught:
        loads_flow(json.dumps(data))
    assert expected in str(caught.value)


def test_a_fractional_number_is_kept_for_the_checks_to_explain(capsys, tmp_path: Path):
    import json

    data = json.loads(SUPPORT.read_text())
    data["nodes"][2]["attributes"]["timeout"] = 7.5
    path = tmp_path / "frac.ivrflow"
    path.write_text(json.dumps(data))
    assert main(["validate", str(path)]) == 1
    assert "must be a whole number (you entered 7.5)" in capsys.readouterr().out


def test_a_list_value_is_refused_at_load():
    import json

    data = json.loads(SUPPORT.read_text())
    data["nodes"][2]["attributes"]["timeout"] = [1]
    with pytest.raises(FlowFileError) as caught:
        loads_flow(json.dumps(data))
    assert "not a list" in str(caught.value)


def test_an_unknown_step_type_is_reported_once_not_with_every_link():
    import json

    data = json.loads(SUPPORT.read_text())
    data["nodes"][2]["type"] = "GetDigit"
    with pytest.raises(FlowFileError) as caught:
        loads_flow(json.dumps(data))
    assert caught.value.problems == [caught.value.problems[0]]
    assert "Did you mean 'GetDigits'?" in caught.value.problems[0]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saved_files_and_bundles_get_the_usual_permissions(tmp_path: Path):
    old = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "flow.ivrflow", b"{}")
        write_directory_atomic(tmp_path / "bundle", lambda d: (d / "a.xml").write_bytes(b"x"))
    finally:
        os.umask(old)
    assert _mode(tmp_path / "flow.ivrflow") == 0o644
    assert _mode(tmp_path / "bundle") == 0o755


def test_replacing_a_file_keeps_its_permissions(tmp_path: Path):
    path = tmp_path / "flow.ivrflow"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_bytes_atomic(path, b"new")
    assert _mode(path) == 0o640 and path.read_bytes() == b"new"
