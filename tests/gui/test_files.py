"""Files from the editor: the title shows the name and a star when modified; Save, Save As and
reopening give the same bytes; unsaved changes are asked about; a bad file is explained and
leaves the document alone; Export writes exactly what `ivr-designer compile` writes, and is
refused with the list of errors while there are errors."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import SUPPORT_LINE, saved_bytes
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from designer.cli import main as cli_main
from designer.gui import editing
from designer.gui.commands import SetText


def tree_bytes(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_title_shows_the_file_name_and_a_star_when_modified(window, tmp_path) -> None:
    assert window.windowTitle() == "Untitled — IVR Flow Designer"
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    assert window.windowTitle() == "Untitled* — IVR Flow Designer"
    window.answers.save_path = str(tmp_path / "my line")
    window.actions_by_name["save"].trigger()
    assert (tmp_path / "my line.ivrflow").is_file()
    assert window.windowTitle() == "my line.ivrflow — IVR Flow Designer"
    window.actions_by_name["undo"].trigger()
    assert window.windowTitle() == "my line.ivrflow* — IVR Flow Designer"
    window.actions_by_name["redo"].trigger()
    assert "*" not in window.windowTitle()


def test_save_and_reopen_give_the_same_bytes(support_line, tmp_path) -> None:
    window = support_line
    assert saved_bytes(window) == SUPPORT_LINE.read_text(encoding="utf-8")
    window.document.push(SetText(window.document.flow, "goodbye", "Goodbye, and thanks!"))
    target = tmp_path / "copy.ivrflow"
    window.answers.save_path = str(target)
    window.actions_by_name["save-as"].trigger()
    written = target.read_text(encoding="utf-8")
    assert written == saved_bytes(window)
    window.answers.open_path = str(target)
    window.actions_by_name["open"].trigger()
    assert saved_bytes(window) == written
    assert window.document.flow.nodes["goodbye"].text == "Goodbye, and thanks!"
    assert not window.document.is_modified


def test_new_with_unsaved_changes_asks_and_cancel_keeps_everything(window) -> None:
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    before = saved_bytes(window)
    window.answers.unsaved = "cancel"
    window.actions_by_name["new"].trigger()
    assert window.answers.unsaved_asked == 1
    assert saved_bytes(window) == before
    window.answers.unsaved = "discard"
    window.actions_by_name["new"].trigger()
    assert list(window.document.flow.nodes) == ["start"]
    assert not window.document.undo_stack.canUndo()


def test_save_answer_saves_before_opening(window, tmp_path) -> None:
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    mine = tmp_path / "mine.ivrflow"
    window.answers.unsaved = "save"
    window.answers.save_path = str(mine)
    window.answers.open_path = str(SUPPORT_LINE)
    window.actions_by_name["open"].trigger()
    assert "Wait" in mine.read_text(encoding="utf-8")
    assert window.document.path == SUPPORT_LINE


def test_closing_with_unsaved_changes_can_be_cancelled(window) -> None:
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    window.answers.unsaved = "cancel"
    assert not window.close()
    assert window.isVisible()
    window.answers.unsaved = "discard"
    assert window.close()


def test_a_bad_file_is_explained_and_the_document_stays(window, tmp_path) -> None:
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    before = saved_bytes(window)
    bad = tmp_path / "broken.ivrflow"
    bad.write_text('{"format": "ivr-flow", "version": 1, "nodes": [{"id": "x", '
                   '"type": "Speek"}]}', encoding="utf-8")
    window.answers.unsaved = "discard"
    window.answers.open_path = str(bad)
    window.actions_by_name["open"].trigger()
    assert saved_bytes(window) == before
    assert window.document.undo_stack.canUndo()
    title, message = window.answers.errors[-1]
    assert title == "Cannot open the flow"
    assert "Speek" in message and "Did you mean 'Speak'" in message


def test_export_writes_the_same_bundle_as_the_compile_command(support_line, tmp_path) -> None:
    window = support_line
    ours = tmp_path / "from-editor"
    window.answers.export_dir = str(ours)
    window.actions_by_name["export"].trigger()
    assert window.answers.errors == []
    cli = tmp_path / "from-cli"
    assert cli_main(["compile", str(SUPPORT_LINE), "-o", str(cli)]) == 0
    assert tree_bytes(ours) == tree_bytes(cli)
    assert "manifest.json" in tree_bytes(ours) and "answer.xml" in tree_bytes(ours)
    assert "Exported" in window.statusBar().currentMessage()
    assert window.actions_by_name["export"].shortcut().toString() == "Ctrl+E"


def test_export_is_refused_with_the_errors_listed(window, tmp_path) -> None:
    editing.add_verb(window.document, "Play", (300.0, 0.0))
    window.answers.export_dir = str(tmp_path / "out")
    window.actions_by_name["export"].trigger()
    assert not (tmp_path / "out").exists()
    title, message = window.answers.errors[-1]
    assert title == "The flow has errors"
    assert "Audio file URL" in message and "nothing was written" in message


def test_export_never_replaces_an_unrelated_folder(support_line, tmp_path) -> None:
    window = support_line
    folder = tmp_path / "holiday photos"
    folder.mkdir()
    (folder / "beach.jpg").write_bytes(b"jpeg")
    window.answers.export_dir = str(folder)
    window.actions_by_name["export"].trigger()
    assert (folder / "beach.jpg").read_bytes() == b"jpeg"
    assert "already holds other files" in window.answers.errors[-1][1]


def test_export_keeps_files_a_person_added_to_an_earlier_bundle(support_line, tmp_path) -> None:
    window = support_line
    folder = tmp_path / "site"
    window.answers.export_dir = str(folder)
    window.actions_by_name["export"].trigger()
    (folder / "welcome.mp3").write_bytes(b"mp3")
    window.actions_by_name["export"].trigger()
    assert (folder / "welcome.mp3").read_bytes() == b"mp3"
    title, message = window.answers.errors[-1]
    assert title == "Cannot export here" and "welcome.mp3" in message


def test_flow_settings_are_one_undo_step(window) -> None:
    flow = window.document.flow
    window.answers.settings = {"name": "Acme line", "base_url": "https://ivr.example.com/acme",
                               "link_method": "POST"}
    window.actions_by_name["settings"].trigger()
    assert flow.name == "Acme line"
    assert flow.settings == {"base_url": "https://ivr.example.com/acme/", "link_method": "POST"}
    assert window.document.undo_stack.count() == 1
    window.actions_by_name["undo"].trigger()
    assert flow.name == "Untitled flow" and flow.settings == {}


def test_flow_settings_refuse_a_bad_base_url(window) -> None:
    window.answers.settings = {"base_url": "ivr.example.com"}
    window.actions_by_name["settings"].trigger()
    assert window.document.flow.settings == {}
    assert not window.document.undo_stack.canUndo()


def test_standard_shortcuts(window) -> None:
    shortcut = {name: action.shortcut().toString()
                for name, action in window.actions_by_name.items()}
    assert shortcut["new"] == "Ctrl+N" and shortcut["open"] == "Ctrl+O"
    assert shortcut["save"] == "Ctrl+S" and shortcut["undo"] == "Ctrl+Z"
    assert shortcut["delete"] == "Del"
    for name, action in window.actions_by_name.items():
        assert action.objectName() == f"action-{name}"


def test_saving_while_typing_keeps_what_was_typed(qtbot, window, tmp_path) -> None:
    node_id = editing.add_verb(window.document, "Speak", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    body = window.properties.findChild(QPlainTextEdit, "body")
    body.setFocus()
    qtbot.keyClicks(body, "Still typing")
    window.answers.save_path = str(tmp_path / "typed.ivrflow")
    window.actions_by_name["save"].trigger()
    assert "Still typing" in (tmp_path / "typed.ivrflow").read_text(encoding="utf-8")
    assert not window.document.is_modified


def test_undo_while_typing_undoes_the_typing(qtbot, window) -> None:
    node_id = editing.add_verb(window.document, "Record", (300.0, 0.0))
    window.reveal_node(node_id)
    window._selection_settled()
    edit = window.properties.findChild(QLineEdit, "attr:callbackUrl")
    edit.setFocus()
    qtbot.keyClicks(edit, "https://crm.example.com/vm")
    window.actions_by_name["undo"].trigger()
    assert "callbackUrl" not in window.document.flow.nodes[node_id].attributes
    assert window.actions_by_name["redo"].isEnabled()
    assert window.actions_by_name["redo"].text().startswith("Redo Change callbackUrl")
    window.actions_by_name["redo"].trigger()
    assert window.document.flow.nodes[node_id].attributes["callbackUrl"] == \
        "https://crm.example.com/vm"
