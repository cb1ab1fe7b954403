"""What a mouse drag on the canvas means, one small class per gesture: moving cards, drawing a
new link from an exit, rubber-band selection and panning. The view picks one on press and
hands it the following moves and the release; each records at most one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import QApplication, QGraphicsPathItem, QGraphicsRectItem

from designer.gui import editing
from designer.gui.scene import geometry as g
from designer.gui.scene.edge_item import link_path
from designer.gui.scene.node_item import NodeItem
from designer.gui.theme import canvas_theme
from designer.model.ports import connection_problem

if TYPE_CHECKING:
    from designer.gui.view import FlowView


class Interaction:
    def __init__(self, view: FlowView) -> None:
        self.view = view
        self.scene = view.flow_scene

    def move(self, scene_pos: QPointF, viewport_pos: QPoint) -> None:
        pass

    def release(self, scene_pos: QPointF) -> None:
        pass

    def cancel(self) -> None:
        pass


class PanInteraction(Interaction):
    """Middle button, or Space held with the left button: the canvas follows the mouse."""

    def __init__(self, view: FlowView, viewport_pos: QPoint) -> None:
        super().__init__(view)
        self.last = viewport_pos
        view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def move(self, scene_pos: QPointF, viewport_pos: QPoint) -> None:
        delta = viewport_pos - self.last
        self.last = viewport_pos
        horizontal = self.view.horizontalScrollBar()
        vertical = self.view.verticalScrollBar()
        horizontal.setValue(horizontal.value() - delta.x())
        vertical.setValue(vertical.value() - delta.y())

    def release(self, scene_pos: QPointF) -> None:
        self.view.restore_cursor()

    def cancel(self) -> None:
        self.view.restore_cursor()


class SelectionDrag:
    """The selected cards and notes moving together by one offset, whichever of them the
    mouse holds: a preview while dragging, then one undo step (or everything put back)."""

    def __init__(self, view: FlowView) -> None:
        self.view = view
        self.scene = view.flow_scene
        self.nodes = {
            node_id: self.scene.node_items[node_id].pos()
            for node_id in self.scene.selected_node_ids()
        }
        self.notes = {
            note_id: self.scene.note_items[note_id].pos()
            for note_id in self.scene.selected_note_ids()
        }
        self.delta = QPointF()

    def preview(self, delta: QPointF) -> None:
        self.delta = delta
        if self.nodes:
            self.scene.preview_move(self.nodes, delta)
        for note_id, origin in self.notes.items():
            self.scene.note_items[note_id].setPos(origin + delta)

    def commit(self) -> None:
        def moved(origins: dict[str, QPointF]) -> dict[str, tuple[float, float]]:
            return {key: ((o + self.delta).x(), (o + self.delta).y()) for key, o in origins.items()}

        if not editing.move(self.view.document, moved(self.nodes),
                            note_positions=moved(self.notes)):
            self.restore()

    def restore(self) -> None:
        self.scene.restore_positions(self.nodes)
        for note_id, origin in self.notes.items():
            item = self.scene.note_items.get(note_id)
            if item is not None:
                item.setPos(origin)


class MoveInteraction(Interaction):
    """Press on a card: select it (Ctrl toggles); drag: move the selected cards (and notes)
    together, snapped to the grid; release: one undo step for the whole drag."""

    def __init__(self, view: FlowView, item: NodeItem, scene_pos: QPointF,
                 modifiers: Qt.KeyboardModifier) -> None:
        super().__init__(view)
        self.item = item
        self.press = scene_pos
        self.toggle = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        self.dragging = False
        self.reselect = False
        if self.toggle:
            item.setSelected(not item.isSelected())
        elif not item.isSelected():
            self.scene.select_only([item.node_id])
        else:
            # A plain click on one card of a group selects just that card, unless it drags.
            self.reselect = True
        self.selection = SelectionDrag(view)

    def move(self, scene_pos: QPointF, viewport_pos: QPoint) -> None:
        origins = self.selection.nodes
        if self.item.node_id not in origins:
            return
        if not self.dragging:
            distance = (self.view.mapFromScene(scene_pos) - self.view.mapFromScene(self.press))
            if distance.manhattanLength() < QApplication.startDragDistance():
                return
            self.dragging = True
        origin = origins[self.item.node_id]
        raw = origin + (scene_pos - self.press)
        snapped = QPointF(g.snap(raw.x()), g.snap(raw.y()))
        self.selection.preview(snapped - origin)

    def release(self, scene_pos: QPointF) -> None:
        if self.dragging:
            self.selection.commit()
        elif self.reselect:
            self.scene.select_only([self.item.node_id])

    def cancel(self) -> None:
        self.selection.restore()


class NewLinkInteraction(Interaction):
    """Drag from an exit to a card. While dragging, the card under the mouse is outlined in
    green when the link is allowed and in red when it is not (the status bar says why); on
    release an allowed link is added, a refused one explained."""

    def __init__(self, view: FlowView, source: NodeItem, port: str) -> None:
        super().__init__(view)
        self.source = source.node_id
        self.port = port
        self.start = source.port_scene_pos(port)
        self.target: NodeItem | None = None
        self.problems: dict[str, str | None] = {}
        theme = canvas_theme()
        self.line = QGraphicsPathItem()
        pen = QPen(theme.selection, 2.0, Qt.PenStyle.DashLine)
        self.line.setPen(pen)
        self.line.setZValue(10)
        self.scene.addItem(self.line)
        view.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def problem_for(self, target: str) -> str | None:
        if target not in self.problems:
            document = self.view.document
            self.problems[target] = connection_problem(
                document.flow, document.catalog, self.source, self.port, target
            )
        return self.problems[target]

    def _set_target(self, item: NodeItem | None) -> None:
        if item is self.target:
            return
        if self.target is not None:
            self.target.link_state = None
            self.target.update()
        self.target = item
        if item is None:
            self.view.show_message("")
            return
        problem = self.problem_for(item.node_id)
        item.link_state = "refused" if problem else "ok"
        item.update()
        self.view.show_message(problem or f"Release to link to '{item.node_id}'.")

    def move(self, scene_pos: QPointF, viewport_pos: QPoint) -> None:
        self._set_target(self.scene.node_item_at(scene_pos))
        end = scene_pos
        if self.target is not None and self.target.link_state == "ok":
            end = self.target.input_scene_pos()
        self.line.setPath(link_path(self.start, end))

    def release(self, scene_pos: QPointF) -> None:
        target = self.target
        self._finish()
        if target is None:
            self.view.show_message("")
            # Dropped on empty canvas: whoever listens may offer to add a step there.
            self.view.link_dropped.emit(self.source, self.port, scene_pos)
            return
        problem = editing.connect(self.view.document, self.source, self.port, target.node_id)
        self.view.show_message(problem or "")

    def _finish(self) -> None:
        self._set_target(None)
        self.scene.removeItem(self.line)
        self.view.restore_cursor()

    def cancel(self) -> None:
        self._finish()


class RubberBandInteraction(Interaction):
    """Drag on empty canvas: select every card and note the band touches (Ctrl or Shift adds
    to the selection)."""

    def __init__(self, view: FlowView, scene_pos: QPointF,
                 modifiers: Qt.KeyboardModifier) -> None:
        super().__init__(view)
        self.origin = scene_pos
        additive = modifiers & (Qt.KeyboardModifier.ControlModifier
                                | Qt.KeyboardModifier.ShiftModifier)
        if not additive:
            self.scene.clearSelection()
        self.base = set(self.scene.selected_node_ids())
        self.base_notes = set(self.scene.selected_note_ids())
        self.base_links = self.scene.selected_links()
        theme = canvas_theme()
        self.band = QGraphicsRectItem()
        pen = QPen(theme.selection, 1)
        pen.setCosmetic(True)
        self.band.setPen(pen)
        self.band.setBrush(QBrush(theme.rubber_band))
        self.band.setZValue(20)
        self.band.setVisible(False)
        self.scene.addItem(self.band)

    def move(self, scene_pos: QPointF, viewport_pos: QPoint) -> None:
        rect = QRectF(self.origin, scene_pos).normalized()
        self.band.setRect(rect)
        self.band.setVisible(True)
        self.scene.select_only(self.base | self.scene.nodes_touching(rect),
                               self.base_notes | self.scene.notes_touching(rect),
                               self.base_links)

    def release(self, scene_pos: QPointF) -> None:
        self.scene.removeItem(self.band)

    def cancel(self) -> None:
        self.scene.removeItem(self.band)
