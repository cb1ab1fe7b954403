"""Rules about a menu's choices (GetDigits, GetInput): each choice must be something the caller
can actually enter, given the menu's own settings (valid keys, the finishing key, the number
of digits, the input type). A choice nobody can enter is an exit that never fires."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from designer.catalog import Catalog, ElementSpec
from designer.checks.codes import report
from designer.checks.context import CheckContext, StepRun, is_set
from designer.checks.diagnostic import Diagnostic
from designer.checks.rules import clean
from designer.checks.wording import label, show, step
from designer.model import Node

KEYS = re.compile(r"[0-9*#]+")
NO_FINISH_KEY = ("", "none")


def check_menus(context: CheckContext, run: StepRun) -> Iterator[Diagnostic]:
    menus = context.catalog.derived("checks.menu_types", _menu_types)
    for node in run.nodes:
        if node.type not in menus or not node.choices:
            continue
        element = context.elements[node.type]
        enterable = _enterable(node, element)
        for choice in node.choices:
            if not enterable(choice):
                yield from _choice(node, element, step(node.id, element), choice)


def _menu_types(catalog: Catalog) -> frozenset[str]:
    return frozenset(t for t, e in catalog.elements.items() if e.has_choices)


def _enterable(node: Node, element: ElementSpec) -> Callable[[Any], bool]:
    """A quick test that is True only for choices `_choice` finds nothing wrong with: keys
    the menu's settings let a caller enter. The settings are read once per menu."""
    valid = clean(node, element, "validDigits")
    if not (is_set(node, "validDigits") and isinstance(valid, str)):
        valid = None
    finish = clean(node, element, "finishOnKey")
    if not isinstance(finish, str) or finish in NO_FINISH_KEY:
        finish = None
    limit = clean(node, element, "numDigits")
    if type(limit) is not int:
        limit = None

    def enterable(choice: Any) -> bool:
        return (
            isinstance(choice, str)
            and KEYS.fullmatch(choice) is not None
            and (valid is None or all(key in valid for key in choice))
            and (finish is None or finish not in choice)
            and (limit is None or len(choice) <= limit)
        )

    return enterable


def _choice(node: Node, element: ElementSpec, where: str, choice: str) -> Iterator[Diagnostic]:
    if not isinstance(choice, str) or not choice.strip():
        yield report(
            "menu-choice-invalid", node.id, None,
            f"{where}: the choice {show(choice)} is not a text a caller can enter.",
            "Rename the choice to the keys the caller presses, for example 1.",
        )
        return
    is_keys = KEYS.fullmatch(choice) is not None
    if not is_keys:
        if element.choice_kind == "digits":
            yield report(
                "menu-choice-invalid", node.id, None,
                f"{where}: the choice {show(choice)} is not something a caller can press; "
                "choices can use only the keys 0-9, * and #.",
                "Rename the choice to the keys the caller presses, for example 1 or 22#.",
            )
            return
        input_type = clean(node, element, "inputType")
        if isinstance(input_type, str) and set(input_type.split()) == {"dtmf"}:
            yield _unreachable(
                node, where, choice,
                f"callers can only press keys ({label(element, 'inputType')} is dtmf)",
                f"Add speech to {label(element, 'inputType')}, or use key choices.",
            )
        return
    yield from _key_choice(node, element, where, choice)


def _key_choice(node: Node, element: ElementSpec, where: str,
                choice: str) -> Iterator[Diagnostic]:
    valid = clean(node, element, "validDigits")
    if is_set(node, "validDigits") and isinstance(valid, str):
        missing = sorted({k for k in choice if k not in valid})
        if missing:
            yield _unreachable(
                node, where, choice,
                f"{label(element, 'validDigits')} ({show(valid)}) does not include "
                f"{', '.join(missing)}",
                f"Add {''.join(missing)} to {label(element, 'validDigits')}, or change the "
                "choice.",
            )
            return
    finish = clean(node, element, "finishOnKey")
    if isinstance(finish, str) and finish not in NO_FINISH_KEY and finish in choice:
        yield _unreachable(
            node, where, choice,
            f"{finish} is the {label(element, 'finishOnKey')}: pressing it ends the input "
            "and is not part of the digits",
            f"Change {label(element, 'finishOnKey')} (for example to none), or change the "
            "choice.",
        )
        return
    limit = clean(node, element, "numDigits")
    if type(limit) is int and len(choice) > limit:
        yield _unreachable(
            node, where, choice,
            f"{label(element, 'numDigits')} is {limit}, so input stops after {limit} "
            f"key{'s' if limit != 1 else ''}",
            f"Raise {label(element, 'numDigits')} to {len(choice)} or more, or shorten the "
            "choice.",
        )


def _unreachable(node: Node, where: str, choice: str, because: str, fix: str) -> Diagnostic:
    return report(
        "menu-choice-unreachable", node.id, None,
        f"{where}: callers can never reach the choice {show(choice)} because {because}.",
        fix,
    )
