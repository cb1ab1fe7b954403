"""Small helpers for building flows in tests: `chain` and `build` keep test bodies short."""

from __future__ import annotations

import itertools
from typing import Any

from designer.model import Child, Flow, Node


def build(
    nodes: list[tuple[str, str] | tuple[str, str, dict[str, Any]]],
    edges: list[tuple[str, str] | tuple[str, str, str]],
    base_url: str = "https://ivr.example.com/t/",
    name: str = "Test flow",
) -> Flow:
    """nodes: (id, type[, fields]) where fields may hold text, ssml, attributes, children
    (list of (type, text[, attributes])) and choices. edges: (from, to) or (from, port, to)."""
    flow = Flow(name)
    if base_url:
        flow.settings["base_url"] = base_url
    for entry in nodes:
        node_id, type_name = entry[0], entry[1]
        fields = dict(entry[2]) if len(entry) > 2 else {}
        children = [
            Child(c[0], c[1], attributes=dict(c[2]) if len(c) > 2 else {})
            for c in fields.pop("children", [])
        ]
        flow.add_node(Node(node_id, type_name, children=children, **fields))
    for edge in edges:
        if len(edge) == 2:
            flow.connect(edge[0], "next", edge[1])
        else:
            flow.connect(edge[0], edge[1], edge[2])
    return flow


def chain(*steps: tuple[str, str] | tuple[str, str, dict[str, Any]], **kwargs: Any) -> Flow:
    """Start → each step in turn, linked by `next`."""
    nodes = [("start", "Start"), *steps]
    ids = [n[0] for n in nodes]
    return build(nodes, list(itertools.pairwise(ids)), **kwargs)
