"""Finding steps and notes in a flow, for the editor's find bar: steps by id, type, label and
what the step says or uses (its text, SSML words, nested items, menu choices, setting values),
narrowed to steps with errors, with warnings, or that can never be reached; notes by their
text (while no problem filter is on: notes have no problems).

Each typed word must appear (case-insensitive) somewhere in the step; the problem filters
that are on are combined with "or" (errors or warnings), and with the words by "and".
Matches come in reading order: left to right, then top to bottom. Plain Python, no Qt.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from designer.catalog import Catalog
from designer.checks import Diagnostic
from designer.model import Child, Flow, Node, Position

UNREACHABLE_CODE = "unreachable"
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Filters:
    errors: bool = False
    warnings: bool = False
    unreachable: bool = False

    @property
    def any(self) -> bool:
        return self.errors or self.warnings or self.unreachable


def _spoken(item: Node | Child) -> list[str]:
    parts = [item.text or ""]
    if item.ssml:
        parts.append(html.unescape(_TAG.sub(" ", item.ssml)))
    parts += [str(value) for value in item.attributes.values()]
    parts += list(item.extra_attributes.values())
    return parts


def searchable_text(node: Node, catalog: Catalog) -> str:
    """Everything a step is found by, lower-case, one string."""
    element = catalog.elements.get(node.type)
    parts = [node.id, node.type, element.label if element is not None else ""]
    parts += _spoken(node)
    for child in node.children:
        parts.append(child.type)
        parts += _spoken(child)
    parts += node.choices
    return " ".join(" ".join(parts).split()).lower()


def problem_nodes(diagnostics: Iterable[Diagnostic], filters: Filters) -> set[str]:
    """The steps the active problem filters select."""
    found: set[str] = set()
    for diagnostic in diagnostics:
        if diagnostic.node is None:
            continue
        if (
            (filters.errors and diagnostic.severity == "error")
            or (filters.warnings and diagnostic.severity == "warning")
            or (filters.unreachable and diagnostic.code == UNREACHABLE_CODE)
        ):
            found.add(diagnostic.node)
    return found


def find_nodes(
    flow: Flow,
    catalog: Catalog,
    query: str,
    diagnostics: Iterable[Diagnostic] = (),
    filters: Filters = Filters(),
    positions: Mapping[str, Position] | None = None,
) -> list[str]:
    """Ids of the steps matching `query` and `filters`, in reading order (by `positions`,
    default the flow's layout; steps without a position come last, in file order). An empty
    query with no filter finds nothing."""
    words = query.lower().split()
    if not words and not filters.any:
        return []
    allowed = problem_nodes(diagnostics, filters) if filters.any else None
    found = []
    for node in flow.nodes.values():
        if allowed is not None and node.id not in allowed:
            continue
        if words:
            text = searchable_text(node, catalog)
            if not all(word in text for word in words):
                continue
        found.append(node.id)
    positions = flow.layout if positions is None else positions
    order = {node_id: index for index, node_id in enumerate(flow.nodes)}
    return sorted(found, key=lambda node_id: _reading_key(positions.get(node_id), 0,
                                                          order[node_id]))


def _reading_key(where: Position | None, kind: int, index: int) -> tuple:
    """Left to right, then top to bottom; things without a place last, in file order."""
    if where is None:
        return (1, 0, 0, kind, index)
    return (0, round(where[0]), round(where[1]), kind, index)


def find_notes(flow: Flow, query: str) -> list[str]:
    """Ids of the notes whose text holds every word of `query` (none for an empty query), in
    file order."""
    words = query.lower().split()
    if not words:
        return []
    return [note.id for note in flow.notes
            if all(word in " ".join(note.text.split()).lower() for word in words)]


@dataclass(frozen=True)
class Match:
    kind: str  # STEP or NOTE
    id: str


STEP, NOTE = "step", "note"


def find_items(
    flow: Flow,
    catalog: Catalog,
    query: str,
    diagnostics: Iterable[Diagnostic] = (),
    filters: Filters = Filters(),
    positions: Mapping[str, Position] | None = None,
    note_positions: Mapping[str, Position] | None = None,
) -> list[Match]:
    """The steps (`find_nodes`) and notes (`find_notes`, while no problem filter is on) that
    match, together in reading order. Positions default to the flow's own."""
    steps = find_nodes(flow, catalog, query, diagnostics, filters, positions)
    notes = [] if filters.any else find_notes(flow, query)
    if not notes:
        return [Match(STEP, node_id) for node_id in steps]
    positions = flow.layout if positions is None else positions
    places = {note.id: note.at for note in flow.notes}
    if note_positions is not None:
        places.update(note_positions)
    keyed = [(_reading_key(positions.get(node_id), 0, index), Match(STEP, node_id))
             for index, node_id in enumerate(steps)]
    keyed += [(_reading_key(places.get(note_id), 1, index), Match(NOTE, note_id))
              for index, note_id in enumerate(notes)]
    return [match for _, match in sorted(keyed, key=lambda pair: pair[0])]
