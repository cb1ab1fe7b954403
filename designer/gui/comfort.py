"""Editor comforts (issue 4, part A), installed on a window in one call: quick-add, find,
copy/cut/paste/duplicate, sticky notes, and the keyboard details (Ctrl+Tab out of the canvas,
no key bound to two commands). Auto-layout and the shortcut list need no state of their own:
their actions call `designer.gui.auto_layout` and `designer.gui.shortcuts` directly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from designer.gui.clipboard import install_clipboard
from designer.gui.find_bar import install_find
from designer.gui.notes import install_notes
from designer.gui.pointer import CanvasPointer
from designer.gui.quick_add import install_quick_add

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow


class Comfort:
    def __init__(self, window: MainWindow) -> None:
        self.pointer = CanvasPointer(window.view)
        self.quick_add = install_quick_add(window, self.pointer)
        self.finder = install_find(window)
        self.clipboard = install_clipboard(window)
        self.notes = install_notes(window, self.pointer)
        _unique_keys(window)


def _unique_keys(window: MainWindow) -> None:
    """Some desktops add Ctrl+D to the standard Delete keys; here Ctrl+D duplicates, and a key
    bound to two actions would do neither."""
    actions = window.actions_by_name
    delete, duplicate = actions.get("delete"), actions.get("duplicate")
    if delete is None or duplicate is None:
        return
    taken = set(duplicate.shortcuts())
    keys = [k for k in delete.shortcuts() if k not in taken]
    if len(keys) != len(delete.shortcuts()):
        delete.setShortcuts(keys or [QKeySequence(QKeySequence.StandardKey.Delete)])


def install_comfort(window: MainWindow) -> Comfort:
    window.comfort = Comfort(window)
    return window.comfort
