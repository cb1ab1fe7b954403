"""Golden files: each bundled example compiles to exactly the bundle stored in tests/golden/.

After an intended change to the compiler or an example, regenerate with
`UPDATE_GOLDEN=1 python -m pytest tests/test_compiler_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from designer.compiler import compile_flow, write_bundle
from designer.flowfile import load_flow
from designer.resources import examples_dir

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted(examples_dir().glob("*.ivrflow"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_compiles_to_golden_bundle(example: Path, tmp_path: Path):
    bundle = compile_flow(load_flow(example))
    expected_dir = GOLDEN / example.stem
    if os.environ.get("UPDATE_GOLDEN"):
        write_bundle(bundle, expected_dir)
    out = tmp_path / "bundle"
    write_bundle(bundle, out)
    produced = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    expected = {p.name: p.read_bytes() for p in sorted(expected_dir.iterdir())}
    assert list(produced) == list(expected)
    for name, data in expected.items():
        assert produced[name].decode() == data.decode(), f"{example.stem}/{name} differs"


def test_every_example_has_a_golden_bundle():
    assert EXAMPLES, "no bundled examples found"
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(p.stem for p in EXAMPLES)
