"""`gc_paused()`: run a block with Python's cyclic garbage collector switched off.

Validating and compiling a big flow allocates hundreds of thousands of short-lived objects
(diagnostics, plans, lxml proxies) on top of the flow itself. Each allocation burst makes the
collector walk the flow's whole object graph again, although none of this work creates garbage
cycles: reference counting frees all of it. For a 20,000-step flow the collector's walks cost
about a third of the compile time, growing faster than the flow, so `validate`, the
compiler and `FlowIndex` pause it (measured in tests/benchmarks/bench_compile.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Nested or concurrent uses are safe: only the use that switched it off switches the
    collector back on, and it does so even when the block raises."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
