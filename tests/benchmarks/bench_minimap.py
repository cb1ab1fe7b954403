"""Benchmark of the minimap (issue 4): figures, no assertions.

Run: `.venv/bin/python tests/benchmarks/bench_minimap.py [--size 2000] [--repaints 30]`

On the generated flow of `bench_gui.py` (2,000 steps by default), prints:
* rebuild: drawing the whole flow into the minimap's cached picture (done once, a moment after
  the flow changes, never while scrolling);
* minimap repaint: what scrolling or zooming costs it (copy the picture, draw one rectangle);
* canvas repaint at 100 % and at fit-to-view with the minimap shown and hidden (the minimap
  lies over the canvas, so every canvas repaint repaints it too);
* pan: one step of a drag in the minimap (centre the view, repaint canvas and minimap).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def bench_gui():
    spec = importlib.util.spec_from_file_location("bench_gui", Path(__file__).with_name(
        "bench_gui.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_ms(action, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="steps in the generated flow")
    parser.add_argument("--repaints", type=int, default=30, help="repaints per figure")
    args = parser.parse_args()

    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    from designer.flowfile import save_flow
    from designer.gui.app import create_application
    from designer.gui.compat import binding_problem
    from designer.gui.main_window import MainWindow

    problem = binding_problem()
    if problem:
        print(f"cannot run: {problem}")
        return 2
    app = create_application()
    flow = bench_gui().generate_flow(args.size)
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "bench.ivrflow"
        save_flow(flow, path)
        window = MainWindow()
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        window.open_path(path)
        window.session.show_minimap(True)
        app.processEvents()
    minimap = window.session.minimap
    view = window.view
    rebuild = median_ms(minimap.rebuild, max(5, args.repaints // 3))
    print(f"generated flow: {len(flow.nodes)} steps, {len(flow.edges)} links; minimap "
          f"{minimap.width()} × {minimap.height()} px")
    print(f"minimap rebuild (whole flow into its picture): {rebuild:.1f} ms")
    built = minimap.rebuilds
    print(f"minimap repaint: {median_ms(minimap.repaint, args.repaints):.2f} ms")
    for label, zoom in (("100 %", 1.0), ("fit-to-view", None)):
        if zoom is None:
            view.fit_flow()
        else:
            view.set_zoom(zoom)
            view.center_on_node("menu-0")
        app.processEvents()
        shown = median_ms(view.viewport().repaint, args.repaints)
        window.session.show_minimap(False)
        app.processEvents()
        hidden = median_ms(view.viewport().repaint, args.repaints)
        window.session.show_minimap(True)
        app.processEvents()
        print(f"canvas repaint at {label}: {shown:.1f} ms with the minimap, {hidden:.1f} ms "
              "without")
    view.set_zoom(1.0)
    app.processEvents()
    centre = QPointF(minimap.width() / 2, minimap.height() / 2).toPoint()
    QTest.mousePress(minimap, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre)
    step = [0]

    def pan_step() -> None:
        step[0] += 1
        QTest.mouseMove(minimap, centre + QPointF(step[0] % 20, step[0] % 15).toPoint())
        view.viewport().repaint()

    print(f"pan step (drag in the minimap, canvas repainted at 100 %): "
          f"{median_ms(pan_step, args.repaints):.1f} ms")
    QTest.mouseRelease(minimap, Qt.MouseButton.LeftButton)
    print(f"minimap rebuilds while repainting, zooming and panning: {minimap.rebuilds - built}")
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
