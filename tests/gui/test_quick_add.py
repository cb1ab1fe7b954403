"""Quick-add, driven by keys and mouse: Tab or a tap of Space on the canvas opens the popup at
the mouse, typing filters it, Enter adds the step there (one undo step), Esc closes; a link
dropped on empty canvas offers the steps that can take it and adds the step linked."""

from __future__ import annotations

from gui_helpers import drag, port_point, saved_bytes, to_viewport
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QListWidget

from designer.model import Node


def popup(window) -> QFrame:
    found = window.view.findChild(QFrame, "quickAdd")
    assert found is not None
    return found


def listed(window) -> list[str]:
    return popup(window).shown_types()


def settle(window) -> None:
    """Let the window finish showing (it fits the flow into view once shown), so points
    computed from the scene stay valid."""
    QApplication.processEvents()


def hover(qtbot, window, point: QPoint) -> None:
    """Move the mouse over the canvas without a button pressed. (QTest's mouseMove does not
    reach a child widget on the offscreen platform, so the event is sent as the window
    system would deliver it.)"""
    window.view.setFocus()
    viewport = window.view.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point),
                        QPointF(viewport.mapToGlobal(point)), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def test_tab_on_the_canvas_opens_the_popup_and_enter_adds_at_the_mouse(qtbot, window) -> None:
    settle(window)
    point = to_viewport(window, QPointF(400, 200))
    hover(qtbot, window, point)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert popup(window).isVisible()
    text = popup(window).findChild(QLineEdit, "quickAddText")
    assert text.hasFocus()
    # Every palette step is offered, and typing narrows the list (fuzzy).
    catalog = window.document.catalog
    assert listed(window) == [e.type for c in catalog.categories for e in catalog.palette(c.id)]
    qtbot.keyClicks(text, "gd")
    assert listed(window)[0] == "GetDigits"
    help_text = popup(window).findChild(QLabel, "quickAddHelp").text()
    assert help_text == window.document.catalog.element("GetDigits").help
    stack = window.document.undo_stack
    qtbot.keyClick(text, Qt.Key.Key_Return)
    assert not popup(window).isVisible()
    assert window.document.flow.nodes["get-digits"].type == "GetDigits"
    card = window.scene.node_items["get-digits"].sceneBoundingRect()
    assert card.contains(window.view.mapToScene(point))  # added where the mouse was
    assert window.scene.selected_node_ids() == ["get-digits"]
    assert stack.count() == 1
    stack.undo()
    assert list(window.document.flow.nodes) == ["start"]


