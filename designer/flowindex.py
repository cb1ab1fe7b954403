"""`FlowIndex`: what the checks and the compiler both ask about a flow's links (its Start steps,
each step's linked exits, who leads to whom, which steps a call can reach), worked out once.

`ivr-designer compile`, `compile_flow(check=True)` and `diagnose` validate a flow and then
build it. For big flows every pass over all the steps or links costs mostly memory traffic
(a 20,000-step flow no longer fits the processor's caches), so one index is built for both
instead of each side walking the flow again. An index describes the flow as it was when it
was built: make a new one after any edit (the checks and the compiler refuse a stale one).
"""

from __future__ import annotations

from functools import cached_property

from designer.flowgraph import Successors, reach_counts, successor_map
from designer.model import Flow


class StaleIndexError(ValueError):
    """A `FlowIndex` was handed over with a flow it does not describe (another flow, or the
    same one edited since): a mistake in the calling code, never in the user's flow."""


class FlowIndex:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._state = flow.state()
        # step → {exit: target}. The first link of a (step, exit) pair wins; a second one is
        # reported by the checks (designer.checks.graph).
        self.outgoing: dict[str, dict[str, str]] = {}
        for edge in flow.edges:
            exits = self.outgoing.get(edge.source)
            if exits is None:
                self.outgoing[edge.source] = {edge.port: edge.target}
            else:
                exits.setdefault(edge.port, edge.target)
        # Whether some (step, exit) pair has more than one link.
        self.duplicate_exits = sum(map(len, self.outgoing.values())) != len(flow.edges)

    def check_describes(self, flow: Flow) -> None:
        """Raise `StaleIndexError` unless this index was built from `flow` as it is now."""
        if self.flow is not flow:
            raise StaleIndexError("this FlowIndex was built from another flow")
        if self._state != flow.state():
            raise StaleIndexError("the flow was changed after its FlowIndex was built")

    @cached_property
    def starts(self) -> list[str]:
        """The Start steps' ids, in file order."""
        return [node.id for node in self.flow.start_nodes()]

    @cached_property
    def successors(self) -> Successors:
        """Every link's target by source, a second link from the same exit included: the
        graph as drawn. Without such duplicates (the usual case) that is `outgoing`, seen
        through its values instead of copied."""
        if self.duplicate_exits:
            return successor_map(self.flow.edges)
        return {source: exits.values() for source, exits in self.outgoing.items()}

    @cached_property
    def reach(self) -> dict[str, int]:
        """For every step a call can reach from Start through one link or more, how many
        links lead to it from Start and the steps reached (`flowgraph.reach_counts`)."""
        return reach_counts(self.successors, self.starts)

    @cached_property
    def reached(self) -> set[str]:
        """The Start steps and every step (or missing link target) they lead to."""
        return {*self.reach.keys(), *self.starts}

    def exit_targets(self) -> dict[str, dict[str, str]]:
        """`Flow.exit_targets`: the step each linked exit leads to, the last link winning
        where an exit has two (as `Flow.edge_from`). Without such duplicates that is
        `outgoing` itself: the caller must not change it."""
        if self.duplicate_exits:
            return self.flow.exit_targets()
        return self.outgoing
