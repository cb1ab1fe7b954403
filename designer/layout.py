"""Layered layout of a flow: steps in columns (left to right) or rows (top to bottom) by their
distance from Start, ordered inside each column so that as few links as possible cross.

Used by the importer (an imported flow has no positions) and by the editor's auto-layout,
for the whole flow or a selection. The steps, in the usual layered-drawing order:

1. Loops are broken by ignoring the links that lead back to a step already on the current
   depth-first path from Start.
2. Each step goes one column after its furthest predecessor (networkx's topological
   generations). A link spanning several columns gets a placeholder in each column it
   crosses, so it takes part in the ordering.
3. Crossing reduction: barycentre sweeps, down and up, order each column by the average place
   of its neighbours in the previous (or next) column; a link's exit row counts, so menu
   choices fan out in the order the card lists them. The best order found is kept, and the
   start order (depth-first discovery) is a candidate too, so the result never has more
   crossings than no reduction at all.
4. Coordinates: each step sits as close as it can to the average height of its predecessors
   (a chain stays on one line; branches fan out below it), never closer to the step above it
   than that step's size plus a clearance, so cards never overlap.

Everything is a pure function of the flow's nodes and links (not of current positions), so
the same flow always gives the same positions and running the layout twice changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from designer.catalog import Catalog, load_catalog
from designer.model import Flow, Position
from designer.model.ports import port_names

LAYER_GAP = 260.0
ROW_GAP = 140.0
# Free space kept between two steps of a column, beyond their own size.
CLEARANCE = 40.0
# Free space kept between two columns (rows, top to bottom), beyond the widest card.
LAYER_CLEARANCE = 76.0
# The editor's card: a header and summary line, then one row per exit (see
# designer/gui/scene/geometry.py); an estimate good enough to keep cards apart when the
# caller does not pass the real sizes.
CARD_WIDTH = 184.0
CARD_BASE_HEIGHT = 70.0
CARD_PORT_HEIGHT = 18.0
SWEEPS = 8
DIRECTIONS = ("LR", "TB")

Size = Callable[[str], tuple[float, float]]


def card_size(flow: Flow, catalog: Catalog | None = None) -> Size:
    """An estimate of each step's card (width, height), from its number of exits."""
    catalog = catalog or load_catalog()

    def size(node_id: str) -> tuple[float, float]:
        ports = len(port_names(flow.nodes[node_id], catalog))
        return CARD_WIDTH, CARD_BASE_HEIGHT + CARD_PORT_HEIGHT * ports

    return size


def card_extent(flow: Flow, catalog: Catalog | None = None, direction: str = "LR"
                ) -> Callable[[str], float]:
    """The default size of a step across its column: its height (LR) or width (TB)."""
    size = card_size(flow, catalog)
    axis = 1 if direction == "LR" else 0
    return lambda node_id: size(node_id)[axis]


@dataclass(frozen=True)
class _Dummy:
    """A placeholder for a long link in a column it passes through."""

    source: str
    target: str
    layer: int


_Item = str | _Dummy


@dataclass
class _Layered:
    layers: list[list[_Item]]
    # Segments between column i and i + 1: (upper item, lower item, exit-row fraction).
    segments: list[list[tuple[_Item, _Item, float]]]


