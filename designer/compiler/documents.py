"""Cutting the flow graph into Plivo documents and routes (docs/bundle.md, "How a graph becomes
documents"). Pure planning: no XML here, only which node goes where and how documents link.

Plivo runs one `<Response>` top to bottom and moves on only through a URL. So a node gets a
document of its own when a request must be able to land on it: it is the target of a routed exit
(menu choice, `nomatch`, Dial outcome), or more than one link leads to it (merges and loops become
`<Redirect>`s, never copies).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from designer.catalog import Catalog, ElementSpec
from designer.flowindex import FlowIndex
from designer.model import Flow, Node
from designer.model.ports import has_port

ENTRY_DOCUMENT = "answer.xml"
DIAL_OUTCOMES = ("completed", "busy", "no-answer", "failed", "timeout")
Exits = Mapping[str, str]  # a node's linked exits: port → target node id
NO_EXITS: Exits = MappingProxyType({})
T = TypeVar("T")


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
    # Keyed by the node id that starts it, in the order of those steps in the flow file (see
    # `in_name_order` for the order of the bundle).
    documents: dict[str, DocumentPlan]
    routes: dict[str, Route]  # keyed by the routing node's id
    # Menus with no choices whose 'nomatch' is linked: every answer goes to that one step, so
    # the action points straight at its document and no runtime is needed.
    direct_actions: dict[str, str] = field(default_factory=dict)

    def in_name_order(self) -> list[DocumentPlan]:
        """The documents sorted by the id of their first step, the entry document first.
        (Sorted only when asked: sorting the names of a big flow's documents costs more than
        planning them.)"""
        ordered = entry_first(sorted(self.documents), self.entry)
        return [self.documents[node_id] for node_id in ordered]

    def document_name(self, node_id: str) -> str:
        return self.documents[node_id].name


def has_user_action(node: Node) -> bool:
    return bool(node.attributes.get("action"))


# The functions below take the node's catalog entry and whether it has an action of its own,
# worked out once per node, and its linked exits, port → target (Flow.exit_targets).


def is_routing(node: Node, element: ElementSpec, exits: Exits, user_action: bool) -> bool:
    """Whether the compiler must point this node's `action` at the runtime's route."""
    if user_action:
        return False
    if element.has_choices:
        return bool(node.choices)
    if node.type == "Dial":
        return any(port in exits for port in DIAL_OUTCOMES)
    return False


def continuation(
    node: Node, element: ElementSpec, exits: Exits, user_action: bool, routing: bool
) -> str | None:
    """The node Plivo runs next in the same document, if any."""
    if element.has_choices:
        return exits.get("noinput")
    if routing:
        return None  # a routed Dial hands the call to its action when it ends
    if user_action and node.attributes.get("redirect", True) is not False:
        return None  # the user's own server takes over
    if not has_port(node, element, "next"):
        return None  # Hangup without a schedule, Redirect: nothing after them runs
    return exits.get("next")


def direct_action_target(
    node: Node, element: ElementSpec, exits: Exits, user_action: bool
) -> str | None:
    """The step a choice-less menu hands every answer to, if its 'nomatch' is linked."""
    if user_action or node.choices or not element.has_choices:
        return None
    return exits.get("nomatch")


def routed_targets(node: Node, element: ElementSpec, exits: Exits) -> dict[str, str]:
    """Exits of a routing node that the runtime resolves, port → target."""
    ports: list[str]
    ports = [*node.choices, "nomatch"] if element.has_choices else [*DIAL_OUTCOMES, "next"]
    return {port: exits[port] for port in ports if port in exits}


def plan_documents(flow: Flow, catalog: Catalog, index: FlowIndex | None = None) -> FlowPlan:
    """`index`, when given, must describe `flow` as it is (see designer.flowindex)."""
    if index is None:
        index = FlowIndex(flow)
    else:
        index.check_describes(flow)
    exits = index.exit_targets()
    starts = index.starts
    entry = exits.get(starts[0], NO_EXITS).get("next") if starts else None
    reach = _reach(index)
    steps = _plan_steps(flow, catalog, exits, reach)
    if entry is not None:
        steps.document_starts.add(entry)
    # A step that more than one link leads to starts a document: the others redirect to it.
    ids = index.ids
    steps.document_starts.update(ids[i] for i, count in enumerate(reach) if count > 1)

    def next_of(node_id: str) -> str | None:
        if node_id in steps.following:
            return steps.following[node_id]
        # A Start step, or a step of unknown type (then the catalog raises its error).
        node = flow.nodes[node_id]
        element = catalog.element(node.type)
        out = exits.get(node_id, NO_EXITS)
        return continuation(node, element, out, has_user_action(node), node_id in steps.routes)

    # Walked in file order (see _plan_steps).
    walked = {
        node_id: _walk(
            node_id,
            ENTRY_DOCUMENT if node_id == entry else f"{node_id}.xml",
            next_of,
            steps.document_starts,
        )
        for node_id in flow.nodes
        if node_id in steps.document_starts
    }
    return FlowPlan(
        entry=entry,
        documents=walked,
        routes=steps.routes,
        direct_actions=steps.direct_actions,
    )


def _reach(index: FlowIndex) -> list[int]:
    """Per position (see designer.flowindex), how many links lead to it from Start and the
    steps a call can reach: zero for steps no link from there reaches. (A Start step that a
    link leads back to counts as reached here; that changes nothing: Start never routes, and is
    walked like any step.)"""
    missing = index.reached_non_steps()
    if missing:
        raise KeyError(min(missing))  # a link to a step that does not exist
    return index.reach


@dataclass
class _Steps:
    """What the reachable steps need: their routes and direct actions, which step follows each
    in its document, and the steps their routed exits make documents of."""

    routes: dict[str, Route] = field(default_factory=dict)
    direct_actions: dict[str, str] = field(default_factory=dict)
    following: dict[str, str | None] = field(default_factory=dict)
    document_starts: set[str] = field(default_factory=set)


def _plan_steps(
    flow: Flow, catalog: Catalog, exits: Mapping[str, Exits], reach: list[int]
) -> _Steps:
    # One pass over the steps, in file order, which is also roughly their order in memory;
    # `reach` is by position, i.e. in the same order.
    steps = _Steps()
    elements = catalog.elements
    # (`reach` goes on past the steps, with link ends that are not steps.)
    for (node_id, node), reached in zip(flow.nodes.items(), reach, strict=False):
        if not reached:
            continue
        element = elements.get(node.type)
        user_action = has_user_action(node)
        if element is None:
            if not user_action:
                catalog.element(node.type)  # raises the catalog's "unknown step type" error
            continue  # (its continuation is looked up, and fails, only if a document has it)
        out = exits.get(node_id, NO_EXITS)
        routing = is_routing(node, element, out, user_action)
        if routing:
            route = steps.routes[node_id] = _route(node, element, out)
            steps.document_starts.update(route.choices.values())
            if route.default is not None:
                steps.document_starts.add(route.default)
        else:
            target = direct_action_target(node, element, out, user_action)
            if target is not None:
                steps.direct_actions[node_id] = target
                steps.document_starts.add(target)
        steps.following[node_id] = continuation(node, element, out, user_action, routing)
    return steps


def _route(node: Node, element: ElementSpec, exits: Exits) -> Route:
    targets = routed_targets(node, element, exits)
    if element.has_choices:
        default = targets.pop("nomatch", node.id)
        match = "keyword" if element.choice_kind == "digits-or-speech" else "exact"
    else:
        default = targets.pop("next", None)
        match = "exact"
    return Route(
        node=node.id,
        parameters=list(element.route_parameters),
        match=match,
        choices=targets,
        default=default,
        log=node.attributes.get("log") is not False,
    )


def entry_first(
    ordered: list[T], entry: str | None, key: Callable[[T], str] | None = None
) -> list[T]:
    """The sorted list `ordered` (sorted by `key`, if given) with the item of `entry` moved to
    the front, if it is there. (Sorting with a key that puts it first would build a tuple per
    item: several times slower in big flows.)"""
    if entry is not None:
        index = bisect_left(ordered, entry, key=key)
        if index < len(ordered):
            found = ordered[index] if key is None else key(ordered[index])
            if found == entry:
                ordered.insert(0, ordered.pop(index))
    return ordered


def _walk(
    first: str,
    name: str,
    next_of: Callable[[str], str | None],
    document_starts: set[str],
) -> DocumentPlan:
    """The document that starts at `first`: the nodes Plivo runs one after the other, until
    one that starts a document (or comes round again), which this one redirects to."""
    nodes = [first]
    placed = {first}  # `nodes` as a set: a long chain would make a list slow
    current = next_of(first)
    while current is not None:
        if current in placed or current in document_starts:
            return DocumentPlan(name, nodes, redirect_to=current)
        nodes.append(current)
        placed.add(current)
        current = next_of(current)
    return DocumentPlan(name, nodes)
