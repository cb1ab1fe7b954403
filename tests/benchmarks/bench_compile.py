"""Benchmark: load + validate + compile of generated flows of 200, 2,000 and 20,000 steps, side
by side with building the same XML documents with Plivo's official SDK (`plivo.xml`).

Run: `.venv/bin/python tests/benchmarks/bench_compile.py` (or `bash packaging/setup.sh bench`).
Prints a table and the two targets of issue 2 §7; it asserts nothing.

How it measures:
* The flows are chains of department blocks: a welcome, a key-press menu (1 information,
  2 call a person, 3 skip ahead, no input goodbye), a Dial whose no-answer outcome takes a
  voicemail, and merges into the next block, so the compiler cuts many documents.
* Each side runs in a fresh process per size, so peak memory is its own: the figure is the
  growth of the process's peak resident memory over what it used before starting.
* Ours: exactly what `ivr-designer compile` does: `load_flow` (the file on disk), the checks
  (`designer.checks.validate`), then `compile_flow(check=False)` and the 100 KB size check of
  its documents. The targets compare validate + compile.
* The SDK: our compiled documents are parsed beforehand (untimed) into the SDK element classes
  and keyword arguments that reproduce them; the timed part builds every document with
  `ResponseElement().add(...)` and serialises it with `to_string()`.
* Times are the best of several runs. The machine's speed drifts (a shared virtual machine
  varies by 20-50 % from second to second), so the runs are spread over rounds: each round
  measures every size once more on both sides, in fresh processes, and the best time of each
  phase over all rounds is kept. That way a slow spell cannot fall on one size only and tilt
  the ratios. `--rounds` sets how many (default 3).
* Every sample covers about the same amount of work: a sample of a smaller size is the mean of
  several runs one after the other (10 at 2,000 steps, 100 at 200 steps; each run loads the
  file again, untimed, exactly as `ivr-designer compile` does). The machine's speed also jumps
  within a second; a single short run can fall entirely into a fast moment, a long one
  cannot, so the best of many short runs would flatter the small sizes and tilt the ratios
  against the big one.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

SIZES = (200, 2_000, 20_000)
REPEATS = {200: 5, 2_000: 5, 20_000: 5}  # per round: equal, so that no size gets more chances
ROUNDS = 3
TARGET_VS_SDK = 1.5  # at 2,000 steps, ours ≤ 1.5 × the SDK
TARGET_SCALING = 12.0  # 20,000 steps ≤ 12 × the 2,000-step time
BLOCK = 9  # steps per department block


# -- the generated flows --------------------------------------------------------------------


def generate_flow(size: int):
    """A flow of exactly `size` steps. Built directly (not through the edit methods, which
    notify listeners and keep insertion order) since only the result matters here."""
    from designer.model import Child, Edge, Flow, Node

    flow = Flow(f"Benchmark line, {size} steps")
    flow.settings["base_url"] = "https://ivr.example.com/bench/"
    nodes: list[Node] = [Node("start", "Start")]
    edges: list[Edge] = []
    blocks = max(1, (size - 3) // BLOCK)
    filler = size - 3 - blocks * BLOCK  # extra Speak steps before the final goodbye

    def entry(k: int) -> str:
        return f"intro-{k}" if k < blocks else "fill-0" if filler > 0 else "final"

    for k in range(blocks):
        ids = {name: f"{name}-{k}" for name in
               ("intro", "menu", "info", "pause", "sales", "voicemail", "thanks", "bye", "end")}
        nodes += [
            Node(ids["intro"], "Speak", text=f"Welcome to department {k}.",
                 attributes={"language": "en-GB"}),
            Node(ids["menu"], "GetDigits", attributes={"numDigits": 1, "timeout": 7},
                 children=[Child("Speak", text="For information press 1. To speak to someone "
                                               "press 2. For the next department press 3.")],
                 choices=["1", "2", "3"]),
            Node(ids["info"], "Play", text=f"https://audio.example.com/dept-{k}.mp3"),
            Node(ids["pause"], "Wait", attributes={"length": 2}),
            Node(ids["sales"], "Dial", attributes={"timeout": 20, "callerName": "Bench"},
                 children=[Child("Number", text=f"+1415555{k % 10000:04d}")]),
            Node(ids["voicemail"], "Record",
                 attributes={"maxLength": 120, "callbackUrl": "https://crm.example.com/vm"}),
            Node(ids["thanks"], "Speak", text="Thank you, we will call you back."),
            Node(ids["bye"], "Speak", text="We did not hear from you. Goodbye."),
            Node(ids["end"], "Hangup"),
        ]
        after = entry(k + 1)
        if k == 0:
            edges.append(Edge("start", "next", ids["intro"]))
        edges += [
            Edge(ids["intro"], "next", ids["menu"]),
            Edge(ids["menu"], "1", ids["info"]),
            Edge(ids["menu"], "2", ids["sales"]),
            Edge(ids["menu"], "3", after),
            Edge(ids["menu"], "noinput", ids["bye"]),
            Edge(ids["info"], "next", ids["pause"]),
            Edge(ids["pause"], "next", after),
            Edge(ids["sales"], "no-answer", ids["voicemail"]),
            Edge(ids["sales"], "next", after),
            Edge(ids["voicemail"], "next", ids["thanks"]),
            Edge(ids["thanks"], "next", after),
            Edge(ids["bye"], "next", ids["end"]),
        ]
    for i in range(filler):
        nodes.append(Node(f"fill-{i}", "Speak", text=f"Announcement number {i}."))
        edges.append(Edge(f"fill-{i}", "next", f"fill-{i + 1}" if i + 1 < filler else "final"))
    nodes += [Node("final", "Speak", text="That was the last department. Goodbye."),
              Node("final-end", "Hangup")]
    edges.append(Edge("final", "next", "final-end"))
    flow.nodes = {node.id: node for node in nodes}
    flow.edges = edges
    flow.layout = {node.id: (220.0 * (i % 50), 160.0 * (i // 50)) for i, node in enumerate(nodes)}
    assert len(flow.nodes) == size, (len(flow.nodes), size)
    return flow


# -- memory ---------------------------------------------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    """The process's peak resident set size. Read from VmHWM, not `ru_maxrss`: Linux carries
    `ru_maxrss` over from the parent through fork and exec, so a child started by a big
    parent would report the parent's peak."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise SystemExit("no VmHWM in /proc/self/status")


