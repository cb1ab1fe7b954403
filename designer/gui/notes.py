"""Sticky notes on the canvas: add one (at the mouse, or in the middle of the view), edit its
text in place (double-click; Ctrl+Enter or clicking elsewhere keeps the text, Esc drops the
change), move and resize it (`note_gestures`), delete it with Delete. Each change is one undo
step, and notes are saved in the flow file's `notes`.

The editor is a text box laid over the note while it is edited, at the note's place and zoom,
never a widget inside the scene."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRect, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit

from designer.gui.commands.notes import AddNote, UpdateNote
from designer.gui.pointer import CanvasPointer
from designer.gui.scene import geometry as g
from designer.gui.scene.note_item import FONT_POINTS, PADDING, note_font
from designer.gui.theme import canvas_theme
from designer.model import Note

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

NEW_NOTE_TEXT = "Note"
NEW_NOTE_SIZE = (200.0, 80.0)


def next_note_id(notes: list[Note]) -> str:
    taken = {note.id for note in notes}
    number = 1
    while f"note-{number}" in taken:
        number += 1
    return f"note-{number}"


class NoteEditor(QPlainTextEdit):
    """The text box over a note being edited. `done(text)` is called once: with the text to
    keep, or with None when the edit is dropped (Esc)."""

    def __init__(self, parent, done: Callable[[str | None], None]) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setAccessibleName("Note text")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTabChangesFocus(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._done = done
        self._finished = False

    def finish(self, keep: bool) -> None:
        if self._finished:
            return
        self._finished = True
        self._done(self.toPlainText() if keep else None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.finish(False)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.finish(True)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.finish(True)


class Notes(QObject):
    """The notes feature of one window."""

    def __init__(self, window: MainWindow, pointer: CanvasPointer) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.pointer = pointer
        self.editor: NoteEditor | None = None
        self.editing: str | None = None
        self.view.note_activated.connect(self.edit)
        self.view.zoom_changed.connect(lambda _zoom: self._place_editor())
        self.view.horizontalScrollBar().valueChanged.connect(lambda _v: self._place_editor())
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._place_editor())
        window.document.replaced.connect(self._drop_editor)
        window.document.changed.connect(self._changed)

    # -- adding -------------------------------------------------------------------------------

    def add(self, at: QPointF | None = None, text: str = NEW_NOTE_TEXT) -> str:
        """Add a note centred on `at` (default: the mouse, or the middle of the view), select
        it and start editing its text."""
        flow = self.window.document.flow
        centre = at if at is not None else self.pointer.scene_pos()
        corner = (g.snap(centre.x() - NEW_NOTE_SIZE[0] / 2),
                  g.snap(centre.y() - NEW_NOTE_SIZE[1] / 2))
        taken = {(round(n.at[0]), round(n.at[1])) for n in flow.notes}
        while (round(corner[0]), round(corner[1])) in taken:
            corner = (corner[0] + g.GRID, corner[1] + g.GRID)
        note = Note(next_note_id(flow.notes), text, corner, NEW_NOTE_SIZE)
        self.window.document.push(AddNote(flow, note))
        scene = self.window.scene
        scene.clearSelection()
        item = scene.note_items.get(note.id)
        if item is not None:
            item.setSelected(True)
        self.edit(note.id, select_all=True)
        return note.id

    # -- editing the text ---------------------------------------------------------------------

    def edit(self, note_id: str, select_all: bool = False) -> NoteEditor | None:
        item = self.window.scene.note_items.get(note_id)
        note = self._note(note_id)
        if item is None or note is None:
            return None
        self._drop_editor()
        self.editing = note_id
        editor = NoteEditor(self.view.viewport(), lambda text: self._finish(note_id, text))
        theme = canvas_theme()
        editor.setStyleSheet(f"QPlainTextEdit {{ background: {theme.note.name()}; "
                             f"color: {theme.body_text.name()}; border: 2px solid "
                             f"{theme.selection.name()}; border-radius: 6px; }}")
        editor.setPlainText(note.text)
        self.editor = editor
        item.editing = True
        item.update()
        self._place_editor()
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if select_all:
            editor.selectAll()
        else:
            cursor = editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            editor.setTextCursor(cursor)
        return editor

    def _note(self, note_id: str) -> Note | None:
        for note in self.window.document.flow.notes:
            if note.id == note_id:
                return note
        return None

    def _place_editor(self) -> None:
        if self.editor is None or self.editing is None:
            return
        item = self.window.scene.note_items.get(self.editing)
        if item is None:
            return
        rect: QRect = self.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        inner = self.view.mapFromScene(item.mapRectToScene(item.rect())).boundingRect()
        self.editor.setGeometry(inner if inner.isValid() else rect)
        zoom = self.view.zoom()
        font = note_font()
        font.setPointSizeF(max(FONT_POINTS * zoom, 5.0))
        self.editor.setFont(font)
        self.editor.document().setDocumentMargin(max(PADDING[1] * zoom - 2, 0))

    def _finish(self, note_id: str, text: str | None) -> None:
        editor, self.editor, self.editing = self.editor, None, None
        item = self.window.scene.note_items.get(note_id)
        if item is not None:
            item.editing = False
            item.update()
        if editor is not None:
            if editor.hasFocus():
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            editor.hide()
            editor.deleteLater()
        note = self._note(note_id)
        if text is not None and note is not None and text != note.text:
            self.window.document.push(UpdateNote(self.window.document.flow, note_id, text=text))

    def _drop_editor(self) -> None:
        if self.editor is not None:
            self.editor.finish(self.editing is not None and self._note(self.editing) is not None)

    def _changed(self, change) -> None:
        # The note being edited was removed (undo of its adding): drop the editor.
        if (self.editing is not None and change.kind == "note-removed"
                and change.detail.get("detail_id") == self.editing):
            editor, self.editor, self.editing = self.editor, None, None
            if editor is not None:
                editor._finished = True
                editor.hide()
                editor.deleteLater()


def install_notes(window: MainWindow, pointer: CanvasPointer) -> Notes:
    return Notes(window, pointer)
