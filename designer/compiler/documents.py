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

ENTRY_DOCUMENT = "answer.xml"
DIAL_OUTCOMES = ("completed", "busy", "no-answer", "failed", "timeout")
Exits = Mapping[str, str]  # a node's linked exits: port → target node id
NO_EXITS: Exits = MappingProxyType({})
T = TypeVar("T")


@dataclass(slots=True)  # slots: a big flow has thousands of routes
class Route:
    node: str
    parameters: list[str]
    match: str
    choices: dict[str, str]  # port → target node id
    default: str | None  # target node id, or None to end the call
    log: bool = True  # False when the menu asks Plivo not to log the input (PINs)


@dataclass(slots=True)  # slots: a big flow plans thousands of documents
class DocumentPlan:
    name: str
    nodes: list[str]
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


def document_name(node_id: str, entry: str | None) -> str:
    """The name of the document that starts at step `node_id`, `entry` being the first step
    of the call. (Worked out where needed rather than looked up in the plan: for big flows the
    lookups cost more.)"""
    return ENTRY_DOCUMENT if node_id == entry else f"{node_id}.xml"


def has_user_action(node: Node) -> bool:
    return bool(node.attributes.get("action"))


@dataclass(frozen=True)
class StepKind:
    """What planning asks about every step of one element type, worked out once per catalog
    (`step_kinds`) rather than asked of the element at every step."""

    element: ElementSpec
    menu: bool  # has menu choices: GetDigits, GetInput
    dial: bool
    # Whether the type has a 'next' exit: True, False, or the attribute it needs (Hangup's
    # 'next' exists only with a `schedule`).
    next_exit: bool | str
    match: str  # how the runtime matches a routed answer to a choice: "exact" or "keyword"


def step_kinds(catalog: Catalog) -> dict[str, StepKind]:
    return catalog.derived("compiler.step_kinds", _build_step_kinds)


def _build_step_kinds(catalog: Catalog) -> dict[str, StepKind]:
    kinds = {}
    for type_name, element in catalog.elements.items():
        next_port = element.port("next")
        kinds[type_name] = StepKind(
            element=element,
            menu=element.has_choices,
            dial=type_name == "Dial",
            next_exit=(
                False if next_port is None else next_port.requires_attribute or True
            ),
            match="keyword" if element.choice_kind == "digits-or-speech" else "exact",
        )
    return kinds


