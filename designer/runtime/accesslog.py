"""The runtime's log: one line per request (time, method, path, status, duration, and which
way a route went), and the details of unexpected errors, which the caller never sees.

Query strings are not logged: Plivo puts the caller's and callee's phone numbers there.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

MAX_PATH_SHOWN = 200


class AccessLog:
    def __init__(self, stream: TextIO | None = None) -> None:
        # None: whatever sys.stderr is at write time (so a redirect after start-up still works).
        self._stream = stream
        self._lock = threading.Lock()

    def request(self, method: str, path: str, status: int, millis: float, note: str = "") -> None:
        line = f"{_safe(method, 10)} {_safe(path, MAX_PATH_SHOWN)} {status} {millis:.1f}ms"
        self.write(f"{line} {note}" if note else line)

    def problem(self, text: str) -> None:
        self.write(text.rstrip("\n"))

    def write(self, text: str) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        stream = self._stream or sys.stderr
        with self._lock:
            try:
                stream.write(f"{stamp} {text}\n")
                stream.flush()
            except (OSError, ValueError):
                # A closed or broken log must not turn a good answer into an error.
                pass


def _safe(text: str, limit: int) -> str:
    """Printable and bounded, so a crafted path cannot forge or flood log lines."""
    shown = "".join(c if c.isprintable() and c != " " else f"\\x{ord(c):02x}" for c in text[:limit])
    return shown + ("…" if len(text) > limit else "")
