"""The auto-layout command: every moved step's position before and after, as one undo step."""

from __future__ import annotations

from designer.gui.commands.nodes import MoveNodes
from designer.model import Flow, Position


class AutoLayout(MoveNodes):
    def __init__(self, flow: Flow, moves: dict[str, tuple[Position | None, Position]],
                 text: str = "Auto-layout") -> None:
        super().__init__(flow, moves)
        self.setText(text)
