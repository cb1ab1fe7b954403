"""Light or dark: the editor follows the system's colour scheme (Qt 6.5+ style hints, and their
change signal), unless the user picked View → Theme → Light or Dark; the choice is
remembered. The colours themselves are in `designer.gui.theme`; this module decides which
set is in use and tells the windows when it changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu

from designer.gui import preferences
from designer.gui.hooks import Hook
from designer.gui.icons import retint_icons
from designer.gui.theme import apply_theme, restyle_widgets

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

KEY = "theme"
MODES = {"system": "&System", "light": "&Light", "dark": "&Dark"}


class Appearance:
    """The application's mode (one for all windows)."""

    def __init__(self) -> None:
        self.mode = "system"
        self.dark = False
        self.changed = Hook()  # called with `dark` after the colours changed
        self._watching = False

    def load(self) -> None:
        """Take the remembered choice and apply it (the first window does this)."""
        mode = str(preferences.read_value(KEY, "system") or "system")
        self.mode = mode if mode in MODES else "system"
        self._watch_system()
        self.apply()

    def set_mode(self, mode: str, remember: bool = True) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown theme {mode!r}")
        self.mode = mode
        if remember:
            preferences.write_value(KEY, mode)
        self.apply()
        # Windows show the choice even when the colours stayed the same.
        self.changed.emit(self.dark)

    def wants_dark(self) -> bool:
        if self.mode == "system":
            return system_is_dark()
        return self.mode == "dark"

    def apply(self) -> None:
        dark = self.wants_dark()
        if dark == self.dark:
            return
        app = QApplication.instance()
        if app is not None:
            apply_theme(app, dark)
            _recolour_widgets()
        self.dark = dark
        self.changed.emit(dark)

    def _watch_system(self) -> None:
        if self._watching:
            return
        hints = QGuiApplication.styleHints()
        if hints is not None and hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_changed)
            self._watching = True

    def _system_changed(self, _scheme=None) -> None:
        if self.mode == "system":
            self.apply()


def _recolour_widgets() -> None:
    """What the palette and style sheet do not reach: widgets' own style sheets and the line
    icons drawn in the mode's colour."""
    restyle_widgets()
    widgets = QApplication.allWidgets()
    retint_icons(w for w in widgets if isinstance(w, QAbstractButton))
    for window in QApplication.topLevelWidgets():
        retint_icons(window.findChildren(QAction))


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    if hints is None or not hasattr(hints, "colorScheme"):
        return False  # before Qt 6.5 there is no way to ask: light
    return hints.colorScheme() == Qt.ColorScheme.Dark


_appearance: list[Appearance] = []


def appearance() -> Appearance:
    if not _appearance:
        _appearance.append(Appearance())
        _appearance[0].load()
    return _appearance[0]


def follow(owner: QObject, callback: Callable[[bool], None]) -> None:
    """Call `callback(dark)` after the colours change, for as long as `owner` exists."""
    appearance().changed.connect(callback)

    def forget(*_args) -> None:
        with contextlib.suppress(ValueError):
            appearance().changed.disconnect(callback)

    owner.destroyed.connect(forget)


class ThemeMenu:
    """View → Theme: System, Light, Dark (one checked), kept in step with the mode, and the
    window's canvas redrawn when the colours change."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.menu = QMenu("&Theme", window)
        self.menu.setObjectName("menu-theme")
        self.group = QActionGroup(window)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for mode, text in MODES.items():
            action = QAction(text, window)
            action.setObjectName(f"action-theme-{mode}")
            action.setCheckable(True)
            action.setStatusTip({"system": "Follow the system's light or dark setting",
                                 "light": "Always use light colours",
                                 "dark": "Always use dark colours"}[mode])
            action.triggered.connect(lambda _=False, m=mode: appearance().set_mode(m))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[mode] = action
        self._sync()
        follow(window, self._changed)

    def _sync(self) -> None:
        self.actions[appearance().mode].setChecked(True)

    def _changed(self, _dark: bool) -> None:
        if not shiboken6.isValid(self.window):
            return
        self._sync()
        view = self.window.view
        # The canvas caches its background (colour and grid).
        view.resetCachedContent()
        view.viewport().update()
        self.window.preview.highlighter.rehighlight()
