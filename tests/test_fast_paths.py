"""The shortcuts that make validate and compile fast must agree with the full code they skip:
the quick value tests with `value_problem`/`body_problem`, the plain-URL test with urlsplit, the
successor-map graph helpers with networkx, `Flow.exit_targets` with `Flow.edge_from`, the shared
`FlowIndex` with the flow it describes, the planner's per-type step tables with each step's
exits, the lazily built per-step link sets of `Flow` with the link list, and the
garbage-collector pause must leave the collector as it found it."""

from __future__ import annotations

import gc
import random
from itertools import pairwise
from urllib.parse import urlsplit

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.catalog import load_catalog
from designer.checks.values import (
    accepts,
    bad_character,
    body_accepts,
    body_problem,
    is_absolute_url,
    value_problem,
)
from designer.compiler.documents import plan_documents
from designer.flowgraph import (
    cyclic_components,
    positions_of,
    reach_counts,
    successor_map,
    to_graph,
)
from designer.flowindex import FlowIndex
from designer.gcpause import gc_paused
from designer.model import Edge, Flow, ModelError, Node
from designer.model.ports import port_names

CATALOG = load_catalog()
ATTRIBUTES = [spec for element in CATALOG.elements.values() for spec in element.attributes]
BODIES = [element.body for element in CATALOG.elements.values()]
PROFILE = settings(max_examples=300, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])

# Values near the interesting edges: keywords, choices, bounds, URLs, control characters.
TRICKY = [
    None, "", " ", "0", "1", 0, 1, -1, 59, 60, 100, 10**9, True, False, 2.5, [1], "true",
    "auto", "GET", "get", "mp3", "wav", "inbound", "https://a.example.com/x", "http://b",
    "https://", "ftp://x.example.com", "wss://s.example.com/ws", "https://a b.com",
    "https://[::1]/x", "x\x01y", "\ud800", "+14155550100", "sip:a@b.c", "12#w", "a" * 60,
]
values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=30),
    st.integers(min_value=-5, max_value=100_000),
    st.booleans(),
    st.sampled_from([k for spec in ATTRIBUTES for k in (*spec.keywords, *spec.choices)]),
)


@PROFILE
@given(spec=st.sampled_from(ATTRIBUTES), value=values)
def test_a_value_the_quick_test_passes_has_no_problem(spec, value):
    if accepts(spec)(value):
        assert value_problem(spec, value) is None


def test_every_printable_character_is_one_xml_can_carry():
    # The quick tests trust str.isprintable before the XML character pattern; that is sound
    # only if no printable character is one the pattern refuses. Checked for every code point.
    refused = [
        hex(code) for code in range(0x110000)
        if chr(code).isprintable() and bad_character(chr(code)) is not None
    ]
    assert refused == []
    assert bad_character("tab\tand line\nbreak") is None  # not printable, yet fine for XML


@PROFILE
@given(body=st.sampled_from(BODIES), text=st.one_of(st.none(), values))
def test_a_text_the_quick_test_passes_has_no_problem(body, text):
    if body_accepts(body)(text):
        assert body_problem(body, text) is None


def test_the_quick_tests_pass_ordinary_good_values():
    # Otherwise they would be correct but useless: every step would take the slow path.
    timeout = CATALOG.element("GetDigits").attribute("timeout")
    assert accepts(timeout)(5) and accepts(timeout)(None)
    assert body_accepts(CATALOG.element("Play").body)("https://cdn.example.com/a.mp3")
    assert body_accepts(CATALOG.element("Speak").body)("Hello & welcome")
    assert body_accepts(CATALOG.element("Hangup").body)(None)


def _urlsplit_answer(value: str, schemes: tuple[str, ...]) -> bool:
    if not value or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(host)


URL_PIECES = ["http", "https", "HTTPS", "wss", "ftp", "a+b", "1x", ":", "//", "/", "@", "[",
              "]", "?", "#", ".", "-", "example", "com", "8080", "x", " ", "\t", "é", "%20"]


@PROFILE
@given(pieces=st.lists(st.sampled_from(URL_PIECES), max_size=10),
       schemes=st.sampled_from([("http", "https"), ("wss",), ("https",)]))
def test_the_plain_url_shortcut_agrees_with_urlsplit(pieces, schemes):
    value = "".join(pieces)
    assert is_absolute_url(value, schemes) == _urlsplit_answer(value, schemes)


