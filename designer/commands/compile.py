"""`ivr-designer compile FLOW -o DIR`: turn a flow into a bundle of Plivo XML documents.

The bundle is written atomically: after any failure (validation errors, a folder that cannot
be written) nothing at DIR has changed. An existing DIR is replaced only when it is empty or
holds a previous bundle, so a typo in `-o` can never wipe an unrelated folder; and files put
beside a previous bundle (ones its manifest does not list) are only deleted with --force.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from designer.commands.parser import add_command
from designer.commands.validate import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    add_base_url_argument,
    fail,
    open_flow,
    print_diagnostics,
    summary,
)

if TYPE_CHECKING:
    from designer.checks import Diagnostic
    from designer.compiler import Bundle
    from designer.model import Flow

NAME = "compile"
# Files of a folder shown by name before "and N more".
SHOWN_FILES = 10

EPILOG = """\
examples:
  ivr-designer compile support-line.ivrflow -o build/support-line
  ivr-designer compile my-flow.ivrflow -o out --base-url https://ivr.example.com/acme/

Point your Plivo application's answer URL at BASE_URL/answer.xml and publish the folder at
BASE_URL. A bundle with menus or Dial outcomes needs the designer's runtime to pick the next
document; the command tells you when, and how to start it.

Compiling again into DIR replaces the earlier bundle whole. Files you put in DIR yourself
(ones the earlier bundle's manifest.json does not list) would be deleted, so the command
lists them and stops, unless --force is given.

exit status:
  0  the bundle was written
  1  the flow has errors (they are listed; nothing was written)
  2  the flow file cannot be read, or the bundle cannot be written to DIR (or DIR holds
     files of yours, without --force)
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="turn a flow into Plivo XML documents (a bundle folder)",
        description=(
            "Check a .ivrflow file and, when it has no errors, write its Plivo XML documents "
            "to the folder DIR: answer.xml (the entry document), one document per other "
            "entry point, and manifest.json (what is where, and the menu routes)."
        ),
    )
    parser.add_argument("flow", metavar="FLOW", help="the .ivrflow file to compile")
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        required=True,
        help="the folder to write the bundle to; it is created, or replaced if it holds an "
        "earlier bundle",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the earlier bundle in DIR even though DIR also holds other files, "
        "which are then deleted",
    )
    add_base_url_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    flow = open_flow(args.flow, NAME)
    if flow is None:
        return EXIT_UNREADABLE
    diagnostics, bundle = check_and_build(flow, args.base_url)
    if bundle is None:
        print_diagnostics(diagnostics, sys.stderr)
        print(
            f"{summary(diagnostics)}. Nothing was written: fix the errors first.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    problem = output_problem(output) or (None if args.force else extra_files_problem(output))
    if problem:
        fail(NAME, problem)
        return EXIT_UNREADABLE
    print_diagnostics(diagnostics, sys.stderr)

    from designer.compiler import write_bundle

    try:
        write_bundle(bundle, output)
    except OSError as exc:
        fail(NAME, write_failure(output, exc))
        return EXIT_UNREADABLE
    report(bundle, output)
    return EXIT_OK


def check_and_build(flow: Flow, base_url: str | None) -> tuple[list[Diagnostic], Bundle | None]:
    """Every diagnostic, and the bundle unless one is an error.

    The same findings as `designer.compiler.diagnose`, which builds the documents to measure
    them; here that one build is kept and becomes the bundle instead of building twice.
    """
    from designer.checks import validate
    from designer.checks.diagnostic import sort_key
    from designer.compiler import CompileError, compile_flow
    from designer.compiler.compile import size_diagnostics
    from designer.flowindex import FlowIndex

    index = FlowIndex(flow)  # what both ask about the links, worked out once
    diagnostics = validate(flow, base_url=base_url, index=index)
    bundle = None
    if not any(d.is_error for d in diagnostics):
        try:
            bundle = compile_flow(flow, base_url=base_url, check=False, index=index)
        except CompileError as exc:
            diagnostics = [*diagnostics, *exc.diagnostics]
        else:
            diagnostics = [*diagnostics, *size_diagnostics(bundle)]
    diagnostics = sorted(diagnostics, key=sort_key)
    if any(d.is_error for d in diagnostics):
        bundle = None
    return diagnostics, bundle


def _bundle_manifest(directory: Path) -> dict | None:
    """The manifest of the bundle in `directory`, or None when it holds none."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(manifest, dict) and manifest.get("format") == "ivr-bundle":
        return manifest
    return None


def _is_bundle(directory: Path) -> bool:
    return _bundle_manifest(directory) is not None


def extra_files(output: Path) -> list[str]:
    """The entries of an earlier bundle folder that its manifest does not list (files a
    person put there; folders end with '/'), sorted; empty when `output` holds no bundle."""
    manifest = _bundle_manifest(output) if output.is_dir() else None
    if manifest is None:
        return []
    documents = manifest.get("documents")
    known = {"manifest.json", *(documents if isinstance(documents, dict) else ())}
    try:
        entries = sorted(output.iterdir(), key=lambda p: p.name)
    except OSError:
        return []
    return [
        entry.name + ("/" if entry.is_dir() and not entry.is_symlink() else "")
        for entry in entries
        if entry.name not in known
    ]


def extra_files_problem(output: Path) -> str | None:
    """Why replacing the earlier bundle in `output` would lose files, or None."""
    extra = extra_files(output)
    if not extra:
        return None
    shown = ", ".join(extra[:SHOWN_FILES])
    if len(extra) > SHOWN_FILES:
        shown += f" and {len(extra) - SHOWN_FILES} more"
    folders = sum(name.endswith("/") for name in extra)  # extra_files marks folders so
    if len(extra) == 1:
        these = "this folder" if folders else "this file"
    elif folders == len(extra):
        these = f"these {len(extra)} folders"
    else:
        these = f"these {len(extra)} files" + (" and folders" if folders else "")
    return (
        f"The folder {output} holds an earlier bundle and also {these}, which the bundle "
        f"does not list: {shown}. Compiling replaces the folder whole, so they would be "
        "deleted. Move them elsewhere (or compile into another folder), or add --force to "
        "replace the folder anyway."
    )


def output_problem(output: Path) -> str | None:
    """Why the bundle must not go to `output`, or None when it may."""
    if output.is_symlink():
        return f"{output} is a link; give the real folder for the bundle instead."
    if output.exists() and not output.is_dir():
        return f"{output} is a file, not a folder; choose a folder name for the bundle."
    if output.is_dir() and any(output.iterdir()) and not _is_bundle(output):
        return (
            f"The folder {output} already holds other files; the bundle would replace them "
            "all. Choose a new or empty folder (an earlier bundle may be replaced)."
        )
    return None


def _blocking_file(output: Path) -> Path | None:
    """The first existing file on the way to `output` that is not a folder."""
    for parent in reversed(output.absolute().parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def write_failure(output: Path, exc: OSError) -> str:
    blocker = _blocking_file(output)
    if blocker is not None:
        return (
            f"Cannot write the bundle to {output}: {blocker} is a file, so no folder can be "
            "made there. Choose another place."
        )
    if isinstance(exc, PermissionError):
        return f"Cannot write the bundle to {output}: permission denied. Choose a folder you own."
    reason = exc.strerror or str(exc)
    return f"Cannot write the bundle to {output}: {reason}."


def report(bundle: Bundle, output: Path) -> None:
    names = list(bundle.documents)
    count = len(names)
    print(
        f"Wrote {count} document{'' if count == 1 else 's'} and manifest.json to "
        f"{output}{os.sep}: {', '.join(names)}"
    )
    base_url = bundle.manifest.get("base_url") or ""
    entry = (
        f"{base_url}answer.xml" if base_url
        else "<the address where you publish the folder>/answer.xml"
    )
    if bundle.needs_runtime:
        print(
            "This bundle has menus or call outcomes that need the designer's runtime to pick "
            f"the next document. Serve it with:\n  ivr-designer serve {shlex.quote(str(output))}\n"
            f"and point the Plivo answer URL at {entry}"
        )
    else:
        print(
            "This bundle is plain XML: any web host can serve it. Publish the folder and "
            f"point the Plivo answer URL at {entry}"
        )
