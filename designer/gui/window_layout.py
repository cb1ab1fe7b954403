"""The window's size, position and panel layout (which docks are where, open or closed),
remembered in the settings when the window closes and restored the next time it is shown.

Restoring waits for the first show, so docks that other parts of the editor add after this is
installed are in place by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject

from designer.gui import preferences

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
# Bump when the docks change so much that an old layout would be wrong.
STATE_VERSION = 1


class WindowLayout(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.restored = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched is self.window:
            # Once is enough: no Python call on every later event of the window.
            self.window.removeEventFilter(self)
            self.restore()
        return False

    def restore(self) -> bool:
        self.restored = True
        geometry = preferences.read_value(GEOMETRY_KEY)
        state = preferences.read_value(STATE_KEY)
        done = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            done = self.window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            done = self.window.restoreState(state, STATE_VERSION) or done
        return done

    def save(self) -> None:
        preferences.write_value(GEOMETRY_KEY, self.window.saveGeometry())
        preferences.write_value(STATE_KEY, self.window.saveState(STATE_VERSION))
