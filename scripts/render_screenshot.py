"""Render the editor with the bundled support-line example to docs/screenshots/editor.png.

Run from the repository: `.venv/bin/python scripts/render_screenshot.py` (offscreen; no
display needed). Options are passed on to `python -m designer.gui.screenshot`.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from designer.gui.screenshot import main  # noqa: E402 — after the path is set

DEFAULTS = [
    str(REPO / "resources" / "examples" / "support-line.ivrflow"),
    "-o", str(REPO / "docs" / "screenshots" / "editor.png"),
    "--size", "1400x900",
    "--select", "menu",
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or DEFAULTS))
