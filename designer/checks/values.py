"""Checks of single values against the catalog: one attribute value, or one element text.

`value_problem` and `body_problem` know nothing about steps or flows; they say what is wrong
with a value in words that start with the field's label ("Max length must be at least 2 …").
The property panel can call them directly to check a field as the user types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from designer.catalog import AttributeSpec, BodySpec
from designer.checks.wording import either, show

# Characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The quick tests below first ask `str.isprintable`, several times faster than the pattern: a
# printable text has no control character, surrogate or non-character (U+FFFE, U+FFFF), the
# only ones XML refuses. Texts with line breaks or tabs are not "printable": the pattern decides.

# Fallback forms of the element texts, used when the catalog gives no pattern of its own.
KIND_PATTERNS = {
    "phone": r"\+?[0-9]{3,20}",
    "sip": r"sips?:[^@\s]+@[^@\s]+",
    "digits": r"[0-9*#wW]+",
}
# A plain absolute address: scheme, a host name made of letters, digits, dots and dashes, an
# optional port, then printable ASCII. urlsplit reads every such address the same way (that
# scheme, a non-empty host), so `is_absolute_url` answers it without calling urlsplit.
_PLAIN_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]*)?(?:[/?#][!-~]*)?")
_MILLISECONDS = re.compile(r"\bmilliseconds?\b", re.IGNORECASE)
_SECONDS = re.compile(r"\bseconds?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    hint: str


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def matches(pattern: str, value: str) -> bool:
    """Catalog patterns describe the whole value, anchored or not."""
    return _compiled(pattern).fullmatch(value) is not None


def bad_character(value: str) -> str | None:
    found = _NOT_XML.search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"


def is_absolute_url(value: str, schemes: tuple[str, ...]) -> bool:
    plain = _PLAIN_URL.fullmatch(value)
    if plain is not None:
        return plain.group(1).lower() in schemes
    if not value or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(host)


def scheme_list(schemes: tuple[str, ...]) -> str:
    # Show the secure scheme first: it is the one Plivo recommends.
    ordered = sorted(schemes, key=lambda s: (not s.endswith("s"), s))
    return either([f"{s}://" for s in ordered])


@cache
def unit(spec: AttributeSpec) -> str:
    """The unit of a number, as its help text states it ("…, in seconds"): the catalog words
    every duration's help that way, so the message can say "at least 2 seconds"."""
    if spec.type != "int":
        return ""
    if _MILLISECONDS.search(spec.help):
        return "milliseconds"
    if _SECONDS.search(spec.help):
        return "seconds"
    return ""


def _amount(spec: AttributeSpec, number: int) -> str:
    name = unit(spec)
    if not name:
        return str(number)
    return f"{number} {name[:-1] if number == 1 else name}"


def _default_note(spec: AttributeSpec) -> str:
    if not spec.has_default:
        return ""
    return f" Leave it empty to use Plivo's default ({show(spec.default)})."


def _keywords_note(spec: AttributeSpec) -> str:
    if not spec.keywords:
        return ""
    return f", or {either([show(k) for k in spec.keywords])}"


def _wanted_number(spec: AttributeSpec) -> str:
    """"a whole number of seconds from 5 to 60", "a whole number, 1 or more", …"""
    name = unit(spec)
    what = f"a whole number of {name}" if name else "a whole number"
    if spec.min is not None and spec.max is not None:
        return f"{what} from {spec.min} to {spec.max}"
    if spec.min is not None:
        return f"{what}, {spec.min} or more"
    if spec.max is not None:
        return f"{what}, {spec.max} or less"
    return what


def value_problem(spec: AttributeSpec, value: Any) -> Problem | None:
    """What is wrong with `value` for this attribute, or None. An unset value (None) is fine
    here; required attributes are checked by the caller."""
    if value is None:
        return None
    if isinstance(value, str) and value in spec.keywords:
        return None
    if spec.type == "bool":
        return _bool_problem(spec, value)
    if spec.type == "int":
        return _int_problem(spec, value)
    if spec.type == "enum":
        return _enum_problem(spec, value)
    return _text_problem(spec, value)


def _bool_problem(spec: AttributeSpec, value: Any) -> Problem | None:
    if type(value) is bool:
        return None
    return Problem(
        "attr-wrong-type",
        f"{spec.label} must be true or false (you entered {show(value)}).",
        f"Switch {spec.label} on or off.{_default_note(spec)}",
    )


