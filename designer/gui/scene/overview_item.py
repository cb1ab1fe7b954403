"""The far-zoom drawing of the whole flow in one item.

Zoomed far out (a card a few pixels wide) every card is just two rectangles and every link a
line. Painting 4,000 items one by one then costs more in calls from Qt into Python than in
drawing; this item draws them all with a handful of batched calls instead, while the cards and
links themselves stay in the scene (selectable, movable) with nothing of their own to paint.
Its batches are rebuilt only after the flow changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.gui.scene import geometry as g
from designer.gui.theme import canvas_theme

if TYPE_CHECKING:
    from designer.gui.scene.flow_scene import FlowScene


class OverviewItem(QGraphicsItem):
    def __init__(self, scene: FlowScene) -> None:
        super().__init__()
        self.flow_scene = scene
        self.setZValue(0.5)
        self.setVisible(False)
        self._dirty = True
        self._bounds = QRectF()
        self._bodies: list[QRectF] = []
        self._headers: dict[int, tuple[QColor, list[QRectF]]] = {}
        self._lines: list[QLineF] = []

    def mark_dirty(self) -> None:
        if not self._dirty:
            self._dirty = True
        self._rebuild_bounds()
        self.update()

    def _rebuild_bounds(self) -> None:
        bounds = self.flow_scene.flow_rect().adjusted(-g.MARGIN, -g.MARGIN, g.MARGIN, g.MARGIN)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds

    def _rebuild(self) -> None:
        scene = self.flow_scene
        bodies: list[QRectF] = []
        headers: dict[int, tuple[QColor, list[QRectF]]] = {}
        for item in scene.node_items.values():
            rect = item.card_rect().translated(item.pos())
            bodies.append(rect)
            key = item.accent.rgba()
            headers.setdefault(key, (item.accent, []))[1].append(
                QRectF(rect.x(), rect.y(), rect.width(), g.HEADER))
        lines = []
        for edge in scene.edge_items.values():
            source = scene.node_items.get(edge.source)
            target = scene.node_items.get(edge.target)
            if source is not None and target is not None:
                lines.append(QLineF(source.port_scene_pos(edge.port), target.input_scene_pos()))
        self._bodies, self._headers, self._lines = bodies, headers, lines
        self._dirty = False

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._dirty:
            self._rebuild()
        theme = canvas_theme()
        pen = QPen(theme.edge, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(self._lines)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.card)
        painter.drawRects(self._bodies)
        for color, rects in self._headers.values():
            painter.setBrush(color)
            painter.drawRects(rects)
        selected = [item.card_rect().translated(item.pos())
                    for item in self.flow_scene.selected_node_items()]
        if selected:
            outline = QPen(theme.selection, 2.5)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(selected)
