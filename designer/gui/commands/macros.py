"""Several commands as one undo step."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QUndoCommand

from designer.gui.commands.edges import Disconnect
from designer.gui.commands.nodes import RemoveNode
from designer.model import Flow


class Macro(QUndoCommand):
    """Runs its parts in order and undoes them in reverse.

    The parts are kept in a Python list instead of Qt's parent/child mechanism: a Qt child
    command whose Python wrapper is collected would leave the parent calling into freed memory.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.parts: list[QUndoCommand] = []

    def add(self, command: QUndoCommand) -> QUndoCommand:
        self.parts.append(command)
        return command

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()


def macro(text: str, parts: Iterable[QUndoCommand] = ()) -> Macro:
    command = Macro(text)
    for part in parts:
        command.add(part)
    return command


def delete_items(
    flow: Flow, node_ids: Iterable[str], links: Iterable[tuple[str, str]]
) -> Macro | None:
    """One command deleting the given steps and links (`(source, port)` pairs); None when
    there is nothing to delete. Links of deleted steps go with their steps."""
    nodes = [n for n in dict.fromkeys(node_ids) if n in flow.nodes]
    doomed = set(nodes)
    edges = [
        (source, port)
        for source, port in dict.fromkeys(links)
        if source not in doomed
        and (edge := flow.edge_from(source, port)) is not None
        and edge.target not in doomed
    ]
    if not nodes and not edges:
        return None
    parts = []
    if nodes:
        parts.append(f"'{nodes[0]}'" if len(nodes) == 1 else f"{len(nodes)} steps")
    if edges:
        parts.append("1 link" if len(edges) == 1 else f"{len(edges)} links")
    command = Macro("Delete " + " and ".join(parts))
    for source, port in edges:
        command.add(Disconnect(flow, source, port))
    for node_id in nodes:
        command.add(RemoveNode(flow, node_id))
    return command