def layered_layout(
    flow: Flow,
    direction: str = "LR",
    *,
    layer_gap: float = LAYER_GAP,
    row_gap: float = ROW_GAP,
    extent: Callable[[str], float] | None = None,
    size: Size | None = None,
    catalog: Catalog | None = None,
    nodes: Iterable[str] | None = None,
    sweeps: int = SWEEPS,
    grid: float | None = None,
) -> dict[str, Position]:
    """Positions (top-left corners, the first column and row at 0) for the steps of `flow`,
    or only `nodes` (laid out among themselves, with the links between them).

    `direction` is "LR" (columns left to right) or "TB" (rows top to bottom). `size(node_id)`
    gives a card's (width, height) (default: estimated from its exits); `extent(node_id)`
    overrides its size across the column. Steps of a column are at least `row_gap` apart,
    columns at least `layer_gap`, more when the cards need it. `sweeps` rounds of crossing
    reduction (0: none). With `grid`, every coordinate is a multiple of it.
    Deterministic: the same flow gives the same positions."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'LR' or 'TB', not {direction!r}")
    catalog = catalog or load_catalog()
    size = size or card_size(flow, catalog)
    across_axis, along_axis = (1, 0) if direction == "LR" else (0, 1)
    extent = extent or (lambda node_id: size(node_id)[across_axis])
    ids = _subset(flow, nodes)
    if not ids:
        return {}
    successors, fractions = _links(flow, ids, catalog)
    dag, discovery = _acyclic(flow, ids, successors)
    layered = _layers(ids, dag, discovery, fractions)
    best_order(layered, sweeps)

    def round_up(value: float) -> float:
        return math.ceil(value / grid - 1e-9) * grid if grid else value

    def round_near(value: float) -> float:
        return round(value / grid) * grid if grid else value

    predecessors: dict[str, list[str]] = {node_id: [] for node_id in ids}
    for source, targets in dag.items():
        for target in targets:
            predecessors[target].append(source)
    across: dict[str, float] = {}
    positions: dict[str, Position] = {}
    along = 0.0
    for layer in layered.layers:
        real = [item for item in layer if isinstance(item, str)]
        previous: float | None = None
        pitch = 0.0
        for node_id in real:
            above = [across[p] for p in predecessors[node_id]]
            desired = round_near(sum(above) / len(above)) if above else 0.0
            value = desired if previous is None else max(desired, previous + pitch)
            across[node_id] = previous = value
            pitch = round_up(max(row_gap, extent(node_id) + CLEARANCE))
            positions[node_id] = (along, value) if direction == "LR" else (value, along)
        depth = max((size(node_id)[along_axis] for node_id in real), default=0.0)
        along += round_up(max(layer_gap, depth + LAYER_CLEARANCE))
    low = min(p[1] if direction == "LR" else p[0] for p in positions.values())
    if low:
        positions = {
            node_id: (x, y - low) if direction == "LR" else (x - low, y)
            for node_id, (x, y) in positions.items()
        }
    return {node_id: positions[node_id] for node_id in ids}


def arrange(
    flow: Flow,
    current: Mapping[str, Position],
    direction: str = "LR",
    *,
    nodes: Iterable[str] | None = None,
    grid: float | None = None,
    **options,
) -> dict[str, Position]:
    """Auto-layout for the editor: `layered_layout` of the flow (or of `nodes` only), moved
    so that its top-left corner is where the top-left corner of those steps is now
    (`current` holds their present positions). Running it again on the result gives the
    same positions."""
    ids = _subset(flow, nodes)
    laid_out = layered_layout(flow, direction, nodes=ids, grid=grid, **options)
    if not laid_out:
        return {}
    placed = [current[n] for n in ids if n in current]
    anchor_x = min((p[0] for p in placed), default=0.0)
    anchor_y = min((p[1] for p in placed), default=0.0)
    if grid:
        anchor_x, anchor_y = round(anchor_x / grid) * grid, round(anchor_y / grid) * grid
    return {node_id: (x + anchor_x, y + anchor_y) for node_id, (x, y) in laid_out.items()}


# -- the stages ---------------------------------------------------------------------------------


def _subset(flow: Flow, nodes: Iterable[str] | None) -> list[str]:
    if nodes is None:
        return list(flow.nodes)
    wanted = set(nodes)
    return [node_id for node_id in flow.nodes if node_id in wanted]


def _links(
    flow: Flow, ids: list[str], catalog: Catalog
) -> tuple[dict[str, list[str]], dict[tuple[str, str], float]]:
    """Each step's successors (once each, in link order) and, per (source, target), where on
    the source's card the link leaves: its exit row as a fraction in [0, 1)."""
    inside = set(ids)
    successors: dict[str, list[str]] = {node_id: [] for node_id in ids}
    fractions: dict[tuple[str, str], float] = {}
    for node_id in ids:
        names = port_names(flow.nodes[node_id], catalog)
        for edge in flow.edges_from(node_id):
            if edge.target not in inside or edge.target == node_id:
                continue
            if edge.target not in successors[node_id]:
                successors[node_id].append(edge.target)
                row = names.index(edge.port) if edge.port in names else len(names)
                fractions[(node_id, edge.target)] = row / (len(names) + 1)
    return successors, fractions