def test_arrow_keys_choose_in_the_list_and_esc_closes_without_adding(qtbot, window) -> None:
    hover(qtbot, window, QPoint(300, 300))
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    text = popup(window).findChild(QLineEdit, "quickAddText")
    qtbot.keyClicks(text, "say")
    choices = listed(window)
    assert len(choices) >= 2
    qtbot.keyClick(text, Qt.Key.Key_Down)
    assert popup(window).findChild(QListWidget, "quickAddList").currentRow() == 1
    qtbot.keyClick(text, Qt.Key.Key_Return)
    chosen = choices[1]
    assert [n.type for n in window.document.flow.nodes.values()] == ["Start", chosen]
    before = saved_bytes(window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(popup(window).findChild(QLineEdit, "quickAddText"), Qt.Key.Key_Escape)
    assert not popup(window).isVisible()
    assert window.view.hasFocus()
    assert saved_bytes(window) == before


def test_a_tap_of_space_opens_it_but_space_with_a_drag_pans(qtbot, window) -> None:
    view = window.view
    hover(qtbot, window, QPoint(300, 300))
    qtbot.keyPress(view, Qt.Key.Key_Space)
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert popup(window).isVisible()
    qtbot.keyClick(popup(window).findChild(QLineEdit, "quickAddText"), Qt.Key.Key_Escape)
    centre = view.mapToScene(view.viewport().rect().center())
    qtbot.keyPress(view, Qt.Key.Key_Space)
    drag(qtbot, window, QPoint(400, 400), QPoint(300, 350))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert not popup(window).isVisible()
    assert view.mapToScene(view.viewport().rect().center()) != centre  # it panned


def test_no_match_says_so_and_enter_adds_nothing(qtbot, window) -> None:
    hover(qtbot, window, QPoint(300, 300))
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    text = popup(window).findChild(QLineEdit, "quickAddText")
    qtbot.keyClicks(text, "zzqx")
    assert listed(window) == []
    assert "No step matches" in popup(window).findChild(QLabel, "quickAddHelp").text()
    qtbot.keyClick(text, Qt.Key.Key_Return)
    assert list(window.document.flow.nodes) == ["start"]


def test_the_menu_action_opens_it_in_the_middle_of_the_view(qtbot, window) -> None:
    settle(window)
    action = window.actions_by_name["quick-add"]
    assert action.shortcut().toString() == "Tab"
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut  # only on the canvas
    action.trigger()
    assert popup(window).isVisible()
    assert popup(window).geometry().intersects(window.view.rect())
    text = popup(window).findChild(QLineEdit, "quickAddText")
    qtbot.keyClicks(text, "hang up")
    qtbot.keyClick(text, Qt.Key.Key_Enter)
    card = window.scene.node_items["hang-up"].sceneBoundingRect()
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert card.adjusted(-20, -20, 20, 20).contains(centre)


def test_a_link_dropped_on_empty_canvas_adds_the_step_linked_in_one_undo_step(
        qtbot, window) -> None:
    settle(window)
    start = port_point(window, "start", "next")
    drop = start + QPoint(260, 40)
    before = saved_bytes(window)
    drag(qtbot, window, start, drop)
    assert popup(window).isVisible()
    assert "after 'start'" in popup(window).findChild(QLabel, "quickAddTitle").text()
    assert "Start" not in listed(window)
    text = popup(window).findChild(QLineEdit, "quickAddText")
    qtbot.keyClicks(text, "play")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    flow = window.document.flow
    assert flow.nodes["play-audio"].type == "Play"
    assert flow.edge_from("start").target == "play-audio"
    # The new card's input is where the link was dropped.
    input_point = window.scene.node_items["play-audio"].input_scene_pos()
    dropped = window.view.mapToScene(drop)
    assert (input_point - dropped).manhattanLength() <= 12
    assert ("start", "next") in window.scene.edge_items
    stack = window.document.undo_stack
    assert stack.count() == 1
    after = saved_bytes(window)
    stack.undo()
    assert saved_bytes(window) == before
    stack.redo()
    assert saved_bytes(window) == after


def test_a_dropped_link_from_a_taken_exit_is_explained(qtbot, window) -> None:
    start = port_point(window, "start", "next")
    drag(qtbot, window, start, start + QPoint(260, 40))
    text = popup(window).findChild(QLineEdit, "quickAddText")
    qtbot.keyClicks(text, "speak")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    drag(qtbot, window, start, start + QPoint(200, 260))
    assert not popup(window).isVisible()
    assert "already linked" in window.statusBar().currentMessage()


def test_clicking_elsewhere_closes_the_popup(qtbot, window) -> None:
    hover(qtbot, window, QPoint(300, 300))
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert popup(window).isVisible()
    window.palette_widget.filter.setFocus()
    QApplication.processEvents()
    assert not popup(window).isVisible()


def test_an_exit_taken_while_the_popup_was_open_adds_the_step_unlinked(qtbot, window) -> None:
    settle(window)
    start = port_point(window, "start", "next")
    drag(qtbot, window, start, start + QPoint(260, 40))
    assert popup(window).isVisible()
    flow = window.document.flow
    flow.add_node(Node("other", "Hangup"), (0.0, 300.0))
    flow.connect("start", "next", "other")  # as another edit would, meanwhile
    text = popup(window).findChild(QLineEdit, "quickAddText")
    qtbot.keyClicks(text, "speak")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    assert "speak" in flow.nodes and flow.edge_from("start").target == "other"
    assert "no longer free" in window.statusBar().currentMessage()
