"""The bundled example flows: they load, are saved byte-stably, check clean, compile, and
together show every kind of step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from designer.catalog import load_catalog
from designer.compiler import diagnose
from designer.flowfile import dumps_flow, load_flow
from designer.model import Flow
from designer.resources import examples_dir

REQUIRED = ("voicemail", "support-line", "conference-line", "every-node")
ALL = sorted(p.stem for p in examples_dir().glob("*.ivrflow"))


def path_of(name: str) -> Path:
    return examples_dir() / f"{name}.ivrflow"


def flow_of(name: str) -> Flow:
    return load_flow(path_of(name))


def test_the_required_examples_exist() -> None:
    assert set(REQUIRED) <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_load_then_save_gives_the_same_bytes(name: str) -> None:
    assert dumps_flow(flow_of(name)).encode("utf-8") == path_of(name).read_bytes()


@pytest.mark.parametrize("name", ALL)
def test_example_has_no_errors_and_explains_its_warnings(name: str) -> None:
    flow = flow_of(name)
    diagnostics = diagnose(flow)
    errors = [d for d in diagnostics if d.severity == "error"]
    assert errors == []
    notes = " ".join(note.text for note in flow.notes)
    unexplained = [d for d in diagnostics if d.severity == "warning" and d.node not in notes]
    assert unexplained == [], "a warning in an example must be explained by a note naming the step"


@pytest.mark.parametrize("name", ALL)
def test_example_is_tidy(name: str) -> None:
    flow = flow_of(name)
    assert flow.setting("base_url") == f"https://ivr.example.com/{name}/"
    assert set(flow.layout) == set(flow.nodes), "every step needs a position"
    positions = list(flow.layout.values())
    assert len(set(positions)) == len(positions), "two steps on top of each other"
    for a in positions:
        for b in positions:
            if a != b:
                assert abs(a[0] - b[0]) >= 200 or abs(a[1] - b[1]) >= 120, (a, b)
    assert flow.notes and flow.notes[0].text.strip(), "the first note describes the example"


def test_every_node_uses_every_kind_of_step() -> None:
    catalog = load_catalog()
    flow = flow_of("every-node")
    used = {n.type for n in flow.nodes.values()}
    assert set(catalog.node_types) <= used
    children = {c.type for n in flow.nodes.values() for c in n.children}
    assert set(catalog.child_types) - set(catalog.node_types) <= children  # Number, User
    by_type = {n.type: n for n in flow.nodes.values()}
    dial_children = {c.type for c in by_type["Dial"].children}
    assert {"Number", "User"} <= dial_children
    assert any(not c.isdigit() for c in by_type["GetInput"].choices), "speech choices"
    assert by_type["PreAnswer"].children
    assert by_type["MultiPartyCall"].attributes.get("role")
    assert any(n.type == "Hangup" and n.attributes.get("schedule") for n in flow.nodes.values())
    redirect = by_type["Redirect"]
    assert flow.edges_to(redirect.id) and not flow.edges_from(redirect.id)


def test_support_line_is_the_architecture_example() -> None:
    flow = flow_of("support-line")
    links = {(e.source, e.port): e.target for e in flow.edges}
    assert links[("menu", "1")] == "sales"
    assert links[("menu", "2")] == "voicemail"
    assert links[("menu", "noinput")] == "goodbye"
    assert links[("sales", "no-answer")] == "voicemail"
    assert flow.nodes["sales"].type == "Dial"


def test_voicemail_records_with_a_callback() -> None:
    flow = flow_of("voicemail")
    order = []
    current = "start"
    while True:
        edge = flow.edge_from(current)
        if edge is None:
            break
        current = edge.target
        order.append(flow.nodes[current].type)
    assert order == ["Speak", "Record", "Speak", "Hangup"]
    record = next(n for n in flow.nodes.values() if n.type == "Record")
    assert record.attributes["callbackUrl"].startswith("https://")


@pytest.mark.parametrize("name", ALL)
def test_example_compiles(name: str, tmp_path: Path) -> None:
    from designer.compiler import compile_flow, write_bundle

    bundle = compile_flow(flow_of(name))
    assert next(iter(bundle.documents)) == "answer.xml"
    write_bundle(bundle, tmp_path / "bundle")
    manifest = json.loads((tmp_path / "bundle" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["flow"] == flow_of(name).name
    placed = {node for doc in manifest["documents"].values() for node in doc["nodes"]}
    assert placed == set(flow_of(name).nodes) - {"start"}
