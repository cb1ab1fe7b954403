"""Keyboard: every command is in a menu (so Alt and arrows reach it), no key is bound to two
commands, Help → Keyboard shortcuts lists the real actions' keys, the property panel's Tab
order follows the page from top to bottom, and Ctrl+Tab leaves the canvas."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QTreeWidget, QWidget

from designer.gui.shortcuts import CANVAS_KEYS


def menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found += menu_actions(action.menu())
        elif not action.isSeparator():
            found.append(action)
    return found


def all_menu_actions(window) -> list[QAction]:
    found = []
    for top in window.menuBar().actions():
        if top.menu() is not None:
            found += menu_actions(top.menu())
    return found


def test_every_named_action_is_in_a_menu_and_menus_have_mnemonics(window) -> None:
    in_menus = {a.objectName() for a in all_menu_actions(window)}
    named = {a.objectName() for a in window.findChildren(QAction)
             if a.objectName().startswith("action-")}
    assert named - in_menus == set()
    for top in window.menuBar().actions():
        assert "&" in top.text(), f"menu {top.text()!r} cannot be opened with Alt"


def test_no_key_is_bound_to_two_actions(window) -> None:
    keys = Counter()
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            keys[key.toString()] += 1
    assert [k for k, n in keys.items() if n > 1] == []


def test_help_lists_the_shortcuts_of_the_real_actions(qtbot, window) -> None:
    window.actions_by_name["shortcuts"].trigger()
    dialog = window.findChild(QDialog, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    native = QKeySequence.SequenceFormat.NativeText
    for name in ("copy", "paste", "cut", "duplicate", "find", "find-next", "save", "undo",
                 "layout-lr", "add-note"):
        action = window.actions_by_name[name]
        command = next(c for c in rows if c.endswith(action.text().replace("&", "")
                                                     .rstrip("…")))
        assert action.shortcut().toString(native) in rows[command]
    assert rows["Add Step"] == "Tab (on the canvas)"
    assert "Auto-layout › Left to Right" in rows
    for keys, command in CANVAS_KEYS:
        assert rows[command] == keys
    tree = dialog.findChild(QTreeWidget, "shortcutList")
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[:3] == ["File", "Edit", "View"] and groups[-1] == "On the canvas"
    # Generated, not written down: a changed key shows when the list is opened again.
    window.actions_by_name["add-note"].setShortcut(QKeySequence("Ctrl+Alt+M"))
    window.actions_by_name["shortcuts"].trigger()
    assert "Ctrl+Alt+M" in dialog.rows()["Add Note"]
    dialog.close()


def focus_chain(start: QWidget, inside: QWidget) -> list[QWidget]:
    """The widgets Tab visits from `start` while it stays within `inside`."""
    chain = [start]
    widget = start.nextInFocusChain()
    while widget is not start and len(chain) < 200:
        if (inside.isAncestorOf(widget) and widget.isVisibleTo(inside) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def reads_top_to_bottom(chain: list[QWidget], page: QWidget) -> bool:
    points = [w.mapTo(page, QPoint(0, 0)) for w in chain]
    return all((b.y() > a.y() + 2) or (abs(b.y() - a.y()) <= 2 and b.x() > a.x())
               for a, b in itertools.pairwise(points))


@pytest.mark.parametrize("node_type", ["GetDigits", "Dial", "Speak"])
def test_tab_order_in_the_property_panel_reads_top_to_bottom(qtbot, window, node_type) -> None:
    node_id = window.view.add_verb_at_center(node_type)
    window.properties.show_selection([node_id])
    QApplication.processEvents()
    page = window.properties.widget()
    first = page.findChild(QWidget, "node-id")
    chain = focus_chain(first, page)
    assert len(chain) > 3
    assert reads_top_to_bottom(chain, page), [w.objectName() for w in chain]
    if node_type == "Dial":
        # A nested item's fields, built when it is chosen, come right after the list's
        # buttons, before the step's own settings.
        window.properties.children_editor.add_child("Number")
        QApplication.processEvents()
        page = window.properties.widget()
        chain = focus_chain(page.findChild(QWidget, "node-id"), page)
        names = [w.objectName() for w in chain]
        assert reads_top_to_bottom(chain, page), names
        assert names.index("child-body") < min(i for i, n in enumerate(names)
                                               if n.startswith("attr:"))


def test_ctrl_tab_leaves_the_canvas_and_shift_tab_too(qtbot, window) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not window.view.hasFocus()
    assert not window.comfort.quick_add.popup.isVisible()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not window.view.hasFocus()
