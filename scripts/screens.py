"""What the screenshot scripts share: an offscreen Qt with throw-away settings, the folders,
and opening a window on a flow the way a person would see it (sized, fitted, checked).

Importing it sets the environment, so import it before anything imports Qt.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings and recovery files of these throw-away windows go to a temporary folder.
os.environ.setdefault("IVR_DESIGNER_DATA_DIR", tempfile.mkdtemp(prefix="ivr-screens-"))
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCREENSHOTS = REPO / "docs" / "screenshots"
EXAMPLES = REPO / "resources" / "examples"


def settle(app, rounds: int = 4) -> None:
    for _ in range(rounds):
        app.processEvents()


def open_window(app, flow_path: Path, size: tuple[int, int] = (1400, 900)):
    from designer.gui.main_window import MainWindow

    window = MainWindow()
    window.resize(*size)
    if not window.open_path(flow_path):
        raise SystemExit(f"cannot open {flow_path}")
    window.show()
    settle(app)
    # Remembered window layouts (of an earlier picture's window) must not change the size.
    window.resize(*size)
    settle(app)
    window.view.fit_flow()
    window.analyzer.run_now()
    window.preview.refresh()  # now, not when its timer would: the picture must not depend on it
    settle(app)
    return window


def close(app, window) -> None:
    """Close without the "save changes?" question (the pictures never change a file)."""
    window.document.undo_stack.setClean()
    window.close()
    settle(app)