def _random_links(rng: random.Random, size: int) -> list[Edge]:
    names = [f"n{i}" for i in range(size)]
    return [
        Edge(rng.choice(names), rng.choice(["next", "noinput", "1"]),
             rng.choice([*names, "ghost"]))
        for _ in range(rng.randint(0, size * 2))
    ]


@pytest.mark.parametrize("seed", range(40))
def test_graph_helpers_agree_with_networkx(seed):
    rng = random.Random(seed)
    edges = _random_links(rng, rng.randint(1, 12))
    successors = successor_map(edges)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(f"n{i}" for i in range(12))
    graph.add_edges_from((e.source, e.target) for e in edges)
    expected = [
        members for members in nx.strongly_connected_components(graph)
        if len(members) > 1 or graph.has_edge(next(iter(members)), next(iter(members)))
    ]
    assert sorted(map(sorted, cyclic_components(successors))) == sorted(map(sorted, expected))
    # reach_counts, by position: for every node, the links that lead to it from where a call
    # can be; above zero exactly for the nodes reached through a link.
    ids, targets = positions_of({f"n{i}": successors.get(f"n{i}", ()) for i in range(12)})
    counts = reach_counts(targets, [ids.index("n0")])
    reached = {"n0"} | nx.descendants(graph, "n0")
    assert {ids[i] for i, count in enumerate(counts) if count} == {
        e.target for e in edges if e.source in reached
    }
    for node, count in zip(ids, counts, strict=True):
        assert count == sum(1 for e in edges if e.target == node and e.source in reached)


def test_to_graph_still_keys_edges_by_exit():
    flow = Flow()
    flow.nodes = {"a": Node("a", "Start"), "b": Node("b", "Speak", text="Hi")}
    flow.edges = [Edge("a", "next", "b")]
    graph = to_graph(flow)
    assert list(graph.edges(keys=True, data="port")) == [("a", "b", "next", "next")]


@pytest.mark.parametrize("seed", range(20))
def test_exit_targets_answer_as_edge_from(seed):
    rng = random.Random(seed)
    flow = Flow()
    flow.edges = _random_links(rng, 8)  # duplicates included: the last link of an exit wins
    if flow.edges and rng.random() < 0.5:
        flow._remove_edge(flow.edges[0])
    exits = flow.exit_targets()
    for source in {e.source for e in flow.edges} | {"n0"}:
        for port in ("next", "noinput", "1", "x"):
            edge = flow.edge_from(source, port)
            assert exits.get(source, {}).get(port) == (edge.target if edge else None)


def test_gc_paused_restores_the_collector_even_on_errors():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the inner one must not switch it back on early
            pass
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before, so it stays off
    finally:
        gc.enable()


def _random_flow(rng: random.Random, size: int) -> Flow:
    flow = Flow()
    flow.nodes = {f"n{i}": Node(f"n{i}", "Start" if i in (0, 5) else "Speak", text="Hi")
                  for i in range(size)}
    links = _random_links(rng, size)
    if rng.random() < 0.3:  # a link from a step that does not exist (a broken file)
        links.insert(rng.randint(0, len(links)), Edge("lost", "next", "n0"))
    flow.edges = links
    return flow


