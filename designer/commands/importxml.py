"""`ivr-designer import FILE.xml … -o FLOW.ivrflow`: turn existing Plivo XML into a flow file.

Exit codes: 0 imported (warnings are printed), 1 refused input or nothing to import,
2 a file cannot be read or the output cannot be written (or exists, without --force).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from designer.commands.parser import add_command
from designer.commands.validate import fail

NAME = "import"

EXIT_OK, EXIT_REFUSED, EXIT_FILES = 0, 1, 2

EPILOG = """\
examples:
  ivr-designer import answer.xml -o my-line.ivrflow
  ivr-designer import answer.xml menu.xml sales.xml -o support.ivrflow --name "Support line"
  ivr-designer import old/*.xml -o support.ivrflow --force

List the answer document first: the call starts there. Warnings (skipped elements, unknown
settings, links whose query string was dropped, …) are printed with their file and line.
An existing FLOW.ivrflow is replaced only with --force, and only when it is a regular file.

exit status:
  0  imported (any warnings are printed)
  1  refused: unsafe, broken or non-Plivo XML, or nothing to import; nothing was written
  2  a file cannot be read, or FLOW.ivrflow cannot be written (or exists, without --force)
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="turn existing Plivo XML files into a flow",
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
    # Kept as typed: a trailing '/' says the user meant a folder.
    parser.add_argument("-o", "--output", required=True, metavar="FLOW.ivrflow",
                        help="the flow file to create")
    parser.add_argument("--force", action="store_true",
                        help="replace the output file if it is an existing regular file")
    parser.add_argument("--name", help="the flow's name (default: the first file's name)")
    parser.set_defaults(func=run)


def _error(message: str) -> None:
    fail(NAME, message)


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    from designer.commands.outputs import file_problem, names_folder, write_problem
    from designer.flowfile import save_flow
    from designer.importer import XmlImportError, import_files

    output = Path(args.output)
    if output.is_dir() or names_folder(args.output):
        what = "is a folder" if output.is_dir() else "ends with '/', so it names a folder"
        _error(f"{args.output} {what}; give the name of the flow file to create, "
               f"e.g. {output / 'flow.ivrflow'}.")
        return EXIT_FILES
    problem = file_problem(output, args.force)
    if problem:
        _error(problem)
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
        _error(write_problem(output, exc))
        return EXIT_FILES
    print(
        f"Imported {_plural(len(args.files), 'file')} into {output}: "
        f"{_plural(result.step_count, 'step')}, "
        f"{_plural(result.link_count, 'link')} between files, "
        f"{_plural(len(result.warnings), 'warning')}."
    )
    return EXIT_OK
