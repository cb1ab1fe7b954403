"""Instruction counts of validate + compile next to the Plivo SDK building the same documents,
measured with valgrind's cachegrind: a figure the machine's drifting speed cannot disturb.

Run: `.venv/bin/python tests/benchmarks/count_instructions.py [--sizes 2000,20000]` (needs
`valgrind`: `apt-get install valgrind`). It takes a few minutes and asserts nothing; it is not
one of the `bench_*` scripts that `bash packaging/setup.sh bench` runs.

How it counts: for each side, cachegrind runs a child process twice, once doing only the
preparation that bench_compile.py does not time (for ours: loading the flow file before each
run; for the SDK: unpickling the prepared plan) and once doing it with `--runs` measured runs;
the difference divided by the runs is the count per run. Ours is `FlowIndex`, `validate`,
`compile_flow(check=False)` and the size check, exactly the phases bench_compile.py times;
the SDK side is bench_compile.py's too.
Also printed: data reads that miss a 512 KB cache (this machine's per-core L2), the part of
the work that grows faster than the flow.
"""

from __future__ import annotations

import argparse
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from bench_compile import generate_flow, sdk_builder, sdk_plan  # noqa: E402

L2 = "--LL=524288,8,64"


def child_ours(flow_path: Path, runs: int, prepare_only: bool) -> None:
    from designer.checks import validate
    from designer.compiler import compile_flow
    from designer.compiler.compile import size_diagnostics
    from designer.flowfile import load_flow
    from designer.flowindex import FlowIndex

    for _ in range(runs):
        flow = load_flow(flow_path)  # preparation, as in bench_compile.py: in both counts
        if not prepare_only:
            index = FlowIndex(flow)
            validate(flow, index=index)
            size_diagnostics(compile_flow(flow, check=False, index=index))


def child_sdk(plan_path: Path, runs: int, prepare_only: bool) -> None:
    build_documents = sdk_builder(pickle.loads(plan_path.read_bytes()))
    for _ in range(0 if prepare_only else runs):
        build_documents()


def counted(kind: str, path: Path, runs: int, prepare_only: bool) -> tuple[int, int]:
    """(instructions, data reads missing the 512 KB cache) of one child process."""
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=yes", L2,
         "--cachegrind-out-file=/dev/null", sys.executable, __file__,
         f"--{kind}", str(path), "--runs", str(runs),
         *(["--prepare-only"] if prepare_only else [])],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the {kind} count failed:\n{result.stderr[-2000:]}")

    def figure(label: str) -> int:
        found = re.search(label + r":\s+([\d,]+)", result.stderr)
        if found is None:
            raise SystemExit(f"no '{label}' in cachegrind's report:\n{result.stderr[-2000:]}")
        return int(found.group(1).replace(",", ""))

    return figure(r"I\s+refs"), figure(r"LLd misses")


def per_run(kind: str, path: Path, runs: int) -> tuple[float, float]:
    """Instructions and cache misses per measured run: the full count less the preparation's."""
    base = counted(kind, path, runs, prepare_only=True)
    full = counted(kind, path, runs, prepare_only=False)
    return (full[0] - base[0]) / runs, (full[1] - base[1]) / runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        default=[2_000], help="comma-separated step counts (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per count")
    parser.add_argument("--ours", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sdk", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours:
        child_ours(args.ours, args.runs, args.prepare_only)
        return 0
    if args.sdk:
        child_sdk(args.sdk, args.runs, args.prepare_only)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed; install it with: apt-get install valgrind")
        return 2
    from designer.compiler import compile_flow
    from designer.flowfile import save_flow

    print(f"{'steps':>7} {'ours Minstr':>12} {'SDK Minstr':>11} {'ours/SDK':>9} "
          f"{'ours L2 miss':>13} {'SDK L2 miss':>12}")
    with tempfile.TemporaryDirectory(prefix="ivr-count-") as workdir:
        for size in args.sizes:
            flow = generate_flow(size)
            flow_path = Path(workdir) / f"flow-{size}.ivrflow"
            save_flow(flow, flow_path)
            plan_path = Path(workdir) / f"plan-{size}.pickle"
            plan_path.write_bytes(pickle.dumps(sdk_plan(compile_flow(flow, check=False)
                                                        .documents)))
            ours = per_run("ours", flow_path, args.runs)
            sdk = per_run("sdk", plan_path, args.runs)
            print(f"{size:>7,} {ours[0] / 1e6:>12.1f} {sdk[0] / 1e6:>11.1f} "
                  f"{ours[0] / sdk[0]:>9.2f} {ours[1]:>13,.0f} {sdk[1]:>12,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
