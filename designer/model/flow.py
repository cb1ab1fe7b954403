"""The flow document: nodes, edges, notes and layout, and the edit operations that change them.

Plain Python, no Qt. Every mutation goes through a method of `Flow` that checks its input,
changes the data and then tells the subscribers what changed. The GUI's undo commands call
exactly these methods, so each method returns what its inverse needs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from designer.model.errors import ModelError
from designer.model.ids import check_node_id, unique_id

Position = tuple[float, float]


@dataclass(slots=True)
class Child:
    """A nested element: a Number/User of a Dial, or a prompt inside a menu or PreAnswer."""

    type: str
    text: str | None = None
    ssml: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    # Attributes the catalog does not know (kept from imported XML and written back).
    extra_attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Node:
    id: str
    type: str
    text: str | None = None
    ssml: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    # Attributes the catalog does not know (kept from imported XML and written back).
    extra_attributes: dict[str, str] = field(default_factory=dict)

    def copy(self) -> Node:
        return copy.deepcopy(self)


@dataclass(frozen=True, slots=True)  # slots: big flows hold tens of thousands of links
class Edge:
    source: str
    port: str
    target: str


@dataclass
class Note:
    id: str
    text: str
    at: Position = (0.0, 0.0)
    size: Position = (200.0, 80.0)


@dataclass(frozen=True)
class Change:
    """What an edit did, for the views to redraw. `node` names the node concerned, if any."""

    kind: str
    node: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class RemovedNode:
    """Everything `remove_node` took away, so that `restore_node` can put it back exactly."""

    node: Node
    index: int
    position: Position | None
    edges: list[tuple[int, Edge]]


Listener = Callable[[Change], None]

DEFAULT_SETTINGS: dict[str, Any] = {"base_url": "", "link_method": "GET"}


class Flow:
    """One call flow. Node and edge order is kept, so saving is byte-stable."""

    def __init__(self, name: str = "Untitled flow") -> None:
        self.name = name
        self.settings: dict[str, Any] = {}
        self.nodes: dict[str, Node] = {}
        self._edges: list[Edge] = []
        # (source, port) → edge, and node → edges in and out: lookups stay O(1) in big flows.
        self._by_exit: dict[tuple[str, str], Edge] = {}
        # An ordered set per node. Built on first use: only editing asks for it, and for a
        # 20,000-step flow it is a third of the memory, which loading, checking and compiling
        # from the command line would pay for in time too.
        self._touching_index: dict[str, dict[Edge, None]] | None = None
        self.notes: list[Note] = []
        self.layout: dict[str, Position] = {}
        self._listeners: list[Listener] = []
        self._edits = 0  # counts edits (and link lists set), see `state`

    # -- notifications ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, kind: str, node: str | None = None, **detail: Any) -> None:
        self._edits += 1
        change = Change(kind, node, detail)
        for listener in list(self._listeners):
            listener(change)

    # -- edges as data -----------------------------------------------------------------------

    @property
    def edges(self) -> list[Edge]:
        """The links in file order. Read-only: change them with connect/disconnect."""
        return self._edges

    @edges.setter
    def edges(self, edges: list[Edge]) -> None:
        self._edits += 1
        self._edges = list(edges)
        self._by_exit = {}
        self._touching_index = None
        for edge in self._edges:
            self._index(edge)

    @property
    def _touching(self) -> dict[str, dict[Edge, None]]:
        if self._touching_index is None:
            touching: dict[str, dict[Edge, None]] = {}
            for edge in self._edges:
                touching.setdefault(edge.source, {})[edge] = None
                touching.setdefault(edge.target, {})[edge] = None
            self._touching_index = touching
        return self._touching_index

    def _index(self, edge: Edge) -> None:
        self._by_exit[(edge.source, edge.port)] = edge
        if self._touching_index is not None:
            self._touching_index.setdefault(edge.source, {})[edge] = None
            self._touching_index.setdefault(edge.target, {})[edge] = None

    def _unindex(self, edge: Edge) -> None:
        del self._by_exit[(edge.source, edge.port)]
        if self._touching_index is not None:
            self._touching_index[edge.source].pop(edge, None)
            self._touching_index[edge.target].pop(edge, None)

    # -- queries ------------------------------------------------------------------------------

    def state(self) -> tuple[int, int, int]:
        """Changes whenever the flow is edited (or its links or steps are replaced): what is
        worked out from a flow can remember it to notice that it no longer applies."""
        return (self._edits, len(self.nodes), len(self._edges))

    def node(self, node_id: str) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise ModelError(f"There is no step called '{node_id}'.") from None

    def setting(self, key: str) -> Any:
        return self.settings.get(key, DEFAULT_SETTINGS.get(key))

    def edge_from(self, source: str, port: str = "next") -> Edge | None:
        return self._by_exit.get((source, port))

    def exit_targets(self) -> dict[str, dict[str, str]]:
        """What `edge_from` answers for every step at once: source → {port: target}. The
        compiler asks for several exits of every step, which one lookup per step then serves."""
        exits: dict[str, dict[str, str]] = {}
        for (source, port), edge in self._by_exit.items():
            ports = exits.get(source)
            if ports is None:
                exits[source] = {port: edge.target}
            else:
                ports[port] = edge.target
        return exits

    def edges_from(self, source: str) -> list[Edge]:
        """Links leaving `source`, in file order."""
        return [e for e in self._touching.get(source, ()) if e.source == source]

    def edges_to(self, target: str) -> list[Edge]:
        """Links arriving at `target`, in file order."""
        return [e for e in self._touching.get(target, ()) if e.target == target]

    def edges_touching(self, node_id: str) -> Iterator[tuple[int, Edge]]:
        """The node's links (in and out) with their places in the file order, in that order."""
        touching = self._touching.get(node_id, {})
        yield from sorted((self._edges.index(edge), edge) for edge in touching)

    def start_nodes(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.type == "Start"]

    def new_id(self, base: str) -> str:
        return unique_id(base, self.nodes)

    def copy(self) -> Flow:
        """A deep copy without listeners."""
        twin = Flow(self.name)
        twin.settings = copy.deepcopy(self.settings)
        twin.nodes = {k: v.copy() for k, v in self.nodes.items()}
        twin.edges = list(self.edges)
        twin.notes = copy.deepcopy(self.notes)
        twin.layout = dict(self.layout)
        return twin

    # -- flow-wide edits ----------------------------------------------------------------------

    def set_name(self, name: str) -> str:
        old, self.name = self.name, name
        self._emit("flow-renamed", old=old, new=name)
        return old

    def set_setting(self, key: str, value: Any) -> Any:
        """Set (or with None, clear) a flow setting; returns the previous stored value."""
        if key not in DEFAULT_SETTINGS:
            raise ModelError(f"Unknown flow setting '{key}'.")
        old = self.settings.get(key)
        if value is None:
            self.settings.pop(key, None)
        else:
            self.settings[key] = value
        self._emit("settings-changed", key=key)
        return old

    # -- nodes --------------------------------------------------------------------------------

    def add_node(
        self, node: Node, position: Position | None = None, index: int | None = None
    ) -> Node:
        check_node_id(node.id)
        if node.id in self.nodes:
            raise ModelError(f"A step called '{node.id}' already exists.")
        if index is None or index >= len(self.nodes):
            self.nodes[node.id] = node
        else:
            items = list(self.nodes.items())
            items.insert(index, (node.id, node))
            self.nodes = dict(items)
        if position is not None:
            self.layout[node.id] = position
        self._emit("node-added", node.id)
        return node

    def remove_node(self, node_id: str) -> RemovedNode:
        """Remove a node with its edges and position."""
        node = self.node(node_id)
        index = list(self.nodes).index(node_id)
        edges = list(self.edges_touching(node_id))
        for _, edge in reversed(edges):
            self._remove_edge(edge)
        del self.nodes[node_id]
        position = self.layout.pop(node_id, None)
        self._emit("node-removed", node_id)
        return RemovedNode(node, index, position, edges)

    def restore_node(self, removed: RemovedNode) -> None:
        """Undo `remove_node`: the node, its place in the order, its position and edges."""
        self.add_node(removed.node, removed.position, removed.index)
        for index, edge in removed.edges:
            self._insert_edge(edge, index)

    def rename_node(self, old: str, new: str) -> None:
        if old == new:
            return
        node = self.node(old)
        check_node_id(new)
        if new in self.nodes:
            raise ModelError(f"A step called '{new}' already exists.")
        node.id = new
        self.nodes = {(new if k == old else k): v for k, v in self.nodes.items()}
        self.edges = [
            Edge(
                new if e.source == old else e.source,
                e.port,
                new if e.target == old else e.target,
            )
            for e in self.edges
        ]
        self.layout = {(new if k == old else k): v for k, v in self.layout.items()}
        self._emit("node-renamed", new, old=old)

    def move_node(self, node_id: str, position: Position | None) -> Position | None:
        self.node(node_id)
        old = self.layout.get(node_id)
        if position is None:
            self.layout.pop(node_id, None)
        else:
            self.layout[node_id] = (float(position[0]), float(position[1]))
        self._emit("node-moved", node_id)
        return old

    def set_attribute(self, node_id: str, name: str, value: Any) -> Any:
        """Set an attribute (None removes it, so Plivo's default applies); returns the old one."""
        node = self.node(node_id)
        old = node.attributes.get(name)
        if value is None:
            node.attributes.pop(name, None)
        else:
            node.attributes[name] = value
        self._emit("node-changed", node_id, what="attribute", name=name)
        return old

    def set_extra_attribute(self, node_id: str, name: str, value: str | None) -> str | None:
        node = self.node(node_id)
        old = node.extra_attributes.get(name)
        if value is None:
            node.extra_attributes.pop(name, None)
        else:
            node.extra_attributes[name] = value
        self._emit("node-changed", node_id, what="extra_attribute", name=name)
        return old

    def set_text(self, node_id: str, text: str | None) -> str | None:
        node = self.node(node_id)
        old, node.text = node.text, text
        self._emit("node-changed", node_id, what="text")
        return old

    def set_ssml(self, node_id: str, ssml: str | None) -> str | None:
        node = self.node(node_id)
        old, node.ssml = node.ssml, ssml
        self._emit("node-changed", node_id, what="ssml")
        return old

    def set_children(self, node_id: str, children: list[Child]) -> list[Child]:
        node = self.node(node_id)
        old, node.children = node.children, copy.deepcopy(children)
        self._emit("node-changed", node_id, what="children")
        return old

    def set_choices(
        self, node_id: str, choices: list[str]
    ) -> tuple[list[str], list[tuple[int, Edge]]]:
        """Replace a menu's choices. Edges leaving from a choice that is gone are removed
        (a port cannot dangle); they are returned with their places for undo."""
        node = self.node(node_id)
        if len(set(choices)) != len(choices):
            raise ModelError("Each menu choice can appear only once.")
        for choice in choices:
            if not choice.strip():
                raise ModelError("A menu choice cannot be empty.")
        old = node.choices
        dropped = [
            (i, e)
            for i, e in enumerate(self.edges)
            if e.source == node_id and e.port in old and e.port not in choices
        ]
        for _, edge in reversed(dropped):
            self._remove_edge(edge)
        node.choices = list(choices)
        self._emit("node-changed", node_id, what="choices")
        return old, dropped

    # -- edges --------------------------------------------------------------------------------

    def connect(self, source: str, port: str, target: str, index: int | None = None) -> Edge:
        """Add an edge. Port legality is the caller's business (see `designer.model.ports`)."""
        self.node(source)
        self.node(target)
        if self.edge_from(source, port) is not None:
            raise ModelError(f"The '{port}' exit of '{source}' is already connected.")
        edge = Edge(source, port, target)
        self._insert_edge(edge, index)
        return edge

    def disconnect(self, source: str, port: str) -> tuple[int, Edge]:
        edge = self.edge_from(source, port)
        if edge is None:
            raise ModelError(f"The '{port}' exit of '{source}' is not connected.")
        index = self.edges.index(edge)
        self._remove_edge(edge)
        return index, edge

    def _insert_edge(self, edge: Edge, index: int | None) -> None:
        if index is not None and index < len(self._edges):
            # Put back before others (an undone removal): the per-node sets would get it last,
            # so they are rebuilt in file order when next needed.
            self._touching_index = None
        self._edges.insert(len(self._edges) if index is None else index, edge)
        self._index(edge)
        self._emit("edge-added", edge.source, edge=edge)

    def _remove_edge(self, edge: Edge) -> None:
        self._edges.remove(edge)
        self._unindex(edge)
        self._emit("edge-removed", edge.source, edge=edge)

    # -- notes --------------------------------------------------------------------------------

    def add_note(self, note: Note, index: int | None = None) -> Note:
        if any(n.id == note.id for n in self.notes):
            raise ModelError(f"A note called '{note.id}' already exists.")
        self.notes.insert(len(self.notes) if index is None else index, note)
        self._emit("note-added", detail_id=note.id)
        return note

    def remove_note(self, note_id: str) -> tuple[int, Note]:
        for index, note in enumerate(self.notes):
            if note.id == note_id:
                del self.notes[index]
                self._emit("note-removed", detail_id=note_id)
                return index, note
        raise ModelError(f"There is no note called '{note_id}'.")

    def update_note(self, note_id: str, **changes: Any) -> dict[str, Any]:
        """Change a note's text, at or size; returns the old values of what changed."""
        for note in self.notes:
            if note.id == note_id:
                old = {key: getattr(note, key) for key in changes}
                for key, value in changes.items():
                    if key not in ("text", "at", "size"):
                        raise ModelError(f"A note has no '{key}'.")
                    setattr(note, key, value)
                self._emit("note-changed", detail_id=note_id)
                return old
        raise ModelError(f"There is no note called '{note_id}'.")
