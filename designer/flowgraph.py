"""The flow as a graph, two ways.

`to_graph` gives a networkx MultiDiGraph (one graph node per step, one edge per link, keyed by
the exit it leaves from) for callers that want networkx's algorithms. The checks and the
compiler, which run on every edit and every compile, work on a plain successor map instead
(`successor_map`, `descendants`, `cyclic_components`): building a networkx graph of a
20,000-step flow costs more than all their other graph work together. networkx still finds the
strongly connected components, but only among the few steps that can lie on a loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from itertools import chain
from typing import TYPE_CHECKING

from designer.model import Edge, Flow

if TYPE_CHECKING:
    import networkx as nx

# Who each step links to: one entry per link (a step linked twice to the same step appears
# twice), in file order. Steps without links may be absent.
Successors = Mapping[str, Collection[str]]


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


def descendants(successors: Successors, source: str) -> set[str]:
    """Every node reachable from `source` through one link or more, without `source` itself
    (as `networkx.descendants`), including link targets that are not steps of the flow."""
    seen = {source}
    stack = [source]
    while stack:
        for target in successors.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    seen.discard(source)
    return seen


def reach_counts(successors: Successors, sources: Iterable[str]) -> dict[str, int]:
    """For every node reachable from `sources` through one link or more: how many links lead
    to it from the sources and the nodes they reach. The keys are those nodes, which is
    `descendants` of every source together, except that a source counts as reached when a
    link leads back to it. One walk does both jobs: for big flows each walk over the links
    costs more in memory traffic than in work."""
    counts: dict[str, int] = {}
    visited = set(sources)
    stack = list(visited)
    while stack:
        for target in successors.get(stack.pop(), ()):
            count = counts.get(target)
            if count is None:
                counts[target] = 1
                if target not in visited:
                    visited.add(target)
                    stack.append(target)
            else:
                counts[target] = count + 1
    return counts


def cyclic_components(successors: Successors) -> list[set[str]]:
    """The strongly connected components that contain a loop: several nodes that can each
    reach the others, or one node linked to itself."""
    core = _cyclic_core(successors)
    if not core:
        return []
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(
        (source, target)
        for source in core
        for target in successors.get(source, ())
        if target in core
    )
    return [
        members
        for members in nx.strongly_connected_components(graph)
        if len(members) > 1 or graph.has_edge(next(iter(members)), next(iter(members)))
    ]


def _cyclic_core(successors: Successors) -> set[str]:
    """The nodes left after repeatedly taking away those that no remaining link leads into
    (Kahn's topological sort). A node taken away lies on no loop, and every loop survives
    whole, so the components of what is left are the loops; a flow without loops leaves
    nothing, and networkx is not needed at all."""
    incoming = Counter(chain.from_iterable(successors.values()))
    ready = [node for node in successors if node not in incoming]
    while ready:
        for target in successors.get(ready.pop(), ()):
            left = incoming[target] - 1
            incoming[target] = left
            if not left:
                ready.append(target)
    if not any(incoming.values()):
        return set()  # no loops (most flows): answered without a pass in Python
    return {node for node, left in incoming.items() if left}
