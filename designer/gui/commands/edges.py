"""Commands on links: connect an exit to a step, remove a link."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from designer.model import Edge, Flow


class Connect(QUndoCommand):
    def __init__(
        self, flow: Flow, source: str, port: str, target: str
    ) -> None:
        exit_name = "" if port == "next" else f" ({port})"
        super().__init__(f"Link '{source}'{exit_name} to '{target}'")
        self.flow = flow
        self.edge = Edge(source, port, target)
        self.index: int | None = None

    def redo(self) -> None:
        edge = self.flow.connect(self.edge.source, self.edge.port, self.edge.target, self.index)
        self.index = self.flow.edges.index(edge)

    def undo(self) -> None:
        self.flow.disconnect(self.edge.source, self.edge.port)


class Disconnect(QUndoCommand):
    def __init__(
        self, flow: Flow, source: str, port: str
    ) -> None:
        super().__init__(f"Remove the '{port}' link of '{source}'")
        self.flow = flow
        self.source = source
        self.port = port
        self.removed: tuple[int, Edge] | None = None

    def redo(self) -> None:
        self.removed = self.flow.disconnect(self.source, self.port)

    def undo(self) -> None:
        assert self.removed is not None
        index, edge = self.removed
        self.flow.connect(edge.source, edge.port, edge.target, index)


def reconnect(flow: Flow, dropped: list[tuple[int, Edge]]) -> None:
    """Put back edges an edit removed, each at its old place (ascending, so indices hold)."""
    for index, edge in sorted(dropped, key=lambda item: item[0]):
        flow.connect(edge.source, edge.port, edge.target, index)
