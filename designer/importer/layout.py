"""A layered layout: steps in columns by their distance from Start, so a flow reads left to
right (or top to bottom). Used for imported flows and reusable by the editor's auto-layout.

Loops are broken by ignoring the edges that lead back to a step already on the current path;
what remains is layered with networkx's topological generations (each step one column after
its furthest predecessor). Inside a column, steps sit as close as they can to the average
height of their predecessors, so a chain stays on one line and branches fan out below it; a
tall step (one with many exits) pushes the next one further down so they never overlap.
"""

from __future__ import annotations

from collections.abc import Callable

from designer.catalog import Catalog, load_catalog
from designer.model import Flow
from designer.model.ports import node_ports

LAYER_GAP = 260.0
ROW_GAP = 140.0
# Free space kept between two steps of a column, beyond their own size.
CLEARANCE = 40.0
# The editor's card: a header and summary line, then one row per exit (see
# designer/gui/scene/geometry.py); an estimate good enough to keep cards apart.
CARD_WIDTH = 184.0
CARD_BASE_HEIGHT = 70.0
CARD_PORT_HEIGHT = 18.0


def card_extent(flow: Flow, catalog: Catalog | None = None, direction: str = "LR"
                ) -> Callable[[str], float]:
    """The default size of a step across its column: its height (LR) or width (TB)."""
    if direction == "TB":
        return lambda node_id: CARD_WIDTH
    catalog = catalog or load_catalog()

    def height(node_id: str) -> float:
        ports = len(node_ports(flow.nodes[node_id], catalog))
        return CARD_BASE_HEIGHT + CARD_PORT_HEIGHT * ports

    return height


def layered_layout(
    flow: Flow,
    direction: str = "LR",
    *,
    layer_gap: float = LAYER_GAP,
    row_gap: float = ROW_GAP,
    extent: Callable[[str], float] | None = None,
    catalog: Catalog | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions (top-left corners) for every node of `flow`: `direction` "LR" (columns left
    to right) or "TB" (rows top to bottom). Steps of a column are at least `row_gap` apart,
    more when `extent(node_id)` (a step's size across the column; by default estimated from
    its number of exits) needs it. Deterministic: the same flow gives the same positions."""
    import networkx as nx

    if direction not in ("LR", "TB"):
        raise ValueError(f"direction must be 'LR' or 'TB', not {direction!r}")
    extent = extent or card_extent(flow, catalog, direction)
    order = {node_id: index for index, node_id in enumerate(flow.nodes)}
    successors: dict[str, list[str]] = {node_id: [] for node_id in flow.nodes}
    for edge in flow.edges:
        if edge.target in successors and edge.target not in successors[edge.source]:
            successors[edge.source].append(edge.target)

    discovery, back_edges = _depth_first(flow, successors)
    dag = nx.DiGraph()
    dag.add_nodes_from(flow.nodes)
    dag.add_edges_from(
        (source, target)
        for source, targets in successors.items()
        for target in targets
        if (source, target) not in back_edges and source != target
    )

    across: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for layer_index, layer in enumerate(nx.topological_generations(dag)):
        desired = {}
        for node_id in layer:
            above = [across[p] for p in dag.predecessors(node_id)]
            desired[node_id] = sum(above) / len(above) if above else 0.0
        ranked = sorted(layer, key=lambda n: (desired[n], discovery.get(n, order[n])))
        previous: float | None = None
        pitch = 0.0
        for node_id in ranked:
            value = desired[node_id] if previous is None else max(
                desired[node_id], previous + pitch
            )
            across[node_id] = previous = value
            pitch = max(row_gap, extent(node_id) + CLEARANCE)
            along = layer_index * layer_gap
            positions[node_id] = (along, value) if direction == "LR" else (value, along)
    return {node_id: positions[node_id] for node_id in flow.nodes}


def _depth_first(
    flow: Flow, successors: dict[str, list[str]]
) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Discovery order of the nodes (Start first, then other steps nothing leads to, then the
    rest) and the edges that close a loop."""
    has_predecessor = {target for targets in successors.values() for target in targets}
    roots = [n.id for n in flow.start_nodes()]
    roots += [n for n in flow.nodes if n not in has_predecessor and n not in roots]
    roots += [n for n in flow.nodes if n not in roots]
    discovery: dict[str, int] = {}
    back_edges: set[tuple[str, str]] = set()
    for root in roots:
        if root in discovery:
            continue
        discovery[root] = len(discovery)
        on_path = {root}
        stack = [(root, iter(successors[root]))]
        while stack:
            node_id, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(node_id)
            elif child in on_path:
                back_edges.add((node_id, child))
            elif child not in discovery:
                discovery[child] = len(discovery)
                on_path.add(child)
                stack.append((child, iter(successors[child])))
    return discovery, back_edges
