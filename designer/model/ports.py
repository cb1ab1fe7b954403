"""Which exits (output ports) a node has, and whether a connection is allowed.

Ports come from the catalog, plus one port per menu choice for GetDigits/GetInput. A port that
depends on an attribute (Hangup's `next` needs `schedule`) exists only while it is set.
"""

from __future__ import annotations

from designer.catalog import Catalog, ElementSpec, PortSpec
from designer.model.flow import Flow, Node


def node_ports(node: Node, catalog: Catalog) -> list[PortSpec]:
    element = catalog.element(node.type)
    ports: list[PortSpec] = []
    if element.has_choices:
        ports.extend(PortSpec(name=c, label=c, kind="choice") for c in node.choices)
    ports.extend(port for port in element.ports if _present(node, port))
    return ports


def port_names(node: Node, catalog: Catalog) -> list[str]:
    """The names of `node_ports`, without building a PortSpec for each menu choice (the file
    loader and the checks ask for every step)."""
    element = catalog.element(node.type)
    names: list[str] = list(node.choices) if element.has_choices else []
    names += [p.name for p in element.ports if _present(node, p)]
    return names


def has_port(node: Node, element: ElementSpec, name: str) -> bool:
    """Whether `node` (of type `element`) has the catalog exit `name` (menu choices aside)."""
    for port in element.ports:
        if port.name == name:  # names are unique within an element (the catalog checks)
            return _present(node, port)
    return False


def _present(node: Node, port: PortSpec) -> bool:
    return not port.requires_attribute or node.attributes.get(port.requires_attribute) is not None


def port_spec(node: Node, port: str, catalog: Catalog) -> PortSpec | None:
    for spec in node_ports(node, catalog):
        if spec.name == port:
            return spec
    return None


def connection_problem(
    flow: Flow, catalog: Catalog, source: str, port: str, target: str
) -> str | None:
    """Why `source.port → target` cannot be connected, in words for the user; None if it can."""
    if source not in flow.nodes:
        return f"There is no step called '{source}'."
    if target not in flow.nodes:
        return f"There is no step called '{target}'."
    node = flow.nodes[source]
    element = catalog.element(node.type)
    if port_spec(node, port, catalog) is None:
        if not node_ports(node, catalog):
            return _no_exit_reason(node, element.label)
        names = ", ".join(port_names(node, catalog))
        return f"'{source}' has no exit called '{port}' (its exits are: {names})."
    if flow.nodes[target].type == "Start":
        return "Start is where the call begins: nothing can lead into it."
    if flow.edge_from(source, port) is not None:
        return f"The '{port}' exit of '{source}' is already connected; remove that link first."
    return None


def _no_exit_reason(node: Node, label: str) -> str:
    if node.type == "Hangup":
        return "Hangup ends the call: it has no outputs (set a schedule to continue after it)."
    if node.type == "Redirect":
        return "Redirect hands the call to another address: nothing after it runs."
    return f"{label} has no outputs."
