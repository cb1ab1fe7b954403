"""Random sequences of edit commands, as the editor pushes them: undoing them all gives back the
original document byte for byte, redoing them all the final one, and every step in between
matches too."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.catalog import load_catalog
from designer.gui.commands import (
    AddNode,
    Connect,
    Disconnect,
    MoveNodes,
    RenameNode,
    SetAttribute,
    SetChildren,
    SetChoices,
    SetFlowName,
    SetSetting,
    SetSsml,
    SetText,
    delete_items,
)
from designer.gui.document import Document
from designer.model import Child, Node
from designer.model.ports import connection_problem, port_names

CATALOG = load_catalog()
NODE_TYPES = [t for t in CATALOG.node_types if t != "Start"]
WORDS = st.text(alphabet="abc xyz<>&é", min_size=0, max_size=12)


def attribute_value(draw, spec):
    if spec.type == "bool":
        return draw(st.booleans())
    if spec.type == "int":
        low = spec.min if spec.min is not None else 0
        return draw(st.integers(low, spec.max if spec.max is not None else low + 500))
    if spec.type == "enum":
        return draw(st.sampled_from(spec.choices))
    return draw(st.sampled_from(["https://example.com/a.xml", "abc", "5", ""]))


def next_command(draw, document: Document):
    flow = document.flow
    ids = sorted(flow.nodes)
    kind = draw(st.sampled_from([
        "add", "add", "delete", "connect", "connect", "disconnect", "move", "nudge",
        "attribute", "text", "ssml", "children", "choices", "rename", "name", "setting",
    ]))
    if not ids:
        kind = "add"  # a sequence may delete every step, Start included
    node_id = draw(st.sampled_from(ids)) if ids else None
    node = flow.nodes[node_id] if ids else None
    element = CATALOG.element(node.type) if ids else None
    if kind == "add":
        type_name = draw(st.sampled_from(NODE_TYPES))
        new_id = flow.new_id(type_name)
        position = (draw(st.integers(-500, 500)) * 1.0, draw(st.integers(-500, 500)) * 1.0)
        return AddNode(flow, Node(new_id, type_name), position)
    if kind == "delete":
        links = [(e.source, e.port) for e in flow.edges]
        picked = draw(st.lists(st.sampled_from(links), max_size=2)) if links else []
        return delete_items(flow, [node_id] if draw(st.booleans()) else [], picked)
    if kind == "connect":
        target = draw(st.sampled_from(ids))
        free = [p for p in port_names(node, CATALOG)
                if connection_problem(flow, CATALOG, node_id, p, target) is None]
        return Connect(flow, node_id, draw(st.sampled_from(free)), target) if free else None
    if kind == "disconnect":
        taken = [e.port for e in flow.edges_from(node_id)]
        return Disconnect(flow, node_id, draw(st.sampled_from(taken))) if taken else None
    if kind in ("move", "nudge"):
        old = flow.layout.get(node_id)
        new = (draw(st.integers(-900, 900)) * 1.0, draw(st.integers(-900, 900)) * 1.0)
        return MoveNodes(flow, {node_id: (old, new)}, nudge=kind == "nudge")
    if kind == "attribute" and element.attributes:
        spec = draw(st.sampled_from(element.attributes))
        value = None if draw(st.booleans()) else attribute_value(draw, spec)
        return SetAttribute(flow, CATALOG, node_id, spec.name, value)
    if kind == "text":
        return SetText(flow, node_id, draw(st.none() | WORDS))
    if kind == "ssml":
        return SetSsml(flow, node_id, draw(st.none() | WORDS))
    if kind == "children" and element.children:
        types = st.sampled_from(element.children)
        children = draw(st.lists(st.builds(Child, types, st.none() | WORDS), max_size=3))
        return SetChildren(flow, node_id, children)
    if kind == "choices" and element.has_choices:
        choices = draw(st.lists(st.sampled_from(["1", "2", "3", "*", "sales"]), unique=True,
                                max_size=4))
        return SetChoices(flow, node_id, choices)
    if kind == "rename":
        new_id = flow.new_id(draw(st.sampled_from(["step", "menu", node_id])))
        return RenameNode(flow, node_id, new_id)
    if kind == "name":
        return SetFlowName(flow, draw(WORDS))
    if kind == "setting":
        key = draw(st.sampled_from(["base_url", "link_method"]))
        value = draw(st.sampled_from([None, "GET", "POST", "https://ivr.example.com/x/"]))
        return SetSetting(flow, key, value)
    return None


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(data=st.data())
def test_undo_all_and_redo_all_restore_the_exact_documents(qapp, data) -> None:
    document = Document(CATALOG)
    flow = document.flow
    flow.add_node(Node("hello", "Speak", text="Hi"), (220.0, 0.0))
    flow.add_node(Node("menu", "GetDigits", choices=["1", "2"]), (440.0, 0.0))
    flow.connect("start", "next", "hello")
    flow.connect("hello", "next", "menu")
    stack = document.undo_stack
    states = [document.text()]
    for _ in range(data.draw(st.integers(1, 25), label="length")):
        command = next_command(data.draw, document)
        if command is None:
            continue
        merged_before = stack.count()
        document.push(command)
        if stack.count() == merged_before:
            states[-1] = document.text()  # a nudge merged into the one before
        else:
            states.append(document.text())
    assert stack.count() == len(states) - 1
    for expected in reversed(states[:-1]):
        stack.undo()
        assert document.text() == expected
    assert not stack.canUndo()
    for expected in states[1:]:
        stack.redo()
        assert document.text() == expected
