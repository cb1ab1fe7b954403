"""Never lose work: a modified document is autosaved every minute to this window's recovery
file (in the editor's data folder, never over the user's own file); after a crash the next
start offers to restore it; once the work is safe (saved, discarded, or the window closed
cleanly) the recovery file is removed. The file format and the "is its editor still running"
lock are in `designer.recovery`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from designer.flowfile import FlowFileError, loads_flow
from designer.gui import preferences
from designer.recovery import Claim, Recovery, RecoverySlot, find_orphans

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

INTERVAL_MS = 60_000


class Autosave:
    def __init__(self, window: MainWindow, interval_ms: int = INTERVAL_MS) -> None:
        self.window = window
        self.document = window.document
        directory = preferences.recovery_dir()
        self.slot = RecoverySlot(directory) if directory is not None else None
        self._saved_revision: int | None = None
        self._failed = False
        self.timer = QTimer(window)
        self.timer.setObjectName("autosaveTimer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        if self.slot is not None:
            self.timer.start()
        self.document.undo_stack.cleanChanged.connect(self._clean_changed)
        self.document.replaced.connect(self._replaced)

    def set_interval(self, interval_ms: int) -> None:
        self.timer.setInterval(interval_ms)

    # -- saving -------------------------------------------------------------------------------

    def tick(self) -> None:
        if not self.document.is_modified:
            self.discard()
        elif self.document.revision != self._saved_revision:
            self.save_now()

    def save_now(self) -> Path | None:
        """Write the recovery file now (when there is somewhere to write it)."""
        if self.slot is None:
            return None
        try:
            path = self.slot.write(self.document.text(), self.document.path,
                                   self.document.flow.name)
        except OSError as exc:
            if not self._failed:
                # Said once, not every minute; the next successful autosave resets it.
                self.window.show_status(
                    f"Autosave failed ({exc.strerror or exc}); save your work with Ctrl+S.")
            self._failed = True
            return None
        self._failed = False
        self._saved_revision = self.document.revision
        return path

    def discard(self) -> None:
        if self.slot is not None:
            self.slot.discard()
        self._saved_revision = None

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()

    def _replaced(self) -> None:
        self.discard()

    def window_closed(self) -> None:
        """The window closed with nothing unsaved left (saved or discarded)."""
        self.timer.stop()
        self.discard()

    # -- restoring after a crash --------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """Offer the work of editors that did not close properly, newest first; True when
        one was restored into this window."""
        claims = find_orphans(preferences.recovery_dir())
        restored = False
        for claim in claims:
            if restored:
                claim.release()
                continue
            if claim.recovery is None:
                kept = claim.set_aside()
                self.window.show_error(
                    "Cannot restore unsaved work",
                    f"Unsaved work from an earlier session could not be read: {claim.problem}. "
                    f"The file was kept as {kept}.")
                continue
            answer = self.window.ask_restore(claim.recovery)
            if answer == "restore":
                restored = self._restore(claim)
                if not restored and claim.lock.held:
                    claim.release()
            elif answer == "discard":
                claim.discard()
            else:
                claim.release()
        return restored

    def _restore(self, claim: Claim) -> bool:
        recovery = claim.recovery
        assert recovery is not None
        if not self.window.files.maybe_save():
            return False
        try:
            flow = loads_flow(recovery.flow_text, self.document.catalog)
        except FlowFileError as exc:
            kept = claim.set_aside()
            self.window.show_error("Cannot restore unsaved work",
                                   f"The unsaved work could not be read back: {exc}. "
                                   f"The file was kept as {kept}.")
            return False
        self.document.replace(flow, recovery.original)
        # Restored work is unsaved work: the title shows the star and closing asks.
        self.document.undo_stack.resetClean()
        if self.slot is not None:
            self.slot.adopt(claim)
        else:
            claim.release()
        self._saved_revision = self.document.revision
        self.window.show_status(f"Restored the unsaved changes to {recovery.display_name}. "
                                "Save them to keep them.")
        return True


def ask_restore(window: MainWindow, recovery: Recovery) -> str:
    """The question at start-up: "restore", "discard" or "later"."""
    when = datetime.fromtimestamp(recovery.saved_at).strftime("%d %b %Y at %H:%M")
    where = (f"It was opened from {recovery.original}." if recovery.original is not None
             else "It had not been saved yet.")
    box = QMessageBox(window)
    box.setObjectName("restoreQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved work?")
    box.setText(f"The designer did not close properly. Restore the unsaved changes to "
                f"{recovery.display_name} (“{recovery.flow_name}”), autosaved on {when}?")
    box.setInformativeText(f"{where} Discard deletes the autosaved copy; Not now keeps it "
                           "for the next start.")
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore:
        return "restore"
    if clicked is discard:
        return "discard"
    return "later"
