"""Render the editor window to a PNG, offscreen: `python -m designer.gui.screenshot FLOW -o
docs/screenshots/editor.png [--select NODE] [--size 1400x900]`. Used for the README picture
and to look at the editor while working on it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def render(flow: Path | None, output: Path, size: tuple[int, int] = (1400, 900),
           select: str | None = None) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from designer.gui.app import create_application
    from designer.gui.compat import binding_problem
    from designer.gui.main_window import MainWindow

    problem = binding_problem()
    if problem:
        raise SystemExit(problem)
    app = create_application()
    window = MainWindow()
    window.resize(*size)
    if flow is not None and not window.open_path(flow):
        raise SystemExit(f"cannot open {flow}")
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    window.view.fit_flow()
    window.analyzer.run_now()
    if select:
        window.reveal_node(select)
        window.view.fit_flow()
    QApplication.processEvents()
    window.preview.refresh()
    QApplication.processEvents()
    output.parent.mkdir(parents=True, exist_ok=True)
    pixmap = window.grab()
    if not pixmap.save(str(output)):
        raise SystemExit(f"cannot write {output}")
    window.document.undo_stack.setClean()
    window.close()
    app.processEvents()
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m designer.gui.screenshot",
                                     description="Render the editor window to a PNG.")
    parser.add_argument("flow", nargs="?", help="the .ivrflow file to show")
    parser.add_argument("-o", "--output", required=True, help="the PNG to write")
    parser.add_argument("--size", default="1400x900", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--select", help="the id of a step to select")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    written = render(Path(args.flow) if args.flow else None, Path(args.output),
                     (width, height), args.select)
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
