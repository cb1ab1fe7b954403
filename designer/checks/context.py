"""What every check needs to look up quickly: the catalog entry of each step, its links by exit
and its incoming links. Built once per `validate` call, so that the checks stay linear in the
size of the flow (flows of 20,000 steps are validated in CI)."""

from __future__ import annotations

from dataclasses import dataclass, field

from designer.catalog import Catalog, ElementSpec
from designer.model import Edge, Flow, Node


@dataclass
class CheckContext:
    flow: Flow
    catalog: Catalog
    base_url: str | None
    outgoing: dict[str, dict[str, str]] = field(default_factory=dict)
    incoming: dict[str, list[Edge]] = field(default_factory=dict)

    @classmethod
    def build(cls, flow: Flow, catalog: Catalog, base_url: str | None) -> CheckContext:
        context = cls(flow, catalog, base_url)
        for edge in flow.edges:
            # The first link of a (step, exit) pair wins; a second one is reported by graph.py.
            context.outgoing.setdefault(edge.source, {}).setdefault(edge.port, edge.target)
            context.incoming.setdefault(edge.target, []).append(edge)
        return context

    def element(self, type_name: str) -> ElementSpec | None:
        return self.catalog.elements.get(type_name)

    def target(self, node_id: str, port: str = "next") -> str | None:
        return self.outgoing.get(node_id, {}).get(port)

    def outcome_ports_wired(self, node: Node, element: ElementSpec) -> list[str]:
        """The Dial outcome exits (completed, busy, …) that lead somewhere."""
        wired = self.outgoing.get(node.id, {})
        return [p.name for p in element.ports if p.kind == "outcome" and p.name in wired]

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
