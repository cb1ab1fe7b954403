"""Validation of a flow: attribute checks from the catalog, cross-attribute rules, and graph
rules on networkx. `validate(flow)` returns every `Diagnostic`, errors first."""

from designer.checks.diagnostic import SEVERITIES, Diagnostic, has_errors

__all__ = ["SEVERITIES", "Diagnostic", "has_errors"]
