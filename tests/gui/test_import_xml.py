"""File → Import Plivo XML…: files become a new unsaved "Imported flow"; warnings are listed
with file and line; a refused file is explained and leaves the open flow alone; unsaved
changes are asked about (after the import succeeded, never before a refusal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import SUPPORT_LINE, saved_bytes
from PySide6.QtWidgets import QDialog, QTreeWidget

from designer.compiler import compile_flow
from designer.gui import editing

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "import"
TITLE = "Imported flow* — IVR Flow Designer"


@pytest.fixture
def importing(window):
    """The window, with the file chooser answering from `window.import_answer`."""
    window.import_answer = []
    window.ask_import_paths = lambda: [str(p) for p in window.import_answer]
    return window


def run_import(window, *paths: Path) -> None:
    window.import_answer = list(paths)
    window.actions_by_name["import-xml"].trigger()


def report(window) -> QDialog | None:
    return window.findChild(QDialog, "importReport")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_menu_and_action() -> None:
    from designer.gui.actions import SPECS

    assert "import-xml" in {spec.name for spec in SPECS}


@pytest.mark.parametrize("sample", ["menu_getdigits.xml", "dial.xml", "ssml.xml",
                                    "record_voicemail.xml", "comments_and_layout.xml"])
def test_a_sample_opens_as_a_new_unsaved_flow(importing, sample) -> None:
    window = importing
    run_import(window, SAMPLES / sample)
    document = window.document
    assert document.path is None
    assert window.windowTitle() == TITLE
    assert document.is_modified and not document.undo_stack.canUndo()
    steps = [n for n in document.flow.nodes.values() if n.type != "Start"]
    assert steps, "the sample has steps"
    assert set(window.scene.node_items) == set(document.flow.nodes)
    assert all(node_id in document.flow.layout for node_id in document.flow.nodes)
    # What opened compiles back to the sample's elements, in order.
    answer = compile_flow(document.flow, check=False).documents["answer.xml"].decode()
    for step in steps:
        assert f"<{window.document.catalog.element(step.type).tag}" in answer
    assert report(window) is None  # a clean sample has nothing to report
    assert window.statusBar().currentMessage().startswith(f"Imported {len(steps)} step")


def test_several_files_are_linked(importing, tmp_path) -> None:
    window = importing
    answer = write(tmp_path / "answer.xml",
                   "<Response><Speak>Hello.</Speak>"
                   "<Redirect>https://ivr.example.com/acme/sales.xml</Redirect></Response>")
    sales = write(tmp_path / "sales.xml",
                  "<Response><Dial><Number>+14155550100</Number></Dial></Response>")
    run_import(window, answer, sales)
    flow = window.document.flow
    assert flow.edge_from("speak").target == "sales"
    assert ("speak", "next") in window.scene.edge_items
    assert "with 1 link between them" in window.statusBar().currentMessage()


def test_unknown_attribute_is_kept_and_reported_with_its_line(importing, tmp_path) -> None:
    window = importing
    source = write(tmp_path / "greeting.xml",
                   '<Response>\n  <Speak voise="WOMAN">Hi</Speak>\n</Response>\n')
    run_import(window, source)
    assert window.document.flow.nodes["speak"].extra_attributes == {"voise": "WOMAN"}
    dialog = report(window)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert len(rows) == 1
    where, step, message = rows[0]
    assert where == "greeting.xml, line 2" and step == "speak"
    assert "'voise'" in message and "kept" in message
    table = dialog.findChild(QTreeWidget, "importWarnings")
    assert table.topLevelItemCount() == 1
    window.scene.select_only([])
    table.itemClicked.emit(table.topLevelItem(0), 2)  # the warning names its step: selects it
    assert window.scene.selected_node_ids() == ["speak"]
    assert "1 warning" in window.statusBar().currentMessage()
    # A second import replaces the report (the first import was never saved: discard it).
    window.answers.unsaved = "discard"
    run_import(window, SAMPLES / "dial.xml")
    assert window.answers.unsaved_asked == 1
    assert report(window) is None


def test_a_doctype_is_refused_and_the_open_flow_stays(importing, tmp_path) -> None:
    window = importing
    assert window.open_path(SUPPORT_LINE)
    editing.add_verb(window.document, "Wait", (900.0, 0.0))
    before = saved_bytes(window)
    evil = write(tmp_path / "evil.xml",
                 '<?xml version="1.0"?>\n<!DOCTYPE Response [<!ENTITY x "y">]>\n'
                 "<Response><Speak>&x;</Speak></Response>\n")
    run_import(window, evil)
    title, message = window.answers.errors[-1]
    assert title == "Cannot import the XML"
    assert message.startswith("Nothing was imported: evil.xml, line 2:")
    assert "DOCTYPE" in message
    assert window.answers.unsaved_asked == 0  # refused before any question
    assert saved_bytes(window) == before
    assert window.document.path == SUPPORT_LINE and window.document.is_modified


def test_malformed_xml_names_line_and_column(importing, tmp_path) -> None:
    window = importing
    broken = write(tmp_path / "broken.xml", "<Response>\n  <Speak>Tom & Jerry</Speak>\n"
                                            "</Response>\n")
    run_import(window, broken)
    message = window.answers.errors[-1][1]
    assert "broken.xml, line 2, column" in message
    assert window.document.flow.name == "Untitled flow"


def test_unsaved_changes_are_asked_about(importing, tmp_path) -> None:
    window = importing
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    before = saved_bytes(window)
    window.answers.unsaved = "cancel"
    run_import(window, SAMPLES / "dial.xml")
    assert window.answers.unsaved_asked == 1
    assert saved_bytes(window) == before
    assert "Untitled*" in window.windowTitle()

    window.answers.unsaved = "save"
    window.answers.save_path = str(tmp_path / "mine.ivrflow")
    run_import(window, SAMPLES / "dial.xml")
    assert "Wait" in (tmp_path / "mine.ivrflow").read_text(encoding="utf-8")
    assert window.windowTitle() == TITLE
    assert any(n.type == "Dial" for n in window.document.flow.nodes.values())


def test_discard_then_save_the_imported_flow(importing, tmp_path) -> None:
    window = importing
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    window.answers.unsaved = "discard"
    run_import(window, SAMPLES / "menu_getdigits.xml")
    assert window.windowTitle() == TITLE
    assert not any(n.type == "Wait" for n in window.document.flow.nodes.values())
    # Closing asks about the imported flow, which exists nowhere on disk yet.
    window.answers.unsaved = "cancel"
    asked = window.answers.unsaved_asked
    assert not window.close()
    assert window.answers.unsaved_asked == asked + 1
    window.answers.save_path = str(tmp_path / "imported")
    window.actions_by_name["save"].trigger()
    assert (tmp_path / "imported.ivrflow").is_file()
    assert window.windowTitle() == "imported.ivrflow — IVR Flow Designer"
    # New gives an "Untitled" document again, not an "Imported flow".
    window.actions_by_name["new"].trigger()
    assert window.windowTitle() == "Untitled — IVR Flow Designer"


def test_a_warning_about_a_step_selects_it_when_clicked(importing, tmp_path) -> None:
    window = importing
    source = write(tmp_path / "late.xml",
                   "<Response>\n<Hangup/>\n<Speak>Never heard.</Speak>\n</Response>\n")
    run_import(window, source)
    dialog = report(window)
    table = dialog.findChild(QTreeWidget, "importWarnings")
    item = table.topLevelItem(0)
    assert item.text(0) == "late.xml, line 3" and item.text(1) == "speak"
    table.itemClicked.emit(item, 2)
    assert window.scene.selected_node_ids() == ["speak"]
