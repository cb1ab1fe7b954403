"""The verb catalog: it loads, agrees with the Plivo reference and the SDK, and fails precisely.

The reference (`shared/reference/plivo-xml.md`, next to the repository) is parsed, not copied,
so a catalog that drifts from it fails here.
"""

from __future__ import annotations

import copy
import inspect
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from designer.catalog import CatalogError, load_catalog, parse_catalog
from designer.resources import catalog_path, icons_dir

REFERENCE = Path(__file__).resolve().parents[2] / "shared/reference/plivo-xml.md"
CATEGORIES = {"say", "input", "connect", "record", "control"}
ELEMENT_ORDER = [
    "Start",
    "Speak",
    "Play",
    "Wait",
    "GetDigits",
    "GetInput",
    "Record",
    "Dial",
    "Number",
    "User",
    "Conference",
    "MultiPartyCall",
    "Hangup",
    "Redirect",
    "PreAnswer",
    "DTMF",
    "Message",
    "Stream",
]
# Reference sections with an attribute table, §5 Record … §21 MultiPartyCall.
TABLE_SECTIONS = {
    "Record",
    "Play",
    "Speak",
    "GetDigits",
    "GetInput",
    "Dial",
    "Number",
    "User",
    "Hangup",
    "Redirect",
    "Wait",
    "Conference",
    "DTMF",
    "Message",
    "Stream",
    "MultiPartyCall",
}
NO_DEFAULT = object()


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def raw_catalog():
    return json.loads(catalog_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference_text():
    if not REFERENCE.is_file():
        pytest.skip(f"the Plivo reference is not next to the repository: {REFERENCE} is missing")
    return REFERENCE.read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Shape


def test_catalog_loads_with_every_element_in_order(catalog):
    assert list(catalog.elements) == ELEMENT_ORDER


def test_palette_categories_are_the_five(catalog):
    assert {c.id for c in catalog.categories} == CATEGORIES
    used = {e.category for e in catalog.elements.values() if e.palette}
    assert used == CATEGORIES
    assert {e.type for e in catalog.palette("say")} == {"Speak", "Play"}
    assert {e.type for e in catalog.palette("input")} == {"GetDigits", "GetInput"}


def test_tags_placements_and_nesting(catalog):
    for element in catalog.elements.values():
        assert element.tag == (None if element.type == "Start" else element.type)
        assert element.sources, f"{element.type} has no sources"
    assert not catalog.element("Start").palette
    for child in ("Number", "User"):
        spec = catalog.element(child)
        assert (spec.placement, spec.palette, spec.parents) == ("child", False, ("Dial",))
    for prompt in ("Speak", "Play", "Wait"):
        assert catalog.element(prompt).placement == "both"
    dial = catalog.element("Dial")
    assert dial.children == ("Number", "User") and dial.min_children == 1
    for container in ("GetDigits", "GetInput", "PreAnswer"):
        assert catalog.element(container).children == ("Speak", "Play", "Wait")
        assert catalog.element(container).conflicts, f"{container} children conflict missing"
    for element in catalog.elements.values():
        for child in element.children:
            assert element.type in catalog.element(child).parents


def test_ports(catalog):
    def ports(type_name):
        return [(p.name, p.kind) for p in catalog.element(type_name).ports]

    for simple in (
        "Start",
        "Speak",
        "Play",
        "Wait",
        "DTMF",
        "Message",
        "Stream",
        "PreAnswer",
        "Record",
        "Conference",
        "MultiPartyCall",
    ):
        assert ports(simple) == [("next", "next")], simple
    assert ports("Redirect") == []
    assert ports("Number") == ports("User") == []
    (hangup_next,) = catalog.element("Hangup").ports
    assert hangup_next.requires_attribute == "schedule"
    for menu, kind, params in (
        ("GetDigits", "digits", ("Digits",)),
        ("GetInput", "digits-or-speech", ("Digits", "Speech")),
    ):
        spec = catalog.element(menu)
        assert spec.choice_kind == kind and spec.route_parameters == params
        assert ports(menu) == [("nomatch", "nomatch"), ("noinput", "noinput")]
    dial = catalog.element("Dial")
    assert dial.route_parameters == ("DialStatus",)
    assert ports("Dial") == [("next", "next")] + [
        (s, "outcome") for s in ("completed", "busy", "no-answer", "failed", "timeout")
    ]


def test_bodies(catalog):
    kinds = {t: e.body.kind for t, e in catalog.elements.items()}
    assert kinds == {
        "Start": "none",
        "Speak": "text",
        "Play": "url",
        "Wait": "none",
        "GetDigits": "none",
        "GetInput": "none",
        "Record": "none",
        "Dial": "none",
        "Number": "phone",
        "User": "sip",
        "Conference": "name",
        "MultiPartyCall": "name",
        "Hangup": "none",
        "Redirect": "url",
        "PreAnswer": "none",
        "DTMF": "digits",
        "Message": "text",
        "Stream": "url",
    }
    assert catalog.element("Speak").body.ssml
    assert catalog.element("Stream").body.url_schemes == ("wss",)
    for element in catalog.elements.values():
        if element.body.kind != "none":
            assert element.body.required and element.body.label and element.body.help

    def matches(type_name, text):
        return re.fullmatch(catalog.element(type_name).body.pattern, text) is not None

    assert matches("Number", "+14155551234") and not matches("Number", "call me")
    assert matches("User", "sip:alice@phone.plivo.com") and not matches("User", "alice")
    assert matches("DTMF", "12w#W*") and not matches("DTMF", "12a")


def test_attribute_metadata_is_complete(catalog):
    for element in catalog.elements.values():
        for a in element.attributes:
            where = f"{element.type}.{a.name}"
            assert a.label and a.help and a.source, where
            if a.pattern:
                assert a.pattern_hint, f"{where} has a pattern without a hint"
            if a.type == "enum":
                assert len(set(a.choices)) == len(a.choices), where
            if a.sdk is None:
                assert a.conflict is not None, f"{where} is outside the SDK without a note"


def test_conflicts_chosen_as_documented(catalog):
    def attribute(type_name, name):
        spec = catalog.element(type_name).attribute(name)
        assert spec is not None, f"{type_name}.{name} missing"
        return spec

    record_finish = attribute("Record", "finishOnKey")
    assert record_finish.default == "#" and record_finish.conflict
    assert attribute("Record", "recordChannelType").conflict
    dial_timeout = attribute("Dial", "timeout")
    assert dial_timeout.default is None and dial_timeout.conflict
    assert attribute("Conference", "maxMembers").max == 20
    for name in ("digitEndTimeout", "speechEndTimeout"):
        spec = attribute("GetInput", name)
        assert (spec.type, spec.default) == ("string", "auto") and spec.conflict
        assert re.fullmatch(spec.pattern, "auto") and re.fullmatch(spec.pattern, "10")
        assert not re.fullmatch(spec.pattern, "1") and not re.fullmatch(spec.pattern, "11")
    reason = attribute("Hangup", "reason")
    assert reason.choices == ("rejected", "busy") and reason.conflict
    assert attribute("Wait", "beep").type == "bool" and attribute("Wait", "beep").conflict
    dial_topics = " ".join(c.topic for c in catalog.element("Dial").conflicts)
    assert "DialStatus" in dial_topics
    assert "cancel" not in {p.name for p in catalog.element("Dial").ports}
    assert catalog.element("PreAnswer").conflicts


def test_ssml_tags(catalog):
    expected = {
        "break",
        "emphasis",
        "lang",
        "p",
        "phoneme",
        "prosody",
        "s",
        "say-as",
        "sub",
        "w",
    }
    assert set(catalog.ssml_tags) == expected
    assert catalog.ssml_tags["say-as"].attributes == ("interpret-as", "format")
    assert catalog.ssml_tags["lang"].attributes == ("xml:lang",)
    assert catalog.ssml_tags["break"].children == ()


def test_ssml_tags_match_sdk_nesting(catalog):
    xml = pytest.importorskip("plivo.xml")
    speak = xml.SpeakElement
    # <cont> is the SDK's own helper, replaced by spaces in its output (reference §1), so Plivo
    # never sees it and the catalog leaves it out.
    assert set(speak._nestable) - {"cont"} == set(catalog.ssml_tags)
    classes = [getattr(xml, n) for n in dir(xml) if n.endswith("Element")]
    by_tag = {getattr(c, "_name", None): c for c in classes}
    for tag, spec in catalog.ssml_tags.items():
        assert set(spec.children) == set(by_tag[tag]._nestable) - {"cont"}, tag


# --------------------------------------------------------------------------------------------
# Agreement with the reference markdown


@dataclass
class RefRow:
    section: str
    name: str
    type_cell: str
    default_cell: str | None  # None: the row gives the default in another form
    allowed_cell: str
    row_text: str
    default_given: object = NO_DEFAULT  # MPC rows: the default already split out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _sections(text: str) -> dict[str, str]:
    """Top-level sections keyed by the element name that starts their heading."""
    sections: dict[str, str] = {}
    for match in re.finditer(r"^## \d+\. (\w+)[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S):
        sections[match.group(1)] = match.group(2)
    return sections


def _attribute_tables(body: str) -> list[list[list[str]]]:
    """Tables whose header starts with `| name |`, as lists of rows of cells."""
    tables, current, in_table = [], None, False
    for line in body.splitlines():
        if not line.startswith("|"):
            in_table, current = False, None
            continue
        cells = _cells(line)
        if not in_table:
            in_table = True
            if cells[0] == "name":
                current = []
                tables.append(current)
            continue
        if current is None or set(cells[0]) <= {"-", ":"}:
            continue
        current.append(cells)
    return tables


def _strip_markup(value: str) -> str:
    value = value.replace("**", "").replace("⚠", "")
    value = re.sub(r"\([^()]*\)", "", value)
    return value.strip()


def normalise_default(cell: str):
    """A reference default cell → typed value, or NO_DEFAULT for none/—/prose."""
    value = _strip_markup(cell)
    if not value or value.startswith(("—", "none", "-")):
        return NO_DEFAULT
    if re.fullmatch(r"`[^`]*`", value):
        return value[1:-1]
    if re.fullmatch(r'"[^"]*"', value):
        return value[1:-1]
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"\d+", value):
        return int(value)
    if re.fullmatch(r"[A-Za-z0-9:;/=._-]+", value):
        return value
    return NO_DEFAULT  # prose such as "caller's ID"


def default_candidates(cell: str) -> list:
    """Every default a cell offers; several when a ⚠ row lists 'A vs B'."""
    if "⚠" in cell and " vs " in cell:
        return [normalise_default(side) for side in cell.split(" vs ")]
    return [normalise_default(cell)]


def reference_rows(text: str) -> list[RefRow]:
    rows: list[RefRow] = []
    for section, body in _sections(text).items():
        if section not in TABLE_SECTIONS:
            continue
        for table in _attribute_tables(body):
            for cells in table:
                name_cell = cells[0]
                if name_cell.startswith("("):  # the (text) body row
                    continue
                if section == "MultiPartyCall":
                    rows.extend(_mpc_rows(cells))
                else:
                    rows.append(
                        RefRow(
                            section,
                            name_cell.strip("`"),
                            cells[1],
                            cells[2],
                            cells[3],
                            " | ".join(cells),
                        )
                    )
    return rows


def _mpc_rows(cells: list[str]) -> list[RefRow]:
    """§21's table is `| name(s) | SDK rule | SDK default |`, with several names per row."""
    name_cell, rule, default_cell = cells
    text = " | ".join(cells)
    if name_cell.startswith("all "):  # "all `*Method` attributes": checked against the SDK
        return []
    names = [n.strip().strip("`") for n in _strip_markup(name_cell).split(",")]
    value = _strip_markup(default_cell)
    if len(names) == 1:
        values = [normalise_default(default_cell)]
    elif value.startswith("—"):
        values = [NO_DEFAULT] * len(names)
    else:
        separator = "," if value.count(",") == len(names) - 1 else "/"
        values = [normalise_default(v) for v in value.split(separator)]
    assert len(values) == len(names), f"cannot split MPC defaults: {text}"
    return [
        RefRow("MultiPartyCall", n, rule, None, rule, text, v)
        for n, v in zip(names, values, strict=True)
    ]


def test_reference_parser_sees_every_section(reference_text):
    rows = reference_rows(reference_text)
    assert {r.section for r in rows} == TABLE_SECTIONS
    assert len(rows) > 140  # a broken parser would quietly find few rows


def test_reference_lists_only_elements_the_catalog_has(reference_text, catalog):
    match = re.search(
        r"\*\*Tag names\*\* are exactly `([^`]+)`.*?lower-case: `([^`]+)`", reference_text, re.S
    )
    assert match, "the reference's tag list (§1) was not found"
    tags = [t.strip() for t in match.group(1).split(",")]
    ssml = [t.strip() for t in match.group(2).split(",")]
    for tag in tags:
        if tag != "Response":
            assert catalog.by_tag(tag) is not None, f"<{tag}> is not in the catalog"
    assert set(ssml) - {"cont"} == set(catalog.ssml_tags)  # cont: SDK-only, see above
    nesting = re.search(r"## 3\. Nesting matrix.*?\n(\|.*?)\n\n", reference_text, re.S)
    assert nesting
    for line in nesting.group(1).splitlines()[2:]:
        for parent in _cells(line)[0].split(","):
            parent = parent.strip()
            if parent != "Response":
                assert parent in catalog.elements, f"{parent} (§3) is not in the catalog"


def _typed(value):
    return "no default" if value is NO_DEFAULT else repr(value)


def test_reference_attributes_and_defaults(reference_text, catalog):
    problems = []
    for row in reference_rows(reference_text):
        element = catalog.element(row.section)
        spec = element.attribute(row.name)
        where = f"§{row.section} {row.name}"
        if spec is None:
            problems.append(f"{where}: missing from the catalog")
            continue
        actual = NO_DEFAULT if spec.default is None else spec.default
        if row.default_cell is None:
            candidates = [row.default_given]
        else:
            candidates = default_candidates(row.default_cell)
        if len(candidates) > 1:
            if spec.conflict is None:
                problems.append(f"{where}: the reference lists a conflict; none is recorded")
            elif actual not in candidates:
                problems.append(
                    f"{where}: default {_typed(actual)} is none of "
                    f"{[_typed(c) for c in candidates]}"
                )
            else:
                chosen = spec.conflict.chosen
                label = "no default" if actual is NO_DEFAULT else str(actual)
                if label not in chosen:
                    problems.append(f"{where}: conflict chose {chosen!r}, default is {label!r}")
        elif actual != candidates[0] or type(actual) is not type(candidates[0]):
            problems.append(
                f"{where}: catalog default {_typed(actual)}, reference {_typed(candidates[0])}"
            )
        if "⚠" in row.row_text and spec.conflict is None and not element.conflicts:
            problems.append(f"{where}: ⚠ in the reference but no conflict recorded")
    assert not problems, "\n".join(problems)


def test_reference_types_ranges_and_choices(reference_text, catalog):
    words = {"bool": {"bool"}, "int": {"int"}, "URL": {"url"}, "string": {"string", "enum", "url"}}
    problems = []
    for row in reference_rows(reference_text):
        spec = catalog.element(row.section).attribute(row.name)
        if spec is None:
            continue  # reported by test_reference_attributes_and_defaults
        where = f"§{row.section} {row.name}"
        found = re.findall(r"\b(bool|int|URL|string)\b", row.type_cell)
        if found:
            allowed = set().union(*(words[w] for w in found))
            if spec.type not in allowed:
                problems.append(f"{where}: type {spec.type}, reference says {row.type_cell!r}")
            elif spec.type not in words[found[0]] and spec.conflict is None:
                problems.append(f"{where}: type differs from the first one listed, no conflict")
        span = re.match(r"(?:int, )?(\d+)–(\d+)", _strip_markup(row.allowed_cell))
        if span and spec.type == "int":
            expected = (int(span.group(1)), int(span.group(2)))
            if (spec.min, spec.max) != expected:
                problems.append(f"{where}: range {spec.min}..{spec.max}, reference {expected}")
        if spec.type == "enum":
            listed = f"{row.type_cell} {row.allowed_cell}"
            missing = [
                c
                for c in spec.choices
                if not re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", listed)
            ]
            if missing:
                problems.append(f"{where}: choices {missing} are not in the reference row")
    assert not problems, "\n".join(problems)


def test_documented_limits(catalog):
    def limits(type_name, name):
        spec = catalog.element(type_name).attribute(name)
        return (spec.min, spec.max)

    assert limits("Record", "maxLength") == (2, None)
    assert limits("Play", "loop") == limits("Speak", "loop") == (0, None)
    assert limits("GetDigits", "numDigits") == (1, None)
    assert limits("Stream", "noiseCancellationLevel") == (60, 100)
    assert catalog.element("Dial").attribute("callerName").max_length == 50
    password = catalog.element("User").attribute("sipAuthPassword")
    assert (password.min_length, password.max_length) == (8, 128)
    assert catalog.element("Stream").attribute("extraHeaders").max_length == 512
    assert catalog.element("GetInput").attribute("action").required
    assert catalog.element("MultiPartyCall").attribute("role").required
    assert catalog.element("Dial").attribute("dialMusic").keywords == ("real",)


# --------------------------------------------------------------------------------------------
# Agreement with the SDK


def _sdk_class(tag: str):
    xml = pytest.importorskip("plivo.xml")
    return getattr(xml, f"{tag}Element")


def _to_dict_mapping(cls) -> dict[str, str]:
    """XML attribute name → SDK attribute, in to_dict() order, read from the SDK source."""
    source = inspect.getsource(cls.to_dict)
    return dict(re.findall(r"'([\w:-]+)':\s*self\.(\w+)", source))


@pytest.mark.parametrize("type_name", [t for t in ELEMENT_ORDER if t != "Start"])
def test_sdk_keywords_are_real(catalog, type_name):
    element = catalog.element(type_name)
    cls = _sdk_class(element.tag)
    keywords = set(inspect.signature(cls.__init__).parameters) - {"self", "content"}
    for a in element.attributes:
        if a.sdk is not None:
            assert a.sdk in keywords, f"{type_name}.{a.name}: {a.sdk!r} is not an SDK keyword"


@pytest.mark.parametrize("type_name", [t for t in ELEMENT_ORDER if t != "Start"])
def test_attribute_order_and_names_follow_sdk_to_dict(catalog, type_name):
    element = catalog.element(type_name)
    mapping = _to_dict_mapping(_sdk_class(element.tag))
    backed = [(a.name, a.sdk) for a in element.attributes if a.sdk is not None]
    assert backed == list(mapping.items()), f"{type_name}: (name, sdk) pairs differ from to_dict()"
    outside_sdk = [a.sdk is None for a in element.attributes]
    assert outside_sdk == sorted(outside_sdk), f"{type_name}: non-SDK attributes must come last"


def test_multipartycall_defaults_follow_sdk_constructor(catalog):
    cls = _sdk_class("MultiPartyCall")
    parameters = inspect.signature(cls.__init__).parameters
    for a in catalog.element("MultiPartyCall").attributes:
        if a.sdk is None:
            continue
        sdk_default = parameters[a.sdk].default
        if sdk_default is inspect.Parameter.empty:
            sdk_default = None
        assert a.default == sdk_default, f"MultiPartyCall.{a.name}"
        if a.name.endswith("Method"):
            assert a.choices == ("GET", "POST"), a.name


# --------------------------------------------------------------------------------------------
# Icons

SVG = "{http://www.w3.org/2000/svg}"
TINY_SHAPES = {"svg", "g", "path", "circle", "line", "rect", "polyline", "polygon", "ellipse"}


def test_icons_exist_and_are_simple_svg(catalog):
    types = [t for t, e in catalog.elements.items() if e.is_node] + ["Number", "User"]
    for type_name in types:
        element = catalog.element(type_name)
        assert element.icon == f"{type_name.lower()}.svg", f"{type_name}: icon {element.icon}"
        path = icons_dir() / element.icon
        assert path.is_file(), f"{type_name}: icon {path} is missing"
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 24 24", path.name
        for node in root.iter():
            assert node.tag.startswith(SVG), f"{path.name}: foreign element {node.tag}"
            assert node.tag[len(SVG) :] in TINY_SHAPES, f"{path.name}: <{node.tag}>"
            assert "style" not in node.attrib, f"{path.name}: uses CSS"
        assert "currentColor" not in text and "#ffffff" in text, path.name
        for shape in root.iter(f"{SVG}path"):
            # SVG Tiny 1.2 has no elliptical arcs in path data.
            assert not re.search(r"[Aa]", shape.get("d", "")), f"{path.name}: arc in a path"


# --------------------------------------------------------------------------------------------
# Loader defects are reported precisely


def _element(raw: dict, type_name: str) -> dict:
    return next(e for e in raw["elements"] if e["type"] == type_name)


def _attribute(raw: dict, type_name: str, name: str) -> dict:
    return next(a for a in _element(raw, type_name)["attributes"] if a["name"] == name)


def _broken(raw_catalog, change) -> str:
    raw = copy.deepcopy(raw_catalog)
    change(raw)
    with pytest.raises(CatalogError) as info:
        parse_catalog(raw, "verbs.json")
    return str(info.value)


def test_the_unbroken_copy_parses(raw_catalog):
    assert list(parse_catalog(copy.deepcopy(raw_catalog)).elements) == ELEMENT_ORDER


def test_unknown_attribute_type_is_named(raw_catalog):
    def change(raw):
        _attribute(raw, "Record", "maxLength")["type"] = "integer"

    message = _broken(raw_catalog, change)
    assert "element Record, attribute 'maxLength'" in message
    assert "'integer'" in message


def test_default_outside_range_is_named(raw_catalog):
    def change(raw):
        _attribute(raw, "GetInput", "executionTimeout")["default"] = 61

    message = _broken(raw_catalog, change)
    assert "element GetInput, attribute 'executionTimeout'" in message
    assert "61" in message and "5..60" in message


def test_enum_without_choices_is_named(raw_catalog):
    def change(raw):
        del _attribute(raw, "Stream", "audioTrack")["choices"]

    message = _broken(raw_catalog, change)
    assert "element Stream, attribute 'audioTrack'" in message and "choices" in message


def test_unknown_child_is_named(raw_catalog):
    def change(raw):
        _element(raw, "Dial")["children"].append("Pigeon")

    message = _broken(raw_catalog, change)
    assert "element Dial" in message and "'Pigeon'" in message


def test_wrongly_typed_default_is_named(raw_catalog):
    def change(raw):
        _attribute(raw, "Record", "playBeep")["default"] = "true"

    message = _broken(raw_catalog, change)
    assert "element Record, attribute 'playBeep'" in message and "not a bool" in message
