"""One `<Response>` → a list of steps: each verb element becomes a `Node` (not yet named or
linked), with attributes typed by the catalog, nested elements as `Child`ren and a Speak's
SSML kept as its exact inner markup.

Nothing is dropped without a word: attributes the catalog does not know are kept as extra
attributes (on steps and nested elements alike), and everything that cannot be kept (unknown
or misplaced elements, stray text) is reported with its line number.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from designer.catalog import AttributeSpec, Catalog, ElementSpec
from designer.importer.report import ImportDiagnostic
from designer.model import Child, Node

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
# Canonical whole numbers only: "05" or "+5" would come back as "5" and break the round trip.
_WHOLE_NUMBER = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")
_BOOLEANS = {"true": True, "false": False}


@dataclass
class Step:
    """A verb element of the document, turned into a node that has no id or links yet."""

    node: Node
    line: int | None
    # Comments written just before the element (or inside it), in order: they become notes.
    comments: list[str] = field(default_factory=list)
    # Which of the mapper's diagnostics are about this element: they name the step once it
    # has an id (the import report then selects it when clicked).
    findings: range = range(0)


@dataclass
class MappedDocument:
    file: str
    steps: list[Step]
    # Comments after the last element.
    trailing_comments: list[str] = field(default_factory=list)


def attribute_name(qualified: str, element: etree._Element) -> str:
    """An lxml attribute key as it was written: `xml:lang`, `prefix:name` or `name`."""
    if not qualified.startswith("{"):
        return qualified
    name = etree.QName(qualified)
    if name.namespace == XML_NAMESPACE:
        return f"xml:{name.localname}"
    for prefix, uri in (element.nsmap or {}).items():
        if uri == name.namespace and prefix:
            return f"{prefix}:{name.localname}"
    return qualified


def convert_value(spec: AttributeSpec, raw: str) -> Any:
    """The typed value of an attribute, or `raw` unchanged when it does not convert (the
    checks then report it, and the value still goes back out exactly as it came in)."""
    if spec.type == "bool":
        return _BOOLEANS.get(raw, raw)
    if spec.type == "int" and _WHOLE_NUMBER.match(raw):
        return int(raw)
    return raw


def inner_markup(element: etree._Element) -> str:
    """The exact markup between an element's start and end tags."""
    parts = [escape(element.text)] if element.text else []
    for child in element:
        twin = copy.deepcopy(child)
        # Namespace declarations inherited from <Response> are not part of the SSML.
        etree.cleanup_namespaces(twin)
        parts.append(etree.tostring(twin, encoding="unicode", with_tail=True))
    return "".join(parts)


