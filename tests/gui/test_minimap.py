"""The minimap: in the canvas's corner, showing the whole flow and the visible area; a click
or a drag in it moves the view; View → Minimap hides and shows it, remembered; its picture is
rebuilt after the flow changes, never while scrolling or zooming."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QWidget

from designer.gui import editing
from designer.gui.appearance import appearance
from designer.gui.main_window import MainWindow
from designer.gui.minimap import Minimap, map_size
from designer.gui.preferences import DATA_DIR_VARIABLE


def minimap(window: MainWindow) -> Minimap:
    found = window.findChild(QWidget, "minimap")
    assert isinstance(found, Minimap)
    return found


def settle(qtbot, window: MainWindow) -> Minimap:
    mini = minimap(window)
    mini.rebuild()
    qtbot.wait(10)
    return mini


def view_centre(window: MainWindow) -> QPointF:
    return window.view.mapToScene(window.view.viewport().rect().center())


def map_point(mini: Minimap, scene_point: QPointF) -> QPoint:
    return mini._to_map.map(scene_point).toPoint()


def test_it_sits_in_the_canvas_corner_and_shows_the_whole_flow(support_line, qtbot) -> None:
    mini = settle(qtbot, support_line)
    assert mini.isVisible()
    viewport = support_line.view.viewport().geometry()
    assert viewport.contains(mini.geometry())
    # Bottom-right corner.
    assert mini.geometry().right() > viewport.center().x()
    assert mini.geometry().bottom() > viewport.center().y()
    inside = mini.rect().adjusted(2, 2, -2, -2)
    for item in support_line.scene.node_items.values():
        assert inside.contains(map_point(mini, item.sceneBoundingRect().center()))


def test_the_visible_area_is_the_views(support_line, qtbot) -> None:
    mini = settle(qtbot, support_line)
    view = support_line.view
    view.set_zoom(1.0)
    view.center_on_node("menu")
    expected = view.mapToScene(view.viewport().rect()).boundingRect()
    assert mini.visible_rect() == expected
    assert expected.contains(support_line.scene.node_items["menu"].sceneBoundingRect().center())


def test_a_click_centres_the_view_there(support_line, qtbot) -> None:
    mini = settle(qtbot, support_line)
    view = support_line.view
    view.set_zoom(1.0)
    view.center_on_node("start")
    target = support_line.scene.node_items["end"].sceneBoundingRect().center()
    assert (view_centre(support_line) - target).manhattanLength() > 500
    qtbot.mouseClick(mini, Qt.MouseButton.LeftButton, pos=map_point(mini, target))
    # Within what one minimap pixel covers.
    tolerance = 2 / mini._to_map.m11()
    assert (view_centre(support_line) - target).manhattanLength() < tolerance


def test_dragging_moves_the_view_with_the_pointer(support_line, qtbot) -> None:
    mini = settle(qtbot, support_line)
    view = support_line.view
    view.set_zoom(1.0)
    view.center_on_node("welcome")
    before = view_centre(support_line)
    start = map_point(mini, before)
    qtbot.mousePress(mini, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(mini, start + QPoint(20, 0))
    qtbot.mouseMove(mini, start + QPoint(40, 6))
    qtbot.mouseRelease(mini, Qt.MouseButton.LeftButton, pos=start + QPoint(40, 6))
    moved = view_centre(support_line) - before
    scale = mini._to_map.m11()
    assert moved.x() == pytest.approx(40 / scale, abs=3 / scale)
    assert moved.y() == pytest.approx(6 / scale, abs=3 / scale)
    assert not support_line.document.is_modified  # panning is not an edit


def test_scrolling_and_zooming_do_not_rebuild_the_picture_but_edits_do(support_line,
                                                                      qtbot) -> None:
    mini = settle(qtbot, support_line)
    built = mini.rebuilds
    view = support_line.view
    for zoom in (0.5, 1.0, 1.5):
        view.set_zoom(zoom)
        view.center_on_node("menu")
        mini.repaint()
    assert mini.rebuilds == built
    wait_id = editing.add_verb(support_line.document, "Wait", (2400.0, 900.0))
    qtbot.waitUntil(lambda: mini.rebuilds > built, timeout=2000)
    # The new step widened the flow: it is inside the minimap too.
    item = support_line.scene.node_items[wait_id]
    assert mini.rect().contains(map_point(mini, item.sceneBoundingRect().center()))


def test_view_menu_toggles_it(window) -> None:
    action = window.actions_by_name["minimap"]
    assert action.objectName() == "action-minimap" and action.isCheckable()
    assert action in window.view_menu.actions()
    assert action.isChecked() and minimap(window).isVisible()
    action.trigger()
    assert not action.isChecked() and not minimap(window).isVisible()
    action.trigger()
    assert minimap(window).isVisible()


def test_the_choice_is_remembered(tmp_path: Path, monkeypatch, qtbot) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path))
    first = MainWindow()
    qtbot.addWidget(first)
    first.actions_by_name["minimap"].trigger()
    assert not first.actions_by_name["minimap"].isChecked()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert not second.actions_by_name["minimap"].isChecked()
    assert not minimap(second).isVisible()


def test_it_follows_the_theme(support_line, qtbot) -> None:
    mini = settle(qtbot, support_line)
    light = mini.grab().toImage().pixelColor(mini.width() // 2, 4)
    try:
        appearance().set_mode("dark", remember=False)
        dark = mini.grab().toImage().pixelColor(mini.width() // 2, 4)
    finally:
        appearance().set_mode("system", remember=False)
    assert dark.lightness() < 60 < light.lightness()


@pytest.mark.parametrize("width, height", [(10_000, 100), (100, 10_000), (1000, 700), (1, 1)])
def test_its_shape_follows_the_flow_within_bounds(width, height) -> None:
    map_width, map_height = map_size(width, height)
    assert 120 <= map_width <= 260 and 90 <= map_height <= 200
    if width > 2 * height:
        assert map_width > map_height
    if height > 2 * width:
        assert map_height > map_width
