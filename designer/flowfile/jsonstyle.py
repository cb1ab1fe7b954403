"""A deterministic JSON writer tuned for small git diffs.

Containers that hold only scalars (an edge, a position, a node's attributes) go on one line;
everything else is indented by two spaces. Keys keep the order they are given in.
"""

from __future__ import annotations

import json
from typing import Any

INDENT = "  "


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _inline(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_scalar(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_scalar(v) for v in value)
    return True


def _number(value: float) -> str:
    # Integral floats are written as integers so that 120.0 and 120 save the same bytes.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value)


def _scalar_text(value: Any) -> str:
    if isinstance(value, float):
        return _number(value)
    return json.dumps(value, ensure_ascii=False)


def _one_line(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_scalar_text(v)}"
                          for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar_text(v) for v in value) + "]"
    return _scalar_text(value)


def dumps(value: Any, level: int = 0) -> str:
    """Serialise `value`; the caller adds the final newline."""
    if _inline(value):
        return _one_line(value)
    pad, inner = INDENT * level, INDENT * (level + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(v, level + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    items = [f"{inner}{dumps(v, level + 1)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + pad + "]"
