"""`ivr-designer` with no command, or with a FLOW file: start the editor."""

from __future__ import annotations

import sys
from pathlib import Path

USAGE = "usage: ivr-designer [FLOW.ivrflow]   (or: ivr-designer COMMAND …, see --help)"


def create_application(argv: list[str] | None = None):
    """The QApplication with the editor's look (reused if one already exists)."""
    from PySide6.QtWidgets import QApplication

    from designer.gui.theme import apply_theme

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "ivr-designer", *(argv or [])])
    if not app.property("ivrThemed"):
        # Once per application: restyling re-polishes every widget that exists.
        app.setApplicationName("IVR Flow Designer")
        app.setOrganizationName("IVR Flow Designer")
        app.setApplicationDisplayName("IVR Flow Designer")
        apply_theme(app)
        app.setProperty("ivrThemed", True)
    return app


def run_editor(argv: list[str]) -> int:
    """Open the editor, on `argv[0]` when given; returns the exit status."""
    if len(argv) > 1:
        print(USAGE, file=sys.stderr)
        print(f"ivr-designer: '{argv[1]}' is not understood; give at most one flow file.",
              file=sys.stderr)
        return 2
    from designer.gui.compat import binding_problem

    problem = binding_problem()
    if problem:
        print(f"ivr-designer: the editor cannot start. {problem}", file=sys.stderr)
        return 2
    app = create_application()
    from designer.gui.main_window import MainWindow
    from designer.gui.preferences import use_user_storage

    # The real editor remembers settings and autosaves into the user's folders.
    use_user_storage()
    window = MainWindow()
    window.show()
    if argv:
        path = Path(argv[0])
        if not window.open_path(path):
            print(f"ivr-designer: could not open {path}; started with a new flow instead.",
                  file=sys.stderr)
    window.session.offer_recovery()
    return int(app.exec())
