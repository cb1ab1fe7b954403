"""Cross-attribute rules from the reference: settings that only matter together, or that cancel
each other out (§5 Record, §10 Dial, §9 GetInput, §15 Wait, §17 Conference, §20 Stream, §23).

Rules read values through `clean`, which falls back to the documented default when the user's
value is itself invalid: attributes.py already reports that value, and a rule built on it would
only repeat the complaint in other words.

The rules for one element type run on steps of that type. The two rules for every element run
only where their cheap precondition holds, so that the usual step costs no message building.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from designer.catalog import Catalog, ElementSpec
from designer.checks.codes import report
from designer.checks.context import CheckContext, StepRun, is_set
from designer.checks.diagnostic import Diagnostic
from designer.checks.values import value_problem
from designer.checks.wording import either, label, show, step
from designer.model import Node

Found = Iterator[Diagnostic]
Rule = Callable[[CheckContext, Node, ElementSpec, str], Found]

BACKGROUND_IGNORED = ("timeout", "playBeep", "finishOnKey")
DIAL_TIME_CAP = 86400
SPEECH_ONLY = ("speechEndTimeout", "speechModel", "hints", "profanityFilter",
               "interimSpeechResultsCallback")
DTMF_ONLY = ("digitEndTimeout", "numDigits", "finishOnKey")


def clean(node: Node, element: ElementSpec, name: str) -> Any:
    """The user's value when it is valid, else the documented default."""
    spec = element.attribute(name)
    value = node.attributes.get(name)
    if spec is None:
        return value
    if value is None or value_problem(spec, value) is not None:
        return spec.default
    return value


def _unused(node: Node, element: ElementSpec, where: str, name: str, because: str,
            fix: str) -> Diagnostic:
    return report(
        "attr-unused", node.id, name,
        f"{where}: {label(element, name)} has no effect {because}.",
        fix,
    )


# -- Record (§5, §23.1) -------------------------------------------------------------------------

def _record(ctx: CheckContext, node: Node, element: ElementSpec, where: str) -> Found:
    on = [n for n in ("recordSession", "startOnDialAnswer") if clean(node, element, n) is True]
    if not on:
        return
    modes = either([label(element, n) for n in on], "and")
    for name in BACKGROUND_IGNORED:
        if is_set(node, name):
            yield report(
                "record-background-ignores", node.id, name,
                f"{where}: {label(element, name)} is ignored because {modes} is on (the "
                "recording runs in the background).",
                f"Clear {label(element, name)}, or turn {modes} off for a voicemail-style "
                "recording.",
            )
    if is_set(node, "action") and clean(node, element, "redirect") is True:
        yield report(
            "record-background-action", node.id, "action",
            f"{where}: with {modes} on, Plivo calls {label(element, 'action')} at once, and "
            f"because {label(element, 'redirect')} is on the call jumps to your server "
            "straight away instead of continuing the flow.",
            f"Clear {label(element, 'action')} (use {label(element, 'callbackUrl')} to get the "
            f"finished file), or set {label(element, 'redirect')} to false.",
        )


# -- Stream (§20) -------------------------------------------------------------------------------

def _stream(ctx: CheckContext, node: Node, element: ElementSpec, where: str) -> Found:
    bidirectional = clean(node, element, "bidirectional") is True
    track = clean(node, element, "audioTrack")
    if bidirectional and track not in (None, "inbound"):
        yield report(
            "stream-bidirectional-track", node.id, "audioTrack",
            f"{where}: a two-way stream ({label(element, 'bidirectional')} on) must use the "
            f"inbound audio track, but {label(element, 'audioTrack')} is {show(track)}.",
            f"Set {label(element, 'audioTrack')} to inbound, or turn "
            f"{label(element, 'bidirectional')} off.",
        )
    if is_set(node, "keepCallAlive") and clean(node, element, "keepCallAlive") is True \
            and not bidirectional:
        yield _unused(
            node, element, where, "keepCallAlive",
            f"unless {label(element, 'bidirectional')} is on (Plivo's documentation says it "
            "applies to two-way streams only)",
            f"Turn {label(element, 'bidirectional')} on, or clear "
            f"{label(element, 'keepCallAlive')}.",
        )
    if is_set(node, "noiseCancellationLevel") and clean(
        node, element, "noiseCancellation"
    ) not in (True, "true"):
        yield _unused(
            node, element, where, "noiseCancellationLevel",
            f"unless {label(element, 'noiseCancellation')} is on",
            f"Turn {label(element, 'noiseCancellation')} on, or clear "
            f"{label(element, 'noiseCancellationLevel')}.",
        )


# -- Wait (§15) ---------------------------------------------------------------------------------