# -- our side (runs in its own process) -----------------------------------------------------


def measure_ours(flow_path: Path, repeats: int, batch: int) -> dict[str, Any]:
    # The phases of `ivr-designer compile` (designer.commands.compile.check_and_build).
    from designer.checks import validate
    from designer.compiler import compile_flow
    from designer.compiler.compile import size_diagnostics
    from designer.flowfile import load_flow
    from designer.flowindex import FlowIndex

    load_flow(flow_path)  # loads the catalog once, as any real run does at start-up
    before = rss_mb()
    best: dict[str, float] = {}
    documents = 0
    for _ in range(repeats):
        # One sample: the mean of `batch` runs one after the other (see the module docstring).
        sample = dict.fromkeys(("load", "validate", "compile"), 0.0)
        for _ in range(batch):
            t0 = time.perf_counter()
            flow = load_flow(flow_path)
            t1 = time.perf_counter()
            index = FlowIndex(flow)  # built in the validate phase, shared with compile
            diagnostics = validate(flow, index=index)
            t2 = time.perf_counter()
            bundle = compile_flow(flow, check=False, index=index)
            diagnostics += size_diagnostics(bundle)
            t3 = time.perf_counter()
            errors = [d for d in diagnostics if d.severity == "error"]
            if errors:
                raise SystemExit(f"the generated flow has errors: {errors[:3]}")
            documents = len(bundle.documents)
            sample["load"] += t1 - t0
            sample["validate"] += t2 - t1
            sample["compile"] += t3 - t2
            del flow, bundle, diagnostics, index
        for key, total in sample.items():
            best[key] = min(best.get(key, total / batch), total / batch)
    return {**best, "documents": documents, "peak_mb": peak_mb() - before}


