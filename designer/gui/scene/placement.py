"""Positions for steps the file gives no position for (an imported or hand-written flow):
columns by distance from Start, so the canvas is readable before anyone drags anything.
These positions are only drawn; the document keeps saying "no position" until a move."""

from __future__ import annotations

from collections import deque

from designer.model import Flow, Position

COLUMN = 320.0
ROW = 170.0


def fallback_positions(flow: Flow) -> dict[str, Position]:
    missing = [n for n in flow.nodes if n not in flow.layout]
    if not missing:
        return {}
    depth: dict[str, int] = {}
    queue = deque(n.id for n in flow.start_nodes())
    for node_id in queue:
        depth[node_id] = 0
    while queue:
        current = queue.popleft()
        for edge in flow.edges_from(current):
            if edge.target not in depth:
                depth[edge.target] = depth[current] + 1
                queue.append(edge.target)
    # Unreachable steps go in a column of their own after the deepest one.
    last = max(depth.values(), default=-1) + 1
    origin_x = max((p[0] for p in flow.layout.values()), default=-COLUMN) + COLUMN
    rows: dict[int, int] = {}
    positions = {}
    for node_id in missing:
        column = depth.get(node_id, last)
        row = rows.get(column, 0)
        rows[column] = row + 1
        positions[node_id] = (origin_x + column * COLUMN, row * ROW)
    return positions
