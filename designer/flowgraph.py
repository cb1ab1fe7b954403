"""The flow as a networkx MultiDiGraph: one graph node per step, one edge per link, keyed by the
exit (port) it leaves from. Shared by the checks and the compiler."""

from __future__ import annotations

import networkx as nx

from designer.model import Flow


def to_graph(flow: Flow) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node_id, node in flow.nodes.items():
        graph.add_node(node_id, type=node.type)
    for edge in flow.edges:
        graph.add_edge(edge.source, edge.target, key=edge.port, port=edge.port)
    return graph
