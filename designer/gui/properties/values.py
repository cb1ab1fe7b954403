"""From what a person typed to the value the model stores, and whether it may be stored.

Parsing only turns text into the right Python type (a whole number for an int attribute); the
judgement (range, pattern, URL form) is the checks layer's `value_problem`, so the panel and
`ivr-designer validate` can never disagree.
"""

from __future__ import annotations

from typing import Any

from designer.catalog import AttributeSpec
from designer.checks.values import Problem, value_problem


def parse_text(spec: AttributeSpec, text: str) -> Any:
    """The typed value: None when the field is empty (Plivo's default applies), an int for a
    whole number typed into a number field, otherwise the text itself (which the check then
    refuses with a message if it is not acceptable)."""
    stripped = text.strip()
    if not stripped:
        return None
    if stripped in spec.keywords:
        return stripped
    if spec.type == "int":
        try:
            return int(stripped)
        except ValueError:
            return stripped
    # Spaces around a URL or a key are never meant; inside free text they are kept as typed.
    return stripped if spec.type in ("url", "enum") else text


def problem_with(spec: AttributeSpec, value: Any) -> Problem | None:
    return value_problem(spec, value)


def describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def spec_tooltip(spec: AttributeSpec) -> str:
    """Help text plus the facts a person needs: Plivo's name, default and allowed values."""
    lines = [f"<b>{spec.label}</b> <span style='color:#7a8496'>({spec.name})</span>",
             spec.help]
    facts = []
    if spec.has_default:
        facts.append(f"Default: {describe_value(spec.default)}")
    elif spec.default_note:
        facts.append(f"Default: {spec.default_note}")
    if spec.min is not None and spec.max is not None:
        facts.append(f"Allowed: {spec.min} to {spec.max}")
    elif spec.min is not None:
        facts.append(f"Allowed: {spec.min} or more")
    elif spec.max is not None:
        facts.append(f"Allowed: up to {spec.max}")
    if spec.choices:
        facts.append("Choices: " + ", ".join(spec.choices))
    if spec.keywords:
        shown = [k if k else "(empty)" for k in spec.keywords]
        facts.append("Also accepts: " + ", ".join(shown))
    if spec.pattern_hint:
        facts.append("Format: " + spec.pattern_hint)
    if spec.max_length is not None:
        facts.append(f"At most {spec.max_length} characters")
    if facts:
        lines.append("<br>".join(facts))
    return "<p>" + "</p><p>".join(lines) + "</p>"
