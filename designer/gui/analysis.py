"""Validation of the open flow, recomputed lazily: a change starts a short timer and the checks
run once the user pauses, never on every keystroke.

A big flow is checked on a worker thread, on a copy taken when the pause came, so the canvas
stays responsive; a result that arrives after the flow changed again is dropped and the
checks run again. Small flows are checked at once, which keeps the editor (and its tests)
simple and exact.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer

from designer.checks import Diagnostic
from designer.gui.document import Document
from designer.gui.hooks import Hook

DELAY_MS = 150
POLL_MS = 25
# From this many steps the checks take long enough (about 0.1 s per 1,000 steps) to be felt.
BACKGROUND_FROM = 400


def _diagnose(flow, catalog) -> list[Diagnostic]:
    from designer.compiler import diagnose

    return diagnose(flow, catalog)


class Analyzer(QObject):
    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.diagnostics: list[Diagnostic] = []
        self.analysed_revision = -1
        self.updated = Hook()  # called after new diagnostics are in
        self.failed = Hook()  # called with a message when the checks themselves broke
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.run)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        self._executor: ThreadPoolExecutor | None = None
        self._pending: tuple[int, Future] | None = None
        document.changed.connect(lambda change: self.schedule())
        document.replaced.connect(self.schedule)

    def schedule(self) -> None:
        self.timer.start()

    def run_now(self) -> list[Diagnostic]:
        """Analyse at once if anything changed since the last run (export, tests)."""
        self.timer.stop()
        if self._pending is not None:
            self._pending[1].result()
            self._collect()
        if self.analysed_revision != self.document.revision:
            self._run_here()
        return self.diagnostics

    def run(self) -> None:
        if len(self.document.flow.nodes) < BACKGROUND_FROM:
            self._run_here()
        elif self._pending is not None:
            self.schedule()  # one run at a time; look again when this one is done
        else:
            self._run_in_background()

    def _run_here(self) -> None:
        revision = self.document.revision
        try:
            diagnostics = _diagnose(self.document.flow, self.document.catalog)
        except Exception as exc:  # a bug in a check must not take the editor down
            self._report_failure(exc)
            return
        self._apply(revision, diagnostics)

    def _run_in_background(self) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ivr-checks")
        snapshot = self.document.flow.copy()
        future = self._executor.submit(_diagnose, snapshot, self.document.catalog)
        self._pending = (self.document.revision, future)
        self._poll.start()

    def _collect(self) -> None:
        if self._pending is None or not self._pending[1].done():
            return
        self._poll.stop()
        revision, future = self._pending
        self._pending = None
        try:
            diagnostics = future.result()
        except Exception as exc:
            self._report_failure(exc)
            return
        if revision != self.document.revision:
            self.schedule()  # the flow changed meanwhile: these results are stale
            return
        self._apply(revision, diagnostics)

    def _apply(self, revision: int, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        self.analysed_revision = revision
        self.updated.emit(self.diagnostics)

    def _report_failure(self, exc: Exception) -> None:
        self.analysed_revision = self.document.revision
        self.failed.emit(f"The flow could not be checked ({exc}); the Problems list may be "
                         "out of date.")

    @property
    def error_count(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warning_count(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def counts_text(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "No problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return " · ".join(parts)
