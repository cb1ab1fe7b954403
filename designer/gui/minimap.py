"""The minimap: an overview of the whole flow in the canvas's bottom-right corner, with the
visible area as a rectangle; click or drag in it to move the view.

It stays cheap with thousands of steps: the flow is drawn once into a cached pixmap with a few
batched calls (one per category colour), rebuilt a moment after the flow changes; a repaint
(scrolling, zooming) only copies that pixmap and draws one rectangle. It is a child of the
view, not of its viewport, because scrolling a viewport moves its child widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QWidget

from designer.gui.appearance import follow
from designer.gui.scene import geometry as g
from designer.gui.theme import canvas_theme

if TYPE_CHECKING:
    from designer.gui.view import FlowView

# The minimap takes the flow's shape, within these bounds, at about this many pixels.
AREA = 220 * 150
MIN_WIDTH, MAX_WIDTH = 120, 260
MIN_HEIGHT, MAX_HEIGHT = 90, 200
MARGIN = 12  # from the canvas's edges
INSET = 8  # inside the minimap, around the flow
REBUILD_DELAY_MS = 120
# Around the flow, so its edge cards are not glued to the frame.
WORLD_PAD = 120.0


class Minimap(QWidget):
    def __init__(self, view: FlowView) -> None:
        super().__init__(view)
        self.view = view
        self.flow_scene = view.flow_scene
        self.setObjectName("minimap")
        self.setAccessibleName("minimap")
        self.setToolTip("Overview of the flow: click or drag to move the view")
        self.setFixedSize(220, 150)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._pixmap: QPixmap | None = None
        self._dirty = True
        self._to_map = QTransform()
        self._grab: QPointF | None = None  # scene offset of the view's centre while dragging
        self.rebuilds = 0  # for tests and the benchmark
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.rebuild)
        view.horizontalScrollBar().valueChanged.connect(self._view_moved)
        view.verticalScrollBar().valueChanged.connect(self._view_moved)
        view.zoom_changed.connect(self._view_moved)
        document = view.document
        document.changed.connect(self._flow_changed)
        document.replaced.connect(self._flow_changed)
        follow(self, self._colours_changed)
        self._watcher = _ResizeWatcher(self)
        view.installEventFilter(self._watcher)
        self.place()
        self.raise_()

    # -- keeping up -----------------------------------------------------------------------------

    def place(self) -> None:
        area = self.view.viewport().geometry()
        self.move(area.right() - self.width() - MARGIN + 1,
                  area.bottom() - self.height() - MARGIN + 1)

    def _alive(self) -> bool:
        return shiboken6.isValid(self)

    def _view_moved(self, *_args) -> None:
        if self._alive() and self.isVisible():
            self.update()

    def _flow_changed(self, *_args) -> None:
        if self._alive():
            self._dirty = True
            if self.isVisible():
                self._timer.start()

    def _colours_changed(self, _dark: bool) -> None:
        if self._alive():
            self._dirty = True
            self.rebuild()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.place()
        if self._dirty:
            self.rebuild()

    # -- the cached drawing of the flow ---------------------------------------------------------

    def world_rect(self) -> QRectF:
        """The scene area the minimap shows: the flow with a margin."""
        return self._gather().world

    def _gather(self) -> _Shapes:
        """The flow as the minimap draws it, read straight from the items' positions and
        cached link paths (no per-item scene mapping: this runs over every step)."""
        scene = self.flow_scene
        shapes = _Shapes()
        for item in scene.node_items.values():
            pos = item.pos()
            shapes.cards.append((QRectF(pos.x(), pos.y(), g.WIDTH, item.height), item.accent))
        shapes.notes = [item.sceneBoundingRect() for item in scene.note_items.values()]
        for edge in scene.edge_items.values():
            path = edge.path()
            if path.elementCount() > 1:
                first = path.elementAt(0)
                shapes.lines.append(QLineF(QPointF(first.x, first.y), path.currentPosition()))
        bounds = QRectF()
        if shapes.cards:
            xs = [rect.x() for rect, _ in shapes.cards]
            ys = [rect.y() for rect, _ in shapes.cards]
            bottoms = [rect.bottom() for rect, _ in shapes.cards]
            bounds = QRectF(min(xs), min(ys), max(xs) + g.WIDTH - min(xs),
                            max(bottoms) - min(ys))
        for note in shapes.notes:
            bounds = bounds.united(note)
        if bounds.isNull():
            bounds = QRectF(-400, -300, 800, 600)
        shapes.world = bounds.adjusted(-WORLD_PAD, -WORLD_PAD, WORLD_PAD, WORLD_PAD)
        return shapes

    def rebuild(self) -> None:
        if not self._alive():
            return
        self._timer.stop()
        shapes = self._gather()
        world = shapes.world
        width, height = map_size(world.width(), world.height())
        if (width, height) != (self.width(), self.height()):
            self.setFixedSize(width, height)
            self.place()
        inner = QRectF(INSET, INSET, width - 2 * INSET, height - 2 * INSET)
        scale = min(inner.width() / world.width(), inner.height() / world.height())
        dx = inner.x() + (inner.width() - world.width() * scale) / 2 - world.x() * scale
        dy = inner.y() + (inner.height() - world.height() * scale) / 2 - world.y() * scale
        self._to_map = QTransform(scale, 0, 0, scale, dx, dy)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(int(width * ratio), int(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            self._draw_flow(painter, shapes, scale)
        finally:
            painter.end()
        self._pixmap = pixmap
        self._dirty = False
        self.rebuilds += 1
        self.update()

    def _draw_flow(self, painter: QPainter, shapes: _Shapes, scale: float) -> None:
        theme = canvas_theme()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.minimap_border, 1))
        painter.setBrush(theme.minimap_background)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setClipRect(self._inside())
        painter.setTransform(self._to_map)
        if shapes.notes:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.note)
            painter.drawRects(shapes.notes)
        # Below a few pixels a header strip cannot be told apart: colour the whole card, and
        # keep the links faint so they do not hide the cards.
        whole = g.WIDTH * scale < 12
        edge = QColor(theme.edge)
        if whole:
            edge.setAlpha(110)
        pen = QPen(edge, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(shapes.lines)
        painter.setPen(Qt.PenStyle.NoPen)
        headers: dict[int, tuple[QColor, list[QRectF]]] = {}
        for rect, accent in shapes.cards:
            strip = rect if whole else QRectF(rect.x(), rect.y(), g.WIDTH, g.HEADER)
            headers.setdefault(accent.rgba(), (accent, []))[1].append(strip)
        if not whole:
            painter.setBrush(theme.card)
            painter.drawRects([rect for rect, _ in shapes.cards])
        for color, rects in headers.values():
            painter.setBrush(color)
            painter.drawRects(rects)

    # -- painting and panning -------------------------------------------------------------------

    def visible_rect(self) -> QRectF:
        """The part of the scene the canvas shows, in scene coordinates."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is None:
            self.rebuild()
        painter = QPainter(self)
        if self._pixmap is not None:
            painter.drawPixmap(0, 0, self._pixmap)
        theme = canvas_theme()
        frame = self._to_map.mapRect(self.visible_rect()).intersected(self._inside())
        if not frame.isEmpty():
            fill = QColor(theme.minimap_viewport)
            fill.setAlpha(38)
            painter.setPen(QPen(theme.minimap_viewport, 1.5))
            painter.setBrush(fill)
            painter.drawRect(frame)
        painter.end()

    def _inside(self) -> QRectF:
        return QRectF(self.rect()).adjusted(2, 2, -2, -2)

    def scene_point(self, pos: QPointF) -> QPointF:
        inverse, _ok = self._to_map.inverted()
        return inverse.map(pos)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        point = self.scene_point(event.position())
        visible = self.visible_rect()
        # Grabbing the rectangle moves it from where it was grabbed; a click elsewhere
        # centres the view there.
        self._grab = visible.center() - point if visible.contains(point) else QPointF()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self._pan_to(point)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._grab is not None:
            self._pan_to(self.scene_point(event.position()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._grab = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()  # not a double-click on the canvas under it

    def wheelEvent(self, event) -> None:
        event.accept()  # zooming around a point under the minimap would surprise

    def _pan_to(self, point: QPointF) -> None:
        self.view.centerOn(point + (self._grab or QPointF()))
        self.update()


@dataclass
class _Shapes:
    cards: list[tuple[QRectF, QColor]] = field(default_factory=list)
    notes: list[QRectF] = field(default_factory=list)
    lines: list[QLineF] = field(default_factory=list)
    world: QRectF = field(default_factory=QRectF)


def map_size(width: float, height: float) -> tuple[int, int]:
    """The minimap's size for a flow of `width` × `height`: about AREA pixels in the flow's
    proportions, within the bounds."""
    aspect = max(width, 1.0) / max(height, 1.0)
    map_width = min(MAX_WIDTH, max(MIN_WIDTH, round((AREA * aspect) ** 0.5)))
    map_height = min(MAX_HEIGHT, max(MIN_HEIGHT, round((AREA / aspect) ** 0.5)))
    return map_width, map_height


class _ResizeWatcher(QObject):
    """Keeps the minimap in its corner when the canvas changes size."""

    def __init__(self, minimap: Minimap) -> None:
        super().__init__(minimap)
        self.minimap = minimap

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.minimap.place()
        return False
