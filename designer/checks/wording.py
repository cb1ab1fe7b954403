"""How diagnostics name things: steps, nested items, attribute labels and the values a user typed.

Messages are read by people who are not programmers, so values are shown the way they were
typed (text in quotes, numbers plain, true/false for switches) and long text is shortened.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from designer.catalog import ElementSpec

MAX_SHOWN = 40


def step(node_id: str, element: ElementSpec | None) -> str:
    """"Step 'menu' (Get digits)" — how every node-level message begins."""
    if element is None:
        return f"Step '{node_id}'"
    return f"Step '{node_id}' ({element.label})"


def nested(node_id: str, element: ElementSpec | None, index: int, child: ElementSpec | None,
           child_type: str) -> str:
    """"Step 'sales' (Dial), Number #1" — a nested item, counted from 1 as the panel shows it."""
    label = child.label if child is not None else child_type
    return f"{step(node_id, element)}, {label} #{index + 1}"


def label(element: ElementSpec | None, name: str) -> str:
    """The catalog label of an attribute, or its Plivo name when the catalog lacks it."""
    spec = element.attribute(name) if element is not None else None
    return spec.label if spec is not None else name


def show(value: Any) -> str:
    """A value as the user would recognise it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
        return f"'{text}'"
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def either(items: Iterable[str], word: str = "or") -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
