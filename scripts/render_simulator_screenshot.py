"""Render a simulated call of the support-line example to docs/screenshots/simulator.png: the
caller pressed 1 and the sales line did not answer, so the call waits in voicemail; the path
is drawn on the canvas and the transcript fills the simulator dock.

Run from the repository: `.venv/bin/python scripts/render_simulator_screenshot.py [-o FILE]`
(offscreen; no display needed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FLOW = REPO / "resources" / "examples" / "support-line.ivrflow"
INPUTS = ("1", "dial:no-answer")


def render(output: Path, size: tuple[int, int] = (1400, 900)) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A fresh settings folder: no remembered layout or recovered work changes the picture.
    settings = tempfile.mkdtemp(prefix="ivr-screenshot-")
    os.environ["IVR_DESIGNER_DATA_DIR"] = settings
    from PySide6.QtWidgets import QApplication

    from designer.gui.app import create_application
    from designer.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    window.resize(*size)
    if not window.open_path(FLOW):
        raise SystemExit(f"cannot open {FLOW}")
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    window.actions_by_name["simulator"].trigger()
    dock = window.simulator
    for token in INPUTS:
        dock.give(token)
    QApplication.processEvents()
    window.view.fit_flow()
    window.analyzer.run_now()
    window.preview.refresh()  # now, not when its timer would: the picture must not depend on it
    QApplication.processEvents()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output)):
        raise SystemExit(f"cannot write {output}")
    window.document.undo_stack.setClean()
    window.close()
    app.processEvents()
    shutil.rmtree(settings, ignore_errors=True)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(REPO / "docs" / "screenshots" /
                                                       "simulator.png"))
    args = parser.parse_args(argv)
    print(f"wrote {render(Path(args.output))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
