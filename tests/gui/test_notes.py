"""Sticky notes: add one, edit its text in place, move it, resize it by its corner, delete it;
each one undo step, saved in the file's `notes`, and undo/redo give back the exact bytes
(also for random sequences of note edits)."""

from __future__ import annotations

import json

from gui_helpers import drag, saved_bytes, to_viewport
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from designer.gui.commands.notes import AddNote, RemoveNote, UpdateNote
from designer.gui.document import Document
from designer.model import Note


def editor(window) -> QPlainTextEdit | None:
    """The note editor on screen (earlier ones may linger, hidden, until deleted)."""
    for found in window.view.viewport().findChildren(QPlainTextEdit, "noteEditor"):
        if found.isVisible():
            return found
    return None


def saved_notes(window) -> list[dict]:
    return json.loads(saved_bytes(window))["notes"]


AWAY_FROM_START = QPointF(420, 260)


def add_note(qtbot, window, text: str, at: QPointF | None = AWAY_FROM_START) -> str:
    """Add a note (by the menu action when `at` is None: in the middle of the view, which
    in a new flow is over Start; elsewhere by default, to click it) and type its text."""
    QApplication.processEvents()
    if at is None:
        window.actions_by_name["add-note"].trigger()
    else:
        window.comfort.notes.add(at)
    box = editor(window)
    assert box is not None and box.hasFocus()
    assert box.textCursor().selectedText() == "Note"  # typing replaces the placeholder
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor(window) is None
    return window.scene.selected_note_ids()[0]


def body_point(window, note_id: str):
    item = window.scene.note_items[note_id]
    return to_viewport(window, item.mapToScene(QPointF(30, 30)))


def grip_point(window, note_id: str):
    item = window.scene.note_items[note_id]
    width, height = item.size
    return to_viewport(window, item.mapToScene(QPointF(width - 5, height - 5)))


def test_add_a_note_type_its_text_and_undo_both_steps(qtbot, window) -> None:
    before = saved_bytes(window)
    note_id = add_note(qtbot, window, "Sales hours are 9 to 5", at=None)
    assert note_id == "note-1"
    notes = saved_notes(window)
    assert [(n["id"], n["text"], n["size"]) for n in notes] == [
        ("note-1", "Sales hours are 9 to 5", [200, 80])]
    # Placed in the middle of the view.
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert window.scene.note_items["note-1"].sceneBoundingRect().contains(centre)
    stack = window.document.undo_stack
    assert stack.count() == 2  # adding, then the text
    after = saved_bytes(window)
    stack.undo()
    assert saved_notes(window)[0]["text"] == "Note"
    stack.undo()
    assert saved_bytes(window) == before
    stack.redo()
    stack.redo()
    assert saved_bytes(window) == after
    assert window.scene.note_items["note-1"].text == "Sales hours are 9 to 5"


def test_double_click_edits_and_esc_drops_the_change(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "First")
    before, count = saved_bytes(window), window.document.undo_stack.count()
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=body_point(window, note_id))
    box = editor(window)
    assert box is not None and box.toPlainText() == "First"
    assert window.scene.note_items[note_id].editing  # the note hides its text under the box
    qtbot.keyClicks(box, " and more")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert editor(window) is None
    assert saved_bytes(window) == before and window.document.undo_stack.count() == count
    assert not window.scene.note_items[note_id].editing


