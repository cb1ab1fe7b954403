"""Find (Ctrl+F): the find bar finds steps by id, type and text, filters by errors, warnings
and unreachable steps, and Enter / F3 / Shift+F3 step through the matches, selecting and
centring each, with "2 of 5" shown."""

from __future__ import annotations

import pytest
from gui_helpers import saved_bytes
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QToolButton

from designer.gui.commands import AddNode
from designer.model import Node


def bar(window) -> QFrame:
    return window.view.findChild(QFrame, "findBar")


def text(window) -> QLineEdit:
    return bar(window).findChild(QLineEdit, "findText")


def count(window) -> str:
    return bar(window).findChild(QLabel, "findCount").text()


def centred(window, node_id: str) -> bool:
    view = window.view
    centre = view.mapToScene(view.viewport().rect().center())
    return window.scene.node_items[node_id].sceneBoundingRect().adjusted(
        -5, -5, 5, 5).contains(centre)


def add_steps(window) -> None:
    """Three Speak steps far apart, one unreachable and empty (a warning and an error)."""
    flow = window.document.flow
    for index, (node_id, words) in enumerate([("hello", "Hello there"), ("sales", "Sales"),
                                              ("orphan", None)]):
        window.document.push(AddNode(flow, Node(node_id, "Speak", text=words),
                                     (600.0 * (index + 1), 300.0 * index)))
    window.document.flow.connect("start", "next", "hello")
    window.document.flow.connect("hello", "next", "sales")


