"""`ivr-designer render`: SVG, PNG and PDF pictures of a flow, headless (offscreen Qt), of the
whole flow or of some steps; clear messages and exit status 2 for a wrong extension, an
unreadable flow, an unknown step and an unwritable output; nothing half-written."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from designer.cli import command_names, main
from designer.resources import examples_dir

REPO = Path(__file__).resolve().parents[1]
SVG_NS = "{http://www.w3.org/2000/svg}"
SUPPORT_LINE = examples_dir() / "support-line.ivrflow"

pytestmark = pytest.mark.skipif(not SUPPORT_LINE.is_file(), reason="example missing")


def svg_texts(path: Path) -> str:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    return " ".join("".join(e.itertext()) for e in root.iter(f"{SVG_NS}text"))


def test_render_is_a_command() -> None:
    assert "render" in command_names()


def test_svg_of_the_whole_flow(tmp_path, capsys) -> None:
    target = tmp_path / "line.svg"
    assert main(["render", str(SUPPORT_LINE), "-o", str(target)]) == 0
    texts = svg_texts(target)
    for node_id in ("start", "welcome", "menu", "sales", "voicemail", "goodbye", "end"):
        assert node_id in texts
    out = capsys.readouterr().out
    assert "Wrote" in out and "SVG picture of 7 steps" in out


def test_png_has_the_size_it_reports(tmp_path, capsys) -> None:
    target = tmp_path / "line.png"
    assert main(["render", str(SUPPORT_LINE), "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert f"{width} × {height} pixels" in capsys.readouterr().out
    assert width > height > 100


def test_pdf(tmp_path) -> None:
    target = tmp_path / "line.pdf"
    assert main(["render", str(SUPPORT_LINE), "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_a_selection(tmp_path) -> None:
    target = tmp_path / "part.svg"
    assert main(["render", str(SUPPORT_LINE), "-o", str(target),
                 "--selection", "menu, sales"]) == 0
    texts = svg_texts(target)
    assert "menu" in texts and "sales" in texts and "goodbye" not in texts


def test_a_selection_is_smaller_than_the_whole(tmp_path) -> None:
    whole, part = tmp_path / "whole.png", tmp_path / "part.png"
    assert main(["render", str(SUPPORT_LINE), "-o", str(whole)]) == 0
    assert main(["render", str(SUPPORT_LINE), "-o", str(part), "--selection", "end"]) == 0
    size = lambda p: struct.unpack(">II", p.read_bytes()[16:24])  # noqa: E731
    assert size(part)[0] < size(whole)[0] / 3


def test_unknown_extension(tmp_path, capsys) -> None:
    target = tmp_path / "line.jpg"
    assert main(["render", str(SUPPORT_LINE), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "line.jpg" in err and ".svg, .png or .pdf" in err
    assert "Traceback" not in err
    assert not target.exists()


def test_unreadable_flow(tmp_path, capsys) -> None:
    broken = tmp_path / "broken.ivrflow"
    broken.write_text("{ not json", encoding="utf-8")
    assert main(["render", str(broken), "-o", str(tmp_path / "x.svg")]) == 2
    assert "broken.ivrflow" in capsys.readouterr().err
    assert main(["render", str(tmp_path / "missing.ivrflow"),
                 "-o", str(tmp_path / "x.svg")]) == 2
    assert not (tmp_path / "x.svg").exists()


def test_unknown_step_in_the_selection(tmp_path, capsys) -> None:
    assert main(["render", str(SUPPORT_LINE), "-o", str(tmp_path / "x.svg"),
                 "--selection", "menu,nope"]) == 2
    err = capsys.readouterr().err
    assert "'nope'" in err and "menu" in err


def test_missing_folder(tmp_path, capsys) -> None:
    target = tmp_path / "no-such-folder" / "x.svg"
    assert main(["render", str(SUPPORT_LINE), "-o", str(target)]) == 2
    assert "no-such-folder" in capsys.readouterr().err


def test_unwritable_output_keeps_the_old_file(tmp_path, capsys, monkeypatch) -> None:
    import designer.gui.picture as picture

    target = tmp_path / "x.svg"
    target.write_text("old picture", encoding="utf-8")

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(picture, "write_bytes_atomic", refuse)
    assert main(["render", str(SUPPORT_LINE), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Permission denied" in err
    assert target.read_text(encoding="utf-8") == "old picture"


def test_it_runs_without_a_display(tmp_path) -> None:
    """A fresh process with no DISPLAY and no QT_QPA_PLATFORM, as on a CI server."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(REPO)
    target = tmp_path / "ci.png"
    result = subprocess.run([sys.executable, "-m", "designer.cli", "render", str(SUPPORT_LINE),
                             "-o", str(target)], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:4] == b"\x89PNG"
