"""What a simulated call did: its steps, how it ended, and their wording.

A `Step` is one thing that happened, told in plain words ("Caller hears: …", "Caller pressed 1",
"Dials +14155550100: busy"), tagged with the document and node it belongs to. `Result` gathers
the steps, the path of nodes visited, the exits (ports) taken and the `Ending`, and renders
itself as text for people or as a dict for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# How a call can end.
HANGUP = "hangup"
REDIRECT_EXTERNAL = "redirect-external"
WAITING = "waiting-for-input"
STEP_LIMIT = "step-limit"
CALLER_HANGUP = "caller-hangup"
ENDINGS = (HANGUP, REDIRECT_EXTERNAL, WAITING, STEP_LIMIT, CALLER_HANGUP)

# What kind of thing a step is; the editor styles them differently.
HEARS, ACTION, WAIT, INPUT, ROUTE = "hears", "action", "wait", "input", "route"


@dataclass(frozen=True)
class Step:
    number: int
    document: str
    node: str | None  # None for the compiler's own links between documents
    verb: str  # the Plivo element concerned, e.g. "GetDigits"
    text: str
    kind: str = ACTION
    input: str | None = None  # the caller input consumed here, as typed
    before_answer: bool = False  # inside <PreAnswer>

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "document": self.document,
            "node": self.node,
            "verb": self.verb,
            "kind": self.kind,
            "text": self.text,
        }
        if self.input is not None:
            data["input"] = self.input
        if self.before_answer:
            data["before_answer"] = True
        return data


@dataclass(frozen=True)
class Ending:
    kind: str
    text: str
    document: str | None = None
    node: str | None = None
    url: str | None = None  # for redirect-external
    expects: tuple[str, ...] = ()  # for waiting-for-input: the token kinds that would fit

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "text": self.text}
        for key in ("document", "node", "url"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.expects:
            data["expects"] = list(self.expects)
        return data


@dataclass
class Result:
    flow: str
    inputs: list[str]
    steps: list[Step] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # node ids, once per visit
    exits: list[tuple[str, str]] = field(default_factory=list)  # (node, port) taken
    ending: Ending | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def heard(self) -> list[str]:
        return [s.text for s in self.steps if s.kind == HEARS]

    def to_dict(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "inputs": list(self.inputs),
            "steps": [s.to_dict() for s in self.steps],
            "path": list(self.path),
            "exits": [{"node": n, "port": p} for n, p in self.exits],
            "ending": self.ending.to_dict() if self.ending else None,
            "warnings": list(self.warnings),
        }

    def render(self) -> str:
        """The transcript as aligned text lines, then the path and the ending."""
        lines = []
        if self.steps:
            rows = [
                (
                    str(s.number),
                    s.document,
                    s.node or "",
                    s.verb,
                    ("(before answer) " if s.before_answer else "") + s.text,
                )
                for s in self.steps
            ]
            header = ("#", "document", "step", "verb", "what happens")
            widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
            for row in [header, *rows]:
                cells = [row[0].rjust(widths[0])]
                cells += [c.ljust(w) for c, w in zip(row[1:4], widths[1:], strict=True)]
                lines.append("  ".join([*cells, row[4]]).rstrip())
        else:
            lines.append("(nothing happened)")
        if self.path:
            lines.append("Path: " + " → ".join(self.path))
        for warning in self.warnings:
            lines.append(f"Warning: {warning}")
        if self.ending is not None:
            lines.append(f"Ending: {self.ending.kind} — {self.ending.text}")
        return "\n".join(lines)


def plural(number: int, word: str, plural_word: str | None = None) -> str:
    return f"{number} {word if number == 1 else (plural_word or word + 's')}"


def times(loop: int) -> str:
    return f" ×{loop}" if loop > 1 else ""


def quoted(text: str) -> str:
    return f"“{text}”"
