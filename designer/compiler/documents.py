"""Cutting the flow graph into Plivo documents and routes (docs/bundle.md, "How a graph becomes
documents"). Pure planning: no XML here, only which node goes where and how documents link.

Plivo runs one `<Response>` top to bottom and moves on only through a URL. So a node gets a
document of its own when a request must be able to land on it: it is the target of a routed exit
(menu choice, `nomatch`, Dial outcome), or more than one link leads to it (merges and loops become
`<Redirect>`s, never copies).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from designer.catalog import Catalog
from designer.model import Flow, Node
from designer.model.ports import port_names

ENTRY_DOCUMENT = "answer.xml"
DIAL_OUTCOMES = ("completed", "busy", "no-answer", "failed", "timeout")


@dataclass
class Route:
    node: str
    parameters: list[str]
    match: str
    choices: dict[str, str]  # port → target node id
    default: str | None  # target node id, or None to end the call
    log: bool = True  # False when the menu asks Plivo not to log the input (PINs)


@dataclass
class DocumentPlan:
    name: str
    nodes: list[str] = field(default_factory=list)
    redirect_to: str | None = None  # node id whose document this one hands over to


@dataclass
class FlowPlan:
    entry: str | None
    documents: dict[str, DocumentPlan]  # keyed by the node id that starts it
    routes: dict[str, Route]  # keyed by the routing node's id
    routing_nodes: set[str]
    # Menus with no choices whose 'nomatch' is linked: every answer goes to that one step, so
    # the action points straight at its document and no runtime is needed.
    direct_actions: dict[str, str] = field(default_factory=dict)

    def document_name(self, node_id: str) -> str:
        return self.documents[node_id].name


def has_user_action(node: Node) -> bool:
    return bool(node.attributes.get("action"))


def is_routing(node: Node, flow: Flow, catalog: Catalog) -> bool:
    """Whether the compiler must point this node's `action` at the runtime's route."""
    if has_user_action(node):
        return False
    element = catalog.element(node.type)
    if element.has_choices:
        return bool(node.choices)
    if node.type == "Dial":
        return any(flow.edge_from(node.id, port) for port in DIAL_OUTCOMES)
    return False


def continuation(node: Node, flow: Flow, catalog: Catalog, routing: bool) -> str | None:
    """The node Plivo runs next in the same document, if any."""
    if catalog.element(node.type).has_choices:
        edge = flow.edge_from(node.id, "noinput")
        return edge.target if edge else None
    if routing:
        return None  # a routed Dial hands the call to its action when it ends
    if has_user_action(node) and node.attributes.get("redirect", True) is not False:
        return None  # the user's own server takes over
    if "next" not in port_names(node, catalog):
        return None  # Hangup without a schedule, Redirect: nothing after them runs
    edge = flow.edge_from(node.id, "next")
    return edge.target if edge else None


def direct_action_target(node: Node, flow: Flow, catalog: Catalog) -> str | None:
    """The step a choice-less menu hands every answer to, if its 'nomatch' is linked."""
    if has_user_action(node) or node.choices or not catalog.element(node.type).has_choices:
        return None
    edge = flow.edge_from(node.id, "nomatch")
    return edge.target if edge else None


def routed_targets(node: Node, flow: Flow, catalog: Catalog) -> dict[str, str]:
    """Exits of a routing node that the runtime resolves, port → target."""
    element = catalog.element(node.type)
    ports: list[str]
    ports = [*node.choices, "nomatch"] if element.has_choices else [*DIAL_OUTCOMES, "next"]
    targets = {}
    for port in ports:
        edge = flow.edge_from(node.id, port)
        if edge is not None:
            targets[port] = edge.target
    return targets


def plan_documents(flow: Flow, catalog: Catalog) -> FlowPlan:
    # Reachability needs only who leads to whom: a plain DiGraph is several times cheaper to
    # build than the MultiDiGraph the checks use, and this runs on every compile.
    graph = nx.DiGraph()
    graph.add_nodes_from(flow.nodes)
    graph.add_edges_from((e.source, e.target) for e in flow.edges)
    starts = [n.id for n in flow.start_nodes()]
    entry_edge = flow.edge_from(starts[0], "next") if starts else None
    entry = entry_edge.target if entry_edge else None

    reachable: set[str] = set()
    for start in starts:
        reachable |= nx.descendants(graph, start)
    routing_nodes = {
        node_id for node_id in reachable if is_routing(flow.nodes[node_id], flow, catalog)
    }

    document_starts: set[str] = set()
    if entry is not None:
        document_starts.add(entry)
    direct_actions = {}
    for node_id in sorted(reachable):
        target = direct_action_target(flow.nodes[node_id], flow, catalog)
        if target is not None:
            direct_actions[node_id] = target
            document_starts.add(target)
    routes: dict[str, Route] = {}
    for node_id in sorted(routing_nodes):
        node = flow.nodes[node_id]
        element = catalog.element(node.type)
        targets = routed_targets(node, flow, catalog)
        document_starts.update(targets.values())
        if element.has_choices:
            default = targets.pop("nomatch", node_id)
            document_starts.add(default)
            match = "keyword" if element.choice_kind == "digits-or-speech" else "exact"
        else:
            default = targets.pop("next", None)
            match = "exact"
        routes[node_id] = Route(
            node=node_id,
            parameters=list(element.route_parameters),
            match=match,
            choices=targets,
            default=default,
            log=node.attributes.get("log") is not False,
        )
    incoming = Counter(
        e.target for e in flow.edges if e.source in reachable or e.source in starts
    )
    document_starts.update(node_id for node_id, count in incoming.items() if count > 1)

    documents: dict[str, DocumentPlan] = {}
    for node_id in sorted(document_starts, key=lambda n: (n != entry, n)):
        name = ENTRY_DOCUMENT if node_id == entry else f"{node_id}.xml"
        documents[node_id] = _walk(node_id, name, flow, catalog, routing_nodes, document_starts)
    return FlowPlan(
        entry=entry,
        documents=documents,
        routes=routes,
        routing_nodes=routing_nodes,
        direct_actions=direct_actions,
    )


def _walk(
    first: str,
    name: str,
    flow: Flow,
    catalog: Catalog,
    routing_nodes: set[str],
    document_starts: set[str],
) -> DocumentPlan:
    plan = DocumentPlan(name=name)
    current: str | None = first
    while current is not None:
        if current in plan.nodes or (current in document_starts and current != first):
            plan.redirect_to = current
            break
        plan.nodes.append(current)
        node = flow.nodes[current]
        current = continuation(node, flow, catalog, current in routing_nodes)
    return plan
