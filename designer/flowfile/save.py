"""Writing `.ivrflow` files: fixed key order, one-line edges and positions, atomic replace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from designer.atomic import write_bytes_atomic
from designer.catalog import Catalog, load_catalog
from designer.flowfile.jsonstyle import dumps
from designer.flowfile.load import FORMAT_NAME, FORMAT_VERSION
from designer.model import Child, Flow, Node
from designer.model.flow import DEFAULT_SETTINGS


def flow_to_dict(flow: Flow, catalog: Catalog | None = None) -> dict[str, Any]:
    catalog = catalog or load_catalog()
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": flow.name,
        "settings": {k: flow.settings[k] for k in DEFAULT_SETTINGS if k in flow.settings},
        "nodes": [_node(node, catalog) for node in flow.nodes.values()],
        "edges": [_edge(e.source, e.port, e.target) for e in flow.edges],
        "notes": [
            {"id": n.id, "text": n.text, "at": list(n.at), "size": list(n.size)}
            for n in flow.notes
        ],
        "layout": {
            node_id: list(flow.layout[node_id]) for node_id in flow.nodes if node_id in flow.layout
        },
    }
    return data


def dumps_flow(flow: Flow, catalog: Catalog | None = None) -> str:
    return dumps(flow_to_dict(flow, catalog)) + "\n"


def save_flow(flow: Flow, path: str | Path, catalog: Catalog | None = None) -> None:
    """Save atomically: the old file stays intact until the new one is complete on disk."""
    write_bytes_atomic(Path(path), dumps_flow(flow, catalog).encode("utf-8"))


def _edge(source: str, port: str, target: str) -> dict[str, str]:
    if port == "next":
        return {"from": source, "to": target}
    return {"from": source, "port": port, "to": target}


def _ordered_attributes(type_name: str, attributes: dict[str, Any], catalog: Catalog) -> dict:
    # Catalog order, so that setting attributes in a different order saves the same bytes.
    names = catalog.element(type_name).attribute_names
    ordered = {name: attributes[name] for name in names if name in attributes}
    ordered.update({k: v for k, v in sorted(attributes.items()) if k not in ordered})
    return ordered


def _body(entry: dict[str, Any], item: Node | Child) -> None:
    if item.text is not None:
        entry["text"] = item.text
    if item.ssml is not None:
        entry["ssml"] = item.ssml


def _node(node: Node, catalog: Catalog) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": node.id, "type": node.type}
    _body(entry, node)
    if node.attributes:
        entry["attributes"] = _ordered_attributes(node.type, node.attributes, catalog)
    if node.extra_attributes:
        entry["extra_attributes"] = dict(sorted(node.extra_attributes.items()))
    if node.children:
        entry["children"] = [_child(child, catalog) for child in node.children]
    if node.choices:
        entry["choices"] = list(node.choices)
    return entry


def _child(child: Child, catalog: Catalog) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": child.type}
    _body(entry, child)
    if child.attributes:
        entry["attributes"] = _ordered_attributes(child.type, child.attributes, catalog)
    if child.extra_attributes:
        entry["extra_attributes"] = dict(sorted(child.extra_attributes.items()))
    return entry
