"""Where the editor keeps what it remembers between runs: its settings (recent files, window
layout, minimap, theme) and its data folder (recovery files).

Only the real editor uses the user's own settings and data folder: `ivr-designer` turns them on
(`use_user_storage`) before it opens its window. Any other window (tests, screenshots,
benchmarks) remembers nothing and autosaves nowhere, so it can never disturb the user's
configuration, unless IVR_DESIGNER_DATA_DIR names a folder: then settings go to
`settings.ini` and recovery files to `recovery/` in that folder (tests point it at a temporary
folder; a user can point it at a portable folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

DATA_DIR_VARIABLE = "IVR_DESIGNER_DATA_DIR"
SETTINGS_FILE = "settings.ini"
RECOVERY_FOLDER = "recovery"

_user_storage = [False]


def use_user_storage(enabled: bool = True) -> None:
    """Remember settings in the user's configuration and autosave into the user's data
    folder (what `ivr-designer` does)."""
    _user_storage[0] = enabled


def _override() -> Path | None:
    value = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def open_settings() -> QSettings | None:
    """The settings store, or None when this window remembers nothing."""
    folder = _override()
    if folder is not None:
        return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)
    if _user_storage[0]:
        # Organisation and application names come from the QApplication (designer.gui.app).
        return QSettings()
    return None


def data_dir() -> Path | None:
    """The folder for the editor's own files, or None when nothing may be written."""
    folder = _override()
    if folder is not None:
        return folder
    if _user_storage[0]:
        location = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation)
        return Path(location) if location else None
    return None


def recovery_dir() -> Path | None:
    folder = data_dir()
    return folder / RECOVERY_FOLDER if folder is not None else None


def read_value(key: str, default=None):
    settings = open_settings()
    return default if settings is None else settings.value(key, default)


def write_value(key: str, value) -> None:
    settings = open_settings()
    if settings is not None:
        settings.setValue(key, value)
        settings.sync()


def read_list(key: str) -> list[str]:
    """A list of strings; QSettings gives a single item back as a plain string."""
    value = read_value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def read_bool(key: str, default: bool) -> bool:
    value = read_value(key, default)
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
