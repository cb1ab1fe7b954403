"""Recovery files: the editor's autosaves, so that a crash loses at most a minute of work.

Each editing session owns one recovery file in the editor's data folder (never the user's
own flow file), holding the flow's text and the path of the file it came from. While the
session runs it holds an operating-system lock on a small companion `.lock` file; the
operating system drops that lock when the process ends, however it ends. So at start-up a
recovery file whose lock can be taken belongs to a session that died without cleaning up:
that is the work to offer back. A session that ends normally deletes its file.

No Qt here: the editor's timer and questions are in `designer.gui.autosave`.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from designer.atomic import write_bytes_atomic

FORMAT = "ivr-designer-recovery"
VERSION = 1
SUFFIX = ".ivrrecovery"
LOCK_SUFFIX = ".lock"
# A recovery file that cannot be read is renamed with this suffix: kept, not offered again.
UNREADABLE_SUFFIX = ".unreadable"


class RecoveryError(Exception):
    """A recovery file that cannot be read; str() says why."""


@dataclass(frozen=True)
class Recovery:
    path: Path  # the recovery file itself
    original: Path | None  # the flow file the work came from (None: never saved)
    flow_text: str  # the .ivrflow text at the last autosave
    flow_name: str
    saved_at: float  # seconds since the epoch

    @property
    def display_name(self) -> str:
        return self.original.name if self.original is not None else "Untitled"


def encode(flow_text: str, original: Path | None, flow_name: str,
           saved_at: float | None = None) -> bytes:
    record = {
        "format": FORMAT,
        "version": VERSION,
        "original": str(original) if original is not None else None,
        "flow_name": flow_name,
        "saved_at": time.time() if saved_at is None else saved_at,
        "flow": flow_text,
    }
    return (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_recovery(path: Path) -> Recovery:
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecoveryError(f"the recovery file {path} cannot be read ({exc})") from exc
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise RecoveryError(f"{path} is not a recovery file of the designer")
    if not isinstance(record.get("flow"), str):
        raise RecoveryError(f"the recovery file {path} holds no flow")
    original = record.get("original")
    saved_at = record.get("saved_at")
    return Recovery(
        path=Path(path),
        original=Path(original) if isinstance(original, str) and original else None,
        flow_text=record["flow"],
        flow_name=str(record.get("flow_name") or ""),
        saved_at=float(saved_at) if isinstance(saved_at, int | float) else 0.0,
    )


# -- the lock that says "this session is alive" -----------------------------------------------


class SessionLock:
    """An exclusive lock on `path`, held until released or until the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when a live process holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if _try_lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False

    def release(self, delete: bool = False) -> None:
        if self._fd is None:
            return
        if delete:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        os.close(self._fd)  # closing drops the lock
        self._fd = None


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def lock_path(recovery_path: Path) -> Path:
    return recovery_path.with_suffix(LOCK_SUFFIX)


# -- this session's file ----------------------------------------------------------------------


class RecoverySlot:
    """The recovery file of one editing session (one window)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / f"{uuid.uuid4().hex}{SUFFIX}"
        self._lock = SessionLock(lock_path(self.path))

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def write(self, flow_text: str, original: Path | None, flow_name: str) -> Path:
        """Autosave; OSError when the data folder cannot be written."""
        if not self._lock.held:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not self._lock.acquire():
                raise OSError(f"the recovery file {self.path} is in use by another window")
        write_bytes_atomic(self.path, encode(flow_text, original, flow_name))
        return self.path

    def discard(self) -> None:
        """The work is safe (saved, or deliberately dropped): remove the recovery file."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._lock.release(delete=True)

    def adopt(self, claim: Claim) -> None:
        """Continue in a dead session's recovery file (its work was just restored), so that
        the restored work stays protected until the next autosave."""
        self.discard()
        self.path = claim.path
        self._lock = claim.lock


# -- the files of sessions that died -----------------------------------------------------------


@dataclass
class Claim:
    """A dead session's recovery file, locked by us while we decide what to do with it."""

    path: Path
    lock: SessionLock
    recovery: Recovery | None  # None when unreadable
    problem: str = ""

    def release(self) -> None:
        """Leave the file for the next start."""
        self.lock.release()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.lock.release(delete=True)

    def set_aside(self) -> Path:
        """Rename an unreadable file so it is kept but not offered again."""
        target = self.path.with_name(self.path.name + UNREADABLE_SUFFIX)
        with contextlib.suppress(OSError):
            os.replace(self.path, target)
        self.lock.release(delete=True)
        return target


def find_orphans(directory: Path | None) -> list[Claim]:
    """Recovery files left by sessions that are no longer running, newest first; each is
    locked for the caller, who must release, discard or adopt it."""
    if directory is None or not Path(directory).is_dir():
        return []
    claims: list[Claim] = []
    for path in sorted(Path(directory).glob(f"*{SUFFIX}")):
        lock = SessionLock(lock_path(path))
        try:
            if not lock.acquire():
                continue  # a running editor's file
        except OSError:
            continue
        if not path.is_file():  # removed by its owner between the listing and the lock
            lock.release(delete=True)
            continue
        try:
            claims.append(Claim(path, lock, read_recovery(path)))
        except RecoveryError as exc:
            claims.append(Claim(path, lock, None, str(exc)))
    claims.sort(key=lambda c: c.recovery.saved_at if c.recovery else 0.0, reverse=True)
    return claims
