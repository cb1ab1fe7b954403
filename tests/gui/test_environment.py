"""The Qt binding can run the editor on this Python (see designer.gui.compat). When it cannot,
this is the one GUI test that runs, and it says what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from designer.gui.compat import binding_problem

REPO = Path(__file__).resolve().parents[2]


def test_the_qt_binding_can_run_the_editor() -> None:
    assert binding_problem() is None


def test_the_editor_refuses_to_start_on_a_broken_binding_instead_of_crashing_later() -> None:
    # Run in a child so the check sees a fresh interpreter; with a working binding the editor
    # would start and block, so only the refusal path is exercised here.
    if binding_problem() is None:
        code = "from designer.gui.compat import binding_problem; print(binding_problem())"
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                             text=True, timeout=60, env={"PYTHONPATH": str(REPO),
                                                         "QT_QPA_PLATFORM": "offscreen"})
        assert out.stdout.strip() == "None"
        return
    from designer.gui.app import run_editor

    assert run_editor([]) == 2


def test_the_editor_command_takes_at_most_one_flow(capsys) -> None:
    from designer.gui.app import run_editor

    assert run_editor(["a.ivrflow", "b.ivrflow"]) == 2
    assert "at most one flow file" in capsys.readouterr().err
