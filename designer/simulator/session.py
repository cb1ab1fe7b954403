"""One simulated call driven step by step, as the editor's simulator dock drives it: the
caller's inputs so far, the result of running them, what would fit next, the path to draw on
the canvas, and the call saved as a scenario. No Qt here: the dock only shows what this says.

Because `simulate()` is a pure function of the bundle and the inputs, every action re-runs the
call from the start: giving an input appends one token, stepping back drops the last one. An
input that does not fit is refused and the call stays where it was.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from designer.simulator.core import InputMismatch, SimBundle, SimulationError
from designer.simulator.engine import simulate
from designer.simulator.scenario import Expectation, Scenario
from designer.simulator.tokens import DIGITS, TokenError
from designer.simulator.transcript import REDIRECT_EXTERNAL, WAITING, Result

if TYPE_CHECKING:
    from designer.catalog import Catalog
    from designer.checks import Diagnostic
    from designer.model import Flow

ALL_KEYS = "123456789*0#"


class CompileProblem(Exception):
    """The flow cannot be turned into XML as it is; `errors` says why (may be empty when the
    compiler itself failed)."""

    def __init__(self, message: str, errors: list[Diagnostic]) -> None:
        super().__init__(message)
        self.errors = errors


def compile_for_simulation(flow: Flow, catalog: Catalog | None = None) -> SimBundle:
    """Compile the flow as it is now, with the checks off (like the XML preview): a flow with
    errors is still simulated as the XML it would produce. Raises `CompileProblem` with the
    errors when no XML can be produced at all."""
    from designer.checks import validate
    from designer.compiler import CompileError, compile_flow

    try:
        compiled = compile_flow(flow, catalog, check=False)
    except CompileError as exc:
        errors = [d for d in exc.diagnostics if d.is_error]
        raise CompileProblem(_cannot_compile(len(errors)), errors) from None
    except Exception as exc:
        # Without the checks the compiler can meet a flow it was never meant to build; the
        # checks then say what to fix.
        errors = [d for d in validate(flow, catalog) if d.is_error]
        if not errors:
            raise CompileProblem(
                f"The flow could not be turned into Plivo XML ({exc}).", []
            ) from None
        raise CompileProblem(_cannot_compile(len(errors)), errors) from None
    return SimBundle(documents=dict(compiled.documents), manifest=compiled.manifest)


def _cannot_compile(count: int) -> str:
    if count == 1:
        return "The call cannot be simulated until this error is fixed:"
    return f"The call cannot be simulated until these {count} errors are fixed:"


@dataclass(frozen=True)
class KeyEntry:
    """How the step the call waits at collects keys: `keys` fit here; the entry is complete
    at the finish key (finishOnKey, '' when off) or once `limit` keys are typed (numDigits)."""

    keys: str
    limit: int
    finish: str

    def complete(self, typed: str) -> bool:
        if not typed:
            return False
        if self.finish and typed.endswith(self.finish):
            return True
        return len(typed) >= self.limit


@dataclass(frozen=True)
class Trace:
    """What to draw on the canvas: the steps visited, the step the call is at (or ended at)
    and the links it took, as (source, port) pairs."""

    visited: frozenset[str] = frozenset()
    current: str | None = None
    edges: frozenset[tuple[str, str]] = frozenset()


class Session:
    """A call in progress through one compiled bundle."""

    def __init__(self, bundle: SimBundle, catalog: Catalog | None = None) -> None:
        from designer.catalog import load_catalog

        self.bundle = bundle
        self.catalog = catalog or load_catalog()
        self.inputs: list[str] = []
        self.result: Result | None = None
        self.error: str | None = None  # the bundle itself could not be run further
        self.run()

    # -- running ------------------------------------------------------------------------------

    def _simulate(self, inputs: list[str]) -> Result:
        return simulate(self.bundle, inputs, catalog=self.catalog)

    def run(self) -> None:
        """Run the call with the inputs so far."""
        try:
            self.result, self.error = self._simulate(self.inputs), None
        except SimulationError as exc:
            self.result, self.error = exc.result, str(exc)

    def give(self, token: str) -> str | None:
        """The caller does `token` next. Returns None when it was taken, else why not (the
        call stays as it was)."""
        inputs = [*self.inputs, token]
        try:
            result = self._simulate(inputs)
        except TokenError as exc:
            return str(exc).removeprefix(f"Input {len(inputs)}: ")
        except InputMismatch as exc:
            return str(exc)
        except SimulationError as exc:
            self.inputs, self.result, self.error = inputs, exc.result, str(exc)
            return None
        self.inputs, self.result, self.error = inputs, result, None
        return None

    def step_back(self) -> bool:
        """Take back the last input; False when there is none."""
        if not self.inputs:
            return False
        self.inputs.pop()
        self.run()
        return True

    def restart(self) -> None:
        self.inputs = []
        self.run()

    # -- where the call is --------------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        ending = self.result.ending if self.result else None
        return self.error is None and ending is not None and ending.kind == WAITING

    @property
    def expects(self) -> tuple[str, ...]:
        """The kinds of input that fit where the call waits (see tokens.KINDS); () when the
        call has ended."""
        return self.result.ending.expects if self.waiting and self.result.ending else ()

    def key_entry(self) -> KeyEntry | None:
        """How the waiting step takes keys, or None when it takes none."""
        if DIGITS not in self.expects:
            return None
        element = self._waiting_element()
        if element is None:
            return KeyEntry(ALL_KEYS, 99, "#")
        if element.tag == "Conference":
            return KeyEntry("*", 1, "")  # only * (hangupOnStar) leaves a conference
        default_limit = 99 if element.tag == "GetDigits" else 32
        limit = self._int(element, "numDigits") or default_limit
        finish = element.get("finishOnKey")
        if finish is None:
            spec = self.catalog.by_tag(element.tag)
            attribute = spec.attribute("finishOnKey") if spec else None
            finish = str(attribute.default) if attribute and attribute.default else ""
        finish = "" if finish.strip().lower() in ("", "none") else finish.strip()
        return KeyEntry(ALL_KEYS, max(1, limit), finish)

    def _int(self, element, name: str) -> int | None:
        value = element.get(name)
        if value is None:
            spec = self.catalog.by_tag(element.tag)
            attribute = spec.attribute(name) if spec else None
            value = attribute.default if attribute else None
        try:
            return int(str(value).strip()) if value is not None else None
        except ValueError:
            return None

    def _waiting_element(self):
        """The top-level element of the document the call waits in that belongs to the step
        it waits at (the manifest lists a document's steps in element order)."""
        ending = self.result.ending if self.result else None
        if ending is None or ending.document is None or ending.node is None:
            return None
        entry = self.bundle.manifest.get("documents", {}).get(ending.document, {})
        nodes = list(entry.get("nodes", []))
        data = self.bundle.documents.get(ending.document)
        if ending.node not in nodes or data is None:
            return None
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            return None
        elements = [e for e in root if isinstance(e.tag, str)]
        index = nodes.index(ending.node)
        return elements[index] if index < len(elements) else None

    def trace(self, flow: Flow) -> Trace:
        """The path to draw on `flow`'s canvas: visited steps, the current one, the links
        taken (only links that exist in the drawing)."""
        result = self.result
        if result is None:
            return Trace()
        edges = {exit for exit in result.exits if flow.edge_from(*exit) is not None}
        visited = set(result.path)
        if result.path:
            for start in flow.start_nodes():
                edge = flow.edge_from(start.id, "next")
                if edge is not None and edge.target == result.path[0]:
                    edges.add((start.id, "next"))
                    visited.add(start.id)
        ending = result.ending
        current = ending.node if ending is not None and ending.node else None
        if current is None and result.path:
            current = result.path[-1]
        return Trace(frozenset(visited), current, frozenset(edges))

    # -- saving -------------------------------------------------------------------------------

    def scenario(self, flow_path: Path, scenario_path: Path, name: str | None = None) -> Scenario:
        """This call as a scenario file's content: its inputs, and as expectations the whole
        path and the ending (and the URL, when the call leaves the flow)."""
        result = self.result
        if result is None or result.ending is None:
            raise ValueError("the call has not run")
        expect = Expectation(exact_path=list(result.path), ending=result.ending.kind)
        if result.ending.kind == REDIRECT_EXTERNAL:
            expect.url = result.ending.url
        return Scenario(
            name=name or scenario_name(self.inputs, result.ending.kind),
            flow=relative_flow_path(flow_path, scenario_path),
            inputs=list(self.inputs),
            expect=expect,
            path=scenario_path,
        )


def relative_flow_path(flow_path: Path, scenario_path: Path) -> str:
    """The flow as the scenario file names it: relative to the scenario's folder."""
    try:
        relative = os.path.relpath(Path(flow_path).resolve(), Path(scenario_path).resolve().parent)
    except ValueError:  # another drive (Windows): only an absolute path works
        return Path(flow_path).resolve().as_posix()
    return Path(relative).as_posix()


INPUT_WORDS = {
    "silence": "says nothing",
    "hangup": "hangs up",
}


def describe_input(token: str) -> str:
    """One input in words, for scenario names: `1` → "presses 1", `dial:busy` → "the dial is
    busy"."""
    kind, _, value = token.partition(":")
    if token in INPUT_WORDS:
        return INPUT_WORDS[token]
    if kind == "speech":
        return f"says “{value}”"
    if kind == "dial":
        return f"the dial ends {value}"
    if kind == "record":
        return f"records {value} s"
    return f"presses {token}"


def scenario_name(inputs: list[str], ending: str) -> str:
    if not inputs:
        return f"No caller input; the call ends with {ending}"
    return f"Caller {', '.join(describe_input(t) for t in inputs)}; the call ends with {ending}"


def scenario_file_name(flow_path: Path, inputs: list[str]) -> str:
    """A suggested file name beside the flow: `support-line.1-dial-busy.scenario.json`."""
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(inputs).lower().replace("*", "-star-")
                  .replace("#", "-hash-")).strip("-")[:48].strip("-")
    stem = Path(flow_path).name.removesuffix(".ivrflow")
    return f"{stem}.{slug or 'call'}.scenario.json"