def test_leaving_the_editor_keeps_the_text(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Draft")
    window.comfort.notes.edit(note_id)
    box = editor(window)
    box.selectAll()
    qtbot.keyClicks(box, "Final")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # a plain Enter is a new line
    qtbot.keyClicks(box, "second line")
    window.palette_widget.filter.setFocus()
    QApplication.processEvents()
    assert editor(window) is None
    assert saved_notes(window)[0]["text"] == "Final\nsecond line"


def test_drag_moves_a_note_in_one_step_snapped(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Move me")
    before = saved_bytes(window)
    old = saved_notes(window)[0]["at"]
    start = body_point(window, note_id)
    drag(qtbot, window, start, start + type(start)(90, 60), steps=8)
    new = saved_notes(window)[0]["at"]
    assert new != old and new[0] % 10 == 0 and new[1] % 10 == 0
    assert window.document.undo_stack.undoText() == "Move a note"
    window.document.undo_stack.undo()
    assert saved_bytes(window) == before


def test_drag_the_corner_resizes_in_one_step(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Resize me")
    before = saved_bytes(window)
    start = grip_point(window, note_id)
    drag(qtbot, window, start, start + type(start)(120, 70), steps=8)
    width, height = saved_notes(window)[0]["size"]
    assert width > 200 and height > 80
    assert saved_notes(window)[0]["at"] == json.loads(before)["notes"][0]["at"]
    assert window.document.undo_stack.undoText() == "Resize a note"
    window.document.undo_stack.undo()
    assert saved_bytes(window) == before
    # Never smaller than readable.
    drag(qtbot, window, grip_point(window, note_id), body_point(window, note_id), steps=8)
    assert saved_notes(window)[0]["size"][0] >= 100


def test_click_selects_a_note_and_delete_removes_it_undoably(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Delete me")
    window.scene.clearSelection()
    before = saved_bytes(window)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=body_point(window, note_id))
    assert window.scene.selected_note_ids() == [note_id]
    window.actions_by_name["delete"].trigger()
    assert saved_notes(window) == []
    assert window.document.undo_stack.undoText() == "Delete a note"
    window.document.undo_stack.undo()
    assert saved_bytes(window) == before


def test_notes_of_a_file_are_shown_and_editable(qtbot, window, tmp_path) -> None:
    path = tmp_path / "noted.ivrflow"
    path.write_text(json.dumps({
        "format": "ivr-flow", "version": 1, "name": "Noted",
        "nodes": [{"id": "start", "type": "Start"}],
        "notes": [{"id": "about", "text": "Read me", "at": [300, 40], "size": [240, 90]}],
    }), encoding="utf-8")
    assert window.open_path(path)
    QApplication.processEvents()
    item = window.scene.note_items["about"]
    assert item.pos() == QPointF(300, 40) and item.size == (240.0, 90.0)
    window.comfort.notes.edit("about")
    box = editor(window)
    box.selectAll()
    qtbot.keyClicks(box, "Read me first")
    qtbot.keyClick(box, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert saved_notes(window) == [{"id": "about", "text": "Read me first", "at": [300, 40],
                                    "size": [240, 90]}]


# -- random sequences of note edits: undo and redo to the exact bytes ------------------------

TEXTS = st.text(alphabet="ab \nz&<é", max_size=10)
NUMBERS = st.integers(-400, 400).map(float)


@st.composite
def note_command(draw, document: Document):
    flow = document.flow
    ids = [n.id for n in flow.notes]
    kind = draw(st.sampled_from(["add", "text", "move", "resize", "remove"] if ids else ["add"]))
    if kind == "add":
        number = len(flow.notes) + 1
        while f"note-{number}" in ids:
            number += 1
        return AddNote(flow, Note(f"note-{number}", draw(TEXTS), (draw(NUMBERS), draw(NUMBERS)),
                                  (200.0, 80.0)))
    note_id = draw(st.sampled_from(ids))
    if kind == "text":
        return UpdateNote(flow, note_id, text=draw(TEXTS))
    if kind == "move":
        return UpdateNote(flow, note_id, at=(draw(NUMBERS), draw(NUMBERS)))
    if kind == "resize":
        return UpdateNote(flow, note_id, size=(draw(NUMBERS) + 500, draw(NUMBERS) + 500))
    return RemoveNote(flow, note_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_note_edits_undo_and_redo_to_the_exact_bytes(qapp, data) -> None:
    document = Document()
    document.flow.notes.append(Note("about", "kept", (0, 480), (440, 120)))
    states = [document.text()]
    for _ in range(data.draw(st.integers(1, 12))):
        document.push(data.draw(note_command(document)))
        states.append(document.text())
    stack = document.undo_stack
    for expected in reversed(states[:-1]):
        stack.undo()
        assert document.text() == expected
    for expected in states[1:]:
        stack.redo()
        assert document.text() == expected


def test_the_corner_grip_shows_a_resize_pointer(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Grip")
    viewport = window.view.viewport()
    for point, shape in ((grip_point(window, note_id), Qt.CursorShape.SizeFDiagCursor),
                         (body_point(window, note_id), Qt.CursorShape.ArrowCursor)):
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(point),
                           QPointF(viewport.mapToGlobal(point)), Qt.MouseButton.NoButton,
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, move)
        assert viewport.cursor().shape() == shape


def test_the_rubber_band_selects_notes_it_touches(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Band me")
    window.scene.clearSelection()
    rect = window.scene.note_items[note_id].sceneBoundingRect()
    corner = to_viewport(window, rect.bottomRight() + QPointF(40, 40))
    inside = to_viewport(window, rect.center())
    drag(qtbot, window, corner, inside)  # from empty canvas into the note
    assert window.scene.selected_note_ids() == [note_id]
    assert window.scene.selected_node_ids() == []
    # Shift adds to what is selected: a second band over Start keeps the note.
    start = window.scene.node_items["start"].sceneBoundingRect()
    drag(qtbot, window, to_viewport(window, start.topLeft() - QPointF(20, 20)),
         to_viewport(window, start.center()), modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert window.scene.selected_note_ids() == [note_id]
    assert window.scene.selected_node_ids() == ["start"]


def test_select_all_takes_notes_too_and_the_keyboard_moves_and_deletes_them(
    qtbot, window
) -> None:
    note_id = add_note(qtbot, window, "Keys only")
    window.scene.clearSelection()
    before = saved_bytes(window)
    at = saved_notes(window)[0]["at"]
    start = window.document.flow.layout["start"]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.scene.selected_note_ids() == [note_id]
    assert window.scene.selected_node_ids() == ["start"]
    for _ in range(2):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert saved_notes(window)[0]["at"] == [at[0] + 20, at[1] + 10]
    assert window.document.flow.layout["start"] == (start[0] + 20, start[1] + 10)
    assert window.scene.note_items[note_id].pos() == QPointF(at[0] + 20, at[1] + 10)
    stack = window.document.undo_stack
    assert stack.undoText() == "Move 1 step and 1 note"  # three nudges, one undo step
    stack.undo()
    assert saved_bytes(window) == before
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert saved_notes(window) == [] and list(window.document.flow.nodes) == []
    stack.undo()
    assert saved_bytes(window) == before


def test_dragging_a_card_or_a_note_moves_the_whole_selection_in_one_step(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Come along")
    before = saved_bytes(window)
    at = saved_notes(window)[0]["at"]
    stack = window.document.undo_stack
    window.actions_by_name["select-all"].trigger()
    # By the card: the note comes along.
    card = to_viewport(window, window.scene.node_items["start"].sceneBoundingRect().center())
    drag(qtbot, window, card, card + type(card)(100, 60), steps=8)
    dx, dy = window.document.flow.layout["start"]
    assert (dx, dy) != (0.0, 0.0)
    assert saved_notes(window)[0]["at"] == [at[0] + dx, at[1] + dy]
    assert stack.undoText() == "Move 1 step and 1 note"
    stack.undo()
    assert saved_bytes(window) == before
    assert window.scene.note_items[note_id].pos() == QPointF(*at)
    # By the note: the card comes along.
    window.actions_by_name["select-all"].trigger()
    start = body_point(window, note_id)
    drag(qtbot, window, start, start + type(start)(-60, 90), steps=8)
    new = saved_notes(window)[0]["at"]
    assert new != at
    assert window.document.flow.layout["start"] == (new[0] - at[0], new[1] - at[1])
    assert window.scene.node_items["start"].pos() == QPointF(new[0] - at[0], new[1] - at[1])
    stack.undo()
    assert saved_bytes(window) == before


def test_the_band_must_reach_the_note_itself(qtbot, window) -> None:
    note_id = add_note(qtbot, window, "Not yet")
    window.scene.clearSelection()
    item = window.scene.note_items[note_id]
    shown = item.mapRectToScene(item.rect())
    below = shown.bottomRight() + QPointF(60, 60)
    # Stop 2 units short of the note's right and bottom edges: nothing is selected.
    drag(qtbot, window, to_viewport(window, below),
         to_viewport(window, shown.bottomRight() + QPointF(2, 2)))
    assert window.scene.selected_note_ids() == []
