"""Edits the canvas and the palette ask for, turned into undo commands. Rules (may this link
exist?) come from the model; this module only packages the request."""

from __future__ import annotations

from collections.abc import Iterable

from designer.gui.commands import AddNode, Connect, Macro, MoveNodes, delete_items, macro
from designer.gui.commands.notes import RemoveNote
from designer.gui.document import Document
from designer.model import Node, Position
from designer.model.ids import slugify
from designer.model.ports import connection_problem


def add_verb(document: Document, type_name: str, position: Position) -> str:
    """Add a new step of `type_name` at `position`; returns its id."""
    element = document.catalog.element(type_name)
    node_id = document.flow.new_id(slugify(element.label))
    document.push(AddNode(document.flow, Node(id=node_id, type=type_name), position))
    return node_id


def connect(document: Document, source: str, port: str, target: str) -> str | None:
    """Link `source`'s exit `port` to `target`; returns why not (for the status bar) or None."""
    problem = connection_problem(document.flow, document.catalog, source, port, target)
    if problem is None:
        document.push(Connect(document.flow, source, port, target))
    return problem


def delete(document: Document, node_ids: Iterable[str], links: Iterable[tuple[str, str]],
           note_ids: Iterable[str] = ()) -> bool:
    command = delete_command(document, node_ids, links, note_ids)
    if command is None:
        return False
    document.push(command)
    return True


def delete_command(document: Document, node_ids: Iterable[str],
                   links: Iterable[tuple[str, str]], note_ids: Iterable[str] = ()
                   ) -> Macro | None:
    """One command deleting steps (with their links), links and notes; None if none exist."""
    command = delete_items(document.flow, node_ids, links)
    note_ids = set(note_ids)
    notes = [n.id for n in document.flow.notes if n.id in note_ids]
    if notes:
        what = "a note" if len(notes) == 1 else f"{len(notes)} notes"
        if command is None:
            command = macro(f"Delete {what}")
        else:
            command.setText(f"{command.text()} and {what}")
        for note_id in notes:
            command.add(RemoveNote(document.flow, note_id))
    return command


def move(
    document: Document,
    positions: dict[str, Position],
    nudge: bool = False,
    note_positions: dict[str, Position] | None = None,
) -> bool:
    """Record new positions of steps (and notes) as one undo step; what did not move is left
    out."""
    flow = document.flow
    layout = flow.layout
    moves = {
        node_id: (layout.get(node_id), (float(x), float(y)))
        for node_id, (x, y) in positions.items()
        if node_id in flow.nodes and layout.get(node_id) != (float(x), float(y))
    }
    notes = {note.id: note for note in flow.notes}
    note_moves = {
        note_id: (notes[note_id].at, (float(x), float(y)))
        for note_id, (x, y) in (note_positions or {}).items()
        if note_id in notes and notes[note_id].at != (float(x), float(y))
    }
    if not moves and not note_moves:
        return False
    document.push(MoveNodes(flow, moves, nudge=nudge, note_moves=note_moves))
    return True