def step_roles(node: Node, kind: StepKind, exits: Exits) -> tuple[bool, str | None, str | None]:
    """How the compiler treats `node` (of `kind`, with its linked exits, port → target):
    * whether it is routed: its `action` points at the runtime's route (a menu with choices,
      or a Dial with an outcome exit linked), unless the user set an `action` of their own;
    * the step a menu without choices hands every answer to (its linked 'nomatch'), if any;
    * the step Plivo runs next in the same document, if any.
    """
    attributes = node.attributes
    user_action = bool(attributes.get("action"))
    if kind.menu:
        # A menu goes on in its document only when the caller pressed nothing.
        if user_action:
            return False, None, exits.get("noinput")
        if node.choices:
            return True, None, exits.get("noinput")
        return False, exits.get("nomatch"), exits.get("noinput")
    if kind.dial and not user_action and not exits.keys().isdisjoint(DIAL_OUTCOMES):
        return True, None, None  # a routed Dial hands the call to its action when it ends
    if user_action and attributes.get("redirect", True) is not False:
        return False, None, None  # the user's own server takes over
    next_exit = kind.next_exit
    if next_exit is True or (next_exit and attributes.get(next_exit) is not None):
        return False, None, exits.get("next")
    return False, None, None  # Hangup without a schedule, Redirect: nothing after them runs


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
    steps = _plan_steps(flow, catalog, index.exit_targets_at(), reach)
    if entry is not None:
        steps.document_starts.add(entry)
    # A step that more than one link leads to starts a document: the others redirect to it.
    ids = index.ids
    steps.document_starts.update(ids[i] for i, count in enumerate(reach) if count > 1)

    def next_of_unplanned(node_id: str) -> str | None:
        # The pass above plans every step a call can reach whose type is known, and a walk
        # only meets such steps: this is a step of unknown type (the catalog raises its error).
        node = flow.nodes[node_id]
        kind = step_kinds(catalog).get(node.type)
        if kind is None:
            catalog.element(node.type)
        return step_roles(node, kind, exits.get(node_id, NO_EXITS))[2]

    # Walked in file order (see _plan_steps).
    document_starts, following = steps.document_starts, steps.following
    walked = {
        node_id: _walk(
            node_id,
            document_name(node_id, entry),
            following,
            next_of_unplanned,
            document_starts,
            len(flow.nodes),
        )
        for node_id in flow.nodes
        if node_id in document_starts
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
    flow: Flow, catalog: Catalog, exits_at: list[Exits | None], reach: list[int]
) -> _Steps:
    # One pass over the steps, in file order, which is also roughly their order in memory;
    # `exits_at` (each step's exits) and `reach` are by position, i.e. in the same order.
    steps = _Steps()
    routes, direct_actions = steps.routes, steps.direct_actions
    following, document_starts = steps.following, steps.document_starts
    kinds = step_kinds(catalog)
    # (`reach` goes on past the steps, with link ends that are not steps.)
    for (node_id, node), out, reached in zip(flow.nodes.items(), exits_at, reach, strict=False):
        if not reached:
            continue
        kind = kinds.get(node.type)
        if kind is None:
            if not has_user_action(node):
                catalog.element(node.type)  # raises the catalog's "unknown step type" error
            continue  # (its continuation is looked up, and fails, only if a document has it)
        if out is None:
            out = NO_EXITS
        routing, direct_target, following[node_id] = step_roles(node, kind, out)
        if routing:
            route = routes[node_id] = _route(node, kind, out)
            document_starts.update(route.choices.values())
            if route.default is not None:
                document_starts.add(route.default)
        elif direct_target is not None:
            direct_actions[node_id] = direct_target
            document_starts.add(direct_target)
    return steps


def _route(node: Node, kind: StepKind, exits: Exits) -> Route:
    """The route of a routed step: its linked choices (a menu's) or outcomes (a Dial's), and
    where any other answer goes: a menu's 'nomatch' (else the menu again), a Dial's 'next'
    (else the call ends)."""
    if kind.menu:
        choices = {port: exits[port] for port in node.choices if port in exits}
        choices.pop("nomatch", None)  # the default's exit, never a choice
        default: str | None = exits.get("nomatch", node.id)
    else:
        choices = {port: exits[port] for port in DIAL_OUTCOMES if port in exits}
        default = exits.get("next")
    return Route(
        node.id,
        list(kind.element.route_parameters),
        kind.match,
        choices,
        default,
        node.attributes.get("log") is not False,
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


_UNPLANNED = object()


def _walk(
    first: str,
    name: str,
    following: dict[str, str | None],
    next_of_unplanned: Callable[[str], str | None],
    document_starts: set[str],
    step_count: int,
) -> DocumentPlan:
    """The document that starts at `first`: the nodes Plivo runs one after the other (each
    step's next one in `following`), until one that starts a document, which this one
    redirects to.

    A walk cannot come round to a step it has placed without meeting a document start: the
    first step it met twice would have two links leading to it from steps a call reaches,
    and such a step starts a document (or it is `first`, which does). So no set of placed
    steps is kept; the bound (`step_count`, the flow's) only guards that reasoning."""
    nodes = [first]
    current = following.get(first, _UNPLANNED)
    if current is _UNPLANNED:
        current = next_of_unplanned(first)
    while current is not None:
        if current in document_starts:
            return DocumentPlan(name, nodes, current)
        nodes.append(current)
        if len(nodes) > step_count:
            raise AssertionError(f"the steps after {first!r} go round without a document start")
        step = current
        current = following.get(step, _UNPLANNED)
        if current is _UNPLANNED:
            current = next_of_unplanned(step)
    return DocumentPlan(name, nodes)
