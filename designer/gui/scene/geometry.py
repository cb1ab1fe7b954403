"""Where things are on a node card, in item coordinates. Pure numbers, shared by painting,
hit-testing and link routing so they can never disagree."""

from __future__ import annotations

# Sized for the examples' 220 × 160 layout grid: cards leave room for the links between them,
# and a Dial with all six exits (the tallest card) is 160 high.
WIDTH = 184.0
HEADER = 38.0
SUMMARY = 21.0
PORT_ROW = 16.0
PORTS_TOP_PAD = 2.0
BOTTOM_PAD = 3.0
RADIUS = 9.0
PORT_RADIUS = 4.6
ICON = 24.0
# How far from a port's centre a press still grabs it (item units).
PORT_GRAB = 11.0
# A press on a port row's label, this close to the right edge, grabs the port too.
PORT_LABEL_GRAB = 70.0
# Painting spills this far outside the card (shadow, port circles, badge).
MARGIN = 12.0
GRID = 20.0


def card_height(port_count: int) -> float:
    if port_count == 0:
        return HEADER + SUMMARY + BOTTOM_PAD
    return HEADER + SUMMARY + PORTS_TOP_PAD + port_count * PORT_ROW + BOTTOM_PAD


def port_y(index: int) -> float:
    return HEADER + SUMMARY + PORTS_TOP_PAD + index * PORT_ROW + PORT_ROW / 2


def input_y() -> float:
    return HEADER / 2


def snap(value: float, step: float = GRID / 2) -> float:
    return round(value / step) * step
