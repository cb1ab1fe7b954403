"""Property tests of designer.checks.validate: any values at all never crash it, and values
generated inside the catalog's own limits never give an attribute or text error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.catalog import AttributeSpec, BodySpec, load_catalog
from designer.checks import CODES, SEVERITIES, Diagnostic, validate
from designer.checks.values import bad_character, matches
from designer.model import Child, Edge, Flow, Node

CATALOG = load_catalog()
NODE_TYPES = [t for t in CATALOG.node_types if t != "Start"]
CHILD_PARENT = {"Number": "Dial", "User": "Dial"}  # child-only types, and where they go
# Codes about one value or one text: these must never fire for in-range values.
VALUE_CODES = {c for c in CODES if c.startswith(("attr-", "body-"))} - {"attr-unused"}

PROFILE = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["", "auto", "true", "https://a.example.com/x", "beep:1", "+1415", "<b>"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                          max_size=2),
)
# Text that XML can hold (no control characters or lone surrogates).
xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


def _flow(node: Node) -> Flow:
    flow = Flow("property")
    flow.settings["base_url"] = "https://ivr.example.com/p/"
    flow.nodes["start"] = Node("start", "Start")
    flow.nodes[node.id] = node
    flow.edges.append(Edge("start", "next", node.id))
    return flow


def _well_formed(diagnostics: list[Diagnostic]) -> None:
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        assert d.severity in SEVERITIES and CODES[d.code] == d.severity
        assert isinstance(d.message, str) and d.message and d.hint


# -- random values never crash ------------------------------------------------------------------

@st.composite
def random_node(draw) -> Node:
    type_name = draw(st.sampled_from(NODE_TYPES))
    element = CATALOG.element(type_name)
    names = [*element.attribute_names, "bogus", "action", "redirect"]
    attributes = draw(st.dictionaries(st.sampled_from(names), anything, max_size=6))
    child_types = draw(st.lists(st.sampled_from([*CATALOG.child_types, "Bogus"]),
                                max_size=3))
    children = [
        Child(t, text=draw(st.one_of(st.none(), st.text(max_size=20))),
              ssml=draw(st.one_of(st.none(), st.text(max_size=20))),
              attributes=draw(st.dictionaries(st.sampled_from(["voice", "loop", "sendDigits",
                                                               "x"]), anything, max_size=2)))
        for t in child_types
    ]
    return Node(
        "node", type_name,
        text=draw(st.one_of(st.none(), st.text(max_size=30), st.integers())),
        ssml=draw(st.one_of(st.none(), st.text(max_size=30), st.integers(),
                            st.sampled_from(["<break/>", "<s>a</p>", "&e;", "<x y='1'/>"]))),
        attributes=attributes,
        children=children,
        choices=draw(st.lists(st.one_of(st.text(min_size=1, max_size=4), st.integers()),
                              max_size=3, unique=True))
        if element.has_choices else [],
        extra_attributes=draw(st.dictionaries(st.text(min_size=1, max_size=5),
                                              st.text(max_size=5), max_size=2)),
    )


@PROFILE
@given(node=random_node(), ports=st.lists(st.sampled_from(
    ["next", "noinput", "nomatch", "busy", "1", "x"]), max_size=4, unique=True),
    base_url=st.one_of(st.none(), st.text(max_size=20)))
def test_random_values_never_crash_validate(node, ports, base_url):
    flow = _flow(node)
    flow.nodes["after"] = Node("after", "Speak", text="Bye")
    for port in ports:
        flow.edges.append(Edge(node.id, port, "after"))
    _well_formed(validate(flow, base_url=base_url))


# -- values inside the catalog's limits give no value errors -------------------------------------

def _url(schemes: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{host}.example.com/{path}",
        st.sampled_from(schemes), st.from_regex(r"[a-z][a-z0-9-]{0,9}", fullmatch=True),
        st.from_regex(r"[A-Za-z0-9/_.-]{0,20}", fullmatch=True),
    )


def _fits(spec: AttributeSpec, value: str) -> bool:
    return (
        bad_character(value) is None
        and (spec.min_length is None or len(value) >= spec.min_length)
        and (spec.max_length is None or len(value) <= spec.max_length)
        and (spec.pattern is None or matches(spec.pattern, value))
    )


def valid_value(spec: AttributeSpec) -> st.SearchStrategy:
    """Any value the catalog spec allows."""
    if spec.type == "bool":
        base: st.SearchStrategy = st.booleans()
    elif spec.type == "int":
        base = st.integers(min_value=spec.min, max_value=spec.max)
    elif spec.type == "enum":
        base = st.sampled_from(spec.choices)
    elif spec.type == "url":
        base = _url(spec.url_schemes)
    elif spec.pattern is not None:
        base = st.from_regex(spec.pattern, fullmatch=True)
    else:
        base = st.text(st.characters(blacklist_categories=("Cs", "Cc")),
                       min_size=spec.min_length or 0, max_size=min(spec.max_length or 60, 60))
    if spec.type in ("string", "url"):
        base = base.filter(lambda v: _fits(spec, v))
    if spec.keywords:
        base = st.one_of(base, st.sampled_from(spec.keywords))
    return base


VALID_BODY = {
    "text": st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                    max_size=40).filter(str.strip),
    "name": st.from_regex(r"[A-Za-z0-9 _-]{0,20}[A-Za-z0-9]", fullmatch=True),
    "phone": st.from_regex(r"\+?[0-9]{3,15}", fullmatch=True),
    "sip": st.from_regex(r"sip:[a-z0-9.]{1,10}@[a-z0-9.-]{1,15}", fullmatch=True),
    "digits": st.from_regex(r"[0-9*#wW]{1,10}", fullmatch=True),
}


def valid_body(body: BodySpec) -> st.SearchStrategy:
    if body.kind == "none":
        return st.none()
    if body.kind == "url":
        return _url(body.url_schemes)
    return VALID_BODY[body.kind]


@st.composite
def valid_attributes(draw, type_name: str) -> dict:
    element = CATALOG.element(type_name)
    chosen = draw(st.lists(st.sampled_from(element.attributes), unique_by=lambda a: a.name,
                           max_size=len(element.attributes))) if element.attributes else []
    required = [a for a in element.attributes if a.required]
    return {a.name: draw(valid_value(a)) for a in [*chosen, *required]}


@st.composite
def valid_node(draw) -> Node:
    type_name = draw(st.sampled_from([*NODE_TYPES, *CHILD_PARENT]))
    parent_type = CHILD_PARENT.get(type_name, type_name)
    parent = CATALOG.element(parent_type)
    node = Node("node", parent_type, text=draw(valid_body(parent.body)))
    if type_name in CHILD_PARENT:
        child = CATALOG.element(type_name)
        node.children = [Child(type_name, text=draw(valid_body(child.body)),
                               attributes=draw(valid_attributes(type_name)))]
    else:
        node.attributes = draw(valid_attributes(type_name))
        if parent.min_children:
            node.children = [Child("Number", text="+14155550100")]
    return node


@PROFILE
@given(node=valid_node())
def test_values_inside_the_catalog_limits_give_no_value_errors(node):
    diagnostics = validate(_flow(node))
    _well_formed(diagnostics)
    bad = [d for d in diagnostics if d.code in VALUE_CODES]
    assert bad == [], (node, bad)


@PROFILE
@given(value=st.text(min_size=1, max_size=10).filter(lambda v: bad_character(v) is not None))
def test_control_characters_are_always_reported(value):
    flow = _flow(Node("node", "Speak", text="Hi" + value))
    assert [d.code for d in validate(flow) if d.code.startswith("body-")] == [
        "body-bad-character"]
