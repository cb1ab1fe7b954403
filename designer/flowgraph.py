"""The flow as a networkx MultiDiGraph: one graph node per step, one edge per link, keyed by the
exit (port) it leaves from. Shared by the checks and the compiler."""

from __future__ import annotations

import networkx as nx

from designer.model import Flow


def to_graph(flow: Flow) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((node_id, {"type": node.type}) for node_id, node in flow.nodes.items())
    graph.add_edges_from((e.source, e.target, e.port, {"port": e.port}) for e in flow.edges)
    return graph
