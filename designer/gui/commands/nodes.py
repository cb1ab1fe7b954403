"""Commands on whole steps: add, remove, rename, move."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from designer.model import Flow, Node, Position, RemovedNode

# Consecutive arrow-key nudges of the same steps merge into one undo step.
NUDGE_COMMAND_ID = 1001


class AddNode(QUndoCommand):
    def __init__(
        self,
        flow: Flow,
        node: Node,
        position: Position | None,
    ) -> None:
        super().__init__(f"Add step '{node.id}'")
        self.flow = flow
        self.node = node.copy()
        self.position = position
        self.index: int | None = None

    def redo(self) -> None:
        # A fresh copy each time: the model may edit the node it holds in place.
        self.flow.add_node(self.node.copy(), self.position, self.index)
        self.index = list(self.flow.nodes).index(self.node.id)

    def undo(self) -> None:
        self.flow.remove_node(self.node.id)


class RemoveNode(QUndoCommand):
    def __init__(self, flow: Flow, node_id: str) -> None:
        super().__init__(f"Delete step '{node_id}'")
        self.flow = flow
        self.node_id = node_id
        self.removed: RemovedNode | None = None

    def redo(self) -> None:
        self.removed = self.flow.remove_node(self.node_id)

    def undo(self) -> None:
        assert self.removed is not None
        self.flow.restore_node(self.removed)


class RenameNode(QUndoCommand):
    def __init__(self, flow: Flow, old: str, new: str) -> None:
        super().__init__(f"Rename '{old}' to '{new}'")
        self.flow = flow
        self.old = old
        self.new = new

    def redo(self) -> None:
        self.flow.rename_node(self.old, self.new)

    def undo(self) -> None:
        self.flow.rename_node(self.new, self.old)


class MoveNodes(QUndoCommand):
    """Move steps, and notes along with them; `moves` maps a step id to (position before,
    position after), `note_moves` a note id likewise. A step's position before of None means
    it had no saved position, and undo restores exactly that."""

    def __init__(
        self,
        flow: Flow,
        moves: dict[str, tuple[Position | None, Position]],
        nudge: bool = False,
        note_moves: dict[str, tuple[Position, Position]] | None = None,
    ) -> None:
        super().__init__(_move_label(moves, note_moves or {}))
        self.flow = flow
        self.moves = dict(moves)
        self.note_moves = dict(note_moves or {})
        self.nudge = nudge

    def redo(self) -> None:
        for node_id, (_, after) in self.moves.items():
            self.flow.move_node(node_id, after)
        for note_id, (_, after) in self.note_moves.items():
            self.flow.update_note(note_id, at=after)

    def undo(self) -> None:
        for node_id, (before, _) in self.moves.items():
            self.flow.move_node(node_id, before)
        for note_id, (before, _) in self.note_moves.items():
            self.flow.update_note(note_id, at=before)

    def id(self) -> int:
        return NUDGE_COMMAND_ID if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveNodes) or not other.nudge:
            return False
        if set(other.moves) != set(self.moves) or set(other.note_moves) != set(self.note_moves):
            return False
        self.moves = {
            node_id: (before, other.moves[node_id][1])
            for node_id, (before, _) in self.moves.items()
        }
        self.note_moves = {
            note_id: (before, other.note_moves[note_id][1])
            for note_id, (before, _) in self.note_moves.items()
        }
        return True


def _move_label(moves: dict[str, object], note_moves: dict[str, object]) -> str:
    if not note_moves:
        return f"Move '{next(iter(moves))}'" if len(moves) == 1 else f"Move {len(moves)} steps"
    if not moves:
        return "Move a note" if len(note_moves) == 1 else f"Move {len(note_moves)} notes"
    return f"Move {len(moves)} step{'s' if len(moves) > 1 else ''} and " \
           f"{len(note_moves)} note{'s' if len(note_moves) > 1 else ''}"
