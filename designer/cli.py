"""The `ivr-designer` command: with no command (or a flow file) it opens the editor; the
sub-commands work headless. Each sub-command lives in `designer/commands/<name>.py` and
exposes `register(subparsers)`. Heavy modules (Qt, networkx, lxml) are imported only by the
command that needs them, so `validate` starts fast.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from designer import __version__

# Modules under designer/commands/, in the order shown in --help. Each defines NAME (the
# command's name) and register(subparsers).
COMMAND_MODULES = (
    "validate",
    "compile",
    "importxml",
    "serve",
    "simulate",
    "scenario_test",
    "render",
    "examples",
)

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ivr-designer",
        description=(
            "Design Plivo phone call flows. Run without a command to open the editor "
            "(optionally on a FLOW.ivrflow file); use a command to work headless."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(f"designer.commands.{module_name}").register(subparsers)
    return parser


def command_names() -> set[str]:
    return {importlib.import_module(f"designer.commands.{m}").NAME for m in COMMAND_MODULES}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    names = command_names()
    if not argv or (argv[0] not in names and not argv[0].startswith("-")):
        mistyped = _mistyped_command(argv[0], names) if argv else None
        if mistyped:
            print(f"ivr-designer: {mistyped}", file=sys.stderr)
            return EXIT_UNREADABLE
        return _open_editor(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`… | head`): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _mistyped_command(word: str, names: set[str]) -> str | None:
    """A word that is neither a command nor a flow file the user could mean: say so, instead
    of trying to open it in the editor."""
    path = Path(word)
    if path.exists() or path.suffix:
        return None
    close = difflib.get_close_matches(word, sorted(names), n=1)
    suggestion = f" Did you mean '{close[0]}'?" if close else ""
    return (
        f"'{word}' is not a command or a flow file.{suggestion} "
        "Run 'ivr-designer --help' for the list of commands."
    )


def _no_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open_editor(argv: list[str]) -> int:
    if _no_display():
        print(
            "ivr-designer: the editor needs a screen, and none was found (DISPLAY and "
            "WAYLAND_DISPLAY are not set). Use the commands to work headless: "
            "ivr-designer --help.",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    try:
        from designer.gui.app import run_editor
    except ImportError as exc:
        print(f"ivr-designer: the editor cannot start: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return run_editor(argv)


if __name__ == "__main__":
    sys.exit(main())
