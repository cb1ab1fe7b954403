"""A link drawn as a bezier curve from an exit (right edge of a card) to a step's input (left
edge), with an arrowhead. The path is computed when an end moves and cached; painting only
strokes it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.gui.scene.geometry import PORT_RADIUS
from designer.gui.scene.trace import trace_color
from designer.gui.theme import canvas_theme

ARROW = 7.0
HIT_WIDTH = 12.0


def link_path(start: QPointF, end: QPointF) -> QPainterPath:
    """A smooth S-curve leaving `start` to the right and entering `end` from the left; when
    the target is behind the source the curve swings out wider so it stays readable."""
    dx = end.x() - start.x()
    forward = min(150.0, max(25.0, dx * 0.5))
    backward = max(120.0, min(-dx, 400.0) * 0.6)
    reach = forward if dx >= 0 else backward
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x() + reach, start.y()), QPointF(end.x() - reach, end.y()), end)
    return path


class EdgeItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 2

    def __init__(self, source: str, port: str, target: str) -> None:
        super().__init__()
        self.source = source
        self.port = port
        self.target = target
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0)
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        # Set while a link that would replace this one is being dragged.
        self.dimmed = False
        # Set by the scene while a simulated call that took this link is shown.
        self.traced = False

    def type(self) -> int:
        return self.Type

    def set_ends(self, start: QPointF, end: QPointF) -> None:
        self.prepareGeometryChange()
        # The arrow stops at the input port's circle instead of covering it.
        tip = QPointF(end.x() - PORT_RADIUS - 1.0, end.y())
        self._path = link_path(start, QPointF(tip.x() - ARROW + 1, tip.y()))
        self._path.lineTo(tip)
        self._arrow = QPolygonF(
            [tip, QPointF(tip.x() - ARROW * 1.4, tip.y() - ARROW * 0.7),
             QPointF(tip.x() - ARROW * 1.4, tip.y() + ARROW * 0.7)]
        )
        self._shape = None
        self._bounds = self._path.boundingRect().adjusted(-ARROW * 2, -ARROW * 2,
                                                          ARROW * 2, ARROW * 2)

    def path(self) -> QPainterPath:
        return self._path

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(HIT_WIDTH)
            self._shape = stroker.createStroke(self._path)
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = canvas_theme()
        selected = self.isSelected()
        color = theme.edge_selected if selected else theme.edge
        if self.traced and not selected:
            color = trace_color()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        pen = QPen(color, 2.6 if selected or self.traced else 1.8)
        if lod < 0.4:
            # Zoomed far out a link stays one or two screen pixels wide (and cheap to draw).
            pen = QPen(color, 2.0 if selected else 1.0)
            pen.setCosmetic(True)
        if self.dimmed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if lod >= 0.4:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawPolygon(self._arrow)
