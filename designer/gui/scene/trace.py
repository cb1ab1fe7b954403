"""The path of a simulated call, drawn on the canvas: a ring around each card the call visited,
a stronger glowing ring around the card it is at (or ended at), and the links it took in the
trace colour.

The scene keeps one `SceneTrace` (set by the simulator dock through `FlowScene.set_trace`) and
marks the items concerned; items only read their mark when painting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from designer.gui.scene import geometry as g
from designer.gui.theme import SIMULATION_COLOR

VISITED, CURRENT = "visited", "current"
EdgeKey = tuple[str, str]


@dataclass(frozen=True)
class SceneTrace:
    visited: frozenset[str] = frozenset()
    current: str | None = None
    edges: frozenset[EdgeKey] = frozenset()

    def state_of(self, node_id: str) -> str | None:
        if node_id == self.current:
            return CURRENT
        return VISITED if node_id in self.visited else None


def apply_trace(node_items: Mapping, edge_items: Mapping, old: SceneTrace,
                new: SceneTrace) -> None:
    """Mark the items whose state changed between `old` and `new`, and repaint only those."""
    touched = (old.visited | new.visited | {old.current, new.current}) - {None}
    for node_id in touched:
        item = node_items.get(node_id)
        state = new.state_of(node_id)
        if item is not None and item.trace_state != state:
            item.trace_state = state
            item.update()
    for key in old.edges | new.edges:
        item = edge_items.get(key)
        traced = key in new.edges
        if item is not None and item.traced != traced:
            item.traced = traced
            # Above the other links, so a crossing link never hides the path.
            item.setZValue(0.2 if traced else 0.0)
            item.update()


def trace_color() -> QColor:
    return QColor(SIMULATION_COLOR)


def paint_node_trace(painter: QPainter, card: QRectF, state: str) -> None:
    """The ring around a card, just outside it (inside the item's painting margin)."""
    color = trace_color()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    ring = card.adjusted(-4.5, -4.5, 4.5, 4.5)
    radius = g.RADIUS + 4.5
    if state == CURRENT:
        glow = QColor(color)
        glow.setAlpha(70)
        painter.setPen(QPen(glow, 7.0))
        painter.drawRoundedRect(ring.adjusted(-1.5, -1.5, 1.5, 1.5), radius + 1.5, radius + 1.5)
        painter.setPen(QPen(color, 2.6))
    else:
        faint = QColor(color)
        faint.setAlpha(150)
        painter.setPen(QPen(faint, 1.6, Qt.PenStyle.SolidLine))
    painter.drawRoundedRect(ring, radius, radius)
