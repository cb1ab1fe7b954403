"""`explain_json_error`: what is wrong with a JSON text, in words for someone who edited a flow
or scenario file by hand, instead of Python's parser messages ("Expecting ',' delimiter").

A missing comma or colon is noticed only at the next item, often on the next line; the
explanation points just after the item where it is missing instead.
"""

from __future__ import annotations

import json

# Python's message (its start) → what it means, and whether the problem sits just after the
# previous item rather than where the parser stopped.
_MEANINGS: tuple[tuple[str, str, bool], ...] = (
    ("Expecting ',' delimiter", "a comma is missing", True),
    ("Expecting ':' delimiter", "a colon (:) is missing", True),
    ("Expecting property name enclosed in double quotes",
     "a name in double quotes was expected (or there is a comma too many)", False),
    ("Expecting value", "a value was expected (or there is a comma too many)", False),
    ("Unterminated string", "a text is not closed with a double quote", False),
    ("Extra data", "there is more text after the end of the data", False),
    ("Invalid control character", "a text holds a line break or tab; write it as \\n or \\t",
     False),
    ("Invalid \\escape", "a backslash (\\) is not followed by a valid escape such as \\n",
     False),
)


def explain_json_error(text: str, error: json.JSONDecodeError) -> str:
    """E.g. "a comma is missing after line 2, column 14"."""
    if not text.strip():
        return "the file is empty"
    meaning, after_previous = next(
        ((meaning, after) for start, meaning, after in _MEANINGS if error.msg.startswith(start)),
        (error.msg, False),
    )
    if after_previous:
        end = len(text[: error.pos].rstrip())
        if end > 0:
            line, column = _line_and_column(text, end - 1)
            return f"{meaning} after line {line}, column {column}"
    return f"{meaning} at line {error.lineno}, column {error.colno}"


def looks_like_xml(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
