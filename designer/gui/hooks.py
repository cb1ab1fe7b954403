"""A minimal observer for the editor's own notifications.

The editor does not define Qt signals of its own: PySide6 6.12.0 on Python 3.11 loses a
reference to `True` on every Python-side `Signal.emit()`, and a long editing session then
crashes the interpreter. Plain callbacks have no such trap and are easier to test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)
