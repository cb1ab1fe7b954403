"""The layered layout (designer.layout), without Qt: cards never overlap, crossing reduction
never adds crossings and removes avoidable ones, the result is deterministic and stable, and
a selection is laid out among itself where it was."""

from __future__ import annotations

import itertools

import pytest
from flowbuilder import build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.catalog import load_catalog
from designer.flowfile import load_flow
from designer.layout import arrange, card_size, layered_layout, ordering_crossings
from designer.model import Flow, Node
from designer.model.ports import port_names
from designer.resources import examples_dir

CATALOG = load_catalog()
TYPES = [t for t in CATALOG.node_types if t != "Start"]


def example(name: str) -> Flow:
    path = examples_dir() / name
    if not path.is_file():
        pytest.skip(f"the example {name} is not there yet")
    return load_flow(path)


def rects(flow: Flow, positions, size=None):
    size = size or card_size(flow, CATALOG)
    return {n: (x, y, x + size(n)[0], y + size(n)[1]) for n, (x, y) in positions.items()}


def overlapping(flow: Flow, positions, size=None) -> list[tuple[str, str]]:
    boxes = rects(flow, positions, size)
    return [(a, b) for a, b in itertools.combinations(boxes, 2)
            if boxes[a][0] < boxes[b][2] and boxes[b][0] < boxes[a][2]
            and boxes[a][1] < boxes[b][3] and boxes[b][1] < boxes[a][3]]


