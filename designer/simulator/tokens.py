"""Caller input for the simulator: the tokens a user types (`1`, `42#`, `silence`,
`speech:sales please`, `dial:busy`, `record:20`, `hangup`) parsed into `Token`s.

Each token is consumed at one point where the call waits for the caller (or for the far end of
a Dial). Parsing only checks the token's own spelling; whether it fits the point where the call
waits is the engine's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS, SILENCE, SPEECH, DIAL, RECORD, HANGUP = (
    "digits",
    "silence",
    "speech",
    "dial",
    "record",
    "hangup",
)
KINDS = (DIGITS, SILENCE, SPEECH, DIAL, RECORD, HANGUP)

DIAL_OUTCOMES = ("completed", "busy", "no-answer", "failed", "timeout")

_DIGITS = re.compile(r"[0-9*#]+\Z")

# How each kind is written, for messages that say what the call expects.
SPELLING = {
    DIGITS: "keys such as 1 or 42#",
    SILENCE: "silence",
    SPEECH: "speech:WORDS",
    DIAL: "dial:" + "|".join(DIAL_OUTCOMES),
    RECORD: "record:SECONDS",
    HANGUP: "hangup",
}

TOKEN_HELP = (
    "keys the caller presses (1, 42#, *), silence (the caller does nothing), "
    "speech:WORDS (the caller says WORDS), dial:completed|busy|no-answer|failed|timeout "
    "(how a Dial ends), record:SECONDS (how long the caller speaks into a recording), "
    "hangup (the caller hangs up)"
)


class TokenError(ValueError):
    """A caller input token is misspelt; the message says how to write it."""


@dataclass(frozen=True)
class Token:
    kind: str
    value: str = ""
    seconds: int = 0

    def __str__(self) -> str:
        if self.kind == DIGITS:
            return self.value
        if self.kind in (SPEECH, DIAL):
            return f"{self.kind}:{self.value}"
        if self.kind == RECORD:
            return f"record:{self.seconds}"
        return self.kind


def parse_token(text: str) -> Token:
    """Parse one token; raise `TokenError` naming what is wrong and how to write it."""
    raw = text.strip()
    if not raw:
        raise TokenError(f"An empty input is not a caller action. Use one of: {TOKEN_HELP}.")
    lowered = raw.lower()
    if _DIGITS.match(raw):
        return Token(DIGITS, raw)
    if lowered in (SILENCE, HANGUP):
        return Token(lowered)
    kind, sep, rest = raw.partition(":")
    kind = kind.strip().lower()
    rest = rest.strip()
    if sep and kind == SPEECH:
        words = " ".join(rest.split())
        if not words:
            raise TokenError("'speech:' needs the words the caller says, e.g. speech:sales.")
        return Token(SPEECH, words)
    if sep and kind == DIAL:
        outcome = rest.lower()
        if outcome not in DIAL_OUTCOMES:
            raise TokenError(
                f"'{raw}': a Dial ends as one of {', '.join(DIAL_OUTCOMES)} (write e.g. dial:busy)."
            )
        return Token(DIAL, outcome)
    if sep and kind == RECORD:
        if not rest.isdigit():
            raise TokenError(
                f"'{raw}': write how many whole seconds the caller speaks, e.g. record:20."
            )
        return Token(RECORD, seconds=int(rest))
    raise TokenError(f"'{raw}' is not a caller action. Use one of: {TOKEN_HELP}.")


def parse_tokens(texts: list[str]) -> list[Token]:
    """Parse every token; the error names the position of the first bad one."""
    tokens = []
    for position, text in enumerate(texts, start=1):
        try:
            tokens.append(parse_token(text))
        except TokenError as exc:
            raise TokenError(f"Input {position}: {exc}") from None
    return tokens
