"""The canvas driven like a person would: drop a verb from the palette, draw links from exits,
drag cards, rubber-band select, delete, nudge, zoom and pan; then undo and redo everything back
to the exact file bytes."""

from __future__ import annotations

import warnings

from gui_helpers import drag, header_point, port_point, saved_bytes, to_viewport
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QTreeWidget

from designer.gui.commands import SetText
from designer.gui.palette import TYPE_ROLE, verb_mime
from designer.gui.scene.node_item import NodeItem


def drop_verb(window, type_name: str, point: QPoint) -> str:
    """What a drag from the palette delivers to the canvas: enter, then drop. Returns the new
    step's id (the drop selects it)."""
    viewport = window.view.viewport()
    mime = verb_mime(type_name)
    with warnings.catch_warnings():
        # PySide marks this constructor deprecated, but Qt 6 offers no other for this event.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    return window.scene.selected_node_ids()[0]


def beside_start(window, dx: float, dy: float = 0.0) -> QPoint:
    """A point on the canvas, `dx`, `dy` scene units from the Start card's corner."""
    return to_viewport(window, window.scene.node_items["start"].pos() + QPointF(dx, dy))


def palette_types(window) -> list[str]:
    tree = window.palette_widget.findChild(QTreeWidget, "paletteList")
    found = []
    for index in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(index)
        found += [group.child(i).data(0, TYPE_ROLE) for i in range(group.childCount())
                  if not group.child(i).isHidden()]
    return found


def test_palette_lists_every_palette_verb_by_category_and_filters(window) -> None:
    catalog = window.document.catalog
    expected = [e.type for c in catalog.categories for e in catalog.palette(c.id)]
    assert palette_types(window) == expected
    window.palette_widget.filter.setText("get digits")
    assert palette_types(window) == ["GetDigits"]
    window.palette_widget.filter.setText("keypad")
    assert "GetDigits" in palette_types(window) and "Speak" not in palette_types(window)
    window.palette_widget.filter.setText("")
    assert "Start" not in palette_types(window)


def test_drop_a_verb_from_the_palette_adds_it_where_it_is_dropped(window) -> None:
    point = beside_start(window, 350, 60)
    drop_verb(window, "Speak", point)
    flow = window.document.flow
    assert "speak" in flow.nodes and flow.nodes["speak"].type == "Speak"
    item = window.scene.node_items["speak"]
    # The card lands under the mouse, and is selected so the panel shows it.
    assert item.sceneBoundingRect().contains(window.view.mapToScene(point))
    assert window.scene.selected_node_ids() == ["speak"]
    assert window.document.undo_stack.count() == 1


def test_double_click_in_the_palette_adds_at_the_centre(qtbot, window) -> None:
    item = window.palette_widget.verb_item("Record")
    tree = window.palette_widget.tree
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [n.type for n in window.document.flow.nodes.values()] == ["Start", "Record"]
    card = window.scene.node_items["record"].sceneBoundingRect()
    center = window.view.mapToScene(window.view.viewport().rect().center())
    assert card.adjusted(-60, -60, 60, 60).contains(center)


def test_connect_two_steps_by_dragging_from_an_exit(qtbot, window) -> None:
    drop_verb(window, "Speak", beside_start(window, 400, 0))
    drag(qtbot, window, port_point(window, "start", "next"), header_point(window, "speak"))
    assert window.document.flow.edge_from("start").target == "speak"
    assert ("start", "next") in window.scene.edge_items
    assert window.scene.node_items["start"].ports[0].connected


def test_an_illegal_link_is_refused_with_the_reason_in_the_status_bar(qtbot, window) -> None:
    drop_verb(window, "Speak", beside_start(window, 400, 0))
    before = saved_bytes(window)
    drag(qtbot, window, port_point(window, "speak", "next"), header_point(window, "start"))
    assert saved_bytes(window) == before
    assert "nothing can lead into it" in window.statusBar().currentMessage()


def test_a_taken_exit_is_refused_too(qtbot, window) -> None:
    drop_verb(window, "Speak", beside_start(window, 350, -50))
    play = drop_verb(window, "Play", beside_start(window, 350, 150))
    drag(qtbot, window, port_point(window, "start", "next"), header_point(window, "speak"))
    drag(qtbot, window, port_point(window, "start", "next"), header_point(window, play))
    assert window.document.flow.edge_from("start").target == "speak"
    assert play not in {e.target for e in window.document.flow.edges}
    assert "already connected" in window.statusBar().currentMessage()


def test_dragging_cards_moves_them_in_one_undo_step(qtbot, window) -> None:
    drop_verb(window, "Speak", beside_start(window, 400, 0))
    stack = window.document.undo_stack
    count = stack.count()
    old = window.document.flow.layout["speak"]
    start = header_point(window, "speak")
    drag(qtbot, window, start, start + QPoint(120, 80), steps=10)
    new = window.document.flow.layout["speak"]
    assert new != old and stack.count() == count + 1
    # Positions snap to the grid.
    assert new[0] % 10 == 0 and new[1] % 10 == 0
    assert window.scene.node_items["speak"].pos() == QPointF(*new)
    stack.undo()
    assert window.document.flow.layout["speak"] == old
    assert window.scene.node_items["speak"].pos() == QPointF(*old)