@pytest.mark.parametrize("seed", range(30))
def test_the_flow_index_describes_its_flow(seed):
    rng = random.Random(seed)
    flow = _random_flow(rng, rng.randint(1, 10))
    index = FlowIndex(flow)
    starts = [n.id for n in flow.start_nodes()]
    assert index.starts == starts
    # The first link of an exit wins in `outgoing`; duplicates are noticed.
    first: dict[tuple[str, str], str] = {}
    for edge in flow.edges:
        first.setdefault((edge.source, edge.port), edge.target)
    assert {(s, p): t for s, exits in index.outgoing.items() for p, t in exits.items()} == first
    assert index.duplicate_exits == (len(first) != len(flow.edges))
    # The compiler's view: as Flow.exit_targets (the last link wins), duplicates or not.
    assert index.exit_targets() == flow.exit_targets()
    # ... and the same by position, for the steps.
    assert index.exits_at == [index.outgoing.get(step_id) for step_id in flow.nodes]
    assert index.exit_targets_at() == [flow.exit_targets().get(step_id) for step_id in flow.nodes]
    # Reachability: as networkx sees the links drawn, duplicates included.
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(flow.nodes)
    graph.add_edges_from((e.source, e.target) for e in flow.edges)
    reached = set(starts).union(*(nx.descendants(graph, s) for s in starts))
    assert index.unreached_steps() == [
        n.id for n in flow.nodes.values() if n.id not in reached and n.type != "Start"
    ]
    assert set(index.reached_non_steps()) == reached - flow.nodes.keys()
    # Positions: the steps in file order, then the other link ends.
    assert index.ids[: index.step_count] == list(flow.nodes)
    assert set(index.ids[index.step_count:]) == (
        {e.source for e in flow.edges} | {e.target for e in flow.edges}
    ) - flow.nodes.keys()
    for node_id, count in zip(index.ids, index.reach, strict=True):
        assert count == sum(1 for e in flow.edges if e.target == node_id and e.source in reached)
    assert index.targets_missing_step() == any(e.target not in flow.nodes for e in flow.edges)
    assert index.sources_missing_step() == list(
        dict.fromkeys(e.source for e in flow.edges if e.source not in flow.nodes)
    )
    assert index.links_into_start() == any(e.target in starts for e in flow.edges)
    assert sorted(map(sorted, index.loops())) == sorted(
        map(sorted, cyclic_components(successor_map(flow.edges)))
    )
    assert sorted(map(sorted, cyclic_components(index.successors))) == sorted(
        map(sorted, cyclic_components(successor_map(flow.edges)))
    )


def _link_sets_agree(flow: Flow) -> None:
    for node_id in [*flow.nodes, "ghost"]:
        assert flow.edges_from(node_id) == [e for e in flow.edges if e.source == node_id]
        assert flow.edges_to(node_id) == [e for e in flow.edges if e.target == node_id]
        assert list(flow.edges_touching(node_id)) == [
            (i, e) for i, e in enumerate(flow.edges) if node_id in (e.source, e.target)
        ]


