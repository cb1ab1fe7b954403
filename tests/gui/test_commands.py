"""Every undo command: redo changes the document as the edit says, undo gives back exactly the
saved bytes of before, redo again exactly the bytes of after."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoCommand

from designer.gui.commands import (
    AddNode,
    Connect,
    Disconnect,
    MoveNodes,
    RemoveNode,
    RenameNode,
    SetAttribute,
    SetChildren,
    SetChoices,
    SetFlowName,
    SetSetting,
    SetSsml,
    SetText,
    delete_items,
    macro,
)
from designer.gui.document import Document
from designer.model import Child, Node


@pytest.fixture
def document(qapp) -> Document:
    doc = Document()
    flow = doc.flow
    flow.add_node(Node("welcome", "Speak", text="Hello"), (220, 0))
    flow.add_node(Node("menu", "GetDigits", choices=["1", "2"],
                       children=[Child("Speak", "Press 1 or 2")]), (440, 0))
    flow.add_node(Node("sales", "Dial", children=[Child("Number", "+14155550100")]), (660, 0))
    flow.add_node(Node("bye", "Speak", text="Bye"), (880, 0))
    flow.add_node(Node("end", "Hangup"), (1100, 0))
    flow.connect("start", "next", "welcome")
    flow.connect("welcome", "next", "menu")
    flow.connect("menu", "1", "sales")
    flow.connect("menu", "2", "bye")
    flow.connect("sales", "next", "bye")
    flow.connect("bye", "next", "end")
    return doc


def round_trip(document: Document, command: QUndoCommand) -> tuple[str, str]:
    before = document.text()
    document.push(command)
    after = document.text()
    assert after != before, "the command changed nothing"
    document.undo_stack.undo()
    assert document.text() == before
    document.undo_stack.redo()
    assert document.text() == after
    return before, after


def test_add_node(document: Document) -> None:
    round_trip(document, AddNode(document.flow, Node("extra", "Play", text="https://x.io/a.mp3"),
                                 (5, 6)))
    assert document.flow.layout["extra"] == (5.0, 6.0)


def test_remove_node_brings_back_links_and_order(document: Document) -> None:
    round_trip(document, RemoveNode(document.flow, "menu"))
    assert "menu" not in document.flow.nodes
    document.undo_stack.undo()
    assert list(document.flow.nodes) == ["start", "welcome", "menu", "sales", "bye", "end"]
    assert document.flow.edge_from("menu", "1").target == "sales"


def test_rename_node(document: Document) -> None:
    round_trip(document, RenameNode(document.flow, "menu", "main-menu"))
    assert document.flow.edge_from("welcome").target == "main-menu"


def test_move_nodes_including_one_without_a_position(document: Document) -> None:
    document.flow.layout.pop("end")
    before, _ = round_trip(document, MoveNodes(document.flow, {
        "menu": ((440.0, 0.0), (500.0, 40.0)), "end": (None, (1, 2))}))
    assert '"end"' not in before.split('"layout"')[1]


def test_nudges_merge_into_one_undo_step(document: Document) -> None:
    stack = document.undo_stack
    before = document.text()
    for step in range(1, 4):
        old = document.flow.layout["menu"]
        document.push(MoveNodes(document.flow, {"menu": (old, (old[0] + 10, old[1]))},
                                nudge=True))
        assert stack.count() == 1, step
    assert document.flow.layout["menu"] == (470.0, 0.0)
    stack.undo()
    assert document.text() == before


def test_connect_and_disconnect(document: Document) -> None:
    round_trip(document, Connect(document.flow, "sales", "no-answer", "bye"))
    round_trip(document, Disconnect(document.flow, "menu", "1"))


def test_set_attribute_and_reset(document: Document) -> None:
    round_trip(document, SetAttribute(document.flow, document.catalog, "menu", "timeout", 9))
    round_trip(document, SetAttribute(document.flow, document.catalog, "menu", "timeout", None))


def test_clearing_an_attribute_that_gave_an_exit_removes_its_link_and_undo_restores_it(
    document: Document,
) -> None:
    flow = document.flow
    document.push(SetAttribute(flow, document.catalog, "end", "schedule", 30))
    document.push(AddNode(flow, Node("after", "Speak", text="Still here"), (1300, 0)))
    document.push(Connect(flow, "end", "next", "after"))
    round_trip(document, SetAttribute(flow, document.catalog, "end", "schedule", None))
    assert flow.edge_from("end") is None
    document.undo_stack.undo()
    assert flow.edge_from("end").target == "after"


def test_text_ssml_children_choices(document: Document) -> None:
    round_trip(document, SetText(document.flow, "welcome", "Welcome to Acme"))
    round_trip(document, SetSsml(document.flow, "bye", "<break time='1s'/>Bye"))
    round_trip(document, SetChildren(document.flow, "sales",
                                     [Child("Number", "+14155550100"), Child("User", "sip:a@b.c")]))
    # Dropping choice 1 drops its link; undo must put the link back in its place.
    round_trip(document, SetChoices(document.flow, "menu", ["2", "3"]))
    assert document.flow.edge_from("menu", "1") is None
    document.undo_stack.undo()
    assert document.flow.edges[2].port == "1"


def test_flow_name_and_settings(document: Document) -> None:
    round_trip(document, SetFlowName(document.flow, "Acme"))
    round_trip(document, SetSetting(document.flow, "base_url", "https://ivr.example.com/a/"))
    round_trip(document, SetSetting(document.flow, "link_method", "POST"))


def test_delete_items_is_one_step(document: Document) -> None:
    command = delete_items(document.flow, ["menu", "sales"], [("bye", "next")])
    assert command is not None
    round_trip(document, command)
    assert document.undo_stack.count() == 1
    assert document.flow.edges == [document.flow.edges[0]]  # only start → welcome is left


def test_delete_items_with_nothing_to_delete(document: Document) -> None:
    assert delete_items(document.flow, ["nope"], [("start", "busy")]) is None


def test_macro_undoes_in_reverse(document: Document) -> None:
    flow = document.flow
    command = macro("two steps", [
        AddNode(flow, Node("x", "Wait"), (0, 300)),
        Connect(flow, "x", "next", "bye"),
    ])
    round_trip(document, command)
    assert flow.edge_from("x").target == "bye"
