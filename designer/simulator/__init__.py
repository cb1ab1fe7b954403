"""The offline call simulator: runs a compiled bundle with a list of caller inputs and tells
what the caller hears, step by step; scenario files and branch coverage build on it.

See docs/simulator.md. `simulate(bundle, inputs)` is the entry point; `open_source(path)` gives
a bundle from a .ivrflow file or a bundle folder.
"""

from designer.simulator.engine import (
    MAX_STEPS,
    InputMismatch,
    SimBundle,
    SimulationError,
    simulate,
)
from designer.simulator.source import Source, SourceError, bundle_from_flow, open_source
from designer.simulator.tokens import Token, TokenError, parse_token, parse_tokens
from designer.simulator.transcript import ENDINGS, Ending, Result, Step

__all__ = [
    "ENDINGS",
    "MAX_STEPS",
    "Ending",
    "InputMismatch",
    "Result",
    "SimBundle",
    "SimulationError",
    "Source",
    "SourceError",
    "Step",
    "Token",
    "TokenError",
    "bundle_from_flow",
    "open_source",
    "parse_token",
    "parse_tokens",
    "simulate",
]
