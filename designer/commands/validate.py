"""`ivr-designer validate FLOW`: check a flow file and list every problem found.

Also home of the helpers the other headless commands share: the one form of their error
messages (`ivr-designer <command>: …`), opening a flow file with a friendly message instead of
a traceback, and writing diagnostics as text or JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from designer.commands.parser import add_command

if TYPE_CHECKING:
    from designer.checks import Diagnostic
    from designer.model import Flow

NAME = "validate"

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2

# The word people read for a severity; JSON keeps the severity itself ("info").
SEVERITY_WORDS = {"error": "error", "warning": "warning", "info": "note"}

EPILOG = """\
examples:
  ivr-designer validate support-line.ivrflow
  ivr-designer validate support-line.ivrflow --format json > problems.json
  ivr-designer validate my-flow.ivrflow --base-url https://ivr.example.com/acme/

exit status:
  0  no errors (warnings alone still pass)
  1  the flow has errors
  2  the file cannot be read as a flow
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="check a flow file and list its problems",
        description=(
            "Check a .ivrflow file the way the editor does: every step's settings against "
            "Plivo's documented limits, the rules between settings, and the wiring of the "
            "steps. Each problem is listed with the step and setting it concerns and a hint "
            "on how to fix it."
        ),
    )
    parser.add_argument("flow", metavar="FLOW", help="the .ivrflow file to check")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) for people; json for scripts: a list of objects with severity, "
        "code, node, attribute, message and hint",
    )
    add_base_url_argument(parser)
    parser.set_defaults(func=run)


def add_base_url_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default=None,
        help="the web address the bundle will be served from (ending with '/'); overrides "
        "the flow's own setting",
    )


def fail(command: str, message: str, stream: TextIO | None = None) -> None:
    """Print an error of `command` in the form every command uses."""
    print(f"ivr-designer {command}: {message}", file=stream or sys.stderr)


def run(args: argparse.Namespace) -> int:
    flow = open_flow(args.flow, NAME)
    if flow is None:
        return EXIT_UNREADABLE
    diagnostics = diagnose(flow, args.base_url)
    if args.format == "json":
        print(json.dumps([d.to_dict() for d in diagnostics], indent=2, ensure_ascii=False))
    else:
        print_diagnostics(diagnostics, sys.stdout)
        print(summary(diagnostics))
    return EXIT_INVALID if any(d.is_error for d in diagnostics) else EXIT_OK


def open_flow(path: str, command: str | None = None) -> Flow | None:
    """Load `path`; on failure print the reason on stderr (as an error of `command`) and
    return None."""
    from designer.catalog import CatalogError
    from designer.flowfile import FlowFileError, load_flow

    prefix = f"ivr-designer {command}" if command else "ivr-designer"
    try:
        return load_flow(path)
    except FlowFileError as exc:
        print(f"{prefix}: {exc}", file=sys.stderr)
    except CatalogError as exc:
        print(
            f"{prefix}: the designer's list of Plivo steps is damaged ({exc}); "
            "reinstall the designer.",
            file=sys.stderr,
        )
    return None


def diagnose(flow: Flow, base_url: str | None) -> list[Diagnostic]:
    """The full check, as the editor runs it (the compiler's adds document sizes)."""
    from designer.compiler import diagnose as full_check

    return full_check(flow, base_url=base_url)


def location(diagnostic: Diagnostic) -> str:
    if diagnostic.node and diagnostic.attribute:
        return f"{diagnostic.node}.{diagnostic.attribute}"
    return diagnostic.node or diagnostic.attribute or "flow"


def print_diagnostics(diagnostics: list[Diagnostic], stream: TextIO) -> None:
    """One line each: severity, where, message and hint, in aligned columns."""
    if not diagnostics:
        return
    severity_width = max(len(severity_word(d.severity)) for d in diagnostics)
    where_width = max(len(location(d)) for d in diagnostics)
    for d in diagnostics:
        word = severity_word(d.severity)
        line = f"{word:<{severity_width}}  {location(d):<{where_width}}  {d.message}"
        if d.hint:
            line += f" → {d.hint}"
        print(line, file=stream)


def severity_word(severity: str) -> str:
    return SEVERITY_WORDS.get(severity, severity)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary(diagnostics: list[Diagnostic]) -> str:
    if not diagnostics:
        return "No problems found."
    parts = []
    for severity, word in SEVERITY_WORDS.items():
        number = sum(d.severity == severity for d in diagnostics)
        if number:
            parts.append(_count(number, word))
    return ", ".join(parts)
