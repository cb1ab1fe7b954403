"""The Plivo verb catalog: loads `resources/catalog/verbs.json` into frozen dataclasses.

The catalog is data. Everything that knows about Plivo elements (palette, property panel,
validation, compiler, importer) reads it from here. The loader checks the file's shape and
internal consistency when it loads, so a broken catalog fails at once with a precise message
instead of misbehaving later.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from designer.resources import catalog_path

ATTRIBUTE_TYPES = ("bool", "int", "string", "url", "enum")
BODY_KINDS = ("none", "text", "url", "phone", "sip", "digits", "name")
PLACEMENTS = ("node", "child", "both")
PORT_KINDS = ("next", "noinput", "nomatch", "outcome")
CHOICE_KINDS = ("digits", "digits-or-speech")

T = TypeVar("T")


class CatalogError(Exception):
    """The catalog file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Conflict:
    """Where the sources disagree, the value the catalog chose and why."""

    topic: str
    chosen: str
    reason: str


@dataclass(frozen=True)
class AttributeSpec:
    name: str
    type: str
    label: str
    help: str
    source: str
    sdk: str | None = None
    default: Any = None
    default_note: str | None = None
    choices: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    keywords: tuple[str, ...] = ()
    url_schemes: tuple[str, ...] = ("http", "https")
    required: bool = False
    conflict: Conflict | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not None


@dataclass(frozen=True)
class BodySpec:
    kind: str
    required: bool = False
    label: str = ""
    help: str = ""
    ssml: bool = False
    pattern: str | None = None
    pattern_hint: str | None = None
    url_schemes: tuple[str, ...] = ("http", "https")


@dataclass(frozen=True)
class PortSpec:
    name: str
    label: str
    kind: str
    help: str = ""
    requires_attribute: str | None = None


@dataclass(frozen=True)
class ElementSpec:
    type: str
    tag: str | None
    label: str
    category: str
    icon: str
    help: str
    palette: bool
    placement: str
    parents: tuple[str, ...]
    children: tuple[str, ...]
    min_children: int
    body: BodySpec
    ports: tuple[PortSpec, ...]
    attributes: tuple[AttributeSpec, ...]
    choice_kind: str | None = None
    route_parameters: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    sources: tuple[str, ...] = ()
    _by_name: dict[str, AttributeSpec] = field(default_factory=dict, compare=False, repr=False)

    def attribute(self, name: str) -> AttributeSpec | None:
        return self._by_name.get(name)

    @cached_property
    def attribute_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.attributes)

    @cached_property
    def required_attributes(self) -> tuple[AttributeSpec, ...]:
        return tuple(a for a in self.attributes if a.required)

    def port(self, name: str) -> PortSpec | None:
        return self._ports_by_name.get(name)

    @cached_property
    def _ports_by_name(self) -> dict[str, PortSpec]:
        return {p.name: p for p in self.ports}

    def ports_of_kind(self, kind: str) -> tuple[PortSpec, ...]:
        return self._ports_by_kind.get(kind, ())

    @cached_property
    def _ports_by_kind(self) -> dict[str, tuple[PortSpec, ...]]:
        return {kind: tuple(p for p in self.ports if p.kind == kind) for kind in PORT_KINDS}

    # Cached (a plain attribute read after the first): the checks and the compiler ask for
    # every step of a flow.
    @cached_property
    def has_choices(self) -> bool:
        return self.choice_kind is not None

    @property
    def is_node(self) -> bool:
        return self.placement in ("node", "both")

    @property
    def is_child(self) -> bool:
        return self.placement in ("child", "both")


@dataclass(frozen=True)
class Category:
    id: str
    label: str


@dataclass(frozen=True)
class SsmlTag:
    tag: str
    attributes: tuple[str, ...]
    children: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    categories: tuple[Category, ...]
    elements: dict[str, ElementSpec]
    ssml_tags: dict[str, SsmlTag]
    _derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, key: str, build: Callable[[Catalog], T]) -> T:
        """A table computed from the catalog, built on first use and kept with it: the checks
        and the compiler look up per-element facts for every step of every run, so they
        prepare them once per catalog (the catalog never changes once loaded)."""
        try:
            return self._derived[key]  # type: ignore[no-any-return]
        except KeyError:
            table = self._derived[key] = build(self)
            return table

    def element(self, type_name: str) -> ElementSpec:
        try:
            return self.elements[type_name]
        except KeyError:
            raise KeyError(
                f"Unknown step type {type_name!r}; valid types are: {', '.join(self.node_types)}"
            ) from None

    # Cached: the file loader asks for every step it reads.
    @cached_property
    def node_types(self) -> tuple[str, ...]:
        return tuple(t for t, e in self.elements.items() if e.is_node)

    @cached_property
    def child_types(self) -> tuple[str, ...]:
        return tuple(t for t, e in self.elements.items() if e.is_child)

    def palette(self, category: str) -> tuple[ElementSpec, ...]:
        return tuple(e for e in self.elements.values() if e.palette and e.category == category)

    def by_tag(self, tag: str) -> ElementSpec | None:
        for element in self.elements.values():
            if element.tag == tag:
                return element
        return None


