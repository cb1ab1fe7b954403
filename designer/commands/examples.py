"""`ivr-designer examples [NAME -o FILE]`: list the bundled example flows, or copy one out.

An example's one-line description is the first line of its first note, so the text a user
reads in the editor and in this list is the same.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from designer.commands.parser import add_command
from designer.commands.validate import EXIT_OK, EXIT_UNREADABLE, fail

NAME = "examples"
SUFFIX = ".ivrflow"

EPILOG = """\
examples:
  ivr-designer examples
  ivr-designer examples support-line -o my-support-line.ivrflow
  ivr-designer examples voicemail -o flows/          (writes flows/voicemail.ivrflow)
  ivr-designer examples support-line -o line.ivrflow --scenarios
                     (also line.no-input.scenario.json and the other scenario tests)

FILE ending with '/' (or naming an existing folder) is a folder: the copy goes into it as
NAME.ivrflow. The folder must exist. An existing file is replaced only with --force, and
only when it is a regular file (never a link, a named pipe or a device).

exit status:
  0  listed, or copied
  2  no such example, or the copy cannot be written
"""


@dataclass(frozen=True)
class Example:
    name: str
    path: Path
    title: str
    summary: str


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, NAME, EPILOG,
        summary="list the example flows that come with the designer, or copy one out",
        description=(
            "Without NAME, list the example flows that come with the designer. With NAME, "
            "copy that example to a file you can open, change and compile."
        ),
    )
    parser.add_argument("name", metavar="NAME", nargs="?", help="the example to copy")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the copy: a file, or an existing folder (written with a "
        "trailing '/' or not); default: NAME.ivrflow in the current folder",
    )
    parser.add_argument(
        "--scenarios", action="store_true",
        help="copy the example's scenario tests too, beside the copy and naming it "
        "(FILE-STEM.SCENARIO.scenario.json), so that 'ivr-designer test FILE' runs them",
    )
    parser.add_argument(
        "--force", action="store_true",
        help="replace FILE (and, with --scenarios, its scenario files) if they are existing "
        "regular files",
    )
    parser.set_defaults(func=run)


def find_examples() -> list[Example]:
    from designer.resources import examples_dir

    directory = examples_dir()
    if not directory.is_dir():
        return []
    return [_describe(path) for path in sorted(directory.glob(f"*{SUFFIX}"))]


def _describe(path: Path) -> Example:
    # Read the JSON directly: listing must work even if one example were damaged.
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    if not isinstance(raw, dict):
        raw = {}
    title = raw.get("name") if isinstance(raw.get("name"), str) else path.stem
    notes = raw.get("notes") if isinstance(raw.get("notes"), list) else []
    text = notes[0].get("text", "") if notes and isinstance(notes[0], dict) else ""
    first_line = text.strip().splitlines()[0] if isinstance(text, str) and text.strip() else ""
    return Example(name=path.stem, path=path, title=title, summary=first_line)


def run(args: argparse.Namespace) -> int:
    examples = find_examples()
    if args.name is None:
        if args.output:
            fail(NAME, "say which example to copy, e.g. "
                 "'ivr-designer examples support-line -o FILE'.")
            return EXIT_UNREADABLE
        return list_examples(examples)
    return copy_example(examples, args.name, args.output, args.force, args.scenarios)


def list_examples(examples: list[Example]) -> int:
    if not examples:
        print("No example flows are installed.")
        return EXIT_OK
    width = max(len(e.name) for e in examples)
    for example in examples:
        line = f"{example.name:<{width}}  {example.title}"
        if example.summary:
            line += f" — {example.summary}"
        print(line)
    print("\nCopy one with: ivr-designer examples NAME -o FILE")
    return EXIT_OK


def copy_example(examples: list[Example], name: str, output: str | None, force: bool,
                 scenarios: bool = False) -> int:
    from designer.atomic import write_bytes_atomic
    from designer.commands.outputs import file_problem, names_folder, write_problem

    wanted = name.removesuffix(SUFFIX)
    chosen = next((e for e in examples if e.name == wanted), None)
    if chosen is None:
        names = [e.name for e in examples]
        close = difflib.get_close_matches(wanted, names, n=1)
        guess = f" Did you mean '{close[0]}'?" if close else ""
        valid = ", ".join(names) or "none are installed"
        fail(NAME, f"there is no example called '{name}'.{guess} The examples are: {valid}.")
        return EXIT_UNREADABLE
    target = Path(output) if output else Path(chosen.name + SUFFIX)
    if output and names_folder(output) and not target.is_dir():
        # A trailing slash means a folder: never write a file named like it.
        fail(NAME, f"the folder {output} does not exist. Create it first, or give a file "
             "name for the copy.")
        return EXIT_UNREADABLE
    if target.is_dir():
        target = target / (chosen.name + SUFFIX)
    tests = scenario_copies(chosen, target)
    writes = [(target, chosen.path.read_bytes())]
    if scenarios:
        writes += [(path, data) for path, data in tests]
    for path, _ in writes:  # every problem before anything is written
        problem = file_problem(path, force)
        if problem:
            fail(NAME, problem)
            return EXIT_UNREADABLE
    for path, data in writes:
        try:
            write_bytes_atomic(path, data)
        except OSError as exc:
            fail(NAME, write_problem(path, exc))
            return EXIT_UNREADABLE
    print(f"Copied the example '{chosen.name}' ({chosen.title}) to {target}")
    if scenarios and tests:
        print(f"with its {len(tests)} scenario tests; run them with: "
              f"ivr-designer test {shlex.quote(str(target))}")
    elif tests:
        print(f"It has {len(tests)} scenario tests: add --scenarios to copy them too.")
    print(f"Open it with: ivr-designer {shlex.quote(str(target))}")
    return EXIT_OK


def scenario_copies(example: Example, target: Path) -> list[tuple[Path, bytes]]:
    """The example's scenario files, renamed after `target` and naming it as their flow."""
    from designer.simulator.scenario import ScenarioFileError, dumps_scenario, load_scenario

    copies = []
    prefix = f"{example.name}."
    for path in sorted(example.path.parent.glob(f"{prefix}*.scenario.json")):
        try:
            scenario = load_scenario(path)
        except ScenarioFileError:
            continue  # a damaged bundled file: nothing a user could do about it here
        scenario.flow = target.name
        name = target.name.removesuffix(SUFFIX) + "." + path.name.removeprefix(prefix)
        copies.append((target.parent / name, dumps_scenario(scenario).encode("utf-8")))
    return copies