# -- the SDK side ---------------------------------------------------------------------------


def sdk_plan(documents: dict[str, bytes]) -> list[list[tuple]]:
    """For each document, the SDK calls that rebuild its elements: (class name, keyword
    arguments, children), with values typed the way the SDK wants them (real bools)."""
    from lxml import etree

    from designer.catalog import load_catalog

    catalog = load_catalog()

    def element_plan(element) -> tuple:
        spec = catalog.by_tag(element.tag)
        if spec is None:
            raise SystemExit(f"no catalog element for <{element.tag}>")
        kwargs: dict[str, Any] = {}
        for name, value in element.attrib.items():
            attribute = spec.attribute(name)
            if attribute is None or attribute.sdk is None:
                raise SystemExit(f"the SDK cannot write {element.tag}.{name}")
            if attribute.type == "bool":
                kwargs[attribute.sdk] = value == "true"
            elif attribute.type == "int":
                kwargs[attribute.sdk] = int(value)
            else:
                kwargs[attribute.sdk] = value
        if spec.body.kind != "none":
            kwargs["content"] = element.text or ""
        children = [element_plan(child) for child in element]
        return (f"{element.tag}Element", kwargs, children)

    return [[element_plan(e) for e in etree.fromstring(data)] for data in documents.values()]


def sdk_builder(plan: list[list[tuple]]):
    """A function that builds every document of `plan` with the SDK and serialises it with
    `to_string()` (the timed work of the SDK side), returning the texts."""
    import plivo.xml as sdk

    classes = {name: getattr(sdk, name) for name in _class_names(plan)}

    def build(entry: tuple):
        name, kwargs, children = entry
        element = classes[name](**kwargs)
        for child in children:
            element.add(build(child))
        return element

    def build_documents() -> list[str]:
        out = []
        for document in plan:
            response = sdk.ResponseElement()
            for entry in document:
                response.add(build(entry))
            out.append(response.to_string())
        return out

    return build_documents


def measure_sdk(plan_path: Path, repeats: int, batch: int) -> dict[str, Any]:
    build_documents = sdk_builder(pickle.loads(plan_path.read_bytes()))
    before = rss_mb()
    best = float("inf")
    for _ in range(repeats):
        total = 0.0
        for _ in range(batch):
            t0 = time.perf_counter()
            out = build_documents()
            total += time.perf_counter() - t0
            del out
        best = min(best, total / batch)
    return {"sdk": best, "peak_mb": peak_mb() - before}


def _class_names(plan: list[list[tuple]]) -> set[str]:
    names: set[str] = set()
    stack = [entry for document in plan for entry in document]
    while stack:
        name, _, children = stack.pop()
        names.add(name)
        stack.extend(children)
    return names


# -- driver ---------------------------------------------------------------------------------


