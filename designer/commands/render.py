"""`ivr-designer render FLOW -o FILE.svg|png|pdf [--selection ID,ID]`: a picture of a flow,
drawn headless by the editor's own canvas items (offscreen Qt, no window, no display needed).

Qt is imported only when the command runs, so the other commands start without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from designer.commands.parser import add_command
from designer.commands.validate import EXIT_OK, EXIT_UNREADABLE, open_flow

NAME = "render"

FORMAT_NAMES = {".svg": "SVG", ".png": "PNG", ".pdf": "PDF"}

EPILOG = """\
examples:
  ivr-designer render support-line.ivrflow -o docs/support-line.svg
  ivr-designer render support-line.ivrflow -o review.pdf
  ivr-designer render support-line.ivrflow -o menu.png --selection menu,sales,voicemail

The picture shows the steps and links as the editor draws them at full detail, in the light
colours, without the grid, selection or problem badges. A PNG is drawn at twice the flow's
size (less for a very big flow).

exit status:
  0  the picture was written
  2  the flow cannot be read, a step named in --selection is not in it, the file name does
     not end in .svg, .png or .pdf, or the picture cannot be written
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="draw a flow as an SVG, PNG or PDF picture",
        description=(
            "Draw a .ivrflow file as a picture, for documentation and review: the whole flow, "
            "or only some of its steps with the links between them. The format follows the "
            "extension of the output file: .svg, .png or .pdf."
        ),
    )
    parser.add_argument("flow", metavar="FLOW", help="the .ivrflow file to draw")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="the picture to write: FILE.svg, FILE.png or FILE.pdf (replaced "
                        "if it exists)")
    parser.add_argument("--selection", metavar="ID,ID", default=None,
                        help="draw only these steps (their names, separated by commas) and "
                        "the links between them")
    parser.set_defaults(func=run)


def fail(message: str) -> int:
    print(f"ivr-designer {NAME}: {message}", file=sys.stderr)
    return EXIT_UNREADABLE


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in FORMAT_NAMES:
        shown = f"ends in '{suffix}'" if suffix else "has no extension"
        return fail(f"the picture file name {output.name} {shown}; use .svg, .png or .pdf "
                    "(the extension chooses the format). Nothing was written.")
    if output.is_dir():
        return fail(f"{output} is a folder; give the picture's file name, for example "
                    f"{output / ('flow' + suffix)}.")
    if not output.parent.is_dir():
        return fail(f"cannot write {output}: the folder {output.parent} does not exist.")
    flow = open_flow(args.flow, NAME)
    if flow is None:
        return EXIT_UNREADABLE
    selection = None
    if args.selection is not None:
        selection = [part.strip() for part in args.selection.split(",") if part.strip()]
        if not selection:
            return fail("--selection names no steps; give step names separated by commas, "
                        "for example --selection menu,sales.")
        unknown = [node_id for node_id in selection if node_id not in flow.nodes]
        if unknown:
            listed = ", ".join(f"'{n}'" for n in unknown)
            names = list(flow.nodes)
            shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more"
                                              if len(names) > 12 else "")
            return fail(f"{args.flow} has no step named {listed}; its steps are {shown}.")
    problem = _qt_problem()
    if problem:
        return fail(f"cannot draw pictures: {problem}")

    from designer.gui.picture import PictureError, render_flow

    try:
        picture = render_flow(flow, output, selection)
    except PictureError as exc:
        return fail(str(exc))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return fail(f"cannot write {output}: {reason}. Nothing was changed there.")
    count = len(selection) if selection else len(flow.nodes)
    size = f", {picture.width} × {picture.height} pixels" if picture.format == "PNG" else ""
    print(f"Wrote {output} ({picture.format} picture of {count} step{'s' if count != 1 else ''}"
          f"{size}).")
    return EXIT_OK


def _qt_problem() -> str | None:
    try:
        from designer.gui.compat import binding_problem
    except ImportError as exc:  # pragma: no cover - PySide6 is a dependency
        return f"Qt (PySide6) is not installed ({exc})."
    try:
        return binding_problem()
    except ImportError as exc:
        return f"Qt (PySide6) is not installed ({exc})."
