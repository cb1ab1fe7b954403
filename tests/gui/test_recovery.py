"""Never lose work: an editor killed with unsaved changes leaves a recovery file that the next
start offers back, with the edit, marked modified and with its original path; the autosave
never touches the user's file; a clean exit, a save or a discard removes the recovery file.

Every test points IVR_DESIGNER_DATA_DIR at its own temporary folder.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from gui_helpers import SUPPORT_LINE

from designer.gui import editing
from designer.gui.commands import SetText
from designer.gui.preferences import DATA_DIR_VARIABLE, RECOVERY_FOLDER
from designer.recovery import SUFFIX

REPO = Path(__file__).resolve().parents[2]
EDITED = "Goodbye from before the crash."

CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, sys.argv[1])
    from designer.gui.app import create_application
    from designer.gui.commands import SetText
    from designer.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    window.show()
    app.processEvents()
    assert window.open_path(sys.argv[2])
    window.document.push(SetText(window.document.flow, "goodbye", sys.argv[3]))
    window.session.autosave.save_now()
    print("ready", flush=True)
    time.sleep(120)
""")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def stored_window(data_dir, request):
    """The editor window, created after the data folder is set."""
    return request.getfixturevalue("window")


def recovery_files(data_dir: Path) -> list[Path]:
    folder = data_dir / RECOVERY_FOLDER
    return sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []


def answer_restore(window, answer: str) -> list:
    asked = []

    def ask_restore(recovery) -> str:
        asked.append(recovery)
        return answer

    window.ask_restore = ask_restore
    return asked


def kill_editor_with_unsaved_changes(flow: Path, data_dir: Path) -> None:
    env = {**os.environ, DATA_DIR_VARIABLE: str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(REPO), str(flow), EDITED],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        # Never hang the suite on a child that neither starts nor dies.
        readable, _, _ = select.select([child.stdout], [], [], 60)
        assert readable, "the editor did not start within a minute"
        line = child.stdout.readline()
        assert line.strip() == "ready", child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


NEEDS_SIGKILL = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@NEEDS_SIGKILL
def test_a_killed_editors_changes_are_offered_and_restored(tmp_path, data_dir, request) -> None:
    flow = tmp_path / "line.ivrflow"
    flow.write_bytes(SUPPORT_LINE.read_bytes())
    kill_editor_with_unsaved_changes(flow, data_dir)
    # The user's own file is untouched; the work is in the recovery file.
    assert flow.read_bytes() == SUPPORT_LINE.read_bytes()
    assert len(recovery_files(data_dir)) == 1

    window = request.getfixturevalue("window")
    asked = answer_restore(window, "restore")
    assert window.session.offer_recovery() is True
    assert len(asked) == 1
    assert asked[0].original == flow and asked[0].flow_name == window.document.flow.name
    document = window.document
    assert document.flow.nodes["goodbye"].text == EDITED
    assert document.is_modified and "*" in window.windowTitle()
    assert document.path == flow
    # Still protected until saved; Save goes to the original file and removes the copy.
    assert len(recovery_files(data_dir)) == 1
    window.actions_by_name["save"].trigger()
    assert '"text": "Goodbye from before the crash."' in flow.read_text(encoding="utf-8")
    assert recovery_files(data_dir) == []


@NEEDS_SIGKILL
def test_discard_deletes_and_not_now_keeps(tmp_path, data_dir, request) -> None:
    flow = tmp_path / "line.ivrflow"
    flow.write_bytes(SUPPORT_LINE.read_bytes())
    kill_editor_with_unsaved_changes(flow, data_dir)
    window = request.getfixturevalue("window")
    asked = answer_restore(window, "later")
    assert window.session.offer_recovery() is False
    assert len(asked) == 1 and len(recovery_files(data_dir)) == 1
    assert not window.document.is_modified
    asked = answer_restore(window, "discard")
    assert window.session.offer_recovery() is False
    assert len(asked) == 1 and recovery_files(data_dir) == []
    asked = answer_restore(window, "restore")
    assert window.session.offer_recovery() is False and asked == []


def test_autosave_writes_a_modified_document_on_its_timer(stored_window, data_dir,
                                                           qtbot) -> None:
    window = stored_window
    assert window.open_path(SUPPORT_LINE)
    autosave = window.session.autosave
    autosave.set_interval(30)
    qtbot.wait(100)
    assert recovery_files(data_dir) == []  # nothing to protect yet
    window.document.push(SetText(window.document.flow, "goodbye", "Bye now."))
    qtbot.waitUntil(lambda: len(recovery_files(data_dir)) == 1, timeout=3000)
    text = recovery_files(data_dir)[0].read_text(encoding="utf-8")
    assert "Bye now." in text and str(SUPPORT_LINE) in text
    # Undo back to the saved state: nothing left to protect.
    window.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: recovery_files(data_dir) == [], timeout=3000)


def test_another_running_editors_file_is_not_offered(stored_window, data_dir, request,
                                                     qtbot) -> None:
    editing.add_verb(stored_window.document, "Wait", (300.0, 0.0))
    assert stored_window.session.autosave.save_now() is not None
    from designer.gui.main_window import MainWindow

    other = MainWindow()
    qtbot.addWidget(other)
    asked = answer_restore(other, "restore")
    assert other.session.offer_recovery() is False
    assert asked == []


def test_a_clean_exit_removes_the_recovery_file(stored_window, data_dir) -> None:
    window = stored_window
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    window.session.autosave.save_now()
    assert len(recovery_files(data_dir)) == 1
    window.answers.unsaved = "cancel"
    assert not window.close()
    assert len(recovery_files(data_dir)) == 1  # still open, still protected
    window.answers.unsaved = "discard"
    assert window.close()
    assert recovery_files(data_dir) == []


def test_new_and_open_drop_the_previous_documents_recovery(stored_window, data_dir) -> None:
    window = stored_window
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    window.session.autosave.save_now()
    window.answers.unsaved = "discard"
    window.actions_by_name["new"].trigger()
    assert recovery_files(data_dir) == []


def test_without_a_data_folder_nothing_is_written(monkeypatch, request) -> None:
    monkeypatch.delenv(DATA_DIR_VARIABLE, raising=False)
    window = request.getfixturevalue("window")
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    # Test windows do not use the user's folders (only `ivr-designer` turns them on).
    assert window.session.autosave.slot is None
    assert window.session.autosave.save_now() is None
