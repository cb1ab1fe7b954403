"""Auto-layout (View → Auto-layout → Left to right / Top to bottom): the layered layout of
`designer.layout`, with the canvas's real card sizes, for the whole flow or — when two or more
steps are selected — for the selection only, laid out among itself where it was. One undo
step; running it again changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from designer.gui.commands.layout import AutoLayout
from designer.gui.scene import geometry as g
from designer.layout import arrange

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

# Columns leave room for the links and their exit labels; rows for a card's shadow and badge.
GAPS = {
    "LR": {"layer_gap": 260.0, "row_gap": 120.0},
    "TB": {"layer_gap": 140.0, "row_gap": 230.0},
}
NAMES = {"LR": "left to right", "TB": "top to bottom"}


def auto_layout(window: MainWindow, direction: str = "LR") -> bool:
    """Lay out the flow (or the selected steps) in `direction`; False when nothing moved."""
    scene = window.scene
    document = window.document
    flow = document.flow
    selected = scene.selected_node_ids()
    nodes = selected if len(selected) >= 2 else None
    current = {node_id: (item.pos().x(), item.pos().y())
               for node_id, item in scene.node_items.items()}

    def size(node_id: str) -> tuple[float, float]:
        item = scene.node_items.get(node_id)
        return g.WIDTH, (item.height if item is not None else g.card_height(1))

    placed = arrange(flow, current, direction, nodes=nodes, grid=g.GRID / 2, size=size,
                     catalog=document.catalog, **GAPS[direction])
    moves = {node_id: (flow.layout.get(node_id), position)
             for node_id, position in placed.items() if flow.layout.get(node_id) != position}
    what = f"{len(selected)} selected steps" if nodes else "the flow"
    if not moves:
        window.show_status(f"{what[0].upper()}{what[1:]} is already laid out "
                           f"{NAMES[direction]}.")
        return False
    document.push(AutoLayout(flow, moves, f"Auto-layout {what} {NAMES[direction]}"))
    if nodes is None:
        window.view.fit_flow()
    window.show_status(f"Laid out {what} {NAMES[direction]}.")
    return True
