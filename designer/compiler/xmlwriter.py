"""Turning nodes into lxml elements and documents into bytes.

Attributes are written in catalog order (the SDK's order), values typed the way Plivo expects
(lower-case booleans, decimal integers). Only attributes the user set, plus those the compiler
must set, are written: an absent attribute takes Plivo's documented default.
"""

from __future__ import annotations

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


def _ordered_attributes(
    type_name: str, attributes: dict[str, Any], forced: dict[str, Any], catalog: Catalog
) -> list[tuple[str, str]]:
    values = {**attributes, **forced}
    names = catalog.element(type_name).attribute_names
    ordered = [(name, attribute_text(values[name])) for name in names if name in values]
    return ordered


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
    element_spec = catalog.element(item.type)
    element = etree.Element(element_spec.tag or item.type)
    try:
        for name, value in _ordered_attributes(item.type, item.attributes, forced or {}, catalog):
            element.set(name, value)
        for name, value in sorted(item.extra_attributes.items()):
            _set_extra(element, name, value, element_spec.label)
        if item.ssml is not None:
            _fill_ssml(element, item.ssml)
        elif item.text is not None:
            element.text = item.text
    except ValueError as exc:
        if isinstance(exc, XmlContentError):
            raise
        # lxml refuses control characters and NUL bytes, which XML 1.0 cannot carry.
        raise XmlContentError(
            f"{element_spec.label} contains an invisible control character that XML cannot "
            "carry"
        ) from None
    if isinstance(item, Node):
        for child in item.children:
            element.append(build_element(child, catalog))
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


def redirect_element(url: str, method: str) -> etree._Element:
    element = etree.Element("Redirect")
    element.set("method", method)
    element.text = url
    return element


def document_bytes(root: etree._Element) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return XML_DECLARATION + body
