"""Entry point of the compiler (being written)."""

from __future__ import annotations

from designer.catalog import Catalog
from designer.checks import Diagnostic
from designer.compiler.bundle import Bundle
from designer.model import Flow


class CompileError(Exception):
    """The flow has validation errors; `diagnostics` lists them all."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"the flow has {sum(d.is_error for d in diagnostics)} error(s)")


def compile_flow(
    flow: Flow, catalog: Catalog | None = None, base_url: str | None = None, check: bool = True
) -> Bundle:
    """Compile `flow`. With `check`, validation errors raise `CompileError` first.
    `base_url` overrides the flow's setting."""
    raise NotImplementedError
