"""Copy, cut, paste and duplicate through the system clipboard: selected steps with the links
between them and their positions; free ids; offset and selected; one undo step each; between
two windows; bad clipboard content explained in the status bar."""

from __future__ import annotations

import json

import pytest
from gui_helpers import SUPPORT_LINE, saved_bytes
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtWidgets import QApplication

from designer.flowfile.fragment import FRAGMENT_MIME
from designer.gui.main_window import MainWindow


def flow_data(window) -> dict:
    return json.loads(saved_bytes(window))


def links(window) -> set[tuple[str, str, str]]:
    return {(e.source, e.port, e.target) for e in window.document.flow.edges}


def select(window, *node_ids: str) -> None:
    window.scene.select_only(node_ids)


def status(window) -> str:
    return window.statusBar().currentMessage()


@pytest.fixture
def sales(support_line):
    """The support line with its menu and sales steps selected (linked menu → sales)."""
    window = support_line
    flow = window.document.flow
    if not ("menu" in flow.nodes and "sales" in flow.nodes):
        pytest.skip("the support-line example changed")
    select(window, "menu", "sales")
    return window


def test_copy_puts_the_fragment_and_its_text_on_the_clipboard(sales) -> None:
    window = sales
    window.actions_by_name["copy"].trigger()
    mime = QApplication.clipboard().mimeData()
    assert mime.hasFormat(FRAGMENT_MIME)
    data = json.loads(bytes(mime.data(FRAGMENT_MIME).data()).decode())
    assert json.loads(mime.text()) == data
    assert [n["id"] for n in data["nodes"]] == ["menu", "sales"]
    inside = [(e["from"], e.get("port", "next"), e["to"]) for e in data["edges"]]
    assert inside == [(s, p, t) for s, p, t in links(window)
                      if s in ("menu", "sales") and t in ("menu", "sales")]
    assert set(data["layout"]) == {"menu", "sales"}
    assert "Copied 2 steps" in status(window)


def test_paste_adds_renamed_offset_selected_steps_in_one_undo_step(sales) -> None:
    window = sales
    before = saved_bytes(window)
    flow = window.document.flow
    old = {n: flow.layout[n] for n in ("menu", "sales")}
    window.actions_by_name["copy"].trigger()
    window.actions_by_name["paste"].trigger()
    assert {"menu-2", "sales-2"} <= set(flow.nodes)
    assert flow.nodes["menu-2"].choices == flow.nodes["menu"].choices
    assert flow.nodes["sales-2"].children == flow.nodes["sales"].children
    copied_link = next(p for s, p, t in links(window) if s == "menu" and t == "sales")
    assert ("menu-2", copied_link, "sales-2") in links(window)
    # Links to steps outside the copy are not copied.
    assert {t for s, _, t in links(window) if s in ("menu-2", "sales-2")} <= {"sales-2"}
    for node_id in ("menu", "sales"):
        x, y = flow.layout[f"{node_id}-2"]
        assert (x - old[node_id][0], y - old[node_id][1]) == (40.0, 40.0)
    assert sorted(window.scene.selected_node_ids()) == ["menu-2", "sales-2"]
    stack = window.document.undo_stack
    assert stack.undoText() == "Paste 2 steps"
    after = saved_bytes(window)
    stack.undo()
    assert saved_bytes(window) == before
    stack.redo()
    assert saved_bytes(window) == after
    # Pasting again cascades instead of landing on the first copy.
    window.actions_by_name["paste"].trigger()
    assert flow.layout["menu-3"] == (old["menu"][0] + 80.0, old["menu"][1] + 80.0)


def test_cut_removes_in_one_step_and_paste_brings_the_same_ids_back(sales) -> None:
    window = sales
    flow = window.document.flow
    before = saved_bytes(window)
    window.actions_by_name["cut"].trigger()
    assert "menu" not in flow.nodes and "sales" not in flow.nodes
    assert window.document.undo_stack.undoText() == "Cut 2 steps"
    window.actions_by_name["paste"].trigger()
    assert "menu" in flow.nodes and "sales" in flow.nodes  # the ids are free again
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert saved_bytes(window) == before


