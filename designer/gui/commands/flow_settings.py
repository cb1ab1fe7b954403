"""Commands on the flow as a whole: its name and settings (base URL, link method)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from designer.model import Flow


class SetFlowName(QUndoCommand):
    def __init__(self, flow: Flow, name: str) -> None:
        super().__init__("Rename the flow")
        self.flow = flow
        self.name = name
        self.old = flow.name

    def redo(self) -> None:
        self.old = self.flow.set_name(self.name)

    def undo(self) -> None:
        self.flow.set_name(self.old)


class SetSetting(QUndoCommand):
    def __init__(
        self, flow: Flow, key: str, value: Any
    ) -> None:
        super().__init__(f"Change the flow's {key.replace('_', ' ')}")
        self.flow = flow
        self.key = key
        self.value = value
        self.old: Any = None

    def redo(self) -> None:
        self.old = self.flow.set_setting(self.key, self.value)

    def undo(self) -> None:
        self.flow.set_setting(self.key, self.old)
