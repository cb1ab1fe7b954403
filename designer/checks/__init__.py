"""Validation of a flow: attribute checks from the catalog, cross-attribute rules, and graph
rules on networkx. `validate(flow)` returns every `Diagnostic`, errors first.

Modules: diagnostic (the result type), codes (every code and its severity), values (one value
against its catalog spec), attributes (per-step catalog checks), ssml, rules (cross-attribute),
menus (menu choices), placement (position in the call), graph (networkx rules), settings (base
URL and link method), validate (runs them all).
"""

from designer.checks.codes import CODES
from designer.checks.diagnostic import SEVERITIES, Diagnostic, has_errors, sort_key
from designer.checks.validate import validate

__all__ = ["CODES", "SEVERITIES", "Diagnostic", "has_errors", "sort_key", "validate"]