def _int_problem(spec: AttributeSpec, value: Any) -> Problem | None:
    if type(value) is not int:
        wanted = _wanted_number(spec)
        return Problem(
            "attr-wrong-type",
            f"{spec.label} must be a whole number{_keywords_note(spec)} "
            f"(you entered {show(value)}).",
            f"Enter {wanted}{_keywords_note(spec)}."
            f"{_default_note(spec)}",
        )
    too_low = spec.min is not None and value < spec.min
    too_high = spec.max is not None and value > spec.max
    if not (too_low or too_high):
        return None
    wanted = _wanted_number(spec)
    if spec.min is not None and spec.max is not None:
        rule = f"must be between {spec.min} and {_amount(spec, spec.max)}"
    elif too_low:
        rule = f"must be at least {_amount(spec, spec.min)}"  # type: ignore[arg-type]
    else:
        rule = f"can be at most {_amount(spec, spec.max)}"  # type: ignore[arg-type]
    return Problem(
        "attr-out-of-range",
        f"{spec.label} {rule} (you entered {value}).",
        f"Enter {wanted}{_keywords_note(spec)}.{_default_note(spec)}",
    )


def _enum_problem(spec: AttributeSpec, value: Any) -> Problem | None:
    if isinstance(value, str) and value in spec.choices:
        return None
    options = either([show(c) for c in spec.choices])
    near = ""
    if isinstance(value, bool) and str(value).lower() in spec.choices:
        near = f" Enter it as the text {show(str(value).lower())}, not as a switch."
    elif isinstance(value, str):
        for choice in spec.choices:
            if choice.lower() == value.strip().lower():
                near = f" Did you mean {show(choice)}? Upper and lower case matter."
                break
    return Problem(
        "attr-bad-choice",
        f"{spec.label} must be {options} (you entered {show(value)}).",
        f"Choose {options}.{near}{_default_note(spec)}",
    )


def _text_problem(spec: AttributeSpec, value: Any) -> Problem | None:
    if spec.type == "string" and type(value) is int:
        # A number typed into a text setting (e.g. "digitEndTimeout": 5 in a hand-edited
        # file) is written as its digits, so check it as such.
        value = str(value)
    if not isinstance(value, str):
        return Problem(
            "attr-wrong-type",
            f"{spec.label} must be text (you entered {show(value)}).",
            f"Type the value as text.{_default_note(spec)}",
        )
    char = bad_character(value)
    if char is not None:
        return Problem(
            "attr-bad-character",
            f"{spec.label} contains an invisible control character ({char}) that cannot be "
            "written into Plivo XML.",
            f"Retype {spec.label} without pasting; remove the hidden character.",
        )
    if spec.type == "url" and not is_absolute_url(value, spec.url_schemes):
        example = f"{sorted(spec.url_schemes, key=lambda s: not s.endswith('s'))[0]}://"
        return Problem(
            "attr-bad-url",
            f"{spec.label} must be a full web address starting with "
            f"{scheme_list(spec.url_schemes)}{_keywords_note(spec)} (you entered {show(value)}).",
            f"Enter a complete address such as {example}example.com/path, including the "
            "server name.",
        )
    if spec.min_length is not None and len(value) < spec.min_length:
        return Problem(
            "attr-too-short",
            f"{spec.label} must be at least {spec.min_length} characters long "
            f"(you entered {len(value)}).",
            f"Make {spec.label} at least {spec.min_length} characters long.",
        )
    if spec.max_length is not None and len(value) > spec.max_length:
        return Problem(
            "attr-too-long",
            f"{spec.label} can be at most {spec.max_length} characters long "
            f"(you entered {len(value)}).",
            f"Shorten {spec.label} to {spec.max_length} characters or fewer.",
        )
    if spec.pattern is not None and not matches(spec.pattern, value):
        expected = spec.pattern_hint or "in the format Plivo expects"
        return Problem(
            "attr-bad-format",
            f"{spec.label} must be {expected} (you entered {show(value)}).",
            f"Enter {expected}.{_default_note(spec)}" if spec.pattern_hint
            else f"Check the value against the help text: {spec.help}",
        )
    return None


# -- quick acceptance ----------------------------------------------------------------------------
# `accepts(spec)` and `body_accepts(body)` answer "is this value fine?" several times faster than
# `value_problem`/`body_problem`, for the checks, which ask it for every value of every step.
# They may be stricter, never more lenient: True means the full check finds no problem; False
# means "ask the full check", which words the problem (or finds none).

Accepts = Callable[[Any], bool]


def accepts(spec: AttributeSpec) -> Accepts:
    """A quick test of values for this attribute (see above). An unset value (None) passes."""
    if spec.type == "bool":
        return lambda value: value is None or value is True or value is False
    if spec.type == "int":
        low = spec.min if spec.min is not None else float("-inf")
        high = spec.max if spec.max is not None else float("inf")
        return lambda value: value is None or (type(value) is int and low <= value <= high)
    if spec.type == "enum":
        allowed = frozenset(spec.choices) | frozenset(spec.keywords)
        return lambda value: value is None or (type(value) is str and value in allowed)
    return _text_accepts(spec)


