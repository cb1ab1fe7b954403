"""The canvas widget: zoom (wheel, around the cursor), pan, keyboard nudges, drops from the
palette, a cached dot grid, and dispatch of mouse drags to the gestures in `interactions`."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from designer.gui import editing
from designer.gui.document import Document
from designer.gui.hooks import Hook
from designer.gui.interactions import (
    Interaction,
    MoveInteraction,
    NewLinkInteraction,
    PanInteraction,
    RubberBandInteraction,
)
from designer.gui.note_gestures import note_interaction
from designer.gui.scene import geometry as g
from designer.gui.scene.flow_scene import FlowScene
from designer.gui.scene.node_item import DETAIL_LOD
from designer.gui.theme import canvas_theme

VERB_MIME = "application/x-ivr-designer-verb"
MIN_ZOOM = 0.03
MAX_ZOOM = 2.5
GRID_MIN_ZOOM = 0.35
NUDGE = g.GRID / 2
BIG_NUDGE = g.GRID * 2.5


class FlowView(QGraphicsView):
    def __init__(self, scene: FlowScene, document: Document, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.flow_scene = scene
        self.document = document
        self.message = Hook()  # status-bar text (empty clears)
        self.zoom_changed = Hook()  # the new scale
        self.node_activated = Hook()  # a card was double-clicked: its id
        self.link_dropped = Hook()  # a new link released on empty canvas: source, port, pos
        self.note_activated = Hook()  # a note was double-clicked: its id
        self.setObjectName("canvas")
        self.setAccessibleName("canvas")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._interaction: Interaction | None = None
        self._space = False

    # -- zoom ---------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, value: float, anchor: QPoint | None = None) -> None:
        """Zoom to `value`, keeping the scene point under `anchor` (a viewport position;
        default the centre) where it is."""
        value = min(MAX_ZOOM, max(MIN_ZOOM, value))
        factor = value / self.zoom()
        if abs(factor - 1) < 1e-6:
            return
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        fixed = self.mapToScene(anchor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor, factor)
        self.flow_scene.set_zoom(self.zoom())
        drift = self.mapFromScene(fixed) - anchor
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setValue(horizontal.value() + drift.x())
        vertical.setValue(vertical.value() + drift.y())
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def fit_flow(self) -> None:
        rect = self.flow_scene.flow_rect()
        if rect.isNull():
            rect = QRectF(-200, -150, 400, 300)
        rect = rect.adjusted(-60, -60, 60, 60)
        view = self.viewport().rect()
        if view.width() < 10 or view.height() < 10:
            return
        scale = min(view.width() / rect.width(), view.height() / rect.height())
        # A small flow is shown at its natural size, not blown up.
        self.set_zoom(min(scale, 1.0))
        self.centerOn(rect.center())

    def center_on_node(self, node_id: str) -> None:
        item = self.flow_scene.node_items.get(node_id)
        if item is not None:
            self.reveal(item.sceneBoundingRect())

    def reveal(self, rect: QRectF) -> None:
        """Centre `rect` (a step or note being pointed out: a find, a problem) and make it
        readable: zoomed out so far that cards lose their texts, come back to 100 %."""
        if self.zoom() < DETAIL_LOD:
            self.set_zoom(1.0)
        self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(self.zoom() * (1.15 ** steps), event.position().toPoint())
        event.accept()

    # -- mouse --------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.emit(text)

    def restore_cursor(self) -> None:
        cursor = Qt.CursorShape.OpenHandCursor if self._space else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._interaction is not None:
            event.accept()
            return
        viewport_pos = event.position().toPoint()
        scene_pos = self.mapToScene(viewport_pos)
        button = event.button()
        modifiers = event.modifiers()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space
        ):
            self._interaction = PanInteraction(self, viewport_pos)
        elif button == Qt.MouseButton.LeftButton:
            self._interaction = self._left_press(scene_pos, modifiers)
        event.accept()

    def _left_press(self, scene_pos: QPointF, modifiers: Qt.KeyboardModifier) -> Interaction | None:
        scene = self.flow_scene
        node = scene.node_item_at(scene_pos)
        if node is not None:
            port = node.port_at(scene_pos)
            if port is not None:
                return NewLinkInteraction(self, node, port)
            return MoveInteraction(self, node, scene_pos, modifiers)
        edge = scene.edge_item_at(scene_pos)
        if edge is not None:
            if modifiers & Qt.KeyboardModifier.ControlModifier:
                edge.setSelected(not edge.isSelected())
            else:
                scene.clearSelection()
                edge.setSelected(True)
            return None
        note = scene.note_item_at(scene_pos)
        if note is not None:
            return note_interaction(self, note, scene_pos, modifiers)
        return RubberBandInteraction(self, scene_pos, modifiers)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        viewport_pos = event.position().toPoint()
        scene_pos = self.mapToScene(viewport_pos)
        if self._interaction is not None:
            self._interaction.move(scene_pos, viewport_pos)
        elif not self._space:
            node = self.flow_scene.node_item_at(scene_pos)
            over_port = node is not None and node.port_at(scene_pos) is not None
            note = self.flow_scene.note_item_at(scene_pos) if node is None else None
            self.viewport().setCursor(
                Qt.CursorShape.CrossCursor if over_port
                else Qt.CursorShape.SizeFDiagCursor if note is not None and note.on_grip(scene_pos)
                else Qt.CursorShape.ArrowCursor
            )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        interaction, self._interaction = self._interaction, None
        if interaction is not None:
            interaction.release(self.mapToScene(event.position().toPoint()))
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node = self.flow_scene.node_item_at(self.mapToScene(event.position().toPoint()))
        if node is not None and event.button() == Qt.MouseButton.LeftButton:
            self.flow_scene.select_only([node.node_id])
            self.node_activated.emit(node.node_id)
        elif event.button() == Qt.MouseButton.LeftButton:
            note = self.flow_scene.note_item_at(self.mapToScene(event.position().toPoint()))
            if note is not None:
                self.note_activated.emit(note.note_id)
        event.accept()

    # -- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.restore_cursor()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self._interaction is not None:
            self._interaction.cancel()
            self._interaction = None
            event.accept()
            return
        offsets = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in offsets and self._interaction is None:
            step = BIG_NUDGE if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
            self.nudge(offsets[key][0] * step, offsets[key][1] * step)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.restore_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def nudge(self, dx: float, dy: float) -> None:
        scene = self.flow_scene
        positions = {}
        for node_id in scene.selected_node_ids():
            pos = scene.node_items[node_id].pos()
            positions[node_id] = (pos.x() + dx, pos.y() + dy)
        notes = {}
        for note_id in scene.selected_note_ids():
            pos = scene.note_items[note_id].pos()
            notes[note_id] = (pos.x() + dx, pos.y() + dy)
        editing.move(self.document, positions, nudge=True, note_positions=notes)

    # -- drops from the palette ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(VERB_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(VERB_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(VERB_MIME):
            event.ignore()
            return
        type_name = bytes(event.mimeData().data(VERB_MIME).data()).decode("utf-8")
        scene_pos = self.mapToScene(event.position().toPoint())
        self.add_verb(type_name, scene_pos - QPointF(g.WIDTH / 2, g.HEADER / 2))
        event.acceptProposedAction()

    def add_verb(self, type_name: str, top_left: QPointF) -> str:
        position = (g.snap(top_left.x()), g.snap(top_left.y()))
        node_id = editing.add_verb(self.document, type_name, position)
        self.flow_scene.select_only([node_id])
        self.setFocus()
        return node_id

    def add_verb_at_center(self, type_name: str) -> str:
        center = self.mapToScene(self.viewport().rect().center())
        top_left = center - QPointF(g.WIDTH / 2, g.HEADER)
        taken = {(round(i.pos().x()), round(i.pos().y()))
                 for i in self.flow_scene.node_items.values()}
        # Repeated double-clicks cascade instead of stacking cards exactly on top of each other.
        while (round(g.snap(top_left.x())), round(g.snap(top_left.y()))) in taken:
            top_left += QPointF(g.GRID * 1.5, g.GRID * 1.5)
        return self.add_verb(type_name, top_left)

    # -- background ---------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        theme = canvas_theme()
        painter.fillRect(rect, theme.background)
        if self.zoom() < GRID_MIN_ZOOM:
            return
        step = g.GRID if self.zoom() >= 0.7 else g.GRID * 2
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        points = QPolygonF()
        y = top
        while y < rect.bottom():
            x = left
            while x < rect.right():
                points.append(QPointF(x, y))
                x += step
            y += step
        pen = QPen(theme.grid_dot, 1.6)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPoints(points)
