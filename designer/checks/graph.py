"""Graph rules on the flow's links (designer.flowgraph): one Start that leads somewhere, every step
reachable, links that leave from exits the step really has, menus with a "no input" exit, loops
that can never end, and `action` settings that fight the designer's own links (architecture §4,
the reference §23.1).

Definition used for "a loop with no way out": a strongly connected set of steps (each can reach
every other) with no link leaving the set and no step in it that waits for the caller or ends
the call (a menu, Record, Dial, Conference, MultiPartyCall or Hangup). Such a call goes round
forever. A loop that only a silent caller goes round (through "no input" exits) is reported
separately, as information.

Every step is visited, so the rules first test cheaply whether they apply to it and build
their message only when they report (flows of 20,000 steps are validated in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from designer.catalog import Catalog, ElementSpec
from designer.checks.codes import report
from designer.checks.context import CheckContext, StepRun, is_set
from designer.checks.diagnostic import Diagnostic
from designer.checks.rules import clean
from designer.checks.wording import either, label, step
from designer.flowgraph import cyclic_components, successor_map
from designer.model import Node

# Steps that stop an endless loop: they wait for the caller, or can end or leave the call.
LOOP_STOPPERS = frozenset(
    {"GetDigits", "GetInput", "Record", "Dial", "Conference", "MultiPartyCall", "Hangup"}
)
# Of those, the ones that stop even a caller who never presses anything.
SILENCE_STOPPERS = LOOP_STOPPERS - {"GetDigits", "GetInput"}
SILENT_PORTS = ("next", "noinput")
MAX_LISTED = 6


def check_graph(context: CheckContext) -> Iterator[Diagnostic]:
    """The rules about the flow as a whole (`check_graph_steps` has those about each step)."""
    if context.duplicate_exits:
        yield from _edges(context)
    else:
        yield from _links_from_nowhere(context)
    yield from _start(context)
    yield from _loops(context)


def check_graph_steps(context: CheckContext, run: StepRun) -> Iterator[Diagnostic]:
    """The rules about single steps and the links that leave them."""
    elements = context.elements
    tables = context.catalog.derived("checks.graph_tables", _GraphTables.build)
    # Every link is checked here unless some exit has two links (then _edges checked them).
    check_exits = not context.duplicate_exits
    # Without links to missing steps or to Start (the usual case), a step whose links all
    # leave from exits it always has needs no closer look at them.
    plain_targets = check_exits and not context.shared("graph.odd_targets", _odd_targets)
    # (Each step's links by position: in file order, like the steps.)
    exits_at = context.index.exits_at[run.first : run.first + len(run.nodes)]
    for node, exits in zip(run.nodes, exits_at, strict=True):
        element = elements.get(node.type)
        if element is None:
            yield _unknown_type(context, node)
            if check_exits:
                yield from _exits(context, node, None, {})
            continue
        if check_exits and exits and not (
            plain_targets and exits.keys() <= tables.always[node.type]
        ):
            yield from _exits(context, node, element, tables.exits[node.type])
        if node.type in tables.menus and not _menu_is_fine(node, element, exits or {}):
            yield from _menu(context, node, element, step(node.id, element))
        if node.type not in tables.with_action:
            continue
        if is_set(node, "action"):
            yield from _action(context, node, element, step(node.id, element))
        elif _redirect_off(node, element):
            yield from _routed_redirect(context, node, element, step(node.id, element))


@dataclass(frozen=True)
class _GraphTables:
    """Per element type, what `check_graph_steps` asks about every step, worked out once per
    catalog."""

    menus: frozenset[str]  # types with menu rules (choices or a "no input" exit)
    with_action: frozenset[str]  # types with an `action` or `redirect` attribute
    exits: dict[str, dict[str, str | None]]  # type → its exits, each with the attribute it needs
    always: dict[str, frozenset[str]]  # type → the exits it has whatever its attributes

    @classmethod
    def build(cls, catalog: Catalog) -> _GraphTables:
        elements = catalog.elements
        exits = {t: {p.name: p.requires_attribute for p in e.ports} for t, e in elements.items()}
        return cls(
            menus=frozenset(
                t for t, e in elements.items() if e.has_choices or e.ports_of_kind("noinput")
            ),
            with_action=frozenset(
                t for t, e in elements.items() if e.attribute("action") or e.attribute("redirect")
            ),
            exits=exits,
            always={
                t: frozenset(port for port, needs in ports.items() if needs is None)
                for t, ports in exits.items()
            },
        )


def _odd_targets(context: CheckContext) -> bool:
    """Whether some link leads to a step that does not exist, or to Start (answered from the
    index's counts, so that `check_graph_steps` can skip those questions for every link in the
    usual case)."""
    return context.index.targets_missing_step() or context.index.links_into_start()


def _redirect_off(node: Node, element: ElementSpec) -> bool:
    """Whether the step's `redirect` is false, as `_routed_redirect` reads it."""
    spec = element.attribute("redirect")
    if spec is None:
        return False
    if node.attributes.get("redirect") is None and spec.default is not False:
        return False  # the usual case, decided without checking a value
    return clean(node, element, "redirect") is False


def _unknown_type(context: CheckContext, node: Node) -> Diagnostic:
    return report(
        "unknown-step-type", node.id, None,
        f"Step '{node.id}' has the type '{node.type}', which the designer does not know.",
        f"Replace it with one of: {either(context.catalog.node_types)}.",
    )


