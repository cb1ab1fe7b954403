"""`ivr-designer test FLOW_OR_DIR [--junit FILE]`: run scenario files (*.scenario.json), say
which pass, explain the first mismatch of each failure, and report branch coverage."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from designer.commands.parser import add_command
from designer.commands.validate import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail

if TYPE_CHECKING:
    from designer.simulator.coverage import Coverage
    from designer.simulator.scenario import SuiteResult

NAME = "test"

EPILOG = """\
examples:
  ivr-designer test support-line.ivrflow          scenarios beside the flow that name it
  ivr-designer test flows/                        every *.scenario.json under flows/
  ivr-designer test flows/ --junit report.xml     also write a JUnit report for CI

A scenario file names a flow, the caller's inputs, and what must happen (the steps passed,
what the caller hears, how the call ends); see docs/simulator.md.

exit status:
  0  every scenario passed
  1  a scenario failed or could not run, or no scenario was found
  2  FLOW_OR_DIR does not exist, or the JUnit report cannot be written
"""

LABELS = {"pass": "PASS ", "fail": "FAIL ", "error": "ERROR"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="run scenario tests of flows and report branch coverage",
        description=(
            "Run scenario files (*.scenario.json): each simulates a call through a flow with "
            "given caller inputs and checks the steps it passes, what the caller hears and "
            "how it ends. Prints PASS or FAIL per scenario with the first mismatch, then, "
            "per flow, the exits of steps that no scenario took (branch coverage)."
        ),
    )
    parser.add_argument(
        "target",
        metavar="FLOW_OR_DIR",
        help="a .ivrflow file (runs the scenarios beside it that name it), a folder (runs "
        "every scenario under it) or one .scenario.json file",
    )
    parser.add_argument(
        "--junit", metavar="FILE", help="also write the results as JUnit XML to FILE"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from designer.simulator.scenario import find_scenarios, run_scenarios

    target = Path(args.target)
    if not target.exists():
        fail(NAME, f"there is no file or folder at {target}.")
        return EXIT_UNREADABLE
    paths = find_scenarios(target)
    if not paths:
        where = "under" if target.is_dir() else "beside"
        fail(
            NAME,
            f"no scenario files (*.scenario.json) {where} {target}"
            + ("" if target.is_dir() else " that name this flow")
            + ". Write one (see docs/simulator.md) or save one from the editor's simulator.",
        )
        return EXIT_INVALID
    suite = run_scenarios(paths)
    report(suite, sys.stdout)
    if args.junit:
        from designer.simulator.junit import write_junit

        try:
            write_junit(suite, Path(args.junit), _coverages(suite))
        except OSError as exc:
            from designer.commands.outputs import write_problem

            fail(NAME, write_problem(Path(args.junit), exc))
            return EXIT_UNREADABLE
    return EXIT_OK if suite.passed else EXIT_INVALID


def _coverages(suite: SuiteResult) -> dict[Path, Coverage]:
    from designer.simulator.coverage import coverage

    return {
        path: coverage(run.flow, run.results)
        for path, run in suite.flows.items()
        if run.flow is not None
    }


def report(suite: SuiteResult, stream) -> None:
    for outcome in suite.outcomes:
        where = str(outcome.source)
        # A file that could not be read has no name of its own: show the file once.
        same = outcome.name in (where, outcome.source.name)
        shown = where if same else f"{outcome.name}  ({where})"
        print(f"{LABELS[outcome.status]}  {shown}", file=stream)
        message = outcome.message
        if message.startswith(f"{where}: "):
            message = message[len(where) + 2:]
            message = message[:1].upper() + message[1:]
        if message:
            print(textwrap.indent(message, "       "), file=stream)
    for path, cover in _coverages(suite).items():
        print(f"\nBranch coverage of {path.name}: {cover.summary()}", file=stream)
        for branch in cover.missed:
            print(f"  not taken: {branch.describe()}", file=stream)
    total = len(suite.outcomes)
    parts = [f"{suite.count('pass')} passed"]
    if suite.count("fail"):
        parts.append(f"{suite.count('fail')} failed")
    if suite.count("error"):
        parts.append(f"{suite.count('error')} could not run")
    print(f"\n{total} scenario{'s' if total != 1 else ''}: {', '.join(parts)}", file=stream)
