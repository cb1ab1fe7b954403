"""Rules that depend on where a step stands in the call (the reference §13, §15, §16, §23.1):
what happens before the call is answered, and a scheduled Hangup with nothing after it."""

from __future__ import annotations

from collections.abc import Iterator

from designer.catalog import ElementSpec
from designer.checks.codes import report
from designer.checks.context import CheckContext, StepRun, is_set
from designer.checks.diagnostic import Diagnostic
from designer.checks.wording import label, step
from designer.model import Node

# Steps that run before Plivo answers the call when they come first.
BEFORE_ANSWER = ("PreAnswer", "Wait")
# The only steps these rules are about.
PLACED = frozenset({"Hangup", "Wait", "PreAnswer"})


def check_placement(context: CheckContext, run: StepRun) -> Iterator[Diagnostic]:
    first = context.shared("placement.first", _first_steps)
    for node in run.nodes:
        kind = node.type
        if kind not in PLACED:
            continue
        # Most Hangup and Wait steps are neither first nor scheduled: nothing to report.
        if kind != "PreAnswer" and node.id not in first and not (
            kind == "Hangup" and is_set(node, "schedule")
        ):
            continue
        element = context.element(kind)
        if element is not None:
            yield from _placement(context, node, element)


def _placement(context: CheckContext, node: Node, element: ElementSpec) -> Iterator[Diagnostic]:
    first = context.shared("placement.first", _first_steps)
    where = step(node.id, element)
    if node.type == "Hangup":
        schedule = is_set(node, "schedule")
        if node.id in first and not schedule and not is_set(node, "reason"):
            yield report(
                "hangup-rejects-call", node.id, None,
                f"{where} is the first step, so Plivo rejects the call without answering "
                "it (as if the line refused it).",
                "That is fine for a line that should refuse calls. Set "
                f"{label(element, 'reason')} to busy to sound busy instead, or put a "
                "greeting before this step.",
            )
        if schedule and context.target(node.id) is None:
            yield report(
                "hangup-schedule-ends-call", node.id, "schedule",
                f"{where} schedules the hangup for later, but no step follows it, so the "
                "call ends right away.",
                "Link a step after it (for example music that repeats) to play until the "
                f"scheduled hangup, or clear {label(element, 'schedule')}.",
            )
    elif node.type == "Wait" and node.id in first:
        yield report(
            "wait-delays-answer", node.id, None,
            f"{where} is the first step, so it delays answering the call: the caller "
            "hears ringing meanwhile.",
            "That is fine if intended; otherwise put a greeting before this step.",
        )
    elif node.type == "PreAnswer":
        early = context.shared("placement.early", _before_answer)
        late = sorted(
            e.source for e in context.incoming.get(node.id, ()) if e.source not in early
        )
        if late:
            yield report(
                "preanswer-after-answer", node.id, None,
                f"{where} plays before the call is answered, but it comes after "
                f"'{late[0]}', when the call is already answered.",
                f"Put {element.label} steps directly after Start.",
            )


def _first_steps(context: CheckContext) -> set[str]:
    """The steps that Start leads to."""
    return {
        target
        for start in context.start_ids
        if (target := context.target(start)) is not None and target in context.flow.nodes
    }


def _before_answer(context: CheckContext) -> set[str]:
    """Start and the chain of PreAnswer/Wait steps directly after it."""
    early: set[str] = set()
    for start in context.index.starts:
        early.add(start)
        current = context.target(start)
        while current is not None and current not in early:
            node = context.flow.nodes.get(current)
            if node is None or node.type not in BEFORE_ANSWER:
                break
            early.add(current)
            current = context.target(current)
    return early