def drawn_crossings(flow: Flow, positions) -> int:
    """Crossings of the links drawn as straight lines from the exit (right edge, at its row)
    to the input (left edge) — the picture a user sees, measured independently of the
    layout's own bookkeeping."""
    size = card_size(flow, CATALOG)
    segments = []
    for edge in flow.edges:
        if edge.source == edge.target:
            continue
        names = port_names(flow.nodes[edge.source], CATALOG)
        row = names.index(edge.port) if edge.port in names else 0
        sx, sy = positions[edge.source]
        tx, ty = positions[edge.target]
        segments.append(((sx + size(edge.source)[0], sy + 60 + 18 * row), (tx, ty + 19)))

    def orient(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    count = 0
    for (a, b), (c, d) in itertools.combinations(segments, 2):
        if {a, b} & {c, d}:
            continue  # links meeting at an exit or an input touch there; they do not cross
        if (orient(a, b, c) * orient(a, b, d) < 0) and (orient(c, d, a) * orient(c, d, b) < 0):
            count += 1
    return count


# -- a crossing the start order has and the reduction removes -----------------------------------


def crossed_menu() -> Flow:
    """The menu's links were drawn choice 2 first, so depth-first order puts 'two' above
    'one', while the card lists exit 1 above exit 2: the links cross unless reordered."""
    return build(
        [("start", "Start"), ("menu", "GetDigits", {"choices": ["1", "2"]}),
         ("two", "Speak"), ("one", "Speak"), ("end-two", "Hangup"), ("end-one", "Hangup")],
        [("start", "menu"), ("menu", "2", "two"), ("menu", "1", "one"),
         ("two", "end-two"), ("one", "end-one")],
    )


def test_crossing_reduction_follows_the_order_of_the_exits() -> None:
    flow = crossed_menu()
    plain = layered_layout(flow, sweeps=0)
    reduced = layered_layout(flow)
    assert plain["two"][1] < plain["one"][1]  # the start order: crossed
    assert drawn_crossings(flow, plain) == 1
    assert ordering_crossings(flow, sweeps=0) > 0
    assert reduced["one"][1] < reduced["two"][1]
    assert reduced["end-one"][1] < reduced["end-two"][1]
    assert drawn_crossings(flow, reduced) == 0
    assert ordering_crossings(flow) == 0


@pytest.mark.parametrize("name", ["every-node.ivrflow", "support-line.ivrflow",
                                  "conference-line.ivrflow", "voicemail.ivrflow"])
@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_examples_lay_out_without_overlaps_or_extra_crossings(name: str, direction: str) -> None:
    flow = example(name)
    positions = layered_layout(flow, direction)
    assert set(positions) == set(flow.nodes)
    assert overlapping(flow, positions) == []
    assert ordering_crossings(flow) <= ordering_crossings(flow, sweeps=0)
    if direction == "LR":
        assert drawn_crossings(flow, positions) <= drawn_crossings(
            flow, layered_layout(flow, direction, sweeps=0))


def test_real_card_sizes_keep_tall_cards_apart_in_both_directions() -> None:
    flow = build(
        [("start", "Start"), ("menu", "GetDigits", {"choices": [str(d) for d in range(10)]}),
         *[(f"s{d}", "Speak") for d in range(10)]],
        [("start", "menu"), *[("menu", str(d), f"s{d}") for d in range(10)]],
    )

    def size(node_id: str) -> tuple[float, float]:
        # A card much taller than the default gaps, as a menu with many choices is.
        return (184.0, 420.0) if node_id == "menu" else (184.0, 90.0)

    for direction in ("LR", "TB"):
        positions = layered_layout(flow, direction, size=size)
        assert overlapping(flow, positions, size) == []
    tb = layered_layout(flow, "TB", size=size)
    # The row after the tall menu starts below it, with room for the links.
    assert tb["s0"][1] >= tb["menu"][1] + 420


def test_grid_makes_every_coordinate_a_multiple() -> None:
    flow = example("every-node.ivrflow")
    positions = layered_layout(flow, grid=10.0, row_gap=100.0)
    assert all(x % 10 == 0 and y % 10 == 0 for x, y in positions.values())
    assert overlapping(flow, positions) == []


# -- determinism and stability ------------------------------------------------------------------


def test_the_layout_is_a_function_of_the_graph_not_of_positions() -> None:
    flow = example("every-node.ivrflow")
    first = layered_layout(flow)
    moved = flow.copy()
    moved.layout = {n: (p[1] * 3.0, -p[0]) for n, p in flow.layout.items()}
    assert layered_layout(moved) == first
    assert layered_layout(flow.copy()) == first


def test_arrange_twice_changes_nothing_for_the_flow_and_for_a_selection() -> None:
    flow = example("every-node.ivrflow")
    once = arrange(flow, flow.layout, "LR", grid=10.0)
    twice = arrange(flow, once, "LR", grid=10.0)
    assert once == twice
    selection = list(flow.nodes)[3:9]
    once = arrange(flow, flow.layout, "TB", nodes=selection, grid=10.0)
    assert set(once) == set(selection)
    current = {**flow.layout, **once}
    assert arrange(flow, current, "TB", nodes=selection, grid=10.0) == once


def test_a_selection_is_laid_out_among_itself_where_it_was() -> None:
    flow = example("support-line.ivrflow")
    selection = [n for n in flow.nodes if n != "start"][:4]
    before = {n: flow.layout[n] for n in selection}
    placed = arrange(flow, flow.layout, "LR", nodes=selection)
    assert set(placed) == set(selection)
    assert min(x for x, _ in placed.values()) == min(x for x, _ in before.values())
    assert min(y for _, y in placed.values()) == min(y for _, y in before.values())
    assert overlapping(flow, placed) == []


def test_an_unknown_direction_and_an_empty_selection() -> None:
    with pytest.raises(ValueError, match="direction"):
        layered_layout(Flow(), "RL")
    assert layered_layout(example("voicemail.ivrflow"), nodes=[]) == {}
    assert arrange(Flow(), {}, "LR") == {}


# -- random flows -------------------------------------------------------------------------------


@st.composite
def random_flows(draw) -> Flow:
    flow = Flow()
    flow.add_node(Node("start", "Start"))
    count = draw(st.integers(1, 14))
    for index in range(count):
        type_name = draw(st.sampled_from(TYPES))
        choices = ["1", "2", "3"][: draw(st.integers(0, 3))] if type_name in (
            "GetDigits", "GetInput") else []
        flow.add_node(Node(f"n{index}", type_name, choices=choices))
    ids = list(flow.nodes)
    for source in ids:
        for port in port_names(flow.nodes[source], CATALOG):
            if draw(st.booleans()):
                target = draw(st.sampled_from(ids[1:]))  # anything but Start, loops too
                flow.connect(source, port, target)
    return flow


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_flows(), st.sampled_from(["LR", "TB"]))
def test_random_flows_never_overlap_and_never_gain_crossings(flow: Flow, direction: str) -> None:
    positions = layered_layout(flow, direction, grid=10.0)
    assert set(positions) == set(flow.nodes)
    assert overlapping(flow, positions) == []
    assert ordering_crossings(flow) <= ordering_crossings(flow, sweeps=0)
    assert layered_layout(flow, direction, grid=10.0) == positions
    again = arrange(flow, positions, direction, grid=10.0)
    assert again == positions
