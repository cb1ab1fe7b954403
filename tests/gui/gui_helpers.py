"""Helpers that drive the editor's canvas with real mouse events, shared by the GUI tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from designer.gui.main_window import MainWindow
from designer.resources import examples_dir

SUPPORT_LINE = examples_dir() / "support-line.ivrflow"


def to_viewport(window: MainWindow, scene_pos: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_pos)


def port_point(window: MainWindow, node_id: str, port: str) -> QPoint:
    return to_viewport(window, window.scene.node_items[node_id].port_scene_pos(port))


def header_point(window: MainWindow, node_id: str) -> QPoint:
    item = window.scene.node_items[node_id]
    return to_viewport(window, item.mapToScene(QPointF(60, 14)))


def drag(qtbot, window: MainWindow, start: QPoint, end: QPoint, steps: int = 6,
         button=Qt.MouseButton.LeftButton,
         modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, button, modifiers, start)
    for index in range(1, steps + 1):
        point = start + (end - start) * (index / steps)
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, button, modifiers, end)


def saved_bytes(window: MainWindow) -> str:
    return window.document.text()


def example(name: str) -> Path:
    path = examples_dir() / name
    if not path.is_file():
        pytest.skip(f"the example {name} is not there yet")
    return path
