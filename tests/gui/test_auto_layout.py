"""View → Auto-layout: the whole flow or the selection, left to right or top to bottom, with
the canvas's real card sizes; one undo step; running it again changes nothing."""

from __future__ import annotations

import itertools

import pytest
from gui_helpers import example, saved_bytes
from PySide6.QtWidgets import QApplication, QMenu


@pytest.fixture
def every_node(window):
    assert window.open_path(example("every-node.ivrflow"))
    QApplication.processEvents()
    window.scene.clearSelection()
    return window


def cards(window, node_ids=None):
    items = window.scene.node_items
    return {n: items[n].mapRectToScene(items[n].card_rect())
            for n in (node_ids or items)}


def overlaps(window) -> list[tuple[str, str]]:
    rects = cards(window)
    return [(a, b) for a, b in itertools.combinations(rects, 2)
            if rects[a].intersects(rects[b])]


def test_the_menu_offers_both_directions(window) -> None:
    menu = window.menuBar().findChild(QMenu, "menu-auto-layout")
    assert menu is not None and menu.title().replace("&", "") == "Auto-layout"
    names = [a.objectName() for a in menu.actions()]
    assert names == ["action-layout-lr", "action-layout-tb"]
    assert window.actions_by_name["layout-lr"].shortcut().toString() == "Ctrl+L"


def test_left_to_right_in_one_step_without_overlaps_and_stable(every_node) -> None:
    window = every_node
    before = saved_bytes(window)
    stack = window.document.undo_stack
    window.actions_by_name["layout-lr"].trigger()
    assert stack.count() == 1 and stack.undoText() == "Auto-layout the flow left to right"
    assert overlaps(window) == []
    layout = window.document.flow.layout
    # Links go left to right: each target is in a later column than its source, loops aside.
    forward = [e for e in window.document.flow.edges if layout[e.target][0] > layout[e.source][0]]
    assert len(forward) >= len(window.document.flow.edges) - 2
    assert all(x % 10 == 0 and y % 10 == 0 for x, y in layout.values())
    after = saved_bytes(window)
    window.actions_by_name["layout-lr"].trigger()
    assert saved_bytes(window) == after and stack.count() == 1
    assert "already laid out" in window.statusBar().currentMessage()
    stack.undo()
    assert saved_bytes(window) == before
    stack.redo()
    assert saved_bytes(window) == after


def test_top_to_bottom_puts_the_chain_in_rows(every_node) -> None:
    window = every_node
    window.actions_by_name["layout-tb"].trigger()
    layout = window.document.flow.layout
    flow = window.document.flow
    start_target = flow.edge_from("start").target
    assert layout[start_target][1] > layout["start"][1]
    assert overlaps(window) == []
    assert window.document.undo_stack.undoText().endswith("top to bottom")


def test_a_selection_is_laid_out_among_itself_where_it_was(every_node) -> None:
    window = every_node
    flow = window.document.flow
    chosen = [n for n in flow.nodes if n != "start"][2:7]
    window.scene.select_only(chosen)
    untouched = {n: p for n, p in flow.layout.items() if n not in chosen}
    corner = (min(flow.layout[n][0] for n in chosen), min(flow.layout[n][1] for n in chosen))
    window.actions_by_name["layout-lr"].trigger()
    assert {n: flow.layout[n] for n in untouched} == untouched
    assert (min(flow.layout[n][0] for n in chosen),
            min(flow.layout[n][1] for n in chosen)) == corner
    rects = cards(window, chosen)
    assert not any(rects[a].intersects(rects[b]) for a, b in itertools.combinations(rects, 2))
    assert window.document.undo_stack.count() == 1
    after = saved_bytes(window)
    window.actions_by_name["layout-lr"].trigger()
    assert saved_bytes(window) == after
