"""Scenario files (`*.scenario.json`): a flow, the caller's inputs, and what the call must do.

Format (version 1, documented in docs/simulator.md):

    {"format": "ivr-scenario", "version": 1, "name": "...", "flow": "support-line.ivrflow",
     "inputs": ["1", "dial:busy"],
     "expect": {"path": [...], "exact_path": [...], "hears": [...], "ending": "hangup",
                "url": "..."}}

`path` is a subsequence (these nodes, in this order, others may come between); `exact_path`
is the whole path. `hears` are text fragments the caller hears in this order (case and spacing
ignored). Every expectation is optional. This module loads, saves, finds, runs and checks them.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from designer.jsonerrors import explain_json_error
from designer.simulator.tokens import TokenError, parse_tokens
from designer.simulator.transcript import ENDINGS, Result

if TYPE_CHECKING:
    from designer.model import Flow
    from designer.simulator.engine import SimBundle

FORMAT_NAME = "ivr-scenario"
FORMAT_VERSION = 1
SUFFIX = ".scenario.json"
TOP_KEYS = ("format", "version", "name", "flow", "inputs", "expect")
EXPECT_KEYS = ("path", "exact_path", "hears", "ending", "url")

PASS, FAIL, ERROR = "pass", "fail", "error"


class ScenarioFileError(Exception):
    """The scenario file cannot be used; the message names the file and the place."""


@dataclass
class Expectation:
    path: list[str] | None = None
    exact_path: list[str] | None = None
    hears: list[str] = field(default_factory=list)
    ending: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.path is not None:
            data["path"] = list(self.path)
        if self.exact_path is not None:
            data["exact_path"] = list(self.exact_path)
        if self.hears:
            data["hears"] = list(self.hears)
        if self.ending is not None:
            data["ending"] = self.ending
        if self.url is not None:
            data["url"] = self.url
        return data


@dataclass
class Scenario:
    name: str
    flow: str  # as written in the file: relative to the scenario file
    inputs: list[str]
    expect: Expectation
    path: Path | None = None  # where the scenario file is

    @property
    def flow_path(self) -> Path:
        base = self.path.parent if self.path is not None else Path(".")
        return (base / self.flow).resolve()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "name": self.name,
            "flow": self.flow,
            "inputs": list(self.inputs),
            "expect": self.expect.to_dict(),
        }


@dataclass
class Outcome:
    """How one scenario went: `status` is pass, fail (an expectation is not met) or error (the
    scenario could not run); `message` explains the first mismatch or the error."""

    scenario: Scenario | None
    source: Path
    status: str
    message: str = ""
    result: Result | None = None

    @property
    def name(self) -> str:
        return self.scenario.name if self.scenario else self.source.name


# -- reading and writing ----------------------------------------------------------------------


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioFileError(f"There is no scenario file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioFileError(f"{path} cannot be read: {exc}") from None
    return loads_scenario(text, path)


def loads_scenario(text: str, path: Path | None = None) -> Scenario:
    where = str(path) if path else "scenario"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(
            f"{where}: not valid JSON: {explain_json_error(text, exc)}."
        ) from None

    def fail(message: str) -> ScenarioFileError:
        return ScenarioFileError(f"{where}: {message}")

    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise fail(f'not a scenario file (it needs "format": "{FORMAT_NAME}").')
    version = raw.get("version")
    if version != FORMAT_VERSION:
        if isinstance(version, int) and version > FORMAT_VERSION:
            raise fail(
                f"made for a newer IVR Flow Designer (scenario version {version}); update it."
            )
        raise fail(f'"version" must be {FORMAT_VERSION}.')
    _unknown_keys(raw, TOP_KEYS, "", fail)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail('"name" must be a short text saying what the scenario checks.')
    flow = raw.get("flow")
    if not isinstance(flow, str) or not flow.strip():
        raise fail('"flow" must name the .ivrflow file, relative to the scenario file.')
    inputs = raw.get("inputs", [])
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        raise fail('"inputs" must be a list of texts such as "1", "silence" or "dial:busy".')
    try:
        parse_tokens(inputs)
    except TokenError as exc:
        raise fail(f'"inputs": {exc}') from None
    return Scenario(
        name.strip(), flow, list(inputs), _expectation(raw.get("expect", {}), fail), path
    )


def _expectation(raw: Any, fail) -> Expectation:
    if not isinstance(raw, dict):
        raise fail('"expect" must be an object.')
    _unknown_keys(raw, EXPECT_KEYS, "expect.", fail)
    expect = Expectation()
    for key in ("path", "exact_path", "hears"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(f'"expect.{key}" must be a list of non-empty texts.')
        setattr(expect, key, list(value))
    ending = raw.get("ending")
    if ending is not None and ending not in ENDINGS:
        raise fail(f'"expect.ending" must be one of {", ".join(ENDINGS)}, not {ending!r}.')
    expect.ending = ending
    url = raw.get("url")
    if url is not None and not isinstance(url, str):
        raise fail('"expect.url" must be a text (the address the call is handed to).')
    expect.url = url
    return expect


def _unknown_keys(raw: dict, known: tuple[str, ...], prefix: str, fail) -> None:
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f' Did you mean "{prefix}{close[0]}"?' if close else ""
            raise fail(f'unknown key "{prefix}{key}".{hint}')


def dumps_scenario(scenario: Scenario) -> str:
    return json.dumps(scenario.to_dict(), indent=2, ensure_ascii=False) + "\n"


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write atomically; the file names the flow relative to itself."""
    from designer.atomic import write_bytes_atomic

    write_bytes_atomic(Path(path), dumps_scenario(scenario).encode("utf-8"))


