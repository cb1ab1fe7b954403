"""Render docs/screenshots/quick-add.png (the quick-add popup open on the canvas, a search
typed) and docs/screenshots/auto-layout.png (the every-node example after View → Auto-layout →
Left to right).

Run from the repository: `.venv/bin/python scripts/render_comfort_screenshots.py` (offscreen;
no display needed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from screens import EXAMPLES, SCREENSHOTS, close, open_window, settle


def save(window, name: str) -> Path:
    path = SCREENSHOTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise SystemExit(f"cannot write {path}")
    print(f"wrote {path}")
    return path


def quick_add(app) -> None:
    from PySide6.QtCore import QPointF

    from designer.gui.quick_add import PendingLink

    window = open_window(app, EXAMPLES / "support-line.ivrflow")
    flow = window.document.flow
    # A menu exit with nothing linked yet, as after dragging a link out of it onto the canvas.
    source, port = "menu", None
    for edge_port in ("noinput", "nomatch", "2"):
        if flow.edge_from(source, edge_port) is None:
            port = edge_port
            break
    item = window.scene.node_items[source]
    start = item.port_scene_pos(port) if port else item.sceneBoundingRect().topRight()
    target = start + QPointF(170, 70)
    window.view.set_zoom(0.95)
    window.view.centerOn(start + QPointF(240, 60))
    settle(app)
    window.comfort.quick_add.popup.open_at(target, PendingLink(source, port) if port else None)
    window.comfort.quick_add.popup.search.setText("re")
    settle(app)
    save(window, "quick-add.png")
    close(app, window)


def auto_layout(app) -> None:
    from designer.gui.auto_layout import auto_layout as lay_out

    window = open_window(app, EXAMPLES / "every-node.ivrflow", size=(1600, 1000))
    # The whole window width for the canvas, so the laid-out flow is shown large enough to
    # read (the panels come back with the View menu).
    for dock in window.docks.values():
        dock.hide()
    settle(app)
    window.scene.clearSelection()
    lay_out(window, "LR")
    settle(app, 8)
    window.view.fit_flow()
    settle(app, 8)
    # Put corner widgets (the minimap) back in their corner after the panels were hidden.
    for child in window.view.children():
        if child.objectName() == "minimap" and hasattr(child, "place"):
            child.place()
    settle(app)
    save(window, "auto-layout.png")
    close(app, window)


def main() -> int:
    from designer.gui.app import create_application

    app = create_application()
    quick_add(app)
    auto_layout(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
