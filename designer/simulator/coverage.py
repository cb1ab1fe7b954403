"""Branch coverage of scenario runs: which exits (ports) of which steps no scenario took.

A branch is a wired exit of a step: an edge of the flow, except those leaving Start (always
taken). Exits left unwired are not counted: where they lead is not part of the design (an
unwired Dial outcome goes on through `next`, which is counted). The engine records each exit a
call leaves a step by; a branch is exercised when some scenario's call took it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from designer.model import Flow
    from designer.simulator.transcript import Result


# Exits whose names say little to a person, in plain words (the exit's name follows).
PORT_WORDS = {"nomatch": "a wrong entry", "noinput": "no input"}
DIAL_OUTCOMES = ("completed", "busy", "no-answer", "failed", "timeout")


@dataclass(frozen=True)
class Branch:
    node: str
    port: str
    target: str
    # The exit in plain words, e.g. "any other outcome (next)"; "" to show the port alone.
    words: str = ""

    def describe(self) -> str:
        return f"{self.node} → {self.words or self.port} (leads to {self.target})"


@dataclass(frozen=True)
class Coverage:
    branches: tuple[Branch, ...]
    missed: tuple[Branch, ...]

    @property
    def covered(self) -> int:
        return len(self.branches) - len(self.missed)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / len(self.branches) if self.branches else 100.0

    @property
    def complete(self) -> bool:
        return not self.missed

    def summary(self) -> str:
        if not self.branches:
            return "no branches to cover"
        total = len(self.branches)
        exits = "exit" if total == 1 else "exits"
        return f"{self.covered} of {total} {exits} taken ({self.percent:.0f}%)"

    def to_dict(self) -> dict:
        return {
            "branches": len(self.branches),
            "covered": self.covered,
            "percent": round(self.percent, 1),
            "missed": [{"node": b.node, "port": b.port, "target": b.target} for b in self.missed],
        }


def branches(flow: Flow) -> list[Branch]:
    starts = {n.id for n in flow.start_nodes()}
    return [
        Branch(e.source, e.port, e.target, _words(flow, e.source, e.port))
        for e in flow.edges
        if e.source not in starts
    ]


def _words(flow: Flow, node_id: str, port: str) -> str:
    node = flow.nodes.get(node_id)
    if node is not None and node.type == "Dial" and port == "next":
        # With outcomes wired, `next` is where every other outcome goes.
        if any(flow.edge_from(node_id, outcome) for outcome in DIAL_OUTCOMES):
            return "any other outcome (next)"
        return "after the dialled call, however it ends (next)"
    if port in PORT_WORDS:
        return f"{PORT_WORDS[port]} ({port})"
    return ""


def coverage(flow: Flow, results: Iterable[Result]) -> Coverage:
    taken = {exit for result in results for exit in result.exits}
    every = tuple(branches(flow))
    return Coverage(every, tuple(b for b in every if (b.node, b.port) not in taken))
