"""Render docs/screenshots/minimap.png (a generated 2,000-step flow at 100 % zoom, the minimap
showing where the view is in the whole flow) and docs/screenshots/editor-dark.png (the
support-line example in the dark theme).

Run from the repository: `.venv/bin/python scripts/render_minimap_and_dark.py` (offscreen; no
display needed).
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from screens import EXAMPLES, REPO, SCREENSHOTS, close, open_window, settle

SUPPORT_LINE = EXAMPLES / "support-line.ivrflow"


def generated_flow(size: int):
    """The benchmark's generated flow (tests/benchmarks/bench_gui.py), so the picture shows
    the same 2,000 steps the figures are measured on."""
    path = REPO / "tests" / "benchmarks" / "bench_gui.py"
    spec = importlib.util.spec_from_file_location("bench_gui", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_flow(size)


def render_minimap(app) -> Path:
    from designer.flowfile import save_flow

    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "two-thousand-steps.ivrflow"
        save_flow(generated_flow(2000), path)
        window = open_window(app, path)
        window.session.show_minimap(True)
        window.reveal_node("menu-9")
        window.view.set_zoom(0.55)
        window.view.center_on_node("menu-9")
        window.preview.refresh()
        settle(app)
        output = SCREENSHOTS / "minimap.png"
        window.grab().save(str(output))
        close(app, window)
    return output


def render_dark(app) -> Path:
    from designer.gui.appearance import appearance

    appearance().set_mode("dark", remember=False)
    try:
        window = open_window(app, SUPPORT_LINE)
        window.reveal_node("menu")
        window.view.fit_flow()
        window.preview.refresh()
        settle(app)
        output = SCREENSHOTS / "editor-dark.png"
        window.grab().save(str(output))
        close(app, window)
    finally:
        appearance().set_mode("system", remember=False)
    return output


def main() -> int:
    from designer.gui.app import create_application
    from designer.gui.compat import binding_problem

    problem = binding_problem()
    if problem:
        raise SystemExit(problem)
    app = create_application()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for written in (render_minimap(app), render_dark(app)):
        print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
