"""What a check reports: one finding about the flow, written for a non-programmer."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Diagnostic:
    severity: str
    code: str
    node: str | None
    attribute: str | None
    message: str
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (
        SEVERITIES.index(diagnostic.severity),
        diagnostic.node or "",
        diagnostic.code,
        diagnostic.attribute or "",
        diagnostic.message,
    )