def _missing_step(source: str, target: str, missing: str, known_source: bool) -> Diagnostic:
    return report(
        "edge-missing-step", source if known_source else None, None,
        f"A link from '{source}' to '{target}' refers to a step '{missing}' that does not "
        "exist.",
        "Remove the link.",
    )


def _into_start(node: Node, element: ElementSpec, target: str) -> Diagnostic:
    return report(
        "edge-into-start", node.id, None,
        f"{step(node.id, element)} links to the Start step '{target}', but nothing can lead "
        "into Start.",
        "Link it to the first real step instead.",
    )


def _exits(
    context: CheckContext,
    node: Node,
    element: ElementSpec | None,
    requirements: dict[str, str | None],
) -> list[Diagnostic]:
    """The link rules for the links leaving `node`, when no exit has two links (then
    `outgoing` holds every link, and each is checked here, while the step is at hand).
    `requirements`: the element's exits, each with the attribute it needs, if any."""
    exits = context.outgoing.get(node.id)
    if not exits:
        return []
    nodes, starts = context.flow.nodes, context.start_ids
    found = []
    for port, target in exits.items():
        if target not in nodes:
            found.append(_missing_step(node.id, target, target, True))
            continue
        if element is None:
            continue
        if target in starts:
            found.append(_into_start(node, element, target))
        if port in requirements:  # as _has_exit, from the table
            needed = requirements[port]
            if needed is None or node.attributes.get(needed) is not None:
                continue
        if not (element.has_choices and port in node.choices):
            found.append(_dangling(node, element, step(node.id, element), port, target))
    return found


def _links_from_nowhere(context: CheckContext) -> Iterator[Diagnostic]:
    """Links whose start is not a step, when no exit has two links."""
    for source in context.index.sources_missing_step():
        for target in context.outgoing[source].values():
            yield _missing_step(source, target, source, False)


def _edges(context: CheckContext) -> Iterator[Diagnostic]:
    """Every link rule, link by link in file order: used when some exit has two links."""
    flow = context.flow
    nodes, elements = flow.nodes, context.elements
    seen: set[tuple[str, str]] = set()
    for edge in flow.edges:
        source, target = nodes.get(edge.source), nodes.get(edge.target)
        if source is None or target is None:
            missing = edge.source if source is None else edge.target
            yield _missing_step(edge.source, edge.target, missing, source is not None)
            continue
        element = elements.get(source.type)
        if element is None:
            continue
        if target.type == "Start":
            yield _into_start(source, element, target.id)
        if (edge.source, edge.port) in seen:
            yield report(
                "duplicate-exit", source.id, None,
                f"{step(source.id, element)}: its '{edge.port}' exit has more than one "
                "link; an exit can lead to one step only.",
                "Remove all but one of the links from this exit.",
            )
            continue
        seen.add((edge.source, edge.port))
        if not _has_exit(source, element, edge.port):
            yield _dangling(source, element, step(source.id, element), edge.port, edge.target)


def _has_exit(node: Node, element: ElementSpec, port: str) -> bool:
    """Whether `port` is one of the node's exits (designer.model.ports.port_names)."""
    spec = element.port(port)
    if spec is not None and (
        not spec.requires_attribute or node.attributes.get(spec.requires_attribute) is not None
    ):
        return True
    return element.has_choices and port in node.choices


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


def _start(context: CheckContext) -> Iterator[Diagnostic]:
    nodes = context.flow.nodes
    starts = [nodes[i] for i in context.index.starts if context.element(nodes[i].type) is not None]
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
    for start in starts:
        if context.target(start.id) is None:
            yield report(
                "start-not-connected", start.id, None,
                f"Start step '{start.id}' is not linked to any step, so calls end at once.",
                "Drag a link from Start to the first step callers should hear.",
            )
    # (Start is always in the catalog: the steps in `starts` are all the Start steps.)
    for node_id in context.index.unreached_steps():
        yield report(
            "unreachable", node_id, None,
            f"{step(node_id, context.element(nodes[node_id].type))} can never be reached "
            "from Start.",
            "Link a step to it, or delete it if it is no longer needed.",
        )


def _menu_is_fine(node: Node, element: ElementSpec, wired: dict[str, str]) -> bool:
    """A quick test, True only when `_menu` has nothing to report: the "no input" exits are
    linked and, for a menu, it has choices, all linked, and no `action` of its own.
    `wired`: the step's links, exit → target."""
    if not all(port.name in wired for port in element.ports_of_kind("noinput")):
        return False
    if not element.has_choices:
        return True
    return (
        bool(node.choices)
        and all(choice in wired for choice in node.choices if isinstance(choice, str))
        and not is_set(node, "action")
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


def _loops(context: CheckContext) -> Iterator[Diagnostic]:
    flow = context.flow
    loops = context.index.loops()
    for members in loops:
        if not members <= flow.nodes.keys():
            continue
        successors = context.successors
        if any(v not in members for n in members for v in successors.get(n, ())):
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
    if not loops:
        return  # a silent caller's loop is a loop too
    # Only the links a silent caller follows.
    silent = successor_map(e for e in flow.edges if e.port in SILENT_PORTS)
    for members in cyclic_components(silent):
        if not members <= flow.nodes.keys():
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


def _listing(members: set[str]) -> str:
    names = sorted(members)
    shown = [f"'{n}'" for n in names[:MAX_LISTED]]
    if len(names) > MAX_LISTED:
        shown.append(f"{len(names) - MAX_LISTED} more")
    return either(shown, "and")
