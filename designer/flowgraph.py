"""The flow as a graph, two ways.

`to_graph` gives a networkx MultiDiGraph (one graph node per step, one edge per link, keyed by
the exit it leaves from) for callers that want networkx's algorithms. The checks and the
compiler, which run on every edit and every compile, work on plain lists instead: each step has
a position (its place in the file) and `Targets` lists, per position, the positions its links
lead to. A walk over such lists touches a few small arrays, where a walk over dictionaries keyed
by step names touches hash tables spread over memory, which for a 20,000-step flow no longer
fit the processor's caches and cost more than the work itself. networkx still finds the
strongly connected components, but only among the few steps that can lie on a loop.
`successor_map` and `cyclic_components` answer by step name, for callers that have no index.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from designer.model import Edge, Flow

if TYPE_CHECKING:
    import networkx as nx

# Who each step links to: one entry per link (a step linked twice to the same step appears
# twice), in file order. Steps without links may be absent.
Successors = Mapping[str, Collection[str]]
# The same by position: for each position, the positions its links lead to (None: no links).
Targets = Sequence[list[int] | None]


def to_graph(flow: Flow) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from((node_id, {"type": node.type}) for node_id, node in flow.nodes.items())
    graph.add_edges_from((e.source, e.target, e.port, {"port": e.port}) for e in flow.edges)
    return graph


def successor_map(edges: Iterable[Edge]) -> dict[str, list[str]]:
    successors: dict[str, list[str]] = {}
    for edge in edges:
        targets = successors.get(edge.source)
        if targets is None:
            successors[edge.source] = [edge.target]
        else:
            targets.append(edge.target)
    return successors


def positions_of(successors: Successors) -> tuple[list[str], list[list[int] | None]]:
    """`successors` as positions: the nodes (in the mapping's order, then the link targets
    that are not keys) and, per position, the positions its links lead to."""
    ids = list(successors)
    position = {node: i for i, node in enumerate(ids)}
    targets: list[list[int] | None] = [None] * len(ids)
    for i, linked in enumerate(successors.values()):
        row = []
        for target in linked:
            at = position.get(target)
            if at is None:
                at = position[target] = len(ids)
                ids.append(target)
                targets.append(None)
            row.append(at)
        targets[i] = row
    return ids, targets


def reach_counts(targets: Targets, sources: Iterable[int]) -> list[int]:
    """For every position: how many links lead to it from the `sources` and the positions
    they reach through one link or more. A count above zero means "reached through a link";
    a source counts as reached that way only when a link leads back to it. One walk does both
    jobs, since each walk over the links costs more in memory traffic than in work."""
    counts = [0] * len(targets)
    visited = bytearray(len(targets))
    stack = []
    for source in sources:
        if not visited[source]:
            visited[source] = 1
            stack.append(source)
    while stack:
        linked = targets[stack.pop()]
        if linked:
            for target in linked:
                counts[target] += 1
                if not visited[target]:
                    visited[target] = 1
                    stack.append(target)
    return counts


def cyclic_core(targets: Targets, incoming: list[int]) -> list[int]:
    """The positions left after repeatedly taking away those that no remaining link leads into
    (Kahn's topological sort). A position taken away lies on no loop, and every loop survives
    whole, so the components of what is left are the loops; a flow without loops leaves
    nothing, and networkx is not needed at all. `incoming`: how many links lead to each
    position (it is not changed)."""
    left = incoming.copy()
    ready = [i for i, count in enumerate(left) if not count and targets[i]]
    while ready:
        linked = targets[ready.pop()]
        if linked:
            for target in linked:
                count = left[target] - 1
                left[target] = count
                if not count:
                    ready.append(target)
    if not any(left):
        return []  # no loops (most flows): answered without a pass in Python
    return [i for i, count in enumerate(left) if count]


def incoming_counts(targets: Targets) -> list[int]:
    """How many links lead to each position."""
    counts = [0] * len(targets)
    for linked in targets:
        if linked:
            for target in linked:
                counts[target] += 1
    return counts


def cyclic_components(successors: Successors) -> list[set[str]]:
    """The strongly connected components that contain a loop: several nodes that can each
    reach the others, or one node linked to itself."""
    ids, targets = positions_of(successors)
    return components_of(ids, targets, cyclic_core(targets, incoming_counts(targets)))


def components_of(ids: list[str], targets: Targets, core: list[int]) -> list[set[str]]:
    """The loops among the positions of `core` (from `cyclic_core`), by name."""
    if not core:
        return []
    import networkx as nx

    inside = set(core)
    graph = nx.DiGraph()
    graph.add_edges_from(
        (ids[source], ids[target])
        for source in core
        for target in targets[source] or ()
        if target in inside
    )
    return [
        members
        for members in nx.strongly_connected_components(graph)
        if len(members) > 1 or graph.has_edge(next(iter(members)), next(iter(members)))
    ]