def _acyclic(
    flow: Flow, ids: list[str], successors: dict[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The links without those that close a loop, and the depth-first discovery order (Start
    first, then other steps nothing leads to, then the rest)."""
    has_predecessor = {target for targets in successors.values() for target in targets}
    roots = [n for n in ids if flow.nodes[n].type == "Start"]
    roots += [n for n in ids if n not in has_predecessor and n not in roots]
    roots += [n for n in ids if n not in roots]
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
    dag = {
        node_id: [t for t in targets if (node_id, t) not in back_edges]
        for node_id, targets in successors.items()
    }
    return dag, discovery


def _layers(
    ids: list[str],
    dag: dict[str, list[str]],
    discovery: dict[str, int],
    fractions: dict[tuple[str, str], float],
) -> _Layered:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((s, t) for s, targets in dag.items() for t in targets)
    layer_of: dict[str, int] = {}
    layers: list[list[_Item]] = []
    for index, generation in enumerate(nx.topological_generations(graph)):
        layers.append(sorted(generation, key=discovery.__getitem__))
        for node_id in generation:
            layer_of[node_id] = index
    segments: list[list[tuple[_Item, _Item, float]]] = [[] for _ in layers]
    for source in ids:
        for target in dag[source]:
            fraction = fractions[(source, target)]
            upper: _Item = source
            for layer in range(layer_of[source] + 1, layer_of[target]):
                dummy = _Dummy(source, target, layer)
                layers[layer].append(dummy)
                segments[layer - 1].append((upper, dummy, fraction))
                upper, fraction = dummy, 0.0
            segments[layer_of[target] - 1].append((upper, target, fraction))
    return _Layered(layers, segments)


# -- crossing reduction -------------------------------------------------------------------------


def ordering_crossings(flow: Flow, *, nodes: Iterable[str] | None = None,
                       sweeps: int = SWEEPS, catalog: Catalog | None = None) -> int:
    """How many link crossings between neighbouring columns the layout's ordering leaves
    (`sweeps=0`: the start order, before any reduction). For tests and benchmarks."""
    ids = _subset(flow, nodes)
    if not ids:
        return 0
    successors, fractions = _links(flow, ids, catalog or load_catalog())
    dag, discovery = _acyclic(flow, ids, successors)
    layered = _layers(ids, dag, discovery, fractions)
    return best_order(layered, sweeps)


def count_crossings(layered: _Layered) -> int:
    """How many pairs of link segments cross between neighbouring columns, in the current
    order (links from different exit rows of one card count as distinct)."""
    total = 0
    for index, segments in enumerate(layered.segments):
        if not segments or index + 1 >= len(layered.layers):
            continue
        upper = {item: rank for rank, item in enumerate(layered.layers[index])}
        lower = {item: rank for rank, item in enumerate(layered.layers[index + 1])}
        ends = sorted((upper[a] + fraction, lower[b]) for a, b, fraction in segments)
        total += _inversions([b for _, b in ends])
    return total


def _inversions(values: list[int]) -> int:
    """Pairs i < j with values[i] > values[j], by merge sort."""
    if len(values) < 2:
        return 0
    middle = len(values) // 2
    left, right = values[:middle], values[middle:]
    count = _inversions(left) + _inversions(right)
    left.sort()
    right.sort()
    j = 0
    for value in left:
        while j < len(right) and right[j] < value:
            j += 1
        count += j
    return count


def best_order(layered: _Layered, sweeps: int = SWEEPS) -> int:
    """Reorder the columns in place by barycentre sweeps, keeping the order with the fewest
    crossings seen (the start order included); returns that number."""
    best = [list(layer) for layer in layered.layers]
    fewest = count_crossings(layered)
    stale = 0
    for _ in range(sweeps):
        if fewest == 0 or stale >= 2:
            break
        _sweep_down(layered)
        _sweep_up(layered)
        crossings = count_crossings(layered)
        if crossings < fewest:
            fewest, best, stale = crossings, [list(layer) for layer in layered.layers], 0
        else:
            stale += 1
    layered.layers[:] = best
    return fewest


def _sweep_down(layered: _Layered) -> None:
    for index in range(1, len(layered.layers)):
        rank = {item: r for r, item in enumerate(layered.layers[index - 1])}
        sums: dict[_Item, list[float]] = {}
        for a, b, fraction in layered.segments[index - 1]:
            sums.setdefault(b, []).append(rank[a] + fraction)
        _sort_by(layered.layers[index], sums)


def _sweep_up(layered: _Layered) -> None:
    for index in range(len(layered.layers) - 2, -1, -1):
        rank = {item: r for r, item in enumerate(layered.layers[index + 1])}
        sums: dict[_Item, list[float]] = {}
        for a, b, fraction in layered.segments[index]:
            sums.setdefault(a, []).append(rank[b] - fraction)
        _sort_by(layered.layers[index], sums)


def _sort_by(layer: list[_Item], neighbours: dict[_Item, list[float]]) -> None:
    """Stable sort by barycentre; an item with no neighbours keeps its place."""
    keys = {}
    for rank, item in enumerate(layer):
        places = neighbours.get(item)
        keys[item] = (sum(places) / len(places), rank) if places else (float(rank), rank)
    layer.sort(key=keys.__getitem__)
