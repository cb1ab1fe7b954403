"""Recovery files without Qt: the record round-trips; a live session's file is never offered;
a file whose owner has gone is; discarding, releasing, adopting and setting aside do what they
say."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from designer.recovery import (
    FORMAT,
    SUFFIX,
    RecoveryError,
    RecoverySlot,
    encode,
    find_orphans,
    read_recovery,
)

REPO = Path(__file__).resolve().parents[1]


def test_a_record_round_trips(tmp_path: Path) -> None:
    path = tmp_path / f"x{SUFFIX}"
    original = tmp_path / "line.ivrflow"
    path.write_bytes(encode('{"flow": "text ünïcode"}', original, "Acme line", saved_at=1234.5))
    recovery = read_recovery(path)
    assert recovery.flow_text == '{"flow": "text ünïcode"}'
    assert recovery.original == original
    assert recovery.flow_name == "Acme line"
    assert recovery.saved_at == 1234.5
    assert recovery.display_name == "line.ivrflow"
    path.write_bytes(encode("{}", None, "New"))
    assert read_recovery(path).original is None
    assert read_recovery(path).display_name == "Untitled"


@pytest.mark.parametrize("content", ["not json", '{"format": "other"}',
                                     json.dumps({"format": FORMAT, "flow": 3})])
def test_a_damaged_record_is_refused_with_a_reason(tmp_path: Path, content: str) -> None:
    path = tmp_path / f"x{SUFFIX}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecoveryError) as info:
        read_recovery(path)
    assert str(path) in str(info.value)


def test_a_live_sessions_file_is_not_offered_and_a_discarded_one_is_gone(tmp_path) -> None:
    slot = RecoverySlot(tmp_path / "recovery")
    written = slot.write("flow text", None, "Mine")
    assert written.is_file()
    # Another window (here: the same process, another lock) sees it as in use.
    assert find_orphans(tmp_path / "recovery") == []
    slot.discard()
    assert not written.exists()
    assert list((tmp_path / "recovery").iterdir()) == []


def test_the_file_of_a_session_that_died_is_offered(tmp_path: Path) -> None:
    directory = tmp_path / "recovery"
    child = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from designer.recovery import RecoverySlot
        slot = RecoverySlot(__import__("pathlib").Path({str(directory)!r}))
        print(slot.write("the unsaved flow", None, "Lost line"))
    """)
    # The child exits without discarding: as good as a crash for the lock.
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    claims = find_orphans(directory)
    assert [c.path for c in claims] == [Path(result.stdout.strip())]
    claim = claims[0]
    assert claim.recovery is not None and claim.recovery.flow_text == "the unsaved flow"
    # While we hold the claim nobody else gets it; released, it is offered again.
    assert find_orphans(directory) == []
    claim.release()
    again = find_orphans(directory)
    assert len(again) == 1
    again[0].discard()
    assert find_orphans(directory) == []
    assert not claim.path.exists()


def test_adopting_keeps_the_restored_work_protected(tmp_path: Path) -> None:
    directory = tmp_path / "recovery"
    dead = RecoverySlot(directory)
    dead.write("old work", None, "Old")
    dead._lock.release()  # its process "died": the lock is gone, the file stays
    claim = find_orphans(directory)[0]
    mine = RecoverySlot(directory)
    mine.adopt(claim)
    assert mine.path == claim.path and mine.exists
    assert find_orphans(directory) == []  # ours now, and alive
    mine.write("newer work", None, "Old")
    assert read_recovery(claim.path).flow_text == "newer work"
    mine.discard()
    assert not claim.path.exists()


def test_an_unreadable_file_is_set_aside_not_deleted(tmp_path: Path) -> None:
    directory = tmp_path / "recovery"
    directory.mkdir()
    broken = directory / f"broken{SUFFIX}"
    broken.write_text("{half a record", encoding="utf-8")
    claims = find_orphans(directory)
    assert len(claims) == 1 and claims[0].recovery is None and claims[0].problem
    kept = claims[0].set_aside()
    assert kept.is_file() and not broken.exists()
    assert find_orphans(directory) == []


def test_newest_first(tmp_path: Path) -> None:
    directory = tmp_path / "recovery"
    directory.mkdir()
    for name, when in (("a", 100.0), ("b", 300.0), ("c", 200.0)):
        (directory / f"{name}{SUFFIX}").write_bytes(encode(name, None, name, saved_at=when))
    claims = find_orphans(directory)
    assert [c.recovery.flow_text for c in claims] == ["b", "c", "a"]
    for claim in claims:
        claim.release()


def test_no_folder_no_orphans(tmp_path: Path) -> None:
    assert find_orphans(None) == []
    assert find_orphans(tmp_path / "missing") == []
