"""Picking the next document of a routed menu or Dial (docs/bundle.md, "routes").

A route reads the first non-empty request parameter among its `parameters`, looks the value
up in its `choices` and answers with that document; when nothing matches it answers with its
`default` (None: end the call). `exact` routes compare the whole value (digits, Dial
outcomes). `keyword` routes (GetInput) compare a `Digits` value whole, and look for a choice
inside a speech transcript as a whole word or phrase, ignoring case; the first choice in the
manifest's order that appears wins. A route with `log: false` (a menu with `log="false"`, for
PINs) never shows the matched value in the request log.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Keypad input is always compared whole, even on a keyword route.
DIGITS_PARAMETER = "Digits"
# What the log shows instead of the value matched on a route with `log: false`.
HIDDEN = "<hidden>"


@dataclass(frozen=True)
class Pick:
    """The outcome of a route: the document to serve (None = end the call), which parameter
    decided it and the choice it matched (None when the default was taken)."""

    target: str | None
    parameter: str | None
    choice: str | None
    # False: the menu asked not to log the caller's input, so the choice is not shown.
    log: bool = True

    def describe(self, node: str) -> str:
        """For the request log. Names the choice, never the caller's raw input (a speech
        transcript can hold personal details), and not even the choice when `log` is off."""
        if self.choice is not None:
            shown = repr(self.choice) if self.log else HIDDEN
            how = f"{self.parameter}={shown}"
        elif self.parameter is not None:
            how = f"{self.parameter} matched nothing"
        else:
            how = "no input"
        where = self.target if self.target is not None else "end of call"
        return f"route {node}: {how} -> {where}"


@dataclass(frozen=True)
class Route:
    node: str
    parameters: tuple[str, ...]
    match: str
    # Kept in manifest order: for keyword routes the first choice found wins.
    choices: tuple[tuple[str, str | None], ...]
    default: str | None
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    log: bool = True

    @classmethod
    def build(
        cls,
        node: str,
        parameters: list[str],
        match: str,
        choices: dict[str, str | None],
        default: str | None,
        log: bool = True,
    ) -> Route:
        patterns = tuple((_phrase_pattern(choice), choice) for choice in choices if choice.split())
        return cls(
            node, tuple(parameters), match, tuple(choices.items()), default, patterns, log
        )

    def pick(self, lookup: Callable[[str], str | None]) -> Pick:
        """Choose the document; `lookup(name)` gives a request parameter's value or None."""
        for parameter in self.parameters:
            value = (lookup(parameter) or "").strip()
            if value:
                choice = self._match(parameter, value)
                if choice is None:
                    return Pick(self.default, parameter, None, self.log)
                return Pick(dict(self.choices)[choice], parameter, choice, self.log)
        return Pick(self.default, None, None, self.log)

    def _match(self, parameter: str, value: str) -> str | None:
        if self.match == "exact" or parameter == DIGITS_PARAMETER:
            return value if any(value == choice for choice, _ in self.choices) else None
        for pattern, choice in self.patterns:
            if pattern.search(value):
                return choice
        return None


def _phrase_pattern(choice: str) -> re.Pattern[str]:
    # Whole words only ("no" must not match "know"); any run of spaces between the words.
    words = r"\s+".join(re.escape(word) for word in choice.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)
