"""Commands on what a step says and does: attributes, text, SSML, nested items, menu choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from designer.catalog import Catalog
from designer.gui.commands.edges import reconnect
from designer.model import Child, Edge, Flow
from designer.model.ports import port_names


class SetAttribute(QUndoCommand):
    """Set (or with None, clear) an attribute. When that takes an exit away (clearing a
    Hangup's schedule removes its `next`), the links from that exit go too, and come back on
    undo."""

    def __init__(
        self,
        flow: Flow,
        catalog: Catalog,
        node_id: str,
        name: str,
        value: Any,
    ) -> None:
        verb = "Reset" if value is None else "Change"
        super().__init__(f"{verb} {name} of '{node_id}'")
        self.flow = flow
        self.catalog = catalog
        self.node_id = node_id
        self.name = name
        self.value = value
        self.old: Any = None
        self.dropped: list[tuple[int, Edge]] = []

    def redo(self) -> None:
        node = self.flow.node(self.node_id)
        before = set(port_names(node, self.catalog))
        self.old = self.flow.set_attribute(self.node_id, self.name, self.value)
        gone = before - set(port_names(node, self.catalog))
        self.dropped = []
        for port in sorted(gone):
            if self.flow.edge_from(self.node_id, port) is not None:
                self.dropped.append(self.flow.disconnect(self.node_id, port))

    def undo(self) -> None:
        self.flow.set_attribute(self.node_id, self.name, self.old)
        reconnect(self.flow, self.dropped)


class SetText(QUndoCommand):
    def __init__(
        self, flow: Flow, node_id: str, text: str | None
    ) -> None:
        super().__init__(f"Change the text of '{node_id}'")
        self.flow = flow
        self.node_id = node_id
        self.text = text
        self.old: str | None = None

    def redo(self) -> None:
        self.old = self.flow.set_text(self.node_id, self.text)

    def undo(self) -> None:
        self.flow.set_text(self.node_id, self.old)


class SetSsml(QUndoCommand):
    def __init__(
        self, flow: Flow, node_id: str, ssml: str | None
    ) -> None:
        super().__init__(f"Change the SSML of '{node_id}'")
        self.flow = flow
        self.node_id = node_id
        self.ssml = ssml
        self.old: str | None = None

    def redo(self) -> None:
        self.old = self.flow.set_ssml(self.node_id, self.ssml)

    def undo(self) -> None:
        self.flow.set_ssml(self.node_id, self.old)


class SetChildren(QUndoCommand):
    def __init__(
        self,
        flow: Flow,
        node_id: str,
        children: list[Child],
        text: str = "",
    ) -> None:
        super().__init__(text or f"Change the nested items of '{node_id}'")
        self.flow = flow
        self.node_id = node_id
        self.children = [Child(c.type, c.text, c.ssml, dict(c.attributes)) for c in children]
        self.old: list[Child] = []

    def redo(self) -> None:
        self.old = self.flow.set_children(self.node_id, self.children)

    def undo(self) -> None:
        self.flow.set_children(self.node_id, self.old)


class SetChoices(QUndoCommand):
    def __init__(
        self, flow: Flow, node_id: str, choices: list[str]
    ) -> None:
        super().__init__(f"Change the choices of '{node_id}'")
        self.flow = flow
        self.node_id = node_id
        self.choices = list(choices)
        self.old: list[str] = []
        self.dropped: list[tuple[int, Edge]] = []

    def redo(self) -> None:
        self.old, self.dropped = self.flow.set_choices(self.node_id, self.choices)

    def undo(self) -> None:
        self.flow.set_choices(self.node_id, self.old)
        reconnect(self.flow, self.dropped)
