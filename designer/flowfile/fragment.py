"""Copied steps as text, for copy and paste: a fragment of a flow — some steps, the links
between them, their positions and any copied notes — written as an `.ivrflow` document.

Using the file format itself means a fragment is written and read by the same code as a
file (so it is checked exactly like a file being opened), and any saved flow can be pasted
into another. `plan_paste` decides, without touching the target flow, what pasting adds:
steps renamed where their ids are taken, links between them, positions moved by an offset.
Plain Python, no Qt.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from designer.catalog import Catalog, load_catalog
from designer.flowfile.load import loads_flow
from designer.flowfile.save import dumps_flow
from designer.model import Edge, Flow, Node, Note, Position
from designer.model.ids import unique_id

FRAGMENT_MIME = "application/x-ivr-flow-fragment"
FRAGMENT_NAME = "Copied steps"
# How far a paste lands from the original, and again while that place is taken.
PASTE_STEP = 40.0


def extract(
    flow: Flow,
    node_ids: Iterable[str],
    note_ids: Iterable[str] = (),
    positions: Mapping[str, Position] | None = None,
) -> Flow:
    """The chosen steps (never Start: a flow has one) with the links between them and their
    positions (`positions` first, for steps the canvas shows but the file does not place),
    and the chosen notes, as a flow of their own."""
    wanted = set(node_ids)
    positions = positions or {}
    fragment = Flow(FRAGMENT_NAME)
    for node in flow.nodes.values():
        if node.id in wanted and node.type != "Start":
            fragment.nodes[node.id] = node.copy()
            where = positions.get(node.id, flow.layout.get(node.id))
            if where is not None:
                fragment.layout[node.id] = (float(where[0]), float(where[1]))
    fragment.edges = [e for e in flow.edges
                      if e.source in fragment.nodes and e.target in fragment.nodes]
    notes = set(note_ids)
    fragment.notes = [copy.deepcopy(n) for n in flow.notes if n.id in notes]
    return fragment


def dumps_fragment(fragment: Flow, catalog: Catalog | None = None) -> str:
    return dumps_flow(fragment, catalog)


def loads_fragment(text: str, catalog: Catalog | None = None) -> Flow:
    """Read a fragment (or any flow file's text); raises `FlowFileError` saying what is wrong,
    exactly as opening a broken file would."""
    return loads_flow(text, catalog)


def is_empty(fragment: Flow) -> bool:
    return not fragment.nodes and not fragment.notes


@dataclass
class PastePlan:
    """What pasting adds: steps (renamed where needed) at their positions, the links between
    them, and notes. `renamed` maps a copied id to the id it gets."""

    nodes: list[tuple[Node, Position | None]] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def node_ids(self) -> list[str]:
        return [node.id for node, _ in self.nodes]


def fragment_positions(fragment: Flow, catalog: Catalog | None = None) -> dict[str, Position]:
    """Where the fragment's steps are; steps without a position (hand-written text) are laid
    out in layers after the placed ones."""
    placed = {n: fragment.layout[n] for n in fragment.nodes if n in fragment.layout}
    missing = [n for n in fragment.nodes if n not in placed]
    if missing:
        from designer.layout import layered_layout

        right = max((x for x, _ in placed.values()), default=-PASTE_STEP * 7) + PASTE_STEP * 7
        for node_id, (x, y) in layered_layout(fragment, nodes=missing, catalog=catalog).items():
            placed[node_id] = (x + right, y)
    return placed


def paste_offset(
    positions: Iterable[Position], taken: Iterable[Position], step: float = PASTE_STEP
) -> tuple[float, float]:
    """The offset for a paste: one `step` down and right, and another while a pasted step
    would land exactly where a step already is (so repeated pastes cascade)."""
    occupied = {(round(x), round(y)) for x, y in taken}
    points = list(positions)
    distance = step
    for _ in range(1000):
        if not any((round(x + distance), round(y + distance)) in occupied for x, y in points):
            break
        distance += step
    return distance, distance


def plan_paste(
    fragment: Flow,
    target: Flow,
    offset: tuple[float, float] = (0.0, 0.0),
    catalog: Catalog | None = None,
    positions: Mapping[str, Position] | None = None,
) -> PastePlan:
    """What pasting `fragment` into `target` adds. Ids taken in `target` get the lowest free
    numeric suffix; a Start is left out when `target` has one already; positions are the
    fragment's (or `positions`) moved by `offset`."""
    catalog = catalog or load_catalog()
    positions = positions if positions is not None else fragment_positions(fragment, catalog)
    has_start = any(n.type == "Start" for n in target.nodes.values())
    taken = set(target.nodes)
    plan = PastePlan()
    dx, dy = offset
    for node in fragment.nodes.values():
        if node.type == "Start" and has_start:
            continue
        new_id = unique_id(node.id, taken)
        taken.add(new_id)
        plan.renamed[node.id] = new_id
        pasted = node.copy()
        pasted.id = new_id
        where = positions.get(node.id)
        plan.nodes.append((pasted, (where[0] + dx, where[1] + dy) if where else None))
    plan.edges = [Edge(plan.renamed[e.source], e.port, plan.renamed[e.target])
                  for e in fragment.edges
                  if e.source in plan.renamed and e.target in plan.renamed]
    note_ids = {n.id for n in target.notes}
    for note in fragment.notes:
        new_id = unique_id(note.id, note_ids)
        note_ids.add(new_id)
        plan.notes.append(Note(new_id, note.text, (note.at[0] + dx, note.at[1] + dy),
                               tuple(note.size)))
    return plan
