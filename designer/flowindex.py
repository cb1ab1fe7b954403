"""`FlowIndex`: what the checks and the compiler both ask about a flow's links (its Start steps,
each step's linked exits, who leads to whom, which steps a call can reach, which can lie on a
loop), worked out once.

`ivr-designer compile`, `compile_flow(check=True)` and `diagnose` validate a flow and then
build it. For big flows every pass over all the steps or links costs mostly memory traffic
(a 20,000-step flow no longer fits the processor's caches), so one index is built for both
instead of each side walking the flow again, and the graph questions are answered on lists
of positions (designer.flowgraph) rather than on dictionaries keyed by step names. An index
describes the flow as it was when it was built: make a new one after any edit (the checks and
the compiler refuse a stale one).
"""

from __future__ import annotations

from functools import cached_property

from designer.flowgraph import (
    Successors,
    components_of,
    cyclic_core,
    incoming_counts,
    reach_counts,
    successor_map,
)
from designer.gcpause import gc_paused
from designer.model import Flow


class StaleIndexError(ValueError):
    """A `FlowIndex` was handed over with a flow it does not describe (another flow, or the
    same one edited since): a mistake in the calling code, never in the user's flow."""


class FlowIndex:
    """Positions: the flow's steps in file order are 0 … `step_count` - 1; link ends that are
    not steps (a broken flow) follow them. `ids` names every position."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._state = flow.state()
        # Building allocates a few objects per link; the collector would walk the whole flow
        # again and again meanwhile (see designer.gcpause).
        with gc_paused():
            self._build(flow)

    def _build(self, flow: Flow) -> None:
        self.ids: list[str] = list(flow.nodes)
        self.step_count = len(self.ids)
        self.position: dict[str, int] = {step_id: i for i, step_id in enumerate(self.ids)}
        # Per position, the positions its links lead to, one per link, in file order.
        self.targets: list[list[int] | None] = [None] * self.step_count
        # step → {exit: target}. The first link of a (step, exit) pair wins; a second one is
        # reported by the checks (designer.checks.graph).
        self.outgoing: dict[str, dict[str, str]] = {}
        # The same by position, for the passes over every step in file order, which then
        # need no lookup by name (None: no links).
        self.exits_at: list[dict[str, str] | None] = [None] * self.step_count
        outgoing, targets, position = self.outgoing, self.targets, self.position
        exits_at = self.exits_at
        exits: dict[str, str] = {}
        row: list[int] = []
        last_source = None
        for edge in flow.edges:
            source = edge.source
            # A step's links are usually listed together: look it up once for all of them.
            if source is not last_source:
                last_source = source
                exits = outgoing.setdefault(source, {})
                at = position.get(source)
                if at is None:
                    at = self._new_position(source)
                else:
                    exits_at[at] = exits
                row = targets[at] or []
                targets[at] = row
            exits.setdefault(edge.port, edge.target)
            at = position.get(edge.target)
            row.append(self._new_position(edge.target) if at is None else at)
        # Whether some (step, exit) pair has more than one link.
        self.duplicate_exits = sum(map(len, outgoing.values())) != len(flow.edges)

    def _new_position(self, node_id: str) -> int:
        """A position for a link end that is not a step."""
        at = self.position[node_id] = len(self.ids)
        self.ids.append(node_id)
        self.targets.append(None)
        return at

    def check_describes(self, flow: Flow) -> None:
        """Raise `StaleIndexError` unless this index was built from `flow` as it is now."""
        if self.flow is not flow:
            raise StaleIndexError("this FlowIndex was built from another flow")
        if self._state != flow.state():
            raise StaleIndexError("the flow was changed after its FlowIndex was built")

    @cached_property
    def start_positions(self) -> list[int]:
        """The Start steps' positions, in file order."""
        return [self.position[node.id] for node in self.flow.start_nodes()]

    @cached_property
    def starts(self) -> list[str]:
        """The Start steps' ids, in file order."""
        return [self.ids[i] for i in self.start_positions]

    @cached_property
    def incoming(self) -> list[int]:
        """Per position, how many links lead to it."""
        return incoming_counts(self.targets)

    @cached_property
    def reach(self) -> list[int]:
        """Per position, how many links lead to it from Start and the steps a call can reach;
        above zero for every step a call can reach through one link or more
        (`flowgraph.reach_counts`)."""
        return reach_counts(self.targets, self.start_positions)

    def unreached_steps(self) -> list[str]:
        """The steps, other than Start steps, that no call can reach, in file order."""
        reach, ids, flow_nodes = self.reach, self.ids, self.flow.nodes
        return [
            ids[i] for i in range(self.step_count)
            if not reach[i] and flow_nodes[ids[i]].type != "Start"
        ]

    def reached_non_steps(self) -> list[str]:
        """Link targets a call can reach that are not steps of the flow (a broken flow)."""
        reach = self.reach
        return [self.ids[i] for i in range(self.step_count, len(self.ids)) if reach[i]]

    def sources_missing_step(self) -> list[str]:
        """Link starts that are not steps of the flow (a broken flow), in order of appearance."""
        targets = self.targets
        return [self.ids[i] for i in range(self.step_count, len(self.ids)) if targets[i]]

    def links_into_start(self) -> bool:
        """Whether some link leads to a Start step."""
        incoming = self.incoming
        return any(incoming[i] for i in self.start_positions)

    def targets_missing_step(self) -> bool:
        """Whether some link leads to a step that does not exist."""
        incoming = self.incoming
        return any(incoming[i] for i in range(self.step_count, len(self.ids)))

    def loops(self) -> list[set[str]]:
        """The sets of steps (and missing link ends) that lie on a loop, as
        `flowgraph.cyclic_components` finds them."""
        return components_of(self.ids, self.targets, cyclic_core(self.targets, self.incoming))

    @cached_property
    def successors(self) -> Successors:
        """Every link's target by source, a second link from the same exit included: the
        graph as drawn. Without such duplicates (the usual case) that is `outgoing`, seen
        through its values instead of copied."""
        if self.duplicate_exits:
            return successor_map(self.flow.edges)
        return {source: exits.values() for source, exits in self.outgoing.items()}

    def exit_targets_at(self) -> list[dict[str, str] | None]:
        """`exit_targets` by position, for the steps (None: no links). Without duplicate links
        that is `exits_at` itself: the caller must not change it."""
        if self.duplicate_exits:
            exits = self.flow.exit_targets()
            return [exits.get(step_id) for step_id in self.ids[: self.step_count]]
        return self.exits_at

    def exit_targets(self) -> dict[str, dict[str, str]]:
        """`Flow.exit_targets`: the step each linked exit leads to, the last link winning
        where an exit has two (as `Flow.edge_from`). Without such duplicates that is
        `outgoing` itself: the caller must not change it."""
        if self.duplicate_exits:
            return self.flow.exit_targets()
        return self.outgoing
