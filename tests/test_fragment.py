"""Copied steps as text (designer.flowfile.fragment): what a copy holds, that it is read back
with the file loader's checks, and what a paste adds — unique ids, links between the copied
steps only, offset positions, notes."""

from __future__ import annotations

import json

import pytest
from flowbuilder import build

from designer.catalog import load_catalog
from designer.flowfile import FlowFileError, dumps_flow
from designer.flowfile.fragment import (
    dumps_fragment,
    extract,
    fragment_positions,
    is_empty,
    loads_fragment,
    paste_offset,
    plan_paste,
)
from designer.model import Note

CATALOG = load_catalog()


def sample():
    flow = build(
        [("start", "Start"), ("welcome", "Speak", {"text": "Hello"}),
         ("menu", "GetDigits", {"choices": ["1", "2"], "attributes": {"numDigits": 1}}),
         ("sales", "Dial", {"children": [("Number", "+14155550100")]}),
         ("bye", "Hangup")],
        [("start", "welcome"), ("welcome", "menu"), ("menu", "1", "sales"),
         ("menu", "2", "bye"), ("sales", "bye")],
    )
    flow.layout = {"start": (0.0, 0.0), "welcome": (220.0, 0.0), "menu": (440.0, 0.0),
                   "sales": (660.0, 0.0)}
    flow.notes.append(Note("note-1", "Sales hours", (10.0, 200.0), (200.0, 80.0)))
    return flow


def test_a_copy_holds_the_steps_the_links_between_them_and_their_positions() -> None:
    flow = sample()
    fragment = extract(flow, ["start", "menu", "sales", "bye"], ["note-1"],
                       positions={"bye": (880.0, 40.0)})
    assert list(fragment.nodes) == ["menu", "sales", "bye"]  # never Start
    assert [(e.source, e.port, e.target) for e in fragment.edges] == [
        ("menu", "1", "sales"), ("menu", "2", "bye"), ("sales", "next", "bye")]
    assert fragment.layout == {"menu": (440.0, 0.0), "sales": (660.0, 0.0),
                               "bye": (880.0, 40.0)}
    assert [n.id for n in fragment.notes] == ["note-1"]
    # The copy is independent of the flow it came from.
    fragment.nodes["menu"].choices.append("3")
    assert flow.nodes["menu"].choices == ["1", "2"]
    assert is_empty(extract(flow, ["start"])) and not is_empty(fragment)


def test_a_fragment_is_flow_file_text_and_reads_back_the_same() -> None:
    flow = sample()
    text = dumps_fragment(extract(flow, ["menu", "sales"]), CATALOG)
    data = json.loads(text)
    assert data["format"] == "ivr-flow" and [n["id"] for n in data["nodes"]] == ["menu", "sales"]
    again = loads_fragment(text, CATALOG)
    assert dumps_flow(again, CATALOG) == text


@pytest.mark.parametrize("text, words", [
    ("not json at all", "not valid JSON"),
    ('{"some": "other json"}', "not an IVR flow"),
    ('{"format": "ivr-flow", "version": 1, "nodes": [{"id": "x", "type": "Shout"}]}',
     "unknown type 'Shout'"),
    ('{"format": "ivr-flow", "version": 1, "nodes": [{"id": "a", "type": "Speak"}],'
     ' "edges": [{"from": "a", "port": "busy", "to": "a"}]}', "exit 'busy'"),
])
def test_bad_text_is_refused_with_the_loaders_message(text: str, words: str) -> None:
    with pytest.raises(FlowFileError) as caught:
        loads_fragment(text, CATALOG)
    assert words in str(caught.value)


def test_pasting_renames_taken_ids_and_keeps_links_inside_the_paste() -> None:
    flow = sample()
    fragment = extract(flow, ["menu", "sales", "bye"], ["note-1"])
    plan = plan_paste(fragment, flow, (40.0, 40.0), CATALOG)
    assert plan.renamed == {"menu": "menu-2", "sales": "sales-2", "bye": "bye-2"}
    assert plan.node_ids == ["menu-2", "sales-2", "bye-2"]
    assert [(e.source, e.port, e.target) for e in plan.edges] == [
        ("menu-2", "1", "sales-2"), ("menu-2", "2", "bye-2"), ("sales-2", "next", "bye-2")]
    positions = dict((node.id, where) for node, where in plan.nodes)
    assert positions["menu-2"] == (480.0, 40.0) and positions["sales-2"] == (700.0, 40.0)
    # 'bye' had no position: it is placed after the others rather than left unplaced.
    assert positions["bye-2"] is not None and positions["bye-2"][0] > 700.0
    assert [(n.id, n.at) for n in plan.notes] == [("note-2", (50.0, 240.0))]
    assert plan.nodes[0][0].attributes == {"numDigits": 1}
    # Into an empty flow, the ids stay as they were.
    empty = build([("start", "Start")], [])
    assert plan_paste(fragment, empty, catalog=CATALOG).renamed == {
        "menu": "menu", "sales": "sales", "bye": "bye"}


def test_a_pasted_start_is_dropped_when_the_flow_has_one() -> None:
    flow = sample()
    whole = loads_fragment(dumps_flow(flow, CATALOG), CATALOG)
    plan = plan_paste(whole, flow, catalog=CATALOG)
    assert "start" not in plan.renamed
    assert all(edge.source != "start" for edge in plan.edges)
    assert plan.renamed["welcome"] == "welcome-2"


def test_the_paste_offset_cascades_past_taken_places() -> None:
    assert paste_offset([(0.0, 0.0)], []) == (40.0, 40.0)
    assert paste_offset([(0.0, 0.0)], [(40.0, 40.0)]) == (80.0, 80.0)
    assert paste_offset([(0.0, 0.0), (100.0, 0.0)], [(140.0, 40.0), (80.0, 80.0)]) == (
        120.0, 120.0)


def test_steps_without_positions_are_laid_out_after_the_placed_ones() -> None:
    fragment = extract(sample(), ["welcome", "menu", "bye"])
    fragment.layout.pop("menu")
    placed = fragment_positions(fragment, CATALOG)
    assert placed["welcome"] == (220.0, 0.0)
    assert placed["menu"][0] > 220.0 and placed["bye"][0] > 220.0
    assert placed["menu"] != placed["bye"]
