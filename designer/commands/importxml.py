"""`ivr-designer import FILE.xml … -o FLOW.ivrflow`: turn existing Plivo XML into a flow file.

Exit codes: 0 imported (warnings are printed), 1 refused input or nothing to import,
2 a file cannot be read or the output cannot be written (or exists, without --force).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "import"

EXIT_OK, EXIT_REFUSED, EXIT_FILES = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="turn existing Plivo XML files into a flow",
        description=(
            "Import Plivo XML documents into a new flow file. Each <Response> becomes a chain "
            "of steps; the first file is where the call starts. When several files are given, "
            "an action or <Redirect> address that names another of the files becomes a link "
            "to that file's first step. Unknown attributes are kept, unknown elements are "
            "reported with their line number and skipped. Unsafe or broken XML is refused "
            "and nothing is written."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.xml",
                        help="Plivo XML documents; the first is the answer document")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FLOW.ivrflow",
                        help="the flow file to create")
    parser.add_argument("--force", action="store_true",
                        help="replace the output file if it already exists")
    parser.add_argument("--name", help="the flow's name (default: the first file's name)")
    parser.set_defaults(func=run)


def _error(message: str) -> None:
    print(f"ivr-designer import: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from designer.flowfile import save_flow
    from designer.importer import XmlImportError, import_files

    output: Path = args.output
    if output.is_dir():
        _error(f"{output} is a folder; give the name of the flow file to create.")
        return EXIT_FILES
    if output.exists() and not args.force:
        _error(f"{output} already exists; use --force to replace it.")
        return EXIT_FILES
    try:
        result = import_files(args.files, name=args.name)
    except XmlImportError as exc:
        _error(str(exc))
        return EXIT_FILES if exc.unreadable else EXIT_REFUSED
    for diagnostic in result.diagnostics:
        if diagnostic.severity != "info":
            print(f"{diagnostic.severity}: {diagnostic}", file=sys.stderr)
    if result.step_count == 0:
        _error("nothing was imported: the documents have no steps Plivo would run.")
        return EXIT_REFUSED
    try:
        save_flow(result.flow, output)
    except OSError as exc:
        _error(f"cannot write {output}: {exc.strerror or exc}.")
        return EXIT_FILES
    warnings = len(result.warnings)
    links = result.link_count
    print(
        f"Imported {len(args.files)} file{'s' * (len(args.files) != 1)} into {output}: "
        f"{result.step_count} step{'s' * (result.step_count != 1)}, "
        f"{links} link{'s' * (links != 1)} between files, "
        f"{warnings} warning{'s' * (warnings != 1)}."
    )
    return EXIT_OK
