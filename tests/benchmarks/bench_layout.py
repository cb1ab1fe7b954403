"""Benchmark of the layered layout (designer.layout, issue 4 auto-layout): figures, no
assertions.

Run: `.venv/bin/python tests/benchmarks/bench_layout.py [--sizes 200,2000,20000]`

For the generated flows of `bench_gui.py` (department blocks, as a person would build a big
line) and the bundled examples, prints the time of a whole-flow layout (best of 3) and the
link crossings between neighbouring columns before crossing reduction (the depth-first start
order) and after it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def generated(size: int):
    spec = importlib.util.spec_from_file_location("bench_gui", HERE / "bench_gui.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_flow(size)


def measure(name: str, flow) -> None:
    from designer.layout import layered_layout, ordering_crossings

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        layered_layout(flow)
        best = min(best, time.perf_counter() - started)
    before = ordering_crossings(flow, sweeps=0)
    after = ordering_crossings(flow)
    print(f"{name:<28} {len(flow.nodes):>6} steps  layout {best * 1000:8.1f} ms   "
          f"crossings {before:>5} → {after:<5}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,20000")
    args = parser.parse_args()
    from designer.flowfile import load_flow
    from designer.resources import examples_dir

    for path in sorted(examples_dir().glob("*.ivrflow")):
        measure(path.name, load_flow(path))
    for size in (int(s) for s in args.sizes.split(",")):
        measure(f"generated {size}", generated(size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
