"""Remembered between runs: File → Open Recent (newest first, at most 10, a vanished file
explained and dropped) and the window's size and panel layout. Settings go to a temporary
folder (IVR_DESIGNER_DATA_DIR), never to the user's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import SUPPORT_LINE
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from designer.gui.main_window import MainWindow
from designer.gui.preferences import DATA_DIR_VARIABLE, SETTINGS_FILE, open_settings
from designer.gui.recent_files import LIMIT, remember


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def new_window(data_dir, qtbot, request):
    """Makes editor windows (each one a new "run" reading the settings)."""
    conftest = request.getfixturevalue("window")  # the first one, with stand-in dialogs

    def make() -> MainWindow:
        window = MainWindow()
        window.answers = conftest.answers
        window.show_error = lambda title, message: conftest.answers.errors.append(
            (title, message))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return conftest, make


def copies(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = tmp_path / f"flow-{index}.ivrflow"
        path.write_bytes(SUPPORT_LINE.read_bytes())
        paths.append(path)
    return paths


def recent_menu(window: MainWindow) -> QMenu:
    menu = window.findChild(QMenu, "menu-recent")
    assert menu is not None
    return menu


def recent_names(window: MainWindow) -> list[str]:
    return [a.data() for a in recent_menu(window).actions()
            if a.objectName().startswith("action-recent-")]


def test_the_menu_is_under_open_in_the_file_menu(window) -> None:
    file_menu = next(a.menu() for a in window.menuBar().actions()
                     if window.actions_by_name["open"] in a.menu().actions())
    entries = file_menu.actions()
    index = entries.index(window.actions_by_name["open"])
    assert entries[index + 1].menu() is recent_menu(window)


def test_opened_and_saved_files_are_listed_newest_first(new_window, tmp_path) -> None:
    window, _ = new_window
    first, second = copies(tmp_path, 2)
    assert window.open_path(first) and window.open_path(second)
    assert recent_names(window) == [str(second), str(first)]
    saved = tmp_path / "saved-as.ivrflow"
    window.answers.save_path = str(saved)
    window.actions_by_name["save-as"].trigger()
    assert recent_names(window)[0] == str(saved)
    # Reopening an entry moves it to the top.
    recent_menu(window).findChild(QAction, "action-recent-3").trigger()
    assert window.document.path == first
    assert recent_names(window) == [str(first), str(saved), str(second)]


def test_the_list_is_remembered_for_the_next_run(new_window, tmp_path) -> None:
    window, make = new_window
    paths = copies(tmp_path, 3)
    for path in paths:
        assert window.open_path(path)
    later = make()
    assert recent_names(later) == [str(p) for p in reversed(paths)]
    # Choosing one opens it.
    next(a for a in recent_menu(later).actions() if a.data() == str(paths[0])).trigger()
    assert later.document.path == paths[0]


def test_a_vanished_file_is_explained_and_dropped(new_window, tmp_path) -> None:
    window, _ = new_window
    keep, gone = copies(tmp_path, 2)
    assert window.open_path(keep) and window.open_path(gone)
    window.actions_by_name["new"].trigger()
    gone.unlink()
    errors_before = len(window.answers.errors)
    next(a for a in recent_menu(window).actions() if a.data() == str(gone)).trigger()
    assert len(window.answers.errors) == errors_before + 1
    title, message = window.answers.errors[-1]
    assert title == "Cannot open the flow"
    assert str(gone) in message and "recent files" in message
    assert recent_names(window) == [str(keep)]
    assert window.document.path is None  # nothing was opened


def test_choosing_a_recent_file_asks_about_unsaved_changes(new_window, tmp_path) -> None:
    from designer.gui import editing

    window, _ = new_window
    first, second = copies(tmp_path, 2)
    assert window.open_path(first) and window.open_path(second)
    editing.add_verb(window.document, "Wait", (300.0, 0.0))
    window.answers.unsaved = "cancel"
    next(a for a in recent_menu(window).actions() if a.data() == str(first)).trigger()
    assert window.answers.unsaved_asked == 1
    assert window.document.path == second and window.document.is_modified


def test_at_most_ten_each_once() -> None:
    paths: list[str] = []
    for index in range(15):
        paths = remember(paths, Path(f"/flows/{index % 12}.ivrflow"))
    assert len(paths) == LIMIT == 10
    assert len(set(paths)) == len(paths)
    assert paths[0] == str(Path("/flows/2.ivrflow").resolve())


def test_clear_the_list(new_window, tmp_path) -> None:
    window, _ = new_window
    (path,) = copies(tmp_path, 1)
    assert window.open_path(path)
    clear = window.findChild(QAction, "action-clear-recent")
    assert clear.isEnabled()
    clear.trigger()
    assert recent_names(window) == [] and not clear.isEnabled()


def test_window_size_and_dock_positions_are_remembered(new_window, data_dir, qtbot) -> None:
    window, make = new_window
    dock = window.docks["propertiesDock"]
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.docks["xmlPreviewDock"].hide()
    window.resize(700, 500)
    qtbot.wait(10)
    window.document.undo_stack.setClean()
    assert window.close()
    assert (data_dir / SETTINGS_FILE).is_file()
    later = make()
    assert later.dockWidgetArea(later.docks["propertiesDock"]) == \
        Qt.DockWidgetArea.LeftDockWidgetArea
    assert not later.docks["xmlPreviewDock"].isVisible()
    assert later.docks["paletteDock"].isVisible()
    assert (later.width(), later.height()) == (700, 500)


def test_settings_never_go_to_the_users_configuration(window, monkeypatch) -> None:
    monkeypatch.delenv(DATA_DIR_VARIABLE, raising=False)
    # Test windows remember nothing: only `ivr-designer` turns the user's storage on.
    assert open_settings() is None


def test_the_settings_file_is_the_data_folders(data_dir) -> None:
    settings = open_settings()
    assert settings is not None
    assert settings.format() == QSettings.Format.IniFormat
    assert Path(settings.fileName()) == data_dir / SETTINGS_FILE
