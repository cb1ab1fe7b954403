"""Help → Keyboard shortcuts: a list of every command that has a key, generated from the
window's real actions (grouped by menu, so it can never disagree with them), followed by the
keys of the canvas that are not commands (moving steps, panning, quick-add with Space)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

# Keys the canvas and its editors handle themselves (no QAction stands for them).
CANVAS_KEYS = (
    ("Tab, or tap Space", "Add a step at the mouse (quick-add)"),
    ("Arrow keys", "Move the selected steps by 10"),
    ("Shift+arrow keys", "Move the selected steps by 50"),
    ("Hold Space and drag, or drag with the middle button", "Pan the canvas"),
    ("Esc", "Cancel a drag, close the quick-add popup or the find bar"),
    ("Enter / Shift+Enter, or Down / Up, in the find bar", "Next / previous match"),
    ("Double-click a note", "Edit the note; Ctrl+Enter keeps the text, Esc drops it"),
    ("Shift+Tab or Ctrl+Tab on the canvas", "Move the focus to the panels"),
)


@dataclass(frozen=True)
class ShortcutRow:
    command: str
    keys: str
    tip: str


def plain(text: str) -> str:
    """A menu text as people read it: no '&' marks, no '…'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def keys_text(action: QAction) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    text = " or ".join(k for k in keys if k)
    if text and action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
        text += " (on the canvas)"
    return text


def _menu_rows(menu: QMenu, prefix: str, seen: set[int]) -> list[ShortcutRow]:
    rows = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        submenu = action.menu()
        if submenu is not None:
            rows += _menu_rows(submenu, f"{prefix}{plain(action.text())} › ", seen)
            continue
        seen.add(id(action))
        keys = keys_text(action)
        if keys:
            rows.append(ShortcutRow(prefix + plain(action.text()), keys, action.statusTip()))
    return rows


def shortcut_groups(window: MainWindow) -> list[tuple[str, list[ShortcutRow]]]:
    """(group title, rows): one group per menu with the actions that have keys, then the
    window's other keyed actions, then the canvas keys."""
    groups: list[tuple[str, list[ShortcutRow]]] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        rows = _menu_rows(menu, "", seen)
        if rows:
            groups.append((plain(top.text()), rows))
    others = [ShortcutRow(plain(a.text()), keys_text(a), a.statusTip())
              for a in window.findChildren(QAction)
              if id(a) not in seen and a.objectName().startswith("action-") and keys_text(a)]
    if others:
        groups.append(("Other", others))
    groups.append(("On the canvas", [ShortcutRow(c, k, "") for k, c in CANVAS_KEYS]))
    return groups


class ShortcutsDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 640)
        intro = QLabel("Every command is also in the menus: press Alt and the underlined "
                       "letter to open one, then use the arrow keys.")
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutList")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.fill(window)

    def fill(self, window: MainWindow) -> None:
        self.tree.clear()
        for title, rows in shortcut_groups(window):
            group = QTreeWidgetItem([title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(False)
            self.tree.addTopLevelItem(group)
            for row in rows:
                item = QTreeWidgetItem([row.command, row.keys])
                if row.tip:
                    item.setToolTip(0, row.tip)
                group.addChild(item)
            group.setExpanded(True)

    def rows(self) -> dict[str, str]:
        """Command → keys, for tests and accessibility tools."""
        found = {}
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            for child in range(group.childCount()):
                item = group.child(child)
                found[item.text(0)] = item.text(1)
        return found


def show_shortcuts(window: MainWindow) -> ShortcutsDialog:
    """Open (or bring back, refreshed) the shortcut list; it stays open while you work."""
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    if dialog is None:
        dialog = ShortcutsDialog(window)
    else:
        dialog.fill(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
