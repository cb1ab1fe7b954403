"""The official Plivo SDK as an oracle: for random valid attribute sets of every element, the XML
we emit equals the SDK's after canonicalisation (C14N orders attributes, so order is ignored).

Traps of the SDK (reference §1) handled here: it never writes defaults, except
MultiPartyCallElement, which always writes ~28 attributes — for that element, attributes the SDK
adds on its own are compared against the catalog's documented defaults instead.
"""

from __future__ import annotations

import inspect

import plivo.xml as sdk
import pytest
from catalog_strategies import attribute_values, body_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from designer.catalog import load_catalog
from designer.compiler.xmlwriter import attribute_text, build_element
from designer.model import Child, Node

CATALOG = load_catalog()
ELEMENTS = [e for e in CATALOG.elements.values() if e.tag is not None]
PARSER = etree.XMLParser(remove_blank_text=True)
# The SDK passes these through int(), so their documented keyword value 'auto' cannot be built
# with it (reference §22 #4); the oracle compares only their numeric values.
SDK_INT_ONLY = {("GetInput", "digitEndTimeout"), ("GetInput", "speechEndTimeout")}


def canonical(element_or_bytes) -> bytes:
    if isinstance(element_or_bytes, bytes | str):
        tree = etree.fromstring(
            element_or_bytes.encode() if isinstance(element_or_bytes, str) else element_or_bytes,
            PARSER,
        )
    else:
        tree = etree.fromstring(etree.tostring(element_or_bytes), PARSER)
    return etree.tostring(tree, method="c14n")


def sdk_class(tag: str):
    return getattr(sdk, f"{tag}Element")


def sdk_element(type_name: str, text: str | None, attributes: dict):
    element = CATALOG.element(type_name)
    cls = sdk_class(element.tag)
    kwargs = {element.attribute(name).sdk: value for name, value in attributes.items()}
    if "content" in inspect.signature(cls.__init__).parameters:
        kwargs["content"] = text if text is not None else ""
    return cls(**kwargs)


@st.composite
def element_instances(draw, element):
    specs = [a for a in element.attributes if a.sdk is not None]
    chosen = draw(st.lists(st.sampled_from(specs), unique_by=lambda a: a.name)) if specs else []
    attributes = {}
    for spec in chosen:
        values = attribute_values(spec)
        if (element.type, spec.name) in SDK_INT_ONLY:
            values = values.filter(lambda v: v != "auto")
        attributes[spec.name] = draw(values)
    if element.type == "MultiPartyCall":
        attributes.setdefault("role", draw(attribute_values(element.attribute("role"))))
    text = draw(body_values(element.body))
    return attributes, text


def test_every_element_has_an_sdk_class_and_known_keywords():
    for element in ELEMENTS:
        cls = sdk_class(element.tag)
        parameters = inspect.signature(cls.__init__).parameters
        for spec in element.attributes:
            if spec.sdk is not None:
                assert spec.sdk in parameters, f"{element.type}.{spec.name}: {spec.sdk}"


@pytest.mark.parametrize("element", ELEMENTS, ids=lambda e: e.type)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_single_element_matches_sdk(element, data):
    attributes, text = data.draw(element_instances(element))
    item = (Child if element.placement == "child" else Node)
    ours = build_element(
        item(type=element.type, text=text, attributes=attributes)
        if item is Child
        else Node(id="n", type=element.type, text=text, attributes=attributes),
        CATALOG,
    )
    theirs = etree.fromstring(sdk_element(element.type, text, attributes).to_string(False))
    if element.type == "MultiPartyCall":
        # The SDK writes its constructor defaults; they must be the documented defaults.
        for name, value in list(theirs.attrib.items()):
            if name not in attributes:
                spec = element.attribute(name)
                assert spec is not None, f"SDK writes unknown MPC attribute {name}"
                if spec.default is not None:
                    assert attribute_text(spec.default) == value, name
                del theirs.attrib[name]
        # The SDK lower-cases the role, which is how the catalog spells its choices.
    assert canonical(ours) == canonical(theirs)


def test_nested_dial_and_menu_match_sdk():
    dial = Node(
        id="d", type="Dial", attributes={"timeout": 20, "hangupOnStar": True},
        children=[Child("Number", "+14155550100", attributes={"sendDigits": "ww12"}),
                  Child("User", "sip:alice@phone.plivo.com")],
    )
    sdk_dial = sdk.DialElement(timeout=20, hangup_on_star=True)
    sdk_dial.add(sdk.NumberElement("+14155550100", send_digits="ww12"))
    sdk_dial.add(sdk.UserElement("sip:alice@phone.plivo.com"))
    assert canonical(build_element(dial, CATALOG)) == canonical(sdk_dial.to_string(False))

    menu = Node(
        id="m", type="GetDigits", attributes={"numDigits": 1, "retries": 2},
        children=[Child("Speak", "Press 1 & 2", attributes={"voice": "MAN"}),
                  Child("Play", "https://cdn.example.com/a.mp3", attributes={"loop": 2}),
                  Child("Wait", attributes={"length": 3})],
    )
    sdk_menu = sdk.GetDigitsElement(num_digits=1, retries=2)
    sdk_menu.add(sdk.SpeakElement("Press 1 & 2", voice="MAN"))
    sdk_menu.add(sdk.PlayElement("https://cdn.example.com/a.mp3", loop=2))
    sdk_menu.add(sdk.WaitElement(length=3))
    assert canonical(build_element(menu, CATALOG)) == canonical(sdk_menu.to_string(False))


def test_ssml_speak_matches_sdk():
    node = Node(id="s", type="Speak", ssml='Hi <break time="1s"/><emphasis level="strong">now'
                '</emphasis>', attributes={"voice": "Polly.Joanna"})
    speak = sdk.SpeakElement("Hi ", voice="Polly.Joanna")
    speak.add_break(time="1s")
    speak.add_emphasis("now", level="strong")
    assert canonical(build_element(node, CATALOG)) == canonical(speak.to_string(False))
