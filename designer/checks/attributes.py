"""Per-step checks generated from the catalog: every attribute's type, choices, range, pattern,
length and URL form; required attributes; the element's text; its SSML; its nested items
(allowed types, how many are needed, and each item's own attributes and text).

Nothing here is specific to one verb: a new attribute in the catalog is checked without a code
change. Rules that tie several attributes together live in rules.py.

Most steps have nothing to report, so each step is first passed through quick tests prepared
once per element type (`ItemTests`); only a step that fails them goes through the full checks,
which word the problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from designer.catalog import Catalog, ElementSpec
from designer.checks.codes import report
from designer.checks.context import CheckContext, StepRun
from designer.checks.diagnostic import Diagnostic
from designer.checks.ssml import has_markup, markup_problems
from designer.checks.values import Accepts, accepts, body_accepts, body_problem, value_problem
from designer.checks.wording import either, nested, show, step
from designer.model import Child, Node

# What the compiler fills in itself on a routed menu or Dial (docs/bundle.md).
COMPILER_SET = ("action", "method")


def check_attributes(context: CheckContext, run: StepRun) -> Iterator[Diagnostic]:
    tests, elements = item_tests(context.catalog), context.elements
    for node in run.nodes:
        element = elements.get(node.type)
        if element is None:
            continue  # graph.py reports the unknown type
        if _passes(node, tests[node.type], tests):
            continue
        where = step(node.id, element)
        provided = COMPILER_SET if context.is_routed(node, element) else ()
        yield from _item(context, node.id, where, element, node, provided)
        yield from _children(context, node, element, where)


@dataclass(frozen=True)
class ItemTests:
    """The quick tests of one element type (designer.checks.values.accepts)."""

    attributes: dict[str, Accepts]
    required: tuple[str, ...]
    body: Accepts
    children: frozenset[str]
    min_children: int


def item_tests(catalog: Catalog) -> dict[str, ItemTests]:
    return catalog.derived("checks.item_tests", _build_item_tests)


def _build_item_tests(catalog: Catalog) -> dict[str, ItemTests]:
    return {
        type_name: ItemTests(
            attributes={spec.name: accepts(spec) for spec in element.attributes},
            required=tuple(spec.name for spec in element.required_attributes),
            body=body_accepts(element.body),
            children=frozenset(element.children),
            min_children=element.min_children,
        )
        for type_name, element in catalog.elements.items()
    }


def _passes(item: Node | Child, own: ItemTests, tests: dict[str, ItemTests]) -> bool:
    """Whether the full checks below are sure to find nothing (False: run them)."""
    if item.extra_attributes or item.ssml is not None:
        return False
    attributes = item.attributes
    for name, value in attributes.items():
        test = own.attributes.get(name)
        if test is None or not test(value):
            return False
    for name in own.required:
        value = attributes.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return False
    if not own.body(item.text):
        return False
    if isinstance(item, Child):
        return True
    if len(item.children) < own.min_children:
        return False
    for child in item.children:
        if child.type not in own.children or not _passes(child, tests[child.type], tests):
            return False
    return True


def _item(
    context: CheckContext,
    node_id: str,
    where: str,
    element: ElementSpec,
    item: Node | Child,
    provided: tuple[str, ...] = (),
) -> Iterator[Diagnostic]:
    """Attributes, text and SSML of a step or of one nested item."""
    yield from _attribute_values(node_id, where, element, item.attributes, provided)
    for name, value in item.extra_attributes.items():
        yield report(
            "unknown-attribute", node_id, name,
            f"{where} has a setting '{name}' (= {show(value)}) that the designer does not "
            "know; it was kept from imported XML.",
            "Check in Plivo's documentation that the setting exists, or remove it.",
        )
    has_ssml = isinstance(item.ssml, str) and bool(item.ssml.strip())
    problem = body_problem(element.body, item.text, has_ssml and element.body.ssml)
    if problem is not None:
        yield report(problem.code, node_id, None, f"{where}: {problem.message}", problem.hint)
    if has_ssml:
        yield from _ssml(context, node_id, where, element, item)


def _attribute_values(
    node_id: str,
    where: str,
    element: ElementSpec,
    attributes: dict[str, Any],
    provided: tuple[str, ...],
) -> Iterator[Diagnostic]:
    for name, value in attributes.items():
        spec = element.attribute(name)
        if spec is None:
            yield report(
                "unknown-attribute", node_id, name,
                f"{where} has a setting '{name}' that {element.label} does not have.",
                f"Remove it; {element.label} settings are: "
                f"{either(element.attribute_names, 'and') or 'none'}.",
            )
            continue
        problem = value_problem(spec, value)
        if problem is not None:
            yield report(problem.code, node_id, name, f"{where}: {problem.message}", problem.hint)
    for spec in element.attributes:
        value = attributes.get(spec.name)
        missing = value is None or (isinstance(value, str) and not value.strip())
        if spec.required and missing and spec.name not in provided:
            hint = f"Fill in {spec.label}: {spec.help}"
            if spec.name == "action" and element.has_choices:
                hint = (f"Add choices and link them (the designer then fills in {spec.label} "
                        "itself), or enter the address of your own server.")
            yield report(
                "attr-required", node_id, spec.name, f"{where}: {spec.label} is required.", hint
            )


def _ssml(
    context: CheckContext, node_id: str, where: str, element: ElementSpec, item: Node | Child
) -> Iterator[Diagnostic]:
    assert item.ssml is not None
    if not element.body.ssml:
        yield report(
            "ssml-not-allowed", node_id, None,
            f"{where} carries SSML markup, but only Speak can use SSML.",
            "Clear the SSML markup of this step.",
        )
        return
    if isinstance(item.text, str) and item.text.strip():
        yield report(
            "speak-text-and-ssml", node_id, None,
            f"{where} has both plain text and SSML markup; Plivo can read only one of them.",
            "Keep one: clear either the text or the SSML markup.",
        )
    for problem in markup_problems(item.ssml, context.catalog):
        yield report(problem.code, node_id, None, f"{where}: {problem.message}", problem.hint)
    voice_spec = element.attribute("voice")
    voice = item.attributes.get("voice")
    if voice is None and voice_spec is not None:
        voice = voice_spec.default
    if voice_spec is not None and has_markup(item.ssml) and not (
        isinstance(voice, str) and voice.startswith("Polly.")
    ):
        yield report(
            "ssml-needs-polly", node_id, "voice",
            f"{where} uses SSML markup, which only Amazon Polly voices understand, but "
            f"{voice_spec.label} is {show(voice)}.",
            f"Choose a Polly voice for {voice_spec.label} (for example Polly.Joanna), or remove "
            "the markup.",
        )


def _children(
    context: CheckContext, node: Node, element: ElementSpec, where: str
) -> Iterator[Diagnostic]:
    allowed_labels = [_label(context, t) for t in element.children]
    counted = 0
    for index, child in enumerate(node.children):
        child_element = context.element(child.type)
        child_where = nested(node.id, element, index, child_element, child.type)
        if child_element is None or child.type not in element.children:
            yield report(
                "child-not-allowed", node.id, None,
                f"{where} cannot contain a {_label(context, child.type)} "
                f"(item #{index + 1}).",
                f"Inside {element.label} you can put {either(allowed_labels)}; remove this item."
                if element.children else f"{element.label} takes no nested items; remove it.",
            )
            continue
        counted += 1
        yield from _item(context, node.id, child_where, child_element, child)
    if counted < element.min_children:
        need = "one" if element.min_children == 1 else str(element.min_children)
        yield report(
            "children-missing", node.id, None,
            f"{where} needs at least {need} {either(allowed_labels)}"
            f"{_purpose(element)}.",
            f"Add {either(allowed_labels)} to {element.label} in the side panel.",
        )


def _label(context: CheckContext, type_name: str) -> str:
    element = context.element(type_name)
    return element.label if element is not None else type_name


def _purpose(element: ElementSpec) -> str:
    # Dial is the one element with a minimum today; say what the items are for.
    return " to call" if element.type == "Dial" else ""
