"""What the window remembers and protects across runs, and how it looks: the minimap, picture
export, autosave and recovery, recent files, the window layout and the light/dark theme,
hooked into the window with one call (`install_session`) and one on close
(`Session.window_closed`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from designer.gui import preferences
from designer.gui.appearance import ThemeMenu, appearance
from designer.gui.autosave import Autosave
from designer.gui.minimap import Minimap
from designer.gui.picture_export import PictureExport
from designer.gui.recent_files import RecentFiles
from designer.gui.window_layout import WindowLayout

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

MINIMAP_KEY = "minimap/visible"
MINIMAP_KEYS = "Ctrl+Shift+M"


class Session:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        appearance()  # the remembered theme, before anything is drawn
        self.minimap = Minimap(window.view)
        self.pictures = PictureExport(window)
        self.autosave = Autosave(window)
        self.recent = RecentFiles(window)
        self.layout = WindowLayout(window)
        self.theme_menu = ThemeMenu(window)
        self.minimap_action = self._minimap_action()
        self._add_to_menus()

    def _minimap_action(self) -> QAction:
        window = self.window
        action = QAction("Mi&nimap", window)
        action.setObjectName("action-minimap")
        action.setCheckable(True)
        action.setShortcut(QKeySequence(MINIMAP_KEYS))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = "Show an overview of the whole flow in the canvas's corner"
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setStatusTip(tip)
        visible = preferences.read_bool(MINIMAP_KEY, True)
        action.setChecked(visible)
        self.minimap.setVisible(visible)
        action.toggled.connect(self.show_minimap)
        window.addAction(action)
        window.actions_by_name["minimap"] = action
        return action

    def show_minimap(self, visible: bool) -> None:
        self.minimap.setVisible(visible)
        if self.minimap_action.isChecked() != visible:
            self.minimap_action.setChecked(visible)
        preferences.write_value(MINIMAP_KEY, visible)

    def _add_to_menus(self) -> None:
        window = self.window
        open_action = window.actions_by_name["open"]
        file_menu = _menu_holding(window, open_action)
        if file_menu is not None:
            entries = file_menu.actions()
            index = entries.index(open_action)
            if index + 1 < len(entries):
                file_menu.insertMenu(entries[index + 1], self.recent.menu)
            else:
                file_menu.addMenu(self.recent.menu)
        view_menu: QMenu = window.view_menu
        view_menu.addSeparator()
        view_menu.addAction(self.minimap_action)
        view_menu.addMenu(self.theme_menu.menu)

    # -- from the window ----------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """At start-up: offer the unsaved work of an editor that did not close properly."""
        return self.autosave.offer_recovery()

    def window_closed(self) -> None:
        """The window closed, its work saved or deliberately discarded."""
        self.autosave.window_closed()
        self.layout.save()


def _menu_holding(window: MainWindow, action: QAction) -> QMenu | None:
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if menu is not None and action in menu.actions():
            return menu
    return None


def install_session(window: MainWindow) -> Session:
    return Session(window)