def test_rubber_band_selects_and_delete_removes_and_undo_restores(qtbot, window) -> None:
    drop_verb(window, "Speak", beside_start(window, 420, 0))
    play = drop_verb(window, "Play", beside_start(window, 700, 0))
    drag(qtbot, window, port_point(window, "speak", "next"), header_point(window, play))
    before = saved_bytes(window)
    corner = to_viewport(window, window.scene.node_items["speak"].sceneBoundingRect()
                         .topLeft() - QPointF(30, 30))
    far = to_viewport(window, window.scene.node_items[play].sceneBoundingRect()
                      .bottomRight() + QPointF(30, 30))
    drag(qtbot, window, corner, far)
    assert sorted(window.scene.selected_node_ids()) == sorted([play, "speak"])
    window.actions_by_name["delete"].trigger()
    assert sorted(window.document.flow.nodes) == ["start"]
    assert window.document.flow.edges == []
    window.actions_by_name["undo"].trigger()
    assert saved_bytes(window) == before


def test_clicking_a_link_selects_it_and_delete_removes_only_it(qtbot, window) -> None:
    drop_verb(window, "Speak", beside_start(window, 500, 120))
    drag(qtbot, window, port_point(window, "start", "next"), header_point(window, "speak"))
    edge = window.scene.edge_items[("start", "next")]
    middle = to_viewport(window, edge.path().pointAtPercent(0.5))
    window.scene.clearSelection()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert edge.isSelected()
    window.actions_by_name["delete"].trigger()
    assert window.document.flow.edges == []
    assert sorted(window.document.flow.nodes) == ["speak", "start"]


def test_arrow_keys_nudge_and_merge_into_one_step(qtbot, window) -> None:
    window.scene.select_only(["start"])
    window.view.setFocus()
    stack = window.document.undo_stack
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.document.flow.layout["start"] == (30.0, 50.0)
    assert stack.count() == 1
    stack.undo()
    assert window.document.flow.layout["start"] == (0.0, 0.0)


def test_wheel_zooms_around_the_cursor_and_fit_shows_the_flow(window) -> None:
    view = window.view
    point = QPointF(200, 150)
    under_before = view.mapToScene(point.toPoint())
    zoom = view.zoom()
    event = QWheelEvent(point, view.viewport().mapToGlobal(point), QPoint(), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() > zoom
    under_after = view.mapToScene(point.toPoint())
    assert (under_after - under_before).manhattanLength() < 4 / view.zoom()
    window.actions_by_name["fit"].trigger()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.flow_rect())
    assert window.actions_by_name["fit"].shortcut().toString() == "Ctrl+0"


def test_middle_drag_pans_without_changing_the_document(qtbot, window) -> None:
    before = saved_bytes(window)
    view = window.view
    center_before = view.mapToScene(view.viewport().rect().center())
    drag(qtbot, window, QPoint(400, 400), QPoint(300, 350), button=Qt.MouseButton.MiddleButton)
    center_after = view.mapToScene(view.viewport().rect().center())
    assert center_after.x() > center_before.x() and center_after.y() > center_before.y()
    assert saved_bytes(window) == before


def test_space_drag_pans(qtbot, window) -> None:
    view = window.view
    view.setFocus()
    center_before = view.mapToScene(view.viewport().rect().center())
    qtbot.keyPress(view, Qt.Key.Key_Space)
    drag(qtbot, window, QPoint(400, 400), QPoint(500, 420))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    center_after = view.mapToScene(view.viewport().rect().center())
    assert center_after.x() < center_before.x()
    assert window.scene.selected_node_ids() == []


def test_steps_with_problems_show_a_badge_with_the_messages(window) -> None:
    play = drop_verb(window, "Play", beside_start(window, 400, 0))
    window.analyzer.run_now()
    item: NodeItem = window.scene.node_items[play]
    assert item.badge is not None and item.badge.severity == "error"
    assert "Audio file URL" in item.badge.toolTip()
    window.document.push(SetText(window.document.flow, play, "https://cdn.example.com/a.mp3"))
    window.analyzer.run_now()
    assert item.badge is None or item.badge.severity != "error"


def test_everything_undone_and_redone_gives_the_exact_bytes(qtbot, support_line) -> None:
    window = support_line
    original = saved_bytes(window)
    view_point = to_viewport(window, window.scene.flow_rect().bottomLeft() + QPointF(100, 150))
    drop_verb(window, "Wait", view_point)
    drag(qtbot, window, port_point(window, "sales", "busy"), header_point(window, "wait"))
    start = header_point(window, "goodbye")
    drag(qtbot, window, start, start + QPoint(40, 60))
    window.scene.select_only(["welcome"])
    window.actions_by_name["delete"].trigger()
    final = saved_bytes(window)
    stack = window.document.undo_stack
    assert stack.count() == 4
    while stack.canUndo():
        window.actions_by_name["undo"].trigger()
    assert saved_bytes(window) == original
    assert not window.document.is_modified
    while stack.canRedo():
        window.actions_by_name["redo"].trigger()
    assert saved_bytes(window) == final
    # The scene shows what the model holds.
    assert set(window.scene.node_items) == set(window.document.flow.nodes)
    assert set(window.scene.edge_items) == {(e.source, e.port) for e in window.document.flow.edges}


def test_far_out_one_overview_draws_the_flow_and_cards_can_still_be_picked(qtbot, window):
    far = drop_verb(window, "Record", beside_start(window, 600, 0))
    window.view.set_zoom(0.1)
    scene = window.scene
    assert scene.far and scene.overview.isVisible()
    assert scene.node_items[far].flags() & scene.node_items[far].GraphicsItemFlag.ItemHasNoContents
    window.view.centerOn(scene.node_items[far].sceneBoundingRect().center())
    scene.clearSelection()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=header_point(window, far))
    assert scene.selected_node_ids() == [far]
    window.view.set_zoom(1.0)
    assert not scene.far and not scene.overview.isVisible()
    assert not scene.node_items[far].flags() & NodeItem.GraphicsItemFlag.ItemHasNoContents