@cache
def load_catalog(path: Path | None = None) -> Catalog:
    """Load and check the catalog; cached, since it is immutable."""
    path = path or catalog_path()
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise CatalogError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    return parse_catalog(raw, str(path))


def parse_catalog(raw: Any, origin: str = "catalog") -> Catalog:
    reader = _Reader(origin)
    return reader.catalog(raw)


class _Reader:
    """Builds the dataclasses, naming the exact place of any defect.

    Type, attribute and port names are interned, as the flow file loader interns them in
    flows: looking them up in big flows then compares strings by identity."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, message: str) -> CatalogError:
        return CatalogError(f"{self.origin}: {where}: {message}")

    def catalog(self, raw: Any) -> Catalog:
        if not isinstance(raw, dict) or raw.get("format") != "ivr-designer-catalog":
            raise self.fail("top level", "not an ivr-designer-catalog file")
        if raw.get("version") != 1:
            raise self.fail("top level", f"unsupported catalog version {raw.get('version')!r}")
        categories = tuple(
            Category(id=c["id"], label=c["label"]) for c in raw.get("categories", [])
        )
        category_ids = {c.id for c in categories}
        ssml_tags = {
            tag: SsmlTag(tag, tuple(spec.get("attributes", [])), tuple(spec.get("children", [])))
            for tag, spec in raw.get("ssml_tags", {}).items()
        }
        elements: dict[str, ElementSpec] = {}
        for index, entry in enumerate(raw.get("elements", [])):
            element = self.element(entry, f"elements[{index}]", category_ids)
            if element.type in elements:
                raise self.fail(f"elements[{index}]", f"duplicate type {element.type!r}")
            elements[element.type] = element
        self.cross_check(elements, ssml_tags)
        return Catalog(categories=categories, elements=elements, ssml_tags=ssml_tags)

    def element(self, raw: Any, where: str, category_ids: set[str]) -> ElementSpec:
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            raise self.fail(where, "each element needs a 'type'")
        where = f"element {raw['type']}"
        for key in ("label", "category", "icon", "help", "placement"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise self.fail(where, f"missing or empty {key!r}")
        if raw["category"] not in category_ids:
            raise self.fail(where, f"unknown category {raw['category']!r}")
        if raw["placement"] not in PLACEMENTS:
            raise self.fail(where, f"placement must be one of {PLACEMENTS}")
        choice_kind = raw.get("choice_kind")
        if choice_kind is not None and choice_kind not in CHOICE_KINDS:
            raise self.fail(where, f"choice_kind must be one of {CHOICE_KINDS}")
        attributes = tuple(
            self.attribute(a, f"{where}, attribute {a.get('name', i)!r}")
            for i, a in enumerate(raw.get("attributes", []))
        )
        names = [a.name for a in attributes]
        if len(names) != len(set(names)):
            raise self.fail(where, "an attribute is listed twice")
        ports = tuple(self.port(p, f"{where}, port") for p in raw.get("ports", []))
        body = self.body(raw.get("body", {"kind": "none"}), f"{where}, body")
        return ElementSpec(
            type=sys.intern(raw["type"]),
            tag=raw.get("tag"),
            label=raw["label"],
            category=raw["category"],
            icon=raw["icon"],
            help=raw["help"],
            palette=bool(raw.get("palette", True)),
            placement=raw["placement"],
            parents=tuple(raw.get("parents", [])),
            children=tuple(raw.get("children", [])),
            min_children=int(raw.get("min_children", 0)),
            body=body,
            ports=ports,
            attributes=attributes,
            choice_kind=choice_kind,
            route_parameters=tuple(raw.get("route_parameters", [])),
            conflicts=tuple(self.conflict(c, where) for c in raw.get("conflicts", [])),
            sources=tuple(raw.get("sources", [])),
            _by_name={a.name: a for a in attributes},
        )

    def conflict(self, raw: Any, where: str) -> Conflict:
        try:
            return Conflict(topic=raw["topic"], chosen=raw["chosen"], reason=raw["reason"])
        except (KeyError, TypeError):
            raise self.fail(where, "a conflict needs 'topic', 'chosen' and 'reason'") from None

    def body(self, raw: Any, where: str) -> BodySpec:
        if raw.get("kind") not in BODY_KINDS:
            raise self.fail(where, f"kind must be one of {BODY_KINDS}")
        pattern = raw.get("pattern")
        self.check_pattern(pattern, where)
        return BodySpec(
            kind=raw["kind"],
            required=bool(raw.get("required", False)),
            label=raw.get("label", ""),
            help=raw.get("help", ""),
            ssml=bool(raw.get("ssml", False)),
            pattern=pattern,
            pattern_hint=raw.get("pattern_hint"),
            url_schemes=tuple(raw.get("url_schemes", ("http", "https"))),
        )

    def port(self, raw: Any, where: str) -> PortSpec:
        if raw.get("kind") not in PORT_KINDS:
            raise self.fail(where, f"{raw.get('name')!r}: kind must be one of {PORT_KINDS}")
        return PortSpec(
            name=sys.intern(raw["name"]),
            label=raw.get("label", raw["name"]),
            kind=raw["kind"],
            help=raw.get("help", ""),
            requires_attribute=raw.get("requires_attribute"),
        )

    def check_pattern(self, pattern: str | None, where: str) -> None:
        if pattern is None:
            return
        try:
            re.compile(pattern)
        except re.error as exc:
            raise self.fail(where, f"pattern {pattern!r} is not a valid regex: {exc}") from None

    def attribute(self, raw: Any, where: str) -> AttributeSpec:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise self.fail(where, "needs a 'name'")
        kind = raw.get("type")
        if kind not in ATTRIBUTE_TYPES:
            raise self.fail(where, f"type must be one of {ATTRIBUTE_TYPES}, not {kind!r}")
        for key in ("label", "help", "source"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise self.fail(where, f"missing or empty {key!r}")
        choices = tuple(raw.get("choices", ()))
        if kind == "enum" and not choices:
            raise self.fail(where, "an enum needs 'choices'")
        self.check_pattern(raw.get("pattern"), where)
        conflict = raw.get("conflict")
        spec = AttributeSpec(
            name=sys.intern(raw["name"]),
            type=kind,
            label=raw["label"],
            help=raw["help"],
            source=raw["source"],
            sdk=raw.get("sdk"),
            default=raw.get("default"),
            default_note=raw.get("default_note"),
            choices=choices,
            min=raw.get("min"),
            max=raw.get("max"),
            pattern=raw.get("pattern"),
            pattern_hint=raw.get("pattern_hint"),
            min_length=raw.get("min_length"),
            max_length=raw.get("max_length"),
            keywords=tuple(raw.get("keywords", ())),
            url_schemes=tuple(raw.get("url_schemes", ("http", "https"))),
            required=bool(raw.get("required", False)),
            conflict=self.conflict(conflict, where) if conflict is not None else None,
        )
        self.check_default(spec, where)
        return spec

    def check_default(self, spec: AttributeSpec, where: str) -> None:
        value = spec.default
        if value is None:
            return
        expected = {"bool": bool, "int": int}.get(spec.type, str)
        if type(value) is not expected:
            raise self.fail(where, f"default {value!r} is not a {spec.type}")
        if spec.type == "enum" and value not in spec.choices:
            raise self.fail(where, f"default {value!r} is not one of {spec.choices}")
        if spec.type == "int" and (
            (spec.min is not None and value < spec.min)
            or (spec.max is not None and value > spec.max)
        ):
            raise self.fail(where, f"default {value} is outside {spec.min}..{spec.max}")

    def cross_check(self, elements: dict[str, ElementSpec], ssml: dict[str, SsmlTag]) -> None:
        for element in elements.values():
            for child in element.children:
                if child not in elements:
                    raise self.fail(f"element {element.type}", f"unknown child type {child!r}")
                if not elements[child].is_child:
                    raise self.fail(
                        f"element {element.type}", f"{child!r} cannot be placed as a child"
                    )
            port_names = [p.name for p in element.ports]
            if len(port_names) != len(set(port_names)):
                raise self.fail(f"element {element.type}", "a port is listed twice")
            for port in element.ports:
                if port.requires_attribute and not element.attribute(port.requires_attribute):
                    raise self.fail(
                        f"element {element.type}",
                        f"port {port.name!r} requires unknown attribute "
                        f"{port.requires_attribute!r}",
                    )
        for tag in ssml.values():
            for child in tag.children:
                if child not in ssml:
                    raise self.fail(f"ssml tag {tag.tag}", f"unknown child tag {child!r}")
