"""The call simulator's entry point: runs a compiled bundle element by element, the way Plivo
runs XML, with a list of caller inputs.

It starts at the manifest's entry document and runs each top-level element in order. Input
verbs consume caller tokens (see `tokens.py`); `action` URLs and `<Redirect>`s that point into
the bundle are followed (routes are answered from the manifest, like the runtime does), any
other URL hands the call to someone else's server and ends the simulation. Reaching the end of
a document hangs up, as Plivo does. The rules follow §23 of the Plivo reference; where Plivo
does not say, the choice made is written down in docs/simulator.md ("Decisions").

`simulate()` is a pure function of the bundle and the inputs: an editor steps back by running
the same bundle again with one input fewer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from designer.simulator.core import MAX_STEPS, InputMismatch, SimBundle, SimulationError
from designer.simulator.tokens import Token, parse_tokens

if TYPE_CHECKING:
    from designer.catalog import Catalog
    from designer.simulator.transcript import Result

__all__ = ["MAX_STEPS", "InputMismatch", "SimBundle", "SimulationError", "simulate"]


def simulate(
    bundle: SimBundle,
    inputs: list[str] | list[Token],
    base_url: str | None = None,
    max_steps: int = MAX_STEPS,
    catalog: Catalog | None = None,
) -> Result:
    """Run the call with the given caller inputs. Raises `TokenError` for a misspelt input,
    `InputMismatch` when an input does not fit (or is left over when the call ends) and
    `SimulationError` for a broken bundle; the last two carry the transcript so far in
    `.result`. `base_url` overrides the manifest's: URLs under it belong to the bundle."""
    from designer.catalog import load_catalog
    from designer.simulator.verbs import Call

    tokens = parse_tokens([str(t) for t in inputs])
    return Call(bundle, tokens, base_url, max_steps, catalog or load_catalog()).run()