def _text_accepts(spec: AttributeSpec) -> Accepts:
    keywords = frozenset(spec.keywords)
    url_schemes = spec.url_schemes if spec.type == "url" else None
    low, high = spec.min_length or 0, spec.max_length
    pattern = _compiled(spec.pattern) if spec.pattern is not None else None

    def accepts_text(value: Any) -> bool:
        if value is None:
            return True
        if type(value) is not str:
            return False
        if value in keywords:
            return True
        return (
            (value.isprintable() or _NOT_XML.search(value) is None)
            and (url_schemes is None or is_absolute_url(value, url_schemes))
            and low <= len(value)
            and (high is None or len(value) <= high)
            and (pattern is None or pattern.fullmatch(value) is not None)
        )

    return accepts_text


def body_accepts(body: BodySpec) -> Accepts:
    """A quick test of an element's text, when it carries no SSML (see above)."""
    if body.kind == "none":
        return lambda text: text is None or (type(text) is str and not text.strip())
    required = body.required
    url_schemes = body.url_schemes if body.kind == "url" else None
    form = body.pattern or KIND_PATTERNS.get(body.kind)
    pattern = _compiled(form) if form else None

    def accepts_text(text: Any) -> bool:
        if text is None:
            return not required
        if type(text) is not str:
            return False
        value = text.strip()
        if not value:
            return not required
        return (
            (text.isprintable() or _NOT_XML.search(text) is None)
            and (url_schemes is None or is_absolute_url(value, url_schemes))
            and (pattern is None or pattern.fullmatch(value) is not None)
        )

    return accepts_text


def body_label(body: BodySpec) -> str:
    return body.label or "The text"


def body_problem(body: BodySpec, text: str | None, has_ssml: bool = False) -> Problem | None:
    """What is wrong with an element's text, or None. `has_ssml` says a Speak carries SSML
    markup instead, which satisfies a required text."""
    label = body_label(body)
    if text is not None and not isinstance(text, str):
        return Problem(
            "body-bad-format",
            f"{label} must be text (you entered {show(text)}).",
            f"Type {label} as text.",
        )
    blank = text is None or not text.strip()
    if body.kind == "none":
        if blank:
            return None
        return Problem(
            "body-ignored",
            f"This kind of step has no text, but it carries the text {show(text)}, which is "
            "not used.",
            "Clear the text.",
        )
    if blank:
        if body.required and not has_ssml:
            return Problem(
                "body-required",
                f"{label} is required but empty.",
                f"Fill in {label}: {body.help}" if body.help else f"Fill in {label}.",
            )
        return None
    assert text is not None
    char = bad_character(text)
    if char is not None:
        return Problem(
            "body-bad-character",
            f"{label} contains an invisible control character ({char}) that cannot be written "
            "into Plivo XML.",
            f"Retype {label} without pasting; remove the hidden character.",
        )
    value = text.strip()
    if body.kind == "url" and not is_absolute_url(value, body.url_schemes):
        return Problem(
            "body-bad-url",
            f"{label} must be a full web address starting with {scheme_list(body.url_schemes)} "
            f"(you entered {show(text)}).",
            "Enter a complete address, including the server name, such as "
            f"{sorted(body.url_schemes, key=lambda s: not s.endswith('s'))[0]}://example.com/"
            "path.",
        )
    kind_pattern = body.pattern or KIND_PATTERNS.get(body.kind)
    if body.kind in KIND_PATTERNS and not matches(kind_pattern, value):  # type: ignore[arg-type]
        return _kind_problem(body, label, text)
    if body.kind not in KIND_PATTERNS and body.pattern and not matches(body.pattern, value):
        expected = body.pattern_hint or "in the format Plivo expects"
        return Problem(
            "body-bad-format",
            f"{label} must be {expected} (you entered {show(text)}).",
            f"Enter {expected}." if body.pattern_hint else (body.help or f"Correct {label}."),
        )
    return None


def _kind_problem(body: BodySpec, label: str, text: str) -> Problem:
    if body.kind == "phone":
        return Problem(
            "body-bad-phone",
            f"{label} must contain only digits, with an optional + in front "
            f"(you entered {show(text)}).",
            "Write the number in international format without spaces or dashes, "
            "for example +14155550100.",
        )
    if body.kind == "sip":
        return Problem(
            "body-bad-sip",
            f"{label} must look like sip:alice@phone.plivo.com (you entered {show(text)}).",
            "Start with sip: and include the user and the domain, separated by @.",
        )
    return Problem(
        "body-bad-digits",
        f"{label} may contain only the keys 0-9, * and #, and w or W for a pause "
        f"(you entered {show(text)}).",
        "Remove spaces and any other characters.",
    )