# -- finding ----------------------------------------------------------------------------------


def find_scenarios(target: str | Path) -> list[Path]:
    """Scenario files for `target`: a folder gives every *.scenario.json under it; a flow file
    gives those beside it that name it; a scenario file gives itself."""
    target = Path(target)
    if target.is_dir():
        return sorted(
            p
            for p in target.rglob(f"*{SUFFIX}")
            if not any(part.startswith(".") for part in p.relative_to(target).parts)
        )
    if target.name.endswith(SUFFIX):
        return [target]
    wanted = target.resolve()
    found = []
    for candidate in sorted(target.parent.glob(f"*{SUFFIX}")):
        try:
            if load_scenario(candidate).flow_path == wanted:
                found.append(candidate)
        except ScenarioFileError:
            # A broken file is reported when it clearly belongs to this flow.
            if candidate.name.startswith(target.stem):
                found.append(candidate)
    return found


# -- checking ---------------------------------------------------------------------------------


def check(result: Result, expect: Expectation) -> str | None:
    """None when the result meets every expectation, else the first mismatch in words."""
    for problem in (
        _check_path(result, expect),
        _check_exact_path(result, expect),
        _check_hears(result, expect),
        _check_ending(result, expect),
    ):
        if problem:
            return problem
    return None


def _arrow(path: list[str]) -> str:
    return " → ".join(path) if path else "(no steps)"


def _check_path(result: Result, expect: Expectation) -> str | None:
    if expect.path is None:
        return None
    position = 0
    for index, node in enumerate(expect.path):
        try:
            position = result.path.index(node, position) + 1
        except ValueError:
            after = f" after '{expect.path[index - 1]}'" if index else ""
            return (
                f"path: the call should pass '{node}'{after}, but it does not.\n"
                f"  expected, in this order: {', '.join(expect.path)}\n"
                f"  actual path:             {_arrow(result.path)}"
            )
    return None