def _suggestion(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    return f" Did you mean '{close[0]}'?" if close else ""


class DocumentMapper:
    """Maps the children of one `<Response>` to steps, collecting diagnostics as it goes."""

    def __init__(self, catalog: Catalog, file: str) -> None:
        self.catalog = catalog
        self.file = file
        self.diagnostics: list[ImportDiagnostic] = []
        self._tags = sorted(e.tag for e in catalog.elements.values() if e.tag)

    def report(self, severity: str, code: str, message: str, line: int | None, *,
               attribute: str | None = None, hint: str = "") -> None:
        self.diagnostics.append(
            ImportDiagnostic(severity, code, message, self.file, line,
                             attribute=attribute, hint=hint)
        )

    # -- the document -------------------------------------------------------------------------

    def map(self, root: etree._Element) -> MappedDocument:
        if root.attrib:
            names = ", ".join(attribute_name(k, root) for k in root.attrib)
            self.report("warning", "import-ignored-attribute",
                        f"<Response> has no settings; its attributes ({names}) were left out.",
                        root.sourceline)
        self._stray_text(root.text, "<Response>", root.sourceline)
        steps: list[Step] = []
        # Comments before <Response> introduce the first step; those after it close the list.
        pending = [
            (c.text or "").strip()
            for c in reversed(list(root.itersiblings(etree.Comment, preceding=True)))
        ]
        for item in root:
            if isinstance(item, etree._Comment):
                pending.append((item.text or "").strip())
            elif isinstance(item.tag, str):
                first = len(self.diagnostics)
                node = self._verb(item)
                if node is not None:
                    steps.append(Step(node, item.sourceline, pending + self._inner_comments(item),
                                      range(first, len(self.diagnostics))))
                    pending = []
            self._stray_text(item.tail, "<Response>", item.sourceline)
        pending += [(c.text or "").strip() for c in root.itersiblings(etree.Comment)]
        return MappedDocument(self.file, steps, [c for c in pending if c])

    def _inner_comments(self, element: etree._Element) -> list[str]:
        # Comments inside SSML stay in the markup; elsewhere they would be lost, so they
        # become notes like the ones between steps.
        return [
            (c.text or "").strip()
            for c in element.iter(etree.Comment)
            if (c.text or "").strip() and not self._in_ssml(c)
        ]

    def _in_ssml(self, item: etree._Element) -> bool:
        for ancestor in item.iterancestors():
            spec = self.catalog.by_tag(ancestor.tag)
            if spec is not None and spec.body.ssml:
                return any(isinstance(c.tag, str) for c in ancestor)
        return False

    def _stray_text(self, text: str | None, where: str, line: int | None) -> None:
        if text and text.strip():
            shown = " ".join(text.split())
            shown = shown if len(shown) <= 40 else shown[:37] + "…"
            self.report("warning", "import-ignored-text",
                        f"the text '{shown}' directly inside {where} means nothing to Plivo "
                        "and was left out.", line)

    def _unknown(self, element: etree._Element, inside: str) -> None:
        tag = element.tag
        qname = etree.QName(element)
        if qname.namespace:
            shown = f"<{element.prefix}:{qname.localname}>" if element.prefix else f"<{tag}>"
            message = f"{shown} inside {inside} is not a Plivo element (Plivo XML uses no " \
                      "namespaces); it was skipped."
        else:
            message = (f"<{tag}> inside {inside} is not a Plivo element; it was skipped."
                       f"{_suggestion(tag, self._tags)}")
        self.report("warning", "import-unknown-element", message, element.sourceline)

    # -- verbs --------------------------------------------------------------------------------

    def _verb(self, element: etree._Element) -> Node | None:
        spec = self.catalog.by_tag(element.tag) if not etree.QName(element).namespace else None
        if spec is None:
            self._unknown(element, "<Response>")
            return None
        if not spec.is_node or "Response" not in spec.parents:
            owners = [e.tag for e in self.catalog.elements.values() if spec.type in e.children]
            inside = " or ".join(f"<{o}>" for o in owners)
            where = f" (it belongs inside {inside})" if owners else ""
            self.report("warning", "import-misplaced-element",
                        f"<{element.tag}> cannot stand on its own in <Response>{where}; "
                        "it was skipped.", element.sourceline)
            return None
        node = Node(id="", type=spec.type)
        node.attributes, node.extra_attributes = self._attributes(element, spec)
        node.text, node.ssml = self._body(element, spec)
        if spec.children:
            node.children = self._children(element, spec)
        return node

    def _attributes(self, element: etree._Element, spec: ElementSpec
                    ) -> tuple[dict[str, Any], dict[str, str]]:
        typed: dict[str, Any] = {}
        extra: dict[str, str] = {}
        for key, raw in element.attrib.items():
            name = attribute_name(key, element)
            attribute = spec.attribute(name)
            if attribute is not None:
                typed[name] = value = convert_value(attribute, raw)
                self._check_converted(attribute, raw, value, element)
                continue
            hint = _suggestion(name, list(spec.attribute_names)).strip()
            extra[name] = raw
            self.report("warning", "import-unknown-attribute",
                        f"<{element.tag}> has no setting '{name}' that the designer knows; "
                        "it was kept as an extra attribute and will be written back as is.",
                        element.sourceline, attribute=name, hint=hint)
        return typed, extra

    def _check_converted(self, spec: AttributeSpec, raw: str, value: Any,
                         element: etree._Element) -> None:
        if spec.type == "bool" and not isinstance(value, bool):
            expected = "true or false (in lower case)"
        elif spec.type == "int" and not isinstance(value, int):
            expected = "a whole number written plainly (like 5)"
        else:
            return
        self.report("warning", "import-bad-value",
                    f"the value '{raw}' of '{spec.name}' on <{element.tag}> should be "
                    f"{expected}; it was kept as written, fix it in the step's settings.",
                    element.sourceline, attribute=spec.name)

    def _body(self, element: etree._Element, spec: ElementSpec) -> tuple[str | None, str | None]:
        """(text, ssml) of an element; element children other than SSML are reported."""
        elements = [c for c in element if isinstance(c.tag, str)]
        if spec.body.ssml and elements:
            self._check_ssml(element)
            return None, inner_markup(element)
        for child in elements:
            if spec.children:
                continue  # handled by _children
            self._unknown(child, f"<{element.tag}>")
        pieces = [element.text] + [c.tail for c in element]
        if spec.children:
            # A container's own text is only layout between its children.
            for piece in pieces:
                self._stray_text(piece, f"<{element.tag}>", element.sourceline)
            return None, None
        text = "".join(p for p in pieces if p) if any(p is not None for p in pieces) else None
        if spec.body.kind == "none" and text is not None:
            if text.strip():
                self._stray_text(text, f"<{element.tag}>", element.sourceline)
            return None, None
        return text, None

    def _check_ssml(self, speak: etree._Element) -> None:
        for item in speak.iterdescendants():
            if not isinstance(item.tag, str):
                continue
            qname = etree.QName(item)
            tag = qname.localname if not qname.namespace else item.tag
            if qname.namespace or tag not in self.catalog.ssml_tags:
                self.report("warning", "import-unknown-ssml",
                            f"<{tag}> inside <{speak.tag}> is not an SSML tag that Plivo "
                            "documents; it was kept as written.", item.sourceline)

    def _children(self, element: etree._Element, spec: ElementSpec) -> list[Child]:
        children: list[Child] = []
        for item in element:
            if not isinstance(item.tag, str):
                continue
            child_spec = (
                self.catalog.by_tag(item.tag) if not etree.QName(item).namespace else None
            )
            if child_spec is None:
                self._unknown(item, f"<{element.tag}>")
                continue
            if child_spec.type not in spec.children:
                allowed = ", ".join(f"<{self.catalog.element(t).tag}>" for t in spec.children)
                self.report("warning", "import-misplaced-element",
                            f"<{item.tag}> cannot be placed inside <{element.tag}> (only "
                            f"{allowed} can); it was skipped.", item.sourceline)
                continue
            attributes, extra = self._attributes(item, child_spec)
            text, ssml = self._body(item, child_spec)
            children.append(Child(child_spec.type, text, ssml, attributes, extra))
        return children
