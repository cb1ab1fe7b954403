"""A Tab order that follows what the user sees: the order in which layouts place the widgets
(top to bottom, and left to right within a row), instead of the order they happened to be
created in. Used by the property panel, whose pages and nested-item details are built in
pieces."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QWidget


def layout_order(root: QWidget) -> Iterator[QWidget]:
    """`root` and the widgets under it, depth first, in the order of their layouts."""
    yield root
    layout = root.layout()
    if layout is not None:
        yield from _walk(layout)


def _walk(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget = item.widget()
        if widget is not None:
            yield from layout_order(widget)
        elif item.layout() is not None:
            yield from _walk(item.layout())


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def apply_tab_order(root: QWidget) -> list[QWidget]:
    """Chain the Tab-focusable widgets under `root` in layout order, right after the first of
    them; returns the chain."""
    chain = [w for w in layout_order(root) if takes_tab(w)]
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
    return chain
