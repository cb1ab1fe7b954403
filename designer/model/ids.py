"""Node ids: human-readable slugs, checked and made unique."""

from __future__ import annotations

import re
from collections.abc import Container

from designer.model.errors import ModelError

NODE_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
RESERVED_IDS = frozenset({"answer", "route", "manifest"})
MAX_ID_LENGTH = 64


def id_problem(node_id: object) -> str | None:
    """Why `node_id` cannot be used as a node id, or None when it can."""
    if not isinstance(node_id, str) or not node_id:
        return "A step name cannot be empty."
    if len(node_id) > MAX_ID_LENGTH:
        return f"A step name can be at most {MAX_ID_LENGTH} characters long."
    if not NODE_ID_PATTERN.match(node_id):
        return (
            f"'{node_id}' is not a valid step name: start with a lower-case letter and use only "
            "lower-case letters, digits, '-' and '_'."
        )
    if node_id in RESERVED_IDS:
        return f"'{node_id}' is reserved for the exported files; choose another step name."
    return None


def check_node_id(node_id: object) -> None:
    problem = id_problem(node_id)
    if problem:
        raise ModelError(problem)


def slugify(text: str) -> str:
    """Turn any text (a verb name, an imported file name) into a valid id base."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")
    if not slug or not slug[0].isalpha():
        slug = "step-" + slug if slug else "step"
    slug = slug[:MAX_ID_LENGTH]
    return slug + "-1" if slug in RESERVED_IDS else slug


def unique_id(base: str, taken: Container[str]) -> str:
    """`base` slugified, with the lowest numeric suffix that is not taken."""
    base = slugify(base)
    if base not in taken:
        return base
    stem = re.sub(r"-\d+$", "", base) or base
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"