def _wait(ctx: CheckContext, node: Node, element: ElementSpec, where: str) -> Iterator[Diagnostic]:
    silence = clean(node, element, "silence") is True
    length = clean(node, element, "length")
    min_silence = clean(node, element, "minSilence")
    if (silence or is_set(node, "minSilence")) and type(length) is int \
            and type(min_silence) is int and min_silence >= length * 1000:
        default = "" if is_set(node, "minSilence") else ", the default"
        yield report(
            "wait-min-silence-too-long", node.id, "minSilence",
            f"{where}: {label(element, 'minSilence')} ({min_silence} ms{default}) must be "
            f"shorter than {label(element, 'length')} ({length} s = {length * 1000} ms), or the "
            "silence can never be detected.",
            f"Lower {label(element, 'minSilence')} below {length * 1000} ms, or raise "
            f"{label(element, 'length')} above {min_silence // 1000} s.",
        )
    if is_set(node, "minSilence") and not silence:
        yield _unused(
            node, element, where, "minSilence",
            f"unless {label(element, 'silence')} is on",
            f"Turn {label(element, 'silence')} on to end the wait early on silence, or clear "
            f"{label(element, 'minSilence')}.",
        )
    if silence and clean(node, element, "beep") is True:
        yield _unused(
            node, element, where, "beep",
            f"while {label(element, 'silence')} is on (Plivo waits for a beep only without "
            "silence detection)",
            f"Use either {label(element, 'beep')} or {label(element, 'silence')}, not both.",
        )


# -- Dial (§10) ---------------------------------------------------------------------------------

def _dial(ctx: CheckContext, node: Node, element: ElementSpec, where: str) -> Iterator[Diagnostic]:
    if is_set(node, "confirmKey") and not is_set(node, "confirmSound"):
        yield report(
            "dial-confirm-without-sound", node.id, "confirmKey",
            f"{where}: {label(element, 'confirmKey')} only works together with "
            f"{label(element, 'confirmSound')}, which is empty, so the called person is never "
            "asked to press the key.",
            f"Set {label(element, 'confirmSound')} to the address of an XML file that tells "
            "the called person which key to press, or clear "
            f"{label(element, 'confirmKey')}.",
        )
    if is_set(node, "confirmTimeout") and not (
        is_set(node, "confirmSound") or is_set(node, "confirmKey")
    ):
        yield _unused(
            node, element, where, "confirmTimeout",
            f"without {label(element, 'confirmSound')} and {label(element, 'confirmKey')}",
            f"Clear {label(element, 'confirmTimeout')}, or set up call confirmation.",
        )
    limit = clean(node, element, "timeLimit")
    if is_set(node, "timeLimit") and type(limit) is int and limit > DIAL_TIME_CAP:
        yield report(
            "dial-time-limit-capped", node.id, "timeLimit",
            f"{where}: {label(element, 'timeLimit')} is {limit} s, but Plivo ends every "
            f"call after 24 hours ({DIAL_TIME_CAP} s).",
            f"Enter {DIAL_TIME_CAP} or less to make the limit explicit.",
        )
    yield from _digits_match(node, element, where)


def _digits_match(node: Node, element: ElementSpec, where: str) -> Iterator[Diagnostic]:
    # Matched key patterns are reported only to callbackUrl (§10, §17).
    if element.attribute("callbackUrl") is None or is_set(node, "callbackUrl"):
        return
    for name in ("digitsMatch", "digitsMatchBLeg"):
        if is_set(node, name):
            yield _unused(
                node, element, where, name,
                f"without {label(element, 'callbackUrl')} (matched keys are reported there)",
                f"Set {label(element, 'callbackUrl')} to your server, or clear "
                f"{label(element, name)}.",
            )


# -- Conference (§17) ---------------------------------------------------------------------------

def _conference(ctx: CheckContext, node: Node, element: ElementSpec,
                where: str) -> Iterator[Diagnostic]:
    if is_set(node, "recordFileFormat") and clean(node, element, "record") is not True:
        yield _unused(
            node, element, where, "recordFileFormat",
            f"unless {label(element, 'record')} is on",
            f"Turn {label(element, 'record')} on, or clear "
            f"{label(element, 'recordFileFormat')}.",
        )
    yield from _digits_match(node, element, where)


# -- GetInput (§9) ----------------------------------------------------------------------

def _get_input(ctx: CheckContext, node: Node, element: ElementSpec,
               where: str) -> Iterator[Diagnostic]:
    input_type = clean(node, element, "inputType")
    if not isinstance(input_type, str) or not input_type.strip():
        return
    kinds = set(input_type.split())
    if kinds == {"dtmf"}:
        unused, because = SPEECH_ONLY, "when callers can only press keys (input type dtmf)"
    elif kinds == {"speech"}:
        unused, because = DTMF_ONLY, "when callers can only speak (input type speech)"
    else:
        return
    for name in unused:
        if is_set(node, name):
            yield _unused(
                node, element, where, name, because,
                f"Clear {label(element, name)}, or change {label(element, 'inputType')}.",
            )


