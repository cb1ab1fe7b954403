"""Layering: Qt belongs to `designer/gui/` alone, so everything else runs without a display.

The static check parses every module (imports inside functions count too); the dynamic check
imports the headless layers, and runs a headless command, in a fresh interpreter and looks at
what got loaded.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "designer"
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")


def imported_modules(source: str) -> set[str]:
    """Every module an import statement anywhere in `source` names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def is_qt(module: str) -> bool:
    return module.split(".")[0] in QT_PACKAGES


def test_the_scanner_sees_nested_and_dynamic_imports() -> None:
    source = (
        "import os\n"
        "def f():\n"
        "    from PySide6.QtWidgets import QWidget\n"
        "    import importlib; importlib.import_module('shiboken6')\n"
    )
    assert {m for m in imported_modules(source) if is_qt(m)} == {
        "PySide6.QtWidgets",
        "shiboken6",
    }


def test_no_qt_import_outside_gui() -> None:
    offenders = []
    modules = [p for p in PACKAGE.rglob("*.py") if "gui" not in p.relative_to(PACKAGE).parts]
    assert len(modules) > 10
    for path in modules:
        for module in imported_modules(path.read_text(encoding="utf-8")):
            if is_qt(module):
                offenders.append(f"{path.relative_to(REPO)} imports {module}")
    assert offenders == []


def _loaded_after(code: str, tmp_path: Path) -> dict:
    probe = code + (
        "\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{QT_PACKAGES!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_headless_layers_do_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import designer.cli, designer.model, designer.flowfile, designer.checks, "
        "designer.compiler"
    )
    assert _loaded_after(code, tmp_path) == []


def test_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    example = REPO / "resources" / "examples" / "support-line.ivrflow"
    code = (
        "import contextlib, io\n"
        "from designer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['validate', {str(example)!r}])\n"
        "    main(['examples'])\n"
    )
    assert _loaded_after(code, tmp_path) == []
