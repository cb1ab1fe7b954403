"""Where a command may write the one file it creates (`examples -o`, `import -o`).

The checks here keep a typo or `--force` from doing harm: an existing file is replaced only
with --force, and even then only when it is a regular file (never a link, a named pipe or a
device such as /dev/full, which a rename would silently swap for a plain file).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# What a path that is not a regular file is, in plain words.
KINDS = (
    (stat.S_ISLNK, "a link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def names_folder(text: str) -> bool:
    """Whether the user wrote the path as a folder (ending with a slash)."""
    separators = (os.sep, os.altsep) if os.altsep else (os.sep,)
    return text.endswith(separators)


def kind_of(path: Path) -> str | None:
    """'a link', 'a named pipe', … for what is at `path` (the link itself, not its target);
    None when it is a regular file or nothing is there."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return next((word for test, word in KINDS if test(mode)), "not a regular file")


def file_problem(target: Path, force: bool) -> str | None:
    """Why the command must not write the file `target`, or None when it may."""
    if os.path.lexists(target):
        if not force:
            return (
                f"{target} already exists; add --force to replace it, or choose another "
                "file name."
            )
        kind = kind_of(target)
        if kind is not None:
            return (
                f"{target} is {kind}, not a regular file; --force replaces only regular "
                "files, so it was left alone. Choose another file name."
            )
    return folder_problem(target)


def folder_problem(target: Path) -> str | None:
    """Why the folder that should hold `target` cannot, or None when it exists."""
    parent = target.parent
    if parent == Path() or parent.is_dir():
        return None
    if os.path.lexists(parent):
        return f"cannot write {target}: {parent} is not a folder."
    return (
        f"cannot write {target}: the folder {parent} does not exist. Create it first, or "
        "choose another place."
    )


def write_problem(target: Path, exc: OSError) -> str:
    """The message for a failed write of `target`."""
    if isinstance(exc, PermissionError):
        return f"cannot write {target}: permission denied. Choose a folder you can write to."
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return folder_problem(target) or f"cannot write {target}: the folder does not exist."
    return f"cannot write {target}: {exc.strerror or exc}."
