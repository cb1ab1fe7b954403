"""What every check needs to look up quickly: the catalog entry of each step, its links by exit,
its incoming links and who it leads to. Built once per `validate` call, so that the checks stay
linear in the size of the flow (flows of 20,000 steps are validated in CI).

The links by exit, the Start steps and who leads to whom come from a `FlowIndex`
(designer.flowindex), which the compiler can share; the rest is derived on first use, since big
flows make every extra table cost memory traffic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from designer.catalog import Catalog, ElementSpec
from designer.flowgraph import Successors
from designer.flowindex import FlowIndex
from designer.model import Edge, Flow, Node

T = TypeVar("T")


@dataclass(frozen=True)
class StepRun:
    """Consecutive steps in file order, which the per-step checks visit together (see
    designer.checks.validate): `nodes`, and `first`, the position of the first one
    (designer.flowindex)."""

    nodes: list[Node]
    first: int


@dataclass
class CheckContext:
    flow: Flow
    catalog: Catalog
    base_url: str | None
    index: FlowIndex = field(repr=False)
    _shared: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls, flow: Flow, catalog: Catalog, base_url: str | None, index: FlowIndex | None = None
    ) -> CheckContext:
        """`index`, when given, must describe `flow` as it is (see designer.flowindex)."""
        if index is None:
            index = FlowIndex(flow)
        else:
            index.check_describes(flow)
        return cls(flow, catalog, base_url, index)

    @property
    def outgoing(self) -> dict[str, dict[str, str]]:
        """step → {exit: target}. The first link of a (step, exit) pair wins; a second one is
        reported by graph.py."""
        return self.index.outgoing

    @property
    def duplicate_exits(self) -> bool:
        """Whether some (step, exit) pair has more than one link."""
        return self.index.duplicate_exits

    @cached_property
    def incoming(self) -> dict[str, list[Edge]]:
        """step → the links that lead to it, in file order."""
        incoming: dict[str, list[Edge]] = {}
        for edge in self.flow.edges:
            incoming.setdefault(edge.target, []).append(edge)
        return incoming

    @property
    def successors(self) -> Successors:
        """Every link's target by source, a second link from the same exit included: the
        graph rules see the flow as drawn."""
        return self.index.successors

    @cached_property
    def start_ids(self) -> frozenset[str]:
        return frozenset(self.index.starts)

    def shared(self, key: str, build: Callable[[CheckContext], T]) -> T:
        """A value several steps' checks need, computed once per `validate` call."""
        try:
            return self._shared[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._shared[key] = build(self)
            return value

    @property
    def elements(self) -> dict[str, ElementSpec]:
        return self.catalog.elements

    def element(self, type_name: str) -> ElementSpec | None:
        return self.catalog.elements.get(type_name)

    def target(self, node_id: str, port: str = "next") -> str | None:
        return self.outgoing.get(node_id, {}).get(port)

    def outcome_ports_wired(self, node: Node, element: ElementSpec) -> list[str]:
        """The Dial outcome exits (completed, busy, …) that lead somewhere."""
        wired = self.outgoing.get(node.id)
        if not wired:
            return []
        return [p.name for p in element.ports_of_kind("outcome") if p.name in wired]

    def is_routed(self, node: Node, element: ElementSpec) -> bool:
        """Whether the compiler points this step's `action` at the route runtime: a menu with
        choices, or a Dial with an outcome exit wired (docs/bundle.md)."""
        if element.has_choices:
            return bool(node.choices) or "nomatch" in self.outgoing.get(node.id, {})
        return bool(self.outcome_ports_wired(node, element))

    def effective_base_url(self) -> str:
        """The `base_url` argument wins over the flow's setting; blank means "not set"."""
        value = self.base_url if self.base_url is not None else self.flow.setting("base_url")
        return value.strip() if isinstance(value, str) else ""


def is_set(node: Node, name: str) -> bool:
    """Whether the user set the attribute (an empty text counts as not set)."""
    value = node.attributes.get(name)
    return value is not None and value != ""
