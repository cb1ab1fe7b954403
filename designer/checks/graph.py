"""Graph rules on the flow's networkx graph (designer.flowgraph): one Start that leads
somewhere, every step reachable, links that leave from exits the step really has, menus with a
"no input" exit, loops that can never end, and `action` settings that fight the designer's own
links (architecture §4, the reference §23.1).

Definition used for "a loop with no way out": a strongly connected set of steps (each can reach
every other) with no link leaving the set and no step in it that waits for the caller or ends
the call (a menu, Record, Dial, Conference, MultiPartyCall or Hangup). Such a call goes round
forever. A loop that only a silent caller goes round (through "no input" exits) is reported
separately, as information.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from designer.catalog import ElementSpec
from designer.checks.codes import report
from designer.checks.context import CheckContext, is_set
from designer.checks.diagnostic import Diagnostic
from designer.checks.rules import clean
from designer.checks.wording import either, label, step
from designer.model import Node
from designer.model.ports import port_names

if TYPE_CHECKING:
    import networkx as nx

# Steps that stop an endless loop: they wait for the caller, or can end or leave the call.
LOOP_STOPPERS = frozenset(
    {"GetDigits", "GetInput", "Record", "Dial", "Conference", "MultiPartyCall", "Hangup"}
)
# Of those, the ones that stop even a caller who never presses anything.
SILENCE_STOPPERS = LOOP_STOPPERS - {"GetDigits", "GetInput"}
SILENT_PORTS = ("next", "noinput")
MAX_LISTED = 6


def check_graph(context: CheckContext) -> Iterator[Diagnostic]:
    from designer.flowgraph import to_graph

    graph = to_graph(context.flow)
    yield from _unknown_types(context)
    yield from _edges(context)
    yield from _start(context, graph)
    for node in context.flow.nodes.values():
        element = context.element(node.type)
        if element is None:
            continue
        where = step(node.id, element)
        yield from _menu(context, node, element, where)
        yield from _action(context, node, element, where)
        yield from _routed_redirect(context, node, element, where)
    yield from _loops(context, graph)


def _unknown_types(context: CheckContext) -> Iterator[Diagnostic]:
    for node in context.flow.nodes.values():
        if context.element(node.type) is None:
            yield report(
                "unknown-step-type", node.id, None,
                f"Step '{node.id}' has the type '{node.type}', which the designer does not "
                "know.",
                f"Replace it with one of: {either(context.catalog.node_types)}.",
            )


def _edges(context: CheckContext) -> Iterator[Diagnostic]:
    flow = context.flow
    exits: dict[str, set[str]] = {}
    seen: set[tuple[str, str]] = set()
    for edge in flow.edges:
        source, target = flow.nodes.get(edge.source), flow.nodes.get(edge.target)
        if source is None or target is None:
            missing = edge.source if source is None else edge.target
            yield report(
                "edge-missing-step", edge.source if source is not None else None, None,
                f"A link from '{edge.source}' to '{edge.target}' refers to a step "
                f"'{missing}' that does not exist.",
                "Remove the link.",
            )
            continue
        element = context.element(source.type)
        if element is None:
            continue
        where = step(source.id, element)
        if target.type == "Start":
            yield report(
                "edge-into-start", source.id, None,
                f"{where} links to the Start step '{target.id}', but nothing can lead into "
                "Start.",
                "Link it to the first real step instead.",
            )
        if (edge.source, edge.port) in seen:
            yield report(
                "duplicate-exit", source.id, None,
                f"{where}: its '{edge.port}' exit has more than one link; an exit can lead to "
                "one step only.",
                "Remove all but one of the links from this exit.",
            )
            continue
        seen.add((edge.source, edge.port))
        if source.id not in exits:
            exits[source.id] = set(port_names(source, context.catalog))
        if edge.port not in exits[source.id]:
            yield _dangling(source, element, where, edge.port, edge.target)


def _dangling(node: Node, element: ElementSpec, where: str, port: str,
              target: str) -> Diagnostic:
    spec = next((p for p in element.ports if p.name == port), None)
    if spec is not None and spec.requires_attribute:
        needed = label(element, spec.requires_attribute)
        why = f" ({element.label} continues only when {needed} is set)"
        fix = f"Set {needed} again, or remove the link to '{target}'."
    elif element.has_choices and spec is None:
        why = f" (the menu no longer has the choice '{port}')"
        fix = f"Add the choice '{port}' back, or remove the link to '{target}'."
    else:
        why = ""
        fix = f"Remove the link to '{target}'."
    return report(
        "dangling-exit", node.id, None,
        f"{where}: its '{port}' exit leads to '{target}', but the step has no such exit any "
        f"more{why}.",
        fix,
    )


def _start(context: CheckContext, graph: nx.MultiDiGraph) -> Iterator[Diagnostic]:
    import networkx as nx

    starts = [n for n in context.flow.start_nodes() if context.element(n.type) is not None]
    if not starts:
        yield report(
            "no-start", None, None,
            "The flow has no Start step, so no call can begin.",
            "Add a Start step and link it to the first step callers hear.",
        )
        return
    if len(starts) > 1:
        names = either([f"'{s.id}'" for s in starts], "and")
        for start in starts:
            yield report(
                "several-starts", start.id, None,
                f"The flow has {len(starts)} Start steps ({names}); a call can begin in one "
                "place only.",
                "Keep one Start step and delete the others.",
            )
    reached: set[str] = set()
    for start in starts:
        reached.add(start.id)
        reached |= nx.descendants(graph, start.id)
        if context.target(start.id) is None:
            yield report(
                "start-not-connected", start.id, None,
                f"Start step '{start.id}' is not linked to any step, so calls end at once.",
                "Drag a link from Start to the first step callers should hear.",
            )
    for node in context.flow.nodes.values():
        if node.id not in reached and node.type != "Start":
            yield report(
                "unreachable", node.id, None,
                f"{step(node.id, context.element(node.type))} can never be reached from Start.",
                "Link a step to it, or delete it if it is no longer needed.",
            )


def _menu(context: CheckContext, node: Node, element: ElementSpec,
          where: str) -> Iterator[Diagnostic]:
    wired = context.outgoing.get(node.id, {})
    for port in element.ports:
        if port.kind == "noinput" and port.name not in wired:
            does = "say or press" if element.choice_kind == "digits-or-speech" else "press"
            yield report(
                "missing-noinput", node.id, None,
                f"{where} has nothing linked to its '{port.label}' exit, so callers who "
                f"{does} nothing are hung up on.",
                f"Link the '{port.label}' exit to a step, for example a Speak that says "
                "\"Sorry, I did not get that\" and leads back to the menu.",
            )
    if not element.has_choices:
        return
    nomatch = next((p for p in element.ports if p.kind == "nomatch"), None)
    for choice in node.choices:
        if isinstance(choice, str) and choice not in wired:
            then = (f"its '{nomatch.label}' exit" if nomatch and nomatch.name in wired
                    else "hearing the menu again")
            yield report(
                "menu-choice-unlinked", node.id, None,
                f"{where}: the choice '{choice}' is not linked to a step, so entering it leads "
                f"to {then}, as a wrong entry does.",
                f"Link the '{choice}' exit to a step, or remove the choice.",
            )
    if not node.choices:
        action_spec = element.attribute("action")
        # A linked 'nomatch' with no choices takes whatever the caller enters (the compiler
        # routes every answer there). Where the catalog marks action as required,
        # attributes.py already reports it.
        nomatch_wired = any(p.kind == "nomatch" and p.name in wired for p in element.ports)
        if (
            not nomatch_wired
            and not is_set(node, "action")
            and not (action_spec and action_spec.required)
        ):
            yield report(
                "menu-without-choices", node.id, None,
                f"{where} has no choices and no {label(element, 'action')}, so whatever the "
                "caller enters is thrown away.",
                "Add choices (for example 1 and 2) and link them to steps, link its 'no match' "
                f"exit to take any answer, or set {label(element, 'action')} to your own "
                "server.",
            )
        if nomatch_wired and is_set(node, "action"):
            yield report(
                "menu-nomatch-unused", node.id, None,
                f"{where}: its 'no match' exit is linked, but {label(element, 'action')} sends "
                "every answer to your server, so the link is never used.",
                f"Clear {label(element, 'action')} to send every answer along the link, or "
                "remove the link.",
            )
    elif is_set(node, "action"):
        yield report(
            "menu-action-conflict", node.id, "action",
            f"{where} has choices, which the designer routes through its own "
            f"{label(element, 'action')}, but {label(element, 'action')} is set to your "
            "server.",
            f"Clear {label(element, 'action')} to use the choices, or remove the choices to "
            "handle the input on your server.",
        )


def _action(context: CheckContext, node: Node, element: ElementSpec,
            where: str) -> Iterator[Diagnostic]:
    if element.attribute("action") is None or not is_set(node, "action"):
        return
    if element.has_choices:
        return  # menus: see _menu
    outcomes = context.outcome_ports_wired(node, element)
    action = label(element, "action")
    if outcomes:
        yield report(
            "dial-action-conflict", node.id, "action",
            f"{where} has its {either([repr(o) for o in outcomes], 'and')} "
            f"exit{'s' if len(outcomes) > 1 else ''} linked, which the designer routes through "
            f"its own {action}, but {action} is set to your server.",
            f"Clear {action} to use the linked exits, or remove those links.",
        )
        return
    after = context.target(node.id)
    if (
        after is not None
        and element.attribute("redirect") is not None
        and clean(node, element, "redirect") is True
    ):
        redirect = label(element, "redirect")
        yield report(
            "action-redirect-with-next", node.id, "redirect",
            f"{where} hands the call to your server at {action} when it ends ({redirect} is "
            f"on), so '{after}', linked after it, never runs.",
            f"Set {redirect} to false to only notify your server and continue with "
            f"'{after}', or remove the link.",
        )


def _routed_redirect(context: CheckContext, node: Node, element: ElementSpec,
                     where: str) -> Iterator[Diagnostic]:
    """A step the designer routes must let Plivo run the route's answer: with redirect off,
    Plivo only notifies the route and the linked exits never fire."""
    if element.attribute("redirect") is None or is_set(node, "action"):
        return
    if clean(node, element, "redirect") is not False:
        return
    wired = context.outgoing.get(node.id, {})
    if element.has_choices:
        routed = bool(node.choices) or "nomatch" in wired
        exits = "its choices"
    else:
        outcomes = context.outcome_ports_wired(node, element)
        routed = bool(outcomes)
        exits = f"its {either([repr(o) for o in outcomes], 'and')} exit" + (
            "s" if len(outcomes) > 1 else "")
    if routed:
        redirect = label(element, "redirect")
        yield report(
            "routed-redirect-off", node.id, "redirect",
            f"{where} has {redirect} turned off, so Plivo ignores the designer's route and "
            f"{exits} can never be followed.",
            f"Turn {redirect} back on (or clear it to use the default).",
        )


def _loops(context: CheckContext, graph: nx.MultiDiGraph) -> Iterator[Diagnostic]:
    import networkx as nx

    flow = context.flow
    for members in nx.strongly_connected_components(graph):
        if not _is_cycle(graph, members) or not members <= flow.nodes.keys():
            continue
        if any(v not in members for n in members for v in graph.successors(n)):
            continue
        if any(flow.nodes[n].type in LOOP_STOPPERS for n in members):
            continue
        first = min(members)
        yield report(
            "endless-loop", first, None,
            f"The steps {_listing(members)} go round in a loop that never ends: nothing in it "
            "waits for the caller or ends the call.",
            "Add a way out: for example make one step a menu, or end the loop with a Hangup.",
        )
    # Only the links a silent caller follows; a plain DiGraph is enough for the components.
    silent = nx.DiGraph(
        (u, v) for u, v, port in graph.edges(data="port") if port in SILENT_PORTS
    )
    for members in nx.strongly_connected_components(silent):
        if not _is_cycle(silent, members) or not members <= flow.nodes.keys():
            continue
        types = {flow.nodes[n].type for n in members}
        if types & SILENCE_STOPPERS or not types & (LOOP_STOPPERS - SILENCE_STOPPERS):
            continue
        yield report(
            "silent-caller-loop", min(members), None,
            f"A caller who never answers the menu goes round {_listing(members)} until they "
            "hang up.",
            "That can be intended. To end such calls, lead the 'no input' exit of a second "
            "attempt to a goodbye and a Hang up step.",
        )


def _is_cycle(graph: nx.DiGraph, members: set[str]) -> bool:
    if len(members) > 1:
        return True
    (only,) = members
    return graph.has_edge(only, only)


def _listing(members: set[str]) -> str:
    names = sorted(members)
    shown = [f"'{n}'" for n in names[:MAX_LISTED]]
    if len(names) > MAX_LISTED:
        shown.append(f"{len(names) - MAX_LISTED} more")
    return either(shown, "and")
