"""`validate(flow)`: runs every check and returns the diagnostics, errors first, in a fixed
order (the same flow always gives the same list)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from designer.catalog import Catalog, load_catalog
from designer.checks.attributes import check_attributes
from designer.checks.context import CheckContext
from designer.checks.diagnostic import Diagnostic, sort_key
from designer.checks.graph import check_graph
from designer.checks.menus import check_menus
from designer.checks.placement import check_placement
from designer.checks.rules import check_rules
from designer.checks.settings import check_settings
from designer.flowindex import FlowIndex
from designer.gcpause import gc_paused
from designer.model import Flow

Check = Callable[[CheckContext], Iterable[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    check_graph,
    check_attributes,
    check_rules,
    check_menus,
    check_placement,
    check_settings,
)


def validate(
    flow: Flow,
    catalog: Catalog | None = None,
    base_url: str | None = None,
    index: FlowIndex | None = None,
) -> list[Diagnostic]:
    """Every problem of `flow`. `base_url`, when given, replaces the flow's own setting (as
    `ivr-designer compile --base-url` does). `index`: the flow's `FlowIndex`, when the caller
    shares one with the compiler."""
    with gc_paused():
        return _validate(flow, catalog or load_catalog(), base_url, index)


def _validate(
    flow: Flow, catalog: Catalog, base_url: str | None, index: FlowIndex | None
) -> list[Diagnostic]:
    context = CheckContext.build(flow, catalog, base_url, index)
    found: dict[Diagnostic, None] = {}
    for check in CHECKS:
        found.update(dict.fromkeys(check(context)))
    return sorted(found, key=lambda d: (sort_key(d), d.hint))
