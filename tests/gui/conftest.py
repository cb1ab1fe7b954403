"""Fixtures for the editor tests: a real MainWindow whose dialogs answer from `Answers`
instead of waiting for a person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import SUPPORT_LINE
from PySide6.QtWidgets import QApplication, QWidget

from designer.gui.app import create_application
from designer.gui.compat import binding_problem
from designer.gui.main_window import MainWindow

BINDING_PROBLEM = binding_problem()


def pytest_collection_modifyitems(config, items) -> None:
    """With a Qt binding that would abort the interpreter part-way (see designer.gui.compat),
    run only the test that reports it, so the rest of the suite still gets its results."""
    if BINDING_PROBLEM is None:
        return
    skip = pytest.mark.skip(reason="the Qt binding cannot run the editor: " + BINDING_PROBLEM)
    here = Path(__file__).parent
    for item in items:
        if item.path.parent == here and item.path.name != "test_environment.py":
            item.add_marker(skip)


class Answers:
    """What the stand-in dialogs answer, and what they were shown."""

    def __init__(self) -> None:
        self.unsaved = "cancel"
        self.open_path: str | None = None
        self.save_path: str | None = None
        self.export_dir: str | None = None
        self.settings: dict[str, Any] | None = None
        self.errors: list[tuple[str, str]] = []
        self.unsaved_asked = 0


def install_answers(window: MainWindow) -> Answers:
    answers = Answers()

    def ask_unsaved() -> str:
        answers.unsaved_asked += 1
        return answers.unsaved

    def run_dialog(dialog) -> bool:
        if answers.settings is None:
            return False
        for name, value in answers.settings.items():
            widget = dialog.findChild(QWidget, f"setting-{name}")
            if hasattr(widget, "setCurrentText"):
                widget.setCurrentText(value)
            else:
                widget.setText(value)
        dialog.accept()
        return dialog.result() == dialog.DialogCode.Accepted

    window.ask_unsaved = ask_unsaved
    window.ask_open_path = lambda: answers.open_path
    window.ask_save_path = lambda suggested: answers.save_path
    window.ask_export_dir = lambda: answers.export_dir
    window.show_error = lambda title, message: answers.errors.append((title, message))
    window.run_dialog = run_dialog
    return answers


@pytest.fixture
def window(qtbot) -> MainWindow:
    create_application()
    win = MainWindow()
    win.answers = install_answers(win)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    # Closing must not stop on the "save changes?" question.
    win.document.undo_stack.setClean()


@pytest.fixture
def support_line(window: MainWindow) -> MainWindow:
    if not SUPPORT_LINE.is_file():
        pytest.skip("the support-line example is not there yet")
    assert window.open_path(SUPPORT_LINE)
    window.view.fit_flow()
    QApplication.processEvents()
    return window
