"""File → Open Recent: the last flows opened or saved, newest first (at most 10), remembered in
the settings. A file that has gone since is explained and taken off the list when chosen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from designer.gui import preferences

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

KEY = "recentFiles"
LIMIT = 10


def remember(paths: list[str], path: Path) -> list[str]:
    """`paths` with `path` moved to the front, each file once, at most LIMIT."""
    text = str(path.resolve())
    return [text, *[p for p in paths if p != text]][:LIMIT]


class RecentFiles:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.menu = QMenu("Open &Recent", window)
        self.menu.setObjectName("menu-recent")
        self.clear_action = QAction("&Clear the list", window)
        self.clear_action.setObjectName("action-clear-recent")
        self.clear_action.triggered.connect(lambda _=False: self.clear())
        self.paths: list[str] = preferences.read_list(KEY)
        self._rebuild()
        window.document.path_changed.connect(self._path_changed)

    def _path_changed(self) -> None:
        path = self.window.document.path
        if path is not None:
            self.add(path)

    def add(self, path: Path) -> None:
        self.paths = remember(preferences.read_list(KEY) or self.paths, Path(path))
        self._store()

    def clear(self) -> None:
        self.paths = []
        self._store()

    def _store(self) -> None:
        preferences.write_value(KEY, self.paths)
        self._rebuild()

    def _rebuild(self) -> None:
        # Not QMenu.clear(): the entry being chosen may be the one asking for this, and
        # deleting an action inside its own signal crashes.
        for action in self.menu.actions():
            self.menu.removeAction(action)
            if action is not self.clear_action:
                action.deleteLater()
        for index, path in enumerate(self.paths):
            # &1 … &9, then 1&0: each entry has a mnemonic key.
            number = str(index + 1)
            label = f"&{number}  {Path(path).name}" if index < 9 else f"1&0  {Path(path).name}"
            action = QAction(label, self.menu)
            action.setObjectName(f"action-recent-{index + 1}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.open(p))
            self.menu.addAction(action)
        if not self.paths:
            empty = self.menu.addAction("No recent files")
            empty.setEnabled(False)
        self.menu.addSeparator()
        self.menu.addAction(self.clear_action)
        self.clear_action.setEnabled(bool(self.paths))

    def open(self, path: str) -> bool:
        if not Path(path).is_file():
            self.paths = [p for p in self.paths if p != path]
            self._store()
            self.window.show_error(
                "Cannot open the flow",
                f"{path} is no longer there (it was moved, renamed or deleted), so it was "
                "taken off the list of recent files.")
            return False
        if not self.window.files.maybe_save():
            return False
        return self.window.open_path(path)