# -- every element ------------------------------------------------------------------------------

def _method_without_address(ctx: CheckContext, node: Node, element: ElementSpec,
                            where: str) -> Iterator[Diagnostic]:
    """A `…Method` setting is used only when its address is set (or the compiler sets it)."""
    for spec in element.attributes:
        if not _is_method(spec.name) or not is_set(node, spec.name):
            continue
        partner = _method_partner(element, spec.name)
        if partner is None or is_set(node, partner):
            continue
        if partner == "action" and ctx.is_routed(node, element):
            continue
        default = element.attribute(partner).default  # type: ignore[union-attr]
        if default not in (None, ""):
            continue
        yield _unused(
            node, element, where, spec.name,
            f"without {label(element, partner)}",
            f"Clear {spec.label}, or fill in {label(element, partner)}.",
        )


def _is_method(name: str) -> bool:
    return name.endswith(("Method", "method"))


def _sets_a_method(node: Node, methods: tuple[str, ...]) -> bool:
    """The precondition of `_method_without_address` (`methods`: the element's `…Method`
    attributes)."""
    return any(is_set(node, name) for name in methods)


def _method_partner(element: ElementSpec, name: str) -> str | None:
    if name == "method":
        return "action" if element.attribute("action") else None
    base = name[: -len("Method")]
    for candidate in (base + "Url", base):
        if element.attribute(candidate) is not None:
            return candidate
    return None


def _loops_forever(node: Node, element: ElementSpec) -> bool:
    """The precondition of `_loop_forever`."""
    spec = element.attribute("loop")
    if spec is None:
        return False
    if node.attributes.get("loop") is None:
        return spec.default == 0  # what `clean` gives, without the call
    return clean(node, element, "loop") == 0


def _loop_forever(ctx: CheckContext, node: Node, element: ElementSpec,
                  where: str) -> Iterator[Diagnostic]:
    if not _loops_forever(node, element):
        return
    after = ctx.target(node.id)
    if after is None:
        return
    yield report(
        "loop-forever", node.id, "loop",
        f"{where}: {label(element, 'loop')} is 0, which repeats until the caller hangs up, so "
        f"'{after}' after it never runs.",
        f"Set {label(element, 'loop')} to the number of times to repeat (1 or more), or remove "
        "the link after this step.",
    )


BY_TYPE: dict[str, tuple[Rule, ...]] = {
    "Record": (_record,),
    "Stream": (_stream,),
    "Wait": (_wait,),
    "Dial": (_dial,),
    "Conference": (_conference,),
    "GetInput": (_get_input,),
}
def check_rules(context: CheckContext, run: StepRun) -> Iterator[Diagnostic]:
    plans = context.catalog.derived("checks.rule_plans", _rule_plans)
    for node in run.nodes:
        plan = plans.get(node.type)
        if plan is None:
            continue
        # The rules for every element, where they can apply. (Most steps set no `…Method`
        # attribute: one set operation says so without a call.)
        methods = plan.methods and not node.attributes.keys().isdisjoint(plan.methods) \
            and _sets_a_method(node, plan.methods)
        loops = plan.loops and (
            plan.loops_when_unset if node.attributes.get("loop") is None
            else _loops_forever(node, plan.element)
        )
        if not (plan.rules or methods or loops):
            continue
        rules = list(plan.rules)
        if methods:
            rules.append(_method_without_address)
        if loops:
            rules.append(_loop_forever)
        where = step(node.id, plan.element)
        for rule in rules:
            yield from rule(context, node, plan.element, where)


@dataclass(frozen=True)
class RulePlan:
    """Which rules can apply to one element type, worked out once per catalog."""

    element: ElementSpec
    rules: tuple[Rule, ...]  # its own (BY_TYPE)
    methods: tuple[str, ...]  # its `…Method` attributes, for `_method_without_address`
    loops: bool  # whether it has a `loop` attribute, for `_loop_forever`
    loops_when_unset: bool  # whether its `loop` default (0) repeats forever


def _rule_plans(catalog: Catalog) -> dict[str, RulePlan]:
    return {
        type_name: RulePlan(
            element=element,
            rules=BY_TYPE.get(type_name, ()),
            methods=tuple(name for name in element.attribute_names if _is_method(name)),
            loops=element.attribute("loop") is not None,
            loops_when_unset=_loops_forever(Node("", type_name), element),
        )
        for type_name, element in catalog.elements.items()
    }