def _check_exact_path(result: Result, expect: Expectation) -> str | None:
    if expect.exact_path is None or expect.exact_path == result.path:
        return None
    expected, actual = expect.exact_path, result.path
    index = next(
        (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    if index >= len(actual):
        what = f"the call stops after {len(actual)} steps; it should go on to '{expected[index]}'"
    elif index >= len(expected):
        what = f"the call goes on to '{actual[index]}' after the expected end"
    else:
        what = f"step {index + 1} of the path is '{actual[index]}', expected '{expected[index]}'"
    return f"exact_path: {what}.\n  expected: {_arrow(expected)}\n  actual:   {_arrow(actual)}"


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _check_hears(result: Result, expect: Expectation) -> str | None:
    heard = result.heard
    position = 0
    for index, fragment in enumerate(expect.hears):
        wanted = _normal(fragment)
        for at in range(position, len(heard)):
            if wanted in _normal(heard[at]):
                position = at + 1
                break
        else:
            after = f" after “{expect.hears[index - 1]}”" if index else ""
            listing = "\n".join(f"    {text}" for text in heard) or "    (nothing)"
            return (
                f"hears: the caller should hear “{fragment}”{after}, but does not.\n"
                f"  what the caller hears:\n{listing}"
            )
    return None


def _check_ending(result: Result, expect: Expectation) -> str | None:
    ending = result.ending
    if ending is None:
        return None
    if expect.ending is not None and ending.kind != expect.ending:
        return (
            f"ending: the call should end with {expect.ending}, but it ends with "
            f"{ending.kind}.\n  {ending.text}"
        )
    if expect.url is not None and ending.url != expect.url:
        actual = ending.url or f"(none: the call ends with {ending.kind})"
        return f"url: the call should be handed to {expect.url}, but goes to {actual}."
    return None


# -- running ----------------------------------------------------------------------------------


def run_scenario(scenario: Scenario, bundle: SimBundle, source: Path | None = None) -> Outcome:
    from designer.simulator.engine import SimulationError, simulate

    where = source or scenario.path or Path(scenario.name)
    try:
        result = simulate(bundle, scenario.inputs)
    except SimulationError as exc:
        return Outcome(scenario, where, ERROR, str(exc), exc.result)
    problem = check(result, scenario.expect)
    return Outcome(scenario, where, FAIL if problem else PASS, problem or "", result)


@dataclass
class FlowRun:
    """The scenarios run against one flow, for its coverage report."""

    path: Path
    flow: Flow | None
    results: list[Result] = field(default_factory=list)


@dataclass
class SuiteResult:
    outcomes: list[Outcome]
    flows: dict[Path, FlowRun]

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.status == PASS for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def run_scenarios(paths: list[Path]) -> SuiteResult:
    """Run each scenario file; every flow is compiled once."""
    from designer.simulator.source import SourceError, open_source

    outcomes: list[Outcome] = []
    flows: dict[Path, FlowRun] = {}
    opened: dict[Path, Any] = {}
    for path in paths:
        try:
            scenario = load_scenario(path)
        except ScenarioFileError as exc:
            outcomes.append(Outcome(None, path, ERROR, str(exc)))
            continue
        flow_path = scenario.flow_path
        if flow_path not in opened:
            try:
                opened[flow_path] = open_source(flow_path)
            except SourceError as exc:
                opened[flow_path] = exc
        source = opened[flow_path]
        if isinstance(source, SourceError):
            outcomes.append(Outcome(scenario, path, ERROR, _source_message(source)))
            continue
        outcome = run_scenario(scenario, source.bundle, path)
        outcomes.append(outcome)
        run = flows.setdefault(flow_path, FlowRun(flow_path, source.flow))
        if outcome.result is not None:
            run.results.append(outcome.result)
    return SuiteResult(outcomes, flows)


def _source_message(error: Exception) -> str:
    lines = [str(error)]
    for diagnostic in getattr(error, "diagnostics", []):
        if diagnostic.is_error:
            where = diagnostic.node or "flow"
            lines.append(f"  {where}: {diagnostic.message}")
    return "\n".join(lines)