def test_ctrl_f_opens_the_bar_and_typing_goes_to_the_first_match(qtbot, window) -> None:
    add_steps(window)
    assert window.actions_by_name["find"].shortcut().toString() == "Ctrl+F"
    window.actions_by_name["find"].trigger()
    assert bar(window).isVisible() and text(window).hasFocus()
    qtbot.keyClicks(text(window), "speak")
    assert count(window) == "1 of 3"
    assert window.scene.selected_node_ids() == ["hello"]
    assert centred(window, "hello")
    # Enter goes on, in reading order, and wraps around.
    qtbot.keyClick(text(window), Qt.Key.Key_Return)
    assert count(window) == "2 of 3" and window.scene.selected_node_ids() == ["sales"]
    assert centred(window, "sales")
    qtbot.keyClick(text(window), Qt.Key.Key_Return)
    qtbot.keyClick(text(window), Qt.Key.Key_Return)
    assert count(window) == "1 of 3"
    qtbot.keyClick(text(window), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count(window) == "3 of 3" and window.scene.selected_node_ids() == ["orphan"]


def test_f3_and_shift_f3_step_through_matches(window) -> None:
    add_steps(window)
    next_action = window.actions_by_name["find-next"]
    previous_action = window.actions_by_name["find-previous"]
    assert next_action.shortcut().toString() == "F3"
    assert previous_action.shortcut().toString() == "Shift+F3"
    window.actions_by_name["find"].trigger()
    text(window).setText("hello")
    assert count(window) == "1 of 1"
    text(window).setText("speak")  # the type of three steps
    next_action.trigger()
    assert count(window) == "2 of 3"
    previous_action.trigger()
    previous_action.trigger()
    assert count(window) == "3 of 3"


def test_filters_for_errors_warnings_and_unreachable(qtbot, window) -> None:
    add_steps(window)
    window.actions_by_name["find"].trigger()
    unreachable = bar(window).findChild(QToolButton, "find-unreachable")
    unreachable.click()
    assert window.scene.selected_node_ids() == ["orphan"]
    assert count(window) == "1 of 1"
    unreachable.click()
    errors = bar(window).findChild(QToolButton, "find-errors")
    errors.click()
    diagnostics = window.analyzer.run_now()
    with_errors = {d.node for d in diagnostics if d.severity == "error" and d.node}
    assert "orphan" in with_errors  # a Speak with nothing to say
    assert {m.id for m in bar(window).matches} == with_errors
    # Words narrow the filter.
    text(window).setText("hello")
    assert [m.id for m in bar(window).matches] == [n for n in ["hello"] if n in with_errors]
    warnings = bar(window).findChild(QToolButton, "find-warnings")
    warnings.click()
    assert {m.id for m in bar(window).matches} <= {"hello"}


def test_no_match_is_said_and_esc_closes_back_to_the_canvas(qtbot, window) -> None:
    before = saved_bytes(window)
    window.actions_by_name["find"].trigger()
    qtbot.keyClicks(text(window), "nothing like this")
    assert count(window) == "No matches"
    qtbot.keyClick(text(window), Qt.Key.Key_Return)
    assert window.scene.selected_node_ids() == []
    qtbot.keyClick(text(window), Qt.Key.Key_Escape)
    assert not bar(window).isVisible()
    assert window.view.hasFocus()
    assert saved_bytes(window) == before


def test_matches_follow_edits_to_the_flow(qtbot, window) -> None:
    add_steps(window)
    window.actions_by_name["find"].trigger()
    qtbot.keyClicks(text(window), "sales")
    assert count(window) == "1 of 1"
    window.document.push(AddNode(window.document.flow, Node("sales-2", "Speak"),
                                 (3000.0, 0.0)))
    window.actions_by_name["find-next"].trigger()
    assert count(window) == "2 of 2"
    assert window.scene.selected_node_ids() == ["sales-2"]


def test_the_bar_stays_in_the_top_right_corner(window) -> None:
    window.actions_by_name["find"].trigger()
    QApplication.processEvents()
    view = window.view
    geometry = bar(window).geometry()
    assert geometry.top() < 30 and view.width() - geometry.right() < 30
    window.resize(window.width() - 200, window.height())
    QApplication.processEvents()
    assert view.width() - bar(window).geometry().right() < 30
    assert QPointF(geometry.topLeft()).y() >= 0


def test_up_and_down_in_the_field_step_and_never_move_steps(qtbot, window) -> None:
    add_steps(window)
    window.actions_by_name["find"].trigger()
    qtbot.keyClicks(text(window), "speak")
    before = saved_bytes(window)
    qtbot.keyClick(text(window), Qt.Key.Key_Down)
    assert count(window) == "2 of 3"
    qtbot.keyClick(text(window), Qt.Key.Key_Up)
    qtbot.keyClick(text(window), Qt.Key.Key_Up)
    assert count(window) == "3 of 3"
    assert saved_bytes(window) == before


def test_notes_are_found_by_their_text_in_reading_order(qtbot, window) -> None:
    from designer.gui.commands.notes import AddNote
    from designer.model import Note

    add_steps(window)
    flow = window.document.flow
    window.document.push(AddNote(flow, Note("note-1", "Sales hours are 9 to 5", (300.0, 0.0))))
    window.actions_by_name["find"].trigger()
    text(window).setText("sales")
    found = [(m.kind, m.id) for m in bar(window).matches]
    # The note (x 300) comes before the 'sales' step (x 1200), left to right.
    assert found == [("note", "note-1"), ("step", "sales")]
    assert window.scene.selected_note_ids() == ["note-1"]
    assert window.scene.selected_node_ids() == []
    view = window.view
    centre = view.mapToScene(view.viewport().rect().center())
    assert window.scene.note_items["note-1"].sceneBoundingRect().contains(centre)
    assert count(window) == "1 of 2"
    qtbot.keyClick(text(window), Qt.Key.Key_Return)
    assert window.scene.selected_node_ids() == ["sales"] and count(window) == "2 of 2"
    # Notes have no problems: with a problem filter on, only steps are found.
    bar(window).findChild(QToolButton, "find-errors").click()
    assert all(m.kind == "step" for m in bar(window).matches)


def test_a_match_found_while_zoomed_far_out_is_shown_readable(qtbot, window) -> None:
    from designer.gui.scene.node_item import DETAIL_LOD

    add_steps(window)
    window.view.set_zoom(0.2)  # cards show no text at this zoom
    window.actions_by_name["find"].trigger()
    text(window).setText("sales")
    assert window.view.zoom() == 1.0 and centred(window, "sales")
    # At a readable zoom the view only moves.
    window.view.set_zoom(0.6)
    qtbot.keyClick(text(window), Qt.Key.Key_Return)
    assert window.view.zoom() == pytest.approx(0.6) and centred(window, "sales")
    assert DETAIL_LOD <= 0.6