@pytest.mark.parametrize("seed", range(30))
def test_the_per_step_link_sets_follow_every_edit_in_file_order(seed):
    rng = random.Random(seed)
    flow = Flow()
    for i in range(6):
        flow.add_node(Node(f"n{i}", "Speak", text="Hi"))
    undo: list = []
    for step in range(40):
        if step == rng.randint(0, 40):
            _link_sets_agree(flow)  # built at some random moment, then kept up to date
        action = rng.random()
        try:
            if action < 0.4:
                index = rng.choice([None, 0, len(flow.edges) // 2])
                flow.connect(f"n{rng.randrange(6)}", rng.choice(["next", "1", "2"]),
                             f"n{rng.randrange(6)}", index)
            elif action < 0.6 and flow.edges:
                edge = rng.choice(flow.edges)
                undo.append(("link", flow.disconnect(edge.source, edge.port)))
            elif action < 0.75:
                undo.append(("step", flow.remove_node(f"n{rng.randrange(6)}")))
            elif undo:
                kind, what = undo.pop()
                if kind == "link":
                    index, edge = what
                    flow.connect(edge.source, edge.port, edge.target, index)
                else:
                    flow.restore_node(what)
        except ModelError:
            continue  # a step already gone, or an exit already linked: nothing changed
    _link_sets_agree(flow)


def test_a_stale_or_foreign_index_is_refused():
    from designer.checks import validate
    from designer.compiler import compile_flow
    from designer.flowindex import StaleIndexError

    flow = Flow()
    for node in (Node("start", "Start"), Node("a", "Speak", text="Hi"),
                 Node("b", "Speak", text="Bye")):
        flow.add_node(node)
    flow.connect("start", "next", "a")
    index = FlowIndex(flow)
    assert validate(flow, index=index) != []  # 'b' cannot be reached, as the index says
    flow.connect("a", "next", "b")  # an edit after the index was built
    with pytest.raises(StaleIndexError, match="changed after"):
        validate(flow, index=index)
    with pytest.raises(StaleIndexError, match="changed after"):
        compile_flow(flow, check=False, index=index)
    with pytest.raises(StaleIndexError, match="another flow"):
        validate(flow.copy(), index=FlowIndex(flow))
    fresh = FlowIndex(flow)
    assert validate(flow, index=fresh) == validate(flow) == []
    assert compile_flow(flow, index=fresh).documents == compile_flow(flow).documents
    flow.set_attribute("a", "voice", "MAN")  # any edit counts, links or not
    with pytest.raises(StaleIndexError):
        validate(flow, index=fresh)


def _reference_next(flow: Flow, node_id: str) -> str | None:
    """The step Plivo runs after `node_id` in the same document, worked out from the node's
    exits as the editor shows them (docs/bundle.md), not from the planner's per-type tables."""
    node = flow.nodes[node_id]
    element = CATALOG.element(node.type)
    exits = flow.exit_targets().get(node_id, {})
    action = bool(node.attributes.get("action"))
    if element.has_choices:
        return exits.get("noinput")
    if node.type == "Dial" and not action and any(
        port.name in exits for port in element.ports_of_kind("outcome")
    ):
        return None
    if action and node.attributes.get("redirect", True) is not False:
        return None
    return exits.get("next") if "next" in port_names(node, CATALOG) else None


def _mixed_flow(rng: random.Random) -> Flow:
    """Steps of every kind the planner treats differently, with random links (loops, links
    back into Start and second links from one exit included)."""
    flow = Flow()
    size = rng.randint(2, 12)
    names = [f"n{i}" for i in range(size)]
    for i, name in enumerate(names):
        kind = "Start" if i == 0 else rng.choice(
            ["Speak", "GetDigits", "GetInput", "Dial", "Hangup", "Redirect", "Wait"]
        )
        node = Node(name, kind)
        if kind in ("GetDigits", "GetInput"):
            node.choices = rng.sample(["1", "2", "yes"], rng.randint(0, 2))
        if kind == "Hangup" and rng.random() < 0.5:
            node.attributes["schedule"] = 30
        if kind != "Start" and rng.random() < 0.2:
            node.attributes["action"] = "https://crm.example.com/step"
        if rng.random() < 0.2:
            node.attributes["redirect"] = rng.random() < 0.5
        flow.nodes[name] = node
    ports = ["next", "noinput", "nomatch", "1", "yes", "no-answer", "completed"]
    flow.edges = [
        Edge(rng.choice(names), rng.choice(ports), rng.choice(names))
        for _ in range(rng.randint(1, size * 2))
    ]
    return flow


@pytest.mark.parametrize("seed", range(80))
def test_planned_documents_follow_each_step_s_next_one_and_place_it_once(seed):
    flow = _mixed_flow(random.Random(seed))
    plan = plan_documents(flow, CATALOG)
    placed = [node_id for doc in plan.documents.values() for node_id in doc.nodes]
    assert len(placed) == len(set(placed))  # no step twice, in one document or two
    for doc in plan.documents.values():
        for step, after in pairwise(doc.nodes):
            assert _reference_next(flow, step) == after
        assert _reference_next(flow, doc.nodes[-1]) == doc.redirect_to
        assert doc.redirect_to is None or doc.redirect_to in plan.documents


@pytest.mark.parametrize("per_run", [1, 7, 256])
def test_checking_the_steps_in_runs_finds_what_one_pass_finds(monkeypatch, per_run):
    import importlib

    from designer.checks import validate

    validate_module = importlib.import_module("designer.checks.validate")
    # A long flow with problems all along it: bad values, missing texts, menus without a
    # "no input" link, a scheduled hangup with nothing after it, unreachable steps.
    rng = random.Random(per_run)
    flow = Flow()
    flow.nodes["start"] = Node("start", "Start")
    previous = "start"
    links = []
    for i in range(700):
        kind = rng.choice(["Speak", "GetDigits", "Wait", "Hangup", "Play", "Dial", "Record"])
        node = Node(f"s{i}", kind)
        if kind == "Speak":
            node.text = rng.choice(["Hello", "", "bad \x01 char"])
        if kind == "Play":
            node.text = rng.choice(["https://a.example.com/x.mp3", "not a url"])
        if kind == "GetDigits":
            node.choices = rng.sample(["1", "2", "12345678901234567890"], 2)
            node.attributes["numDigits"] = rng.choice([1, 0, 99])
        if kind == "Wait":
            node.attributes["length"] = rng.choice([1, 5, -3])
        if kind == "Hangup" and rng.random() < 0.5:
            node.attributes["schedule"] = 30
        flow.nodes[node.id] = node
        if rng.random() < 0.9:
            links.append(Edge(previous, "next", node.id))
        previous = node.id
    flow.edges = links
    monkeypatch.setattr(validate_module, "STEPS_PER_RUN", per_run)
    in_runs = validate(flow)
    monkeypatch.setattr(validate_module, "STEPS_PER_RUN", 10**6)  # one run: every step at once
    assert len(in_runs) > 50
    assert validate(flow) == in_runs
