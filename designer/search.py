"""Fuzzy matching of what a user types against the verbs of the catalog, for the editor's
quick-add popup: "gd" finds Get digits, "voicemail" finds Record (through its help text).

Each typed word must match the verb somewhere: a whole word or the start of a word of its
name or type scores most, a part of the name less, the letters of the word in order
("gdig") less again, and a word of the help text least. Verbs are ranked by their total,
ties in catalog (palette) order. Plain Python, no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from designer.catalog import Catalog

WHOLE_WORD = 100.0
WORD_START = 80.0
PART_OF_NAME = 60.0
IN_ORDER = 20.0
HELP_WORD_START = 20.0
IN_HELP = 12.0

_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+")


@dataclass(frozen=True)
class Verb:
    """A step the user can add, with what it is matched on."""

    type: str
    label: str
    help: str
    category: str
    # The palette group's name ("Say & play"), matched like the help text.
    group: str = ""


def palette_verbs(catalog: Catalog, link_target: bool = False) -> list[Verb]:
    """The verbs of the palette, in palette order; with `link_target`, only those a new link
    may lead into (every step but Start)."""
    verbs = []
    for category in catalog.categories:
        for element in catalog.palette(category.id):
            if link_target and element.type == "Start":
                continue
            verbs.append(Verb(element.type, element.label, element.help, element.category,
                              category.label))
    return verbs


def _name_words(verb: Verb) -> list[str]:
    words = _WORD.findall(verb.label.lower())
    words += [part.lower() for part in _CAMEL.findall(verb.type)]
    return words


def _in_order(word: str, text: str) -> float | None:
    """A score for `word`'s letters appearing in `text` in order, favouring letters at word
    starts and close together; None when they do not."""
    position = -1
    score = IN_ORDER
    for char in word:
        found = text.find(char, position + 1)
        if found < 0:
            return None
        if found == 0 or not text[found - 1].isalnum():
            score += 4.0
        score -= min(found - position - 1, 6) * 0.5
        position = found
    return max(score, 1.0)


def word_score(word: str, verb: Verb) -> float | None:
    """How well one typed (lower-case) word matches `verb`; None when it does not."""
    label = verb.label.lower()
    names = _name_words(verb)
    if word in names or word == verb.type.lower():
        return WHOLE_WORD
    if any(name.startswith(word) for name in names) or verb.type.lower().startswith(word):
        return WORD_START
    if word in label or word in verb.type.lower():
        return PART_OF_NAME
    help_text = f"{verb.group} {verb.help}".lower()
    help_words = _WORD.findall(help_text)
    if any(w.startswith(word) for w in help_words):
        return HELP_WORD_START
    if len(word) >= 2:
        in_order = _in_order(word, label)
        if in_order is not None:
            return in_order
    if len(word) >= 3 and word in help_text:
        return IN_HELP
    return None


def verb_score(query: str, verb: Verb) -> float | None:
    """The total over the query's words, or None when a word does not match at all. An empty
    query matches every verb equally."""
    total = 0.0
    for word in _WORD.findall(query.lower()):
        score = word_score(word, verb)
        if score is None:
            return None
        total += score
    return total


def rank_verbs(query: str, verbs: Sequence[Verb] | Iterable[Verb]) -> list[Verb]:
    """The verbs matching `query`, best first; equal scores keep their given order."""
    scored = []
    for index, verb in enumerate(verbs):
        score = verb_score(query, verb)
        if score is not None:
            scored.append((-score, index, verb))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    return [verb for _, _, verb in scored]
