"""A check that the installed Qt binding can run the editor at all.

PySide6 6.12.0 on Python 3.11 drops a reference to `None` on every Qt call that returns
nothing (and to `True` on every `Signal.emit()`). Python 3.12+ does not mind (those objects
are immortal there); on 3.11 the interpreter aborts once the count reaches zero, which takes
an editing session a few minutes. Refusing to start with a clear message beats a crash that
loses unsaved work.
"""

from __future__ import annotations

import ctypes
import sys

PROBE_CALLS = 64
FIX = "pip install 'PySide6-Essentials>=6.7,<6.12'"


def binding_problem() -> str | None:
    """Why this PySide6 cannot run the editor on this Python, or None when it can."""
    if sys.version_info >= (3, 12):
        return None
    import PySide6
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    # Give back what a faulty binding took, so probing never does harm itself.
    for _ in range(max(lost, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    if lost < PROBE_CALLS // 2:
        return None
    python = ".".join(map(str, sys.version_info[:3]))
    return (
        f"The installed PySide6 {PySide6.__version__} does not work with Python {python}: it "
        "loses track of Python's None object, and the editor would crash within minutes, "
        f"losing unsaved work. Install a version that works with: {FIX}"
    )
