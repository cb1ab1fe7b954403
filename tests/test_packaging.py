"""The built wheel carries the bundled data, and an installed copy finds it.

The wheel is built from this checkout without build isolation (no network), unpacked into a
temporary folder, and imported from there by a fresh interpreter running elsewhere, so that
nothing can silently fall back to the source tree's `resources/`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
from pathlib import Path
import designer
from designer.catalog import load_catalog
from designer.commands.examples import find_examples
from designer.flowfile import load_flow
from designer.resources import catalog_path, examples_dir, icons_dir, resources_dir

catalog = load_catalog()
examples = find_examples()
print(json.dumps({
    "package": str(Path(designer.__file__).resolve().parent),
    "resources": str(resources_dir().resolve()),
    "catalog": str(catalog_path().resolve()),
    "examples_dir": str(examples_dir().resolve()),
    "icons": sorted(p.name for p in icons_dir().iterdir()),
    "node_types": list(catalog.node_types),
    "examples": {e.name: len(load_flow(e.path).nodes) for e in examples},
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"wheel build failed:\n{result.stdout}\n{result.stderr}"
    wheels = list(out.glob("ivr_flow_designer-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _resource_files() -> set[str]:
    root = REPO / "resources"
    return {
        "designer/resources/" + p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_wheel_contains_every_bundled_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _resource_files()
    assert "designer/resources/catalog/verbs.json" in expected
    assert any(n.startswith("designer/resources/examples/") for n in expected)
    assert any(n.startswith("designer/resources/icons/") for n in expected)
    assert expected - names == set(), "files of resources/ missing from the wheel"
    assert "designer/cli.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_wheel_declares_the_command(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
    text = archive.read(entry_points).decode()
    assert "ivr-designer = designer.cli:main" in text


def test_installed_copy_finds_its_own_data(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    installed = (site / "designer").resolve()
    assert found["package"] == str(installed)
    assert found["resources"] == str(installed / "resources")
    assert found["catalog"] == str(installed / "resources" / "catalog" / "verbs.json")
    assert found["examples_dir"] == str(installed / "resources" / "examples")
    assert found["icons"] == sorted(p.name for p in (REPO / "resources" / "icons").iterdir())
    assert "Start" in found["node_types"] and "Dial" in found["node_types"]
    source_examples = sorted(p.stem for p in (REPO / "resources" / "examples").glob("*.ivrflow"))
    assert sorted(found["examples"]) == source_examples
    assert all(count > 1 for count in found["examples"].values())


def test_installed_command_lists_examples(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    result = subprocess.run(
        [sys.executable, "-m", "designer", "examples"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "support-line" in result.stdout
