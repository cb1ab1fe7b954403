"""Commands on sticky notes: add, remove, and change a note's text, place or size."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand

from designer.model import Flow, Note

TEXT_WORDS = {"text": "Edit", "at": "Move", "size": "Resize"}


class AddNote(QUndoCommand):
    def __init__(self, flow: Flow, note: Note, text: str = "") -> None:
        super().__init__(text or "Add a note")
        self.flow = flow
        self.note = copy.deepcopy(note)
        self.index: int | None = None

    def redo(self) -> None:
        # A fresh copy each time: the model edits the note it holds in place.
        self.flow.add_note(copy.deepcopy(self.note), self.index)
        self.index = [n.id for n in self.flow.notes].index(self.note.id)

    def undo(self) -> None:
        self.flow.remove_note(self.note.id)


class RemoveNote(QUndoCommand):
    def __init__(self, flow: Flow, note_id: str) -> None:
        super().__init__("Delete a note")
        self.flow = flow
        self.note_id = note_id
        self.removed: tuple[int, Note] | None = None

    def redo(self) -> None:
        self.removed = self.flow.remove_note(self.note_id)

    def undo(self) -> None:
        assert self.removed is not None
        index, note = self.removed
        self.flow.add_note(note, index)


class UpdateNote(QUndoCommand):
    """Change some of a note's `text`, `at` and `size`; undo puts back exactly what was."""

    def __init__(self, flow: Flow, note_id: str, **changes: Any) -> None:
        word = TEXT_WORDS.get(next(iter(changes), ""), "Change") if len(changes) == 1 else "Change"
        super().__init__(f"{word} a note")
        self.flow = flow
        self.note_id = note_id
        self.changes = changes
        self.old: dict[str, Any] = {}

    def redo(self) -> None:
        self.old = self.flow.update_note(self.note_id, **self.changes)

    def undo(self) -> None:
        self.flow.update_note(self.note_id, **self.old)
