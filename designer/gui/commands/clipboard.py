"""The paste command: the steps, links and notes a `PastePlan` adds, as one undo step (used
by paste, duplicate, and quick-add's "add a step and link it")."""

from __future__ import annotations

from designer.flowfile.fragment import PastePlan
from designer.gui.commands.edges import Connect
from designer.gui.commands.macros import Macro
from designer.gui.commands.nodes import AddNode
from designer.gui.commands.notes import AddNote
from designer.model import Flow


def paste_command(flow: Flow, plan: PastePlan, verb: str = "Paste") -> Macro:
    count = len(plan.nodes)
    what = (f"'{plan.nodes[0][0].id}'" if count == 1 else f"{count} steps") if count else ""
    if plan.notes:
        notes = "a note" if len(plan.notes) == 1 else f"{len(plan.notes)} notes"
        what = f"{what} and {notes}" if what else notes
    command = Macro(f"{verb} {what}".strip())
    for node, position in plan.nodes:
        command.add(AddNode(flow, node, position))
    for edge in plan.edges:
        command.add(Connect(flow, edge.source, edge.port, edge.target))
    for note in plan.notes:
        command.add(AddNote(flow, note))
    return command
