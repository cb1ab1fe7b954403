"""The open document: one `Flow`, its file path and its undo stack.

The flow's own change notifications are passed on through `Hook`s, so the scene and the panels
listen in one place and are told when the whole flow is replaced (New, Open).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from designer.catalog import Catalog, load_catalog
from designer.flowfile import dumps_flow, load_flow, save_flow
from designer.gui.hooks import Hook
from designer.model import Change, Flow, Node

NEW_FLOW_NAME = "Untitled flow"
UNTITLED_NAME = "Untitled"


def new_flow() -> Flow:
    """What New gives: a flow holding only its Start step."""
    flow = Flow(NEW_FLOW_NAME)
    flow.add_node(Node(id="start", type="Start"), (0.0, 0.0))
    return flow


class Document(QObject):
    def __init__(self, catalog: Catalog | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.changed = Hook()  # called with each designer.model.Change
        self.replaced = Hook()  # a different Flow object is now the document
        self.path_changed = Hook()
        self.catalog = catalog or load_catalog()
        self.undo_stack = QUndoStack(self)
        self.path: Path | None = None
        # What the title calls a document without a file ("Imported flow" after an import).
        self.untitled_name = UNTITLED_NAME
        # Counts edits, so that results computed from the flow (diagnostics, the compiled
        # preview) know when they are stale.
        self.revision = 0
        self.flow = new_flow()
        self._unsubscribe = self.flow.subscribe(self._forward)

    def _forward(self, change: Change) -> None:
        self.revision += 1
        self.changed.emit(change)

    # -- replacing the whole document ---------------------------------------------------------

    def replace(self, flow: Flow, path: Path | None) -> None:
        self._unsubscribe()
        self.undo_stack.clear()
        self.flow = flow
        self._unsubscribe = flow.subscribe(self._forward)
        self.path = path
        self.untitled_name = UNTITLED_NAME
        self.revision += 1
        self.undo_stack.setClean()
        self.replaced.emit()
        self.path_changed.emit()

    def new(self) -> None:
        self.replace(new_flow(), None)

    def adopt(self, flow: Flow, name: str) -> None:
        """Make `flow`, made elsewhere (an import), the document: no file yet, titled `name`,
        and unsaved from the start (with nothing to undo), so closing asks to save it."""
        self.replace(flow, None)
        self.untitled_name = name
        self.undo_stack.resetClean()
        self.path_changed.emit()

    def open(self, path: str | Path) -> None:
        """Load `path`; on FlowFileError the current document stays as it was."""
        flow = load_flow(path, self.catalog)
        self.replace(flow, Path(path))

    def save(self, path: str | Path | None = None) -> None:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the document has no file name yet")
        save_flow(self.flow, target, self.catalog)
        if target != self.path:
            self.path = target
            self.path_changed.emit()
        self.undo_stack.setClean()

    # -- queries and edits --------------------------------------------------------------------

    def text(self) -> str:
        return dumps_flow(self.flow, self.catalog)

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path is not None else self.untitled_name

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)
