"""Turning nodes into lxml elements and documents into bytes.

Attributes are written in catalog order (the SDK's order), values typed the way Plivo expects
(lower-case booleans, decimal integers). Only attributes the user set, plus those the compiler
must set, are written: an absent attribute takes Plivo's documented default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from designer.catalog import Catalog
from designer.model import Child, Node

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

# SSML is user text: parse it without DTDs, entities or network access.
_SSML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


class XmlContentError(ValueError):
    """Something the user typed cannot be written as XML. `code` names the kind."""

    code = "xml-invalid-character"


class XmlNameError(XmlContentError):
    """An extra (imported) attribute has a name XML cannot carry."""

    code = "xml-invalid-attribute-name"


class SsmlError(XmlContentError):
    """A Speak's SSML markup is not well-formed."""

    code = "ssml-malformed"


def attribute_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class ElementTable:
    """What writing one element type needs, looked up once per catalog instead of per step."""

    tag: str  # the XML tag (the type name where the catalog gives none)
    label: str
    order: dict[str, int]  # attribute name → its place in catalog order
    # The attribute names a step sets (in its own order) → those to write, in catalog order.
    # Steps of one type set the same few combinations, so each is sorted once: sorting each
    # step's own names costs more than building its element.
    orders: dict[tuple[str, ...], list[str]] = field(default_factory=dict, compare=False)

    def remember_order(self, names: tuple[str, ...]) -> list[str]:
        """`orders[names]`, worked out and remembered."""
        if len(self.orders) >= MAX_REMEMBERED_ORDERS:
            self.orders.clear()  # only imported flows with odd names get here
        order = self.order
        ordered = self.orders[names] = sorted(
            [name for name in names if name in order], key=order.__getitem__
        )
        return ordered


MAX_REMEMBERED_ORDERS = 512


def element_tables(catalog: Catalog) -> dict[str, ElementTable]:
    """The writing tables of every element type, kept with the catalog."""
    return catalog.derived("xmlwriter.elements", _build_element_tables)


def _build_element_tables(catalog: Catalog) -> dict[str, ElementTable]:
    return {
        type_name: ElementTable(
            tag=spec.tag or type_name,
            label=spec.label,
            order={name: index for index, name in enumerate(spec.attribute_names)},
        )
        for type_name, spec in catalog.elements.items()
    }


def ordered_attributes(
    table: ElementTable, attributes: dict[str, Any], forced: dict[str, Any] | None = None
) -> dict[str, str]:
    """The attributes to write, as text, in catalog order; names the catalog lacks are left
    out (imported extras are written separately)."""
    values = {**attributes, **forced} if forced else attributes
    names = tuple(values)
    ordered = table.orders.get(names)
    if ordered is None:
        ordered = table.remember_order(names)
    attrib = {}
    for name in ordered:
        value = values[name]
        # (Integers, the most common non-text values, converted without a call.)
        attrib[name] = (
            value if type(value) is str else str(value) if type(value) is int
            else attribute_text(value)
        )
    return attrib


XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def _extra_name(name: str) -> str:
    """Imported extras may use the `xml:` prefix (xml:lang); lxml wants Clark notation."""
    if name.startswith("xml:"):
        return f"{{{XML_NAMESPACE}}}{name[4:]}"
    return name


def build_element(
    item: Node | Child,
    catalog: Catalog,
    forced: dict[str, Any] | None = None,
) -> etree._Element:
    """The element for a step (with its nested items) or for one nested item, on its own."""
    return XmlWriter(catalog).write(item, forced)


class XmlWriter:
    """Writes steps as lxml elements. The compiler writes every step of a flow with one
    writer, which looks up the per-element tables once."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._tables = element_tables(catalog)

    def write(
        self,
        item: Node | Child,
        forced: dict[str, Any] | None = None,
        parent: etree._Element | None = None,
    ) -> etree._Element:
        """The element for `item` (with its nested items), created as the last child of
        `parent` if given. `forced` attributes replace the item's own."""
        table = self._tables.get(item.type)
        if table is None:
            self._catalog.element(item.type)  # raises the catalog's "unknown step type" error
        try:
            # The attributes go in with the element, in one call: lxml keeps the dict's order.
            attrib = (
                ordered_attributes(table, item.attributes, forced)
                if item.attributes or forced else None
            )
            if parent is None:
                element = etree.Element(table.tag, attrib)
            else:
                element = etree.SubElement(parent, table.tag, attrib)
            if item.extra_attributes:
                for name, value in sorted(item.extra_attributes.items()):
                    _set_extra(element, name, value, table.label)
            if item.ssml is not None:
                _fill_ssml(element, item.ssml)
            elif item.text is not None:
                element.text = item.text
        except ValueError as exc:
            if isinstance(exc, XmlContentError):
                raise
            # lxml refuses control characters and NUL bytes, which XML 1.0 cannot carry.
            raise XmlContentError(
                f"{table.label} contains an invisible control character that XML cannot carry"
            ) from None
        if isinstance(item, Node):
            for child in item.children:
                self.write(child, None, element)
        return element


def _set_extra(element: etree._Element, name: str, value: str, label: str) -> None:
    qualified = _extra_name(name)
    if element.get(qualified) is not None:
        return
    try:
        element.set(qualified, value)
    except ValueError:
        if "\x00" in value or any(ord(c) < 0x20 and c not in "\t\n\r" for c in value):
            raise
        raise XmlNameError(
            f"{label} has an extra attribute named '{name}', which is not a valid XML "
            "attribute name"
        ) from None


def _fill_ssml(element: etree._Element, ssml: str) -> None:
    try:
        wrapper = etree.fromstring(f"<Speak>{ssml}</Speak>".encode(), _SSML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise SsmlError(f"the SSML markup is not well-formed: {exc.msg}") from None
    element.text = wrapper.text
    for child in wrapper:
        element.append(child)


def redirect_element(
    url: str, method: str, parent: etree._Element | None = None
) -> etree._Element:
    """A <Redirect> to `url`, on its own or appended to `parent`."""
    if parent is None:
        element = etree.Element("Redirect", {"method": method})
    else:
        element = etree.SubElement(parent, "Redirect", {"method": method})
    element.text = url
    return element


def document_bytes(root: etree._Element) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return XML_DECLARATION + body
