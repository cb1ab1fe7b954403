"""`ivr-designer simulate FLOW --input TOKEN ...`: play a call through a flow offline and print
what the caller hears, step by step, and how the call ends."""

from __future__ import annotations

import argparse
import json
import sys

from designer.commands.parser import add_command
from designer.commands.validate import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    add_base_url_argument,
    fail,
    print_diagnostics,
)

NAME = "simulate"

EPILOG = """\
caller inputs (one --input each, used in order wherever the call waits):
  1, 42#, *          keys the caller presses
  silence            the caller does nothing (a menu times out; a conference ends)
  speech:WORDS       the caller says WORDS (GetInput listening for speech)
  dial:OUTCOME       how a Dial ends: completed, busy, no-answer, failed or timeout
  record:SECONDS     how long the caller speaks into a Record
  hangup             the caller hangs up

examples:
  ivr-designer simulate support-line.ivrflow --input 1 --input dial:busy --input record:20
  ivr-designer simulate build/support-line --input silence --format json

exit status:
  0  the call was simulated (however it ended)
  1  an input does not fit where the call waits, or is left over; or the flow has errors
  2  the flow file or bundle folder cannot be read
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="play a call through a flow offline and show what the caller hears",
        description=(
            "Simulate a phone call through a flow without Plivo, a phone or a network. The "
            "flow is compiled to Plivo XML and run element by element the way Plivo runs it; "
            "each --input is what the caller (or a dialled line) does where the call waits. "
            "Prints every step and how the call ended: hangup, redirect-external (the call "
            "went to another server), waiting-for-input (the inputs ran out), caller-hangup "
            "or step-limit (a loop that never waits)."
        ),
    )
    parser.add_argument(
        "flow", metavar="FLOW", help="a .ivrflow file, or a bundle folder from `compile`"
    )
    parser.add_argument(
        "-i",
        "--input",
        dest="inputs",
        metavar="TOKEN",
        action="append",
        default=[],
        help="what the caller does next (repeat for each input; see below)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) for people; json for scripts (steps, path, exits, ending)",
    )
    add_base_url_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from designer.simulator import (
        SimulationError,
        SourceError,
        TokenError,
        open_source,
        parse_tokens,
        simulate,
    )

    as_json = args.format == "json"
    try:
        tokens = parse_tokens(args.inputs)
    except TokenError as exc:
        _failure(str(exc), [], as_json)
        return EXIT_INVALID
    try:
        source = open_source(args.flow, args.base_url)
    except SourceError as exc:
        _failure(str(exc), [d for d in exc.diagnostics if d.is_error], as_json)
        return EXIT_UNREADABLE if exc.unreadable else EXIT_INVALID
    try:
        result = simulate(source.bundle, tokens)
    except SimulationError as exc:
        if exc.result is not None:
            _print(exc.result, args.format, error=str(exc))
        fail(NAME, str(exc))
        return EXIT_INVALID
    _print(result, args.format)
    return EXIT_OK


def _failure(message: str, diagnostics: list, as_json: bool) -> None:
    """Why no call could be simulated: on stderr, and with --format json also as a JSON object
    on stdout (`error`, and the flow's `diagnostics`), so a script always gets JSON."""
    fail(NAME, message)
    if as_json:
        data = {"error": message, "diagnostics": [d.to_dict() for d in diagnostics]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_diagnostics(diagnostics, sys.stderr)


def _print(result, output_format: str, error: str | None = None) -> None:
    if output_format == "json":
        data = result.to_dict()
        if error is not None:
            data["error"] = error
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    inputs = ", ".join(result.inputs) if result.inputs else "none"
    print(f"Simulated call through “{result.flow}” (inputs: {inputs})")
    print(result.render())
