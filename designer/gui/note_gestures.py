"""Mouse gestures on sticky notes, like those on cards in `interactions`: press selects the note
(Ctrl toggles), a drag moves the selected notes, a drag on the corner grip resizes one. The
note items only preview the gesture; the release records one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from designer.gui.commands.notes import UpdateNote
from designer.gui.interactions import Interaction, SelectionDrag
from designer.gui.scene import geometry as g
from designer.gui.scene.note_item import NoteItem
from designer.model import Note

if TYPE_CHECKING:
    from designer.gui.view import FlowView


def model_note(view: FlowView, note_id: str) -> Note | None:
    for note in view.document.flow.notes:
        if note.id == note_id:
            return note
    return None


def note_interaction(view: FlowView, item: NoteItem, scene_pos: QPointF,
                     modifiers: Qt.KeyboardModifier) -> Interaction:
    if item.on_grip(scene_pos) and not modifiers & Qt.KeyboardModifier.ControlModifier:
        return NoteResizeInteraction(view, item, scene_pos)
    return NoteMoveInteraction(view, item, scene_pos, modifiers)


class _NoteGesture(Interaction):
    def __init__(self, view: FlowView, item: NoteItem, scene_pos: QPointF) -> None:
        super().__init__(view)
        self.item = item
        self.press = scene_pos
        self.dragging = False

    def started(self, scene_pos: QPointF) -> bool:
        """Whether the mouse moved far enough to be a drag rather than a click."""
        if not self.dragging:
            distance = self.view.mapFromScene(scene_pos) - self.view.mapFromScene(self.press)
            self.dragging = distance.manhattanLength() >= QApplication.startDragDistance()
        return self.dragging

    def restore(self, note_ids) -> None:
        for note_id in note_ids:
            note = model_note(self.view, note_id)
            item = self.scene.note_items.get(note_id)
            if note is not None and item is not None:
                item.refresh(note)


class NoteMoveInteraction(_NoteGesture):
    """Drag a note: the selected notes (and cards) move with it, as a card drag moves them."""

    def __init__(self, view: FlowView, item: NoteItem, scene_pos: QPointF,
                 modifiers: Qt.KeyboardModifier) -> None:
        super().__init__(view, item, scene_pos)
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            item.setSelected(not item.isSelected())
        elif not item.isSelected():
            self.scene.clearSelection()
            item.setSelected(True)
        self.selection = SelectionDrag(view)

    def move(self, scene_pos: QPointF, viewport_pos: QPoint) -> None:
        origins = self.selection.notes
        if self.item.note_id not in origins or not self.started(scene_pos):
            return
        origin = origins[self.item.note_id]
        raw = origin + (scene_pos - self.press)
        self.selection.preview(QPointF(g.snap(raw.x()), g.snap(raw.y())) - origin)

    def release(self, scene_pos: QPointF) -> None:
        if self.dragging:
            self.selection.commit()
        else:
            self.selection.restore()

    def cancel(self) -> None:
        self.selection.restore()


class NoteResizeInteraction(_NoteGesture):
    def __init__(self, view: FlowView, item: NoteItem, scene_pos: QPointF) -> None:
        super().__init__(view, item, scene_pos)
        if not item.isSelected():
            self.scene.clearSelection()
            item.setSelected(True)
        self.origin = item.size
        view.viewport().setCursor(Qt.CursorShape.SizeFDiagCursor)

    def move(self, scene_pos: QPointF, viewport_pos: QPoint) -> None:
        if not self.started(scene_pos):
            return
        delta = scene_pos - self.press
        self.item.set_size(g.snap(self.origin[0] + delta.x()), g.snap(self.origin[1] + delta.y()))
        self.item.update()

    def release(self, scene_pos: QPointF) -> None:
        self.view.restore_cursor()
        size = self.item.size
        if not self.dragging or size == self.origin:
            self.restore([self.item.note_id])
            return
        self.view.document.push(UpdateNote(self.view.document.flow, self.item.note_id,
                                           size=size))

    def cancel(self) -> None:
        self.view.restore_cursor()
        self.restore([self.item.note_id])
