"""`validate(flow)`: runs every check and returns the diagnostics, errors first, in a fixed
order (the same flow always gives the same list)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from designer.catalog import Catalog, load_catalog
from designer.checks.attributes import check_attributes
from designer.checks.context import CheckContext, StepRun
from designer.checks.diagnostic import Diagnostic, sort_key
from designer.checks.graph import check_graph, check_graph_steps
from designer.checks.menus import check_menus
from designer.checks.placement import check_placement
from designer.checks.rules import check_rules
from designer.checks.settings import check_settings
from designer.flowindex import FlowIndex
from designer.gcpause import gc_paused
from designer.model import Flow

FlowCheck = Callable[[CheckContext], Iterable[Diagnostic]]
StepCheck = Callable[[CheckContext, StepRun], Iterable[Diagnostic]]

# The checks of the flow as a whole.
FLOW_CHECKS: tuple[FlowCheck, ...] = (check_graph, check_settings)
# The checks of each step, run over a few hundred steps at a time (`STEPS_PER_RUN`): each check
# then finds the steps it reads still in the processor's cache from the check before, where
# running each over the whole flow in turn would fetch a big flow from memory again for every
# check (a 20,000-step flow takes about 20 MB).
STEP_CHECKS: tuple[StepCheck, ...] = (
    check_graph_steps,
    check_attributes,
    check_rules,
    check_menus,
    check_placement,
)
STEPS_PER_RUN = 256


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
    for flow_check in FLOW_CHECKS:
        found.update(dict.fromkeys(flow_check(context)))
    nodes = list(flow.nodes.values())
    for first in range(0, len(nodes), STEPS_PER_RUN):
        run = StepRun(nodes[first : first + STEPS_PER_RUN], first)
        for step_check in STEP_CHECKS:
            found.update(dict.fromkeys(step_check(context, run)))
    return sorted(found, key=lambda d: (sort_key(d), d.hint))