def child(kind: str, path: Path, repeats: int, batch: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, f"--{kind}", str(path), "--repeats", str(repeats),
         "--batch", str(batch)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the {kind} measurement failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_size(size: int, workdir: Path) -> tuple[Path, Path]:
    """The generated flow's file, and the pickled SDK plan of its compiled documents."""
    from designer.compiler import compile_flow
    from designer.flowfile import save_flow

    flow = generate_flow(size)
    flow_path = workdir / f"bench-{size}.ivrflow"
    save_flow(flow, flow_path)
    plan_path = workdir / f"plan-{size}.pickle"
    plan_path.write_bytes(pickle.dumps(sdk_plan(compile_flow(flow, check=False).documents)))
    return flow_path, plan_path


def merge_best(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """The best (smallest) figure of each kind over the rounds."""
    if old is None:
        return new
    return {key: min(old[key], value) if key != "documents" else value
            for key, value in new.items()}


def batch_size(size: int, sizes: list[int]) -> int:
    """How many runs one sample of `size` averages: enough that every sample covers about as
    many steps as one run of the biggest size."""
    return max(1, round(max(sizes) / size))


def run_rounds(sizes: list[int], rounds: int, workdir: Path) -> list[dict[str, Any]]:
    prepared = {size: prepare_size(size, workdir) for size in sizes}
    ours: dict[int, dict[str, Any]] = {}
    sdk: dict[int, dict[str, Any]] = {}
    for _ in range(rounds):
        for size in sizes:
            flow_path, plan_path = prepared[size]
            batch = batch_size(size, sizes)
            ours[size] = merge_best(ours.get(size),
                                    child("ours", flow_path, REPEATS[size], batch))
            sdk[size] = merge_best(sdk.get(size), child("sdk", plan_path, REPEATS[size], batch))
    return [{"size": size, "ours": ours[size], "sdk": sdk[size]} for size in sizes]


def versions() -> str:
    from importlib.metadata import version

    return (
        f"Python {platform.python_version()}, lxml {version('lxml')}, "
        f"networkx {version('networkx')}, plivo {version('plivo')}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )


def print_table(results: list[dict[str, Any]]) -> None:
    header = (
        f"{'steps':>7} {'documents':>9} {'load s':>8} {'validate s':>10} {'compile s':>9} "
        f"{'ours s':>8} {'SDK s':>8} {'ours/SDK':>8} {'ours MB':>8} {'SDK MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        ours, sdk = r["ours"], r["sdk"]
        total = ours["validate"] + ours["compile"]
        print(
            f"{r['size']:>7,} {ours['documents']:>9,} {ours['load']:>8.3f} "
            f"{ours['validate']:>10.3f} {ours['compile']:>9.3f} {total:>8.3f} "
            f"{sdk['sdk']:>8.3f} {total / sdk['sdk']:>8.2f} {ours['peak_mb']:>8.1f} "
            f"{sdk['peak_mb']:>7.1f}"
        )
    print("ours s = validate + compile; MB = growth of peak resident memory during the run.")
    by_size = {r["size"]: r for r in results}

    def ours_time(size: int) -> float:
        return by_size[size]["ours"]["validate"] + by_size[size]["ours"]["compile"]

    if 2_000 in by_size:
        ratio = ours_time(2_000) / by_size[2_000]["sdk"]["sdk"]
        verdict = "met" if ratio <= TARGET_VS_SDK else "MISSED"
        print(f"Target 1, 2,000 steps, ours ≤ {TARGET_VS_SDK}× the SDK: {ratio:.2f}× ({verdict})")
    if 2_000 in by_size and 20_000 in by_size:
        scale = ours_time(20_000) / ours_time(2_000)
        verdict = "met" if scale <= TARGET_SCALING else "MISSED"
        print(f"Target 2, 20,000 steps ≤ {TARGET_SCALING:g}× the 2,000-step time: "
              f"{scale:.1f}× ({verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        default=list(SIZES), help="comma-separated step counts")
    parser.add_argument("--rounds", type=int, default=ROUNDS,
                        help=f"rounds of measurements, best kept (default {ROUNDS})")
    parser.add_argument("--ours", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sdk", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours:
        print(json.dumps(measure_ours(args.ours, args.repeats, args.batch)))
        return 0
    if args.sdk:
        print(json.dumps(measure_sdk(args.sdk, args.repeats, args.batch)))
        return 0
    for size in args.sizes:
        REPEATS.setdefault(size, 3 if size <= 5_000 else 2)
    print("IVR Flow Designer: load + validate + compile, next to the Plivo SDK building the "
          "same documents")
    print(versions())
    print()
    with tempfile.TemporaryDirectory(prefix="ivr-bench-") as workdir:
        results = run_rounds(args.sizes, max(1, args.rounds), Path(workdir))
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
