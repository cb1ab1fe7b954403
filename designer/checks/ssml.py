"""Checks of a Speak's SSML markup (the reference §7): it must parse as an XML fragment, use only
the catalog's SSML tags, nest them as the catalog allows, and needs an Amazon Polly voice.

The markup is user input, so it is parsed safely: no DTD, no entity expansion, no network
access; lxml is imported only when a flow actually carries SSML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from designer.catalog import Catalog
from designer.checks.values import Problem
from designer.checks.wording import either, show

WRAPPER = "Speak"
XML_NAMESPACE = "{http://www.w3.org/XML/1998/namespace}"
_POSITION = re.compile(r", line \d+, column \d+$")
_MISMATCH = re.compile(r"Opening and ending tag mismatch: (\S+) line \d+ and (\S+)")
_TAG = re.compile(r"<[A-Za-z]")
_ENTITY = re.compile(r"Entity '([^']*)' not defined")
_PREFIX = re.compile(r"Namespace prefix (\S+) on (\S+) is not defined", re.IGNORECASE)
# A document type or entity declaration: SSML inside a Speak can have neither.
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Markup:
    """The parsed fragment (`root` is the wrapping <Speak>), or why it does not parse."""

    root: Any | None
    problem: Problem | None


def parse_fragment(markup: str) -> Markup:
    from lxml import etree

    # A fresh parser each time: lxml parsers keep an error log between uses.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(f"<{WRAPPER}>{markup}</{WRAPPER}>".encode(), parser)
    except etree.XMLSyntaxError as exc:
        # lxml only says "a < that does not start a tag"; name the declaration instead.
        declaration = _DECLARATION.search(markup)
        if declaration is not None:
            return Markup(None, _declaration_problem(markup, declaration))
        return Markup(None, _syntax_problem(exc, markup))
    return Markup(root, None)


def _declaration_problem(markup: str, found: re.Match[str]) -> Problem:
    line = markup.count("\n", 0, found.start()) + 1
    column = found.start() - (markup.rfind("\n", 0, found.start()) + 1) + 1
    return Problem(
        "ssml-invalid",
        f"The SSML markup is not valid at line {line}, column {column}: it contains a "
        f"<!{found.group(1).upper()} …> declaration, and document types and entity "
        "declarations are not allowed in SSML.",
        "Remove the declaration. Write special characters directly, or as &amp;, &lt;, "
        "&gt;, &quot; and &apos;.",
    )


def _syntax_problem(exc: Any, markup: str) -> Problem:
    line, column = exc.position if exc.position else (1, 0)
    if line == 1:
        column = max(1, column - len(WRAPPER) - 2)
    lines = markup.split("\n")
    if 1 <= line <= len(lines):
        # Errors found in the closing wrapper tag are shown at the end of the user's text.
        column = min(column, len(lines[line - 1]) + 1)
    raw = _POSITION.sub("", str(exc.msg or "")).strip()
    return Problem(
        "ssml-invalid",
        f"The SSML markup is not valid at line {line}, column {column}: {_explain(raw)}.",
        "Close every <tag> with </tag> (or write it as <tag/>), put attribute values in quotes, "
        "and write a plain & as &amp; and a plain < as &lt;.",
    )


def _explain(message: str) -> str:
    mismatch = _MISMATCH.match(message)
    if mismatch:
        opened, closed = mismatch.groups()
        if closed == WRAPPER:
            return f"<{opened}> is opened but never closed"
        if opened == WRAPPER:
            return f"</{closed}> closes a tag that was never opened"
        return f"<{opened}> is closed by </{closed}>; close tags in the reverse order of opening"
    prefixed = _PREFIX.match(message)
    if prefixed:
        prefix, name = prefixed.groups()
        return (
            f"<{prefix}:{name}> has a prefix ({prefix}:) that is not declared; Plivo's SSML "
            "tags are written without a prefix"
        )
    entity = _ENTITY.match(message)
    if entity:
        return f"&{entity.group(1)}; is not a character name XML knows"
    if message.startswith("xmlParseEntityRef"):
        return "a plain & must be written as &amp;"
    if message.startswith("StartTag: invalid element name"):
        return "a < that does not start a tag must be written as &lt;"
    if message.startswith("attValue") or "AttValue" in message:
        return "a setting's value must be in quotes, for example time='1s'"
    if "redefined" in message:
        return "a tag has the same setting twice"
    if "attribute" in message.lower() or "Start Tag" in message:
        return "a tag is not written correctly (write settings as name='value')"
    if "Premature end" in message or "EndTag" in message:
        return "the markup ends before all tags are closed"
    return message[0].lower() + message[1:] if message else "the markup cannot be read"


def _attribute_name(name: str) -> str:
    if name.startswith(XML_NAMESPACE):
        return "xml:" + name[len(XML_NAMESPACE):]
    return name


def markup_problems(markup: str, catalog: Catalog) -> Iterator[Problem]:
    """Every distinct problem of the markup, in document order."""
    parsed = parse_fragment(markup)
    if parsed.problem is not None:
        yield parsed.problem
        return
    tags = catalog.ssml_tags
    allowed = either(sorted(tags), "and")
    seen: set[tuple[str, ...]] = set()
    for element in parsed.root.iterdescendants():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag not in tags:
            if ("tag", tag) not in seen:
                seen.add(("tag", tag))
                yield Problem(
                    "ssml-unknown-tag",
                    f"The SSML markup uses <{_as_written(element)}>{_namespace(element)}, "
                    "which Plivo does not support.",
                    f"Use only these SSML tags: {allowed}. Tag names are lower case.",
                )
            continue
        parent = element.getparent()
        parent_tag = parent.tag if parent is not None else WRAPPER
        if parent_tag != WRAPPER and parent_tag in tags and tag not in tags[parent_tag].children:
            key = ("nest", parent_tag, tag)
            if key not in seen:
                seen.add(key)
                inside = tags[parent_tag].children
                yield Problem(
                    "ssml-bad-nesting",
                    f"The SSML markup puts <{tag}> inside <{parent_tag}>, which is not allowed.",
                    f"Inside <{parent_tag}> you can use "
                    f"{either(inside, 'and') if inside else 'only plain text'}; "
                    f"move <{tag}> outside it.",
                )
        for name in element.attrib:
            attribute = _attribute_name(name)
            if attribute not in tags[tag].attributes:
                key = ("attr", tag, attribute)
                if key not in seen:
                    seen.add(key)
                    known = tags[tag].attributes
                    yield Problem(
                        "ssml-unknown-attribute",
                        f"The SSML tag <{tag}> has a setting {show(attribute)} that Plivo does "
                        "not document; it may be rejected or ignored.",
                        f"<{tag}> accepts {either(known, 'and')}." if known
                        else f"<{tag}> takes no settings; remove {show(attribute)}.",
                    )


def _namespace(element: Any) -> str:
    if not element.tag.startswith("{") or element.prefix:
        return ""
    return f" in the XML namespace '{element.tag[1:].split('}', 1)[0]}'"


def _as_written(element: Any) -> str:
    """The tag's name as the user typed it: `x:y` for a tag lxml reads as `{uri}y`."""
    name = element.tag.rsplit("}", 1)[-1]
    return f"{element.prefix}:{name}" if element.prefix else name


def has_markup(markup: str) -> bool:
    """Whether the text contains at least one tag (plain text in `ssml` needs no Polly voice)."""
    return _TAG.search(markup) is not None
