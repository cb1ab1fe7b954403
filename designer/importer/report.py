"""What an import reports: located findings (`ImportDiagnostic`), the result (`ImportResult`)
and the one exception a refused import raises (`XmlImportError`).

Every message names the file and, when known, the line (and column) it is about, in words a
person who is not a programmer can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from designer.checks import Diagnostic
from designer.model import Flow

SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(frozen=True)
class ImportDiagnostic:
    """One finding about an imported file. `node` names the step it concerns, if any."""

    severity: str
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    node: str | None = None
    attribute: str | None = None
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        parts = [self.file] if self.file else []
        if self.line is not None:
            parts.append(f"line {self.line}")
            if self.column is not None:
                parts[-1] += f", column {self.column}"
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} {self.hint}" if self.hint else text

    def to_diagnostic(self) -> Diagnostic:
        """The same finding as a checks `Diagnostic`, for lists that show both kinds."""
        message = f"{self.location}: {self.message}" if self.location else self.message
        return Diagnostic(self.severity, self.code, self.node, self.attribute, message, self.hint)


@dataclass
class ImportResult:
    """The imported flow and everything worth telling the user about it."""

    flow: Flow
    diagnostics: list[ImportDiagnostic] = field(default_factory=list)
    # Imported file name → id of its first step (None for a file without steps).
    entry_nodes: dict[str, str | None] = field(default_factory=dict)

    @property
    def warnings(self) -> list[ImportDiagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def step_count(self) -> int:
        """Imported steps, not counting Start."""
        return sum(1 for node in self.flow.nodes.values() if node.type != "Start")

    @property
    def link_count(self) -> int:
        return sum(1 for d in self.diagnostics if d.code == "import-link")


class XmlImportError(Exception):
    """The input was refused (unsafe, malformed, not Plivo XML) or could not be read.

    `diagnostics` lists every problem found in every file; `unreadable` is true when at least
    one file could not be read at all (the CLI exits with 2 then, otherwise 1).
    """

    def __init__(self, diagnostics: list[ImportDiagnostic], unreadable: bool = False) -> None:
        self.diagnostics = diagnostics
        self.unreadable = unreadable
        super().__init__(self.describe())

    def describe(self) -> str:
        if len(self.diagnostics) == 1:
            return f"Nothing was imported: {self.diagnostics[0]}"
        lines = [f"Nothing was imported; {len(self.diagnostics)} problems were found:"]
        lines += [f"  - {d}" for d in self.diagnostics]
        return "\n".join(lines)