def test_duplicate_copies_beside_without_touching_the_clipboard(qtbot, sales) -> None:
    window = sales
    QApplication.clipboard().setText("kept")
    action = window.actions_by_name["duplicate"]
    assert action.shortcut().toString() == "Ctrl+D"
    assert "Ctrl+D" not in [k.toString() for k in window.actions_by_name["delete"].shortcuts()]
    count = window.document.undo_stack.count()
    action.trigger()
    assert {"menu-2", "sales-2"} <= set(window.document.flow.nodes)
    assert window.document.undo_stack.count() == count + 1
    assert window.document.undo_stack.undoText() == "Duplicate 2 steps"
    assert QApplication.clipboard().text() == "kept"


def test_keyboard_shortcuts_copy_and_paste_on_the_canvas(qtbot, sales) -> None:
    window = sales
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "menu-2" in window.document.flow.nodes


def test_paste_between_two_windows(qtbot, sales) -> None:
    source = sales
    source.actions_by_name["copy"].trigger()
    other = MainWindow()
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    QApplication.processEvents()
    try:
        other.actions_by_name["paste"].trigger()
        flow = other.document.flow
        assert set(flow.nodes) == {"start", "menu", "sales"}  # free ids there: kept
        assert links(other) == {(s, p, t) for s, p, t in links(source)
                                if s in ("menu", "sales") and t in ("menu", "sales")}
        # Placed where the other window shows them.
        visible = other.view.mapToScene(other.view.viewport().rect()).boundingRect()
        assert visible.intersects(other.scene.node_items["menu"].sceneBoundingRect())
        assert other.document.undo_stack.count() == 1
    finally:
        other.document.undo_stack.setClean()
        other.close()


def test_copied_notes_come_along(qtbot, window) -> None:
    window.comfort.notes.add(QPointF(500, 300), text="Hello")
    window.comfort.notes.editor.finish(True)
    note_id = window.scene.selected_note_ids()[0]
    window.actions_by_name["copy"].trigger()
    window.actions_by_name["paste"].trigger()
    notes = flow_data(window)["notes"]
    assert [n["text"] for n in notes] == ["Hello", "Hello"]
    assert notes[1]["id"] != note_id
    assert window.scene.selected_note_ids() == [notes[1]["id"]]


@pytest.mark.parametrize("text, words", [
    ("just some words", "not valid JSON"),
    ('{"name": "something else"}', "not an IVR flow"),
    ('{"format": "ivr-flow", "version": 1, "nodes": [{"id": "x", "type": "Shout"}]}',
     "unknown type 'Shout'"),
])
def test_bad_clipboard_content_is_explained_never_raised(window, text: str, words: str) -> None:
    before = saved_bytes(window)
    QApplication.clipboard().setText(text)
    window.actions_by_name["paste"].trigger()
    assert saved_bytes(window) == before
    assert status(window).startswith("Cannot paste")
    assert words in status(window)


def test_a_broken_private_fragment_is_explained_too(window) -> None:
    mime = QMimeData()
    mime.setData(FRAGMENT_MIME, b"\xff\xfe{")
    QApplication.clipboard().setMimeData(mime)
    window.actions_by_name["paste"].trigger()
    assert status(window).startswith("Cannot paste")


def test_nothing_selected_or_only_start_is_explained(window) -> None:
    window.scene.clearSelection()
    window.actions_by_name["copy"].trigger()
    assert "Select steps or notes" in status(window)
    select(window, "start")
    window.actions_by_name["copy"].trigger()
    assert "Start is not copied" in status(window)
    QApplication.clipboard().clear()
    window.actions_by_name["paste"].trigger()
    assert "Nothing to paste" in status(window)


def test_a_whole_flow_file_pasted_as_text_keeps_the_one_start(window) -> None:
    if not SUPPORT_LINE.is_file():
        pytest.skip("the support-line example is not there yet")
    QApplication.clipboard().setText(SUPPORT_LINE.read_text(encoding="utf-8"))
    window.actions_by_name["paste"].trigger()
    flow = window.document.flow
    assert [n.id for n in flow.nodes.values() if n.type == "Start"] == ["start"]
    assert len(flow.nodes) > 3
