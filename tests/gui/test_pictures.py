"""File → Export picture…: an SVG, PNG or PDF (by extension) of the whole flow or of the
selection, drawn at full detail even when the canvas is zoomed far out, without touching the
canvas or the document; a wrong extension or an unwritable place is explained."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from gui_helpers import SUPPORT_LINE

from designer.gui import picture
from designer.gui.main_window import MainWindow

SVG_NS = "{http://www.w3.org/2000/svg}"


def export(window: MainWindow, target: Path, selection: bool = False) -> bool:
    window.ask_picture_path = lambda suggested: str(target)
    name = "export-picture-selection" if selection else "export-picture"
    action = window.actions_by_name[name]
    assert action.objectName() == f"action-{name}"
    action.trigger()
    return target.exists()


def svg_texts(path: Path) -> str:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    return " ".join("".join(e.itertext()) for e in root.iter(f"{SVG_NS}text"))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_whole_flow_as_svg(support_line, tmp_path) -> None:
    target = tmp_path / "line.svg"
    assert export(support_line, target)
    texts = svg_texts(target)
    for node_id in support_line.document.flow.nodes:
        assert node_id in texts
    assert "Thanks for calling Acme." in texts


def test_the_selection_only(support_line, tmp_path) -> None:
    support_line.scene.select_only(["menu", "sales"])
    target = tmp_path / "part.svg"
    assert export(support_line, target, selection=True)
    texts = svg_texts(target)
    assert "menu" in texts and "sales" in texts
    assert "goodbye" not in texts and "welcome" not in texts
    # The canvas is as it was: the same selection, every card shown.
    assert sorted(support_line.scene.selected_node_ids()) == ["menu", "sales"]
    assert all(item.isVisible() for item in support_line.scene.node_items.values())


def test_selection_export_needs_a_selection(support_line, tmp_path) -> None:
    support_line.scene.clearSelection()
    assert not export(support_line, tmp_path / "nothing.svg", selection=True)
    assert "Select the steps" in support_line.statusBar().currentMessage()


def test_png_and_pdf(support_line, tmp_path) -> None:
    png = tmp_path / "line.png"
    assert export(support_line, png)
    width, height = png_size(png.read_bytes())
    flow_rect = support_line.scene.flow_rect()
    # Twice the flow's size (plus the margin) for a small flow.
    assert width == pytest.approx(2 * (flow_rect.width() + 2 * picture.PADDING), abs=4)
    assert height == pytest.approx(2 * (flow_rect.height() + 2 * picture.PADDING), abs=4)
    pdf = tmp_path / "line.pdf"
    assert export(support_line, pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_far_zoom_still_draws_every_card_in_full(support_line, tmp_path) -> None:
    view = support_line.view
    view.set_zoom(0.05)
    assert support_line.scene.far
    target = tmp_path / "far.svg"
    assert export(support_line, target)
    assert "Thanks for calling Acme." in svg_texts(target)
    assert support_line.scene.far  # and the canvas went back to its far drawing


def test_the_picture_is_light_whatever_the_theme(support_line, tmp_path) -> None:
    from designer.gui.appearance import appearance
    from designer.gui.theme import DARK_CANVAS, LIGHT_CANVAS, canvas_theme

    appearance().set_mode("dark", remember=False)
    try:
        target = tmp_path / "line.svg"
        assert export(support_line, target)
        assert canvas_theme() is DARK_CANVAS
    finally:
        appearance().set_mode("system", remember=False)
    text = target.read_text(encoding="utf-8")
    assert LIGHT_CANVAS.background.name() in text
    assert DARK_CANVAS.background.name() not in text


def test_a_wrong_extension_is_explained(support_line, tmp_path) -> None:
    assert export(support_line, tmp_path / "line.pdf")
    assert "Exported a picture" in support_line.statusBar().currentMessage()
    assert not export(support_line, tmp_path / "line.jpg")
    title, message = support_line.answers.errors[-1]
    assert title == "Cannot export the picture"
    assert message.startswith("The file name line.jpg ends in '.jpg';")
    assert ".svg, .png or .pdf" in message
    # The status bar no longer says that the earlier export was this one.
    assert support_line.statusBar().currentMessage().startswith("No picture was exported")


def test_an_unwritable_place_is_explained(support_line, tmp_path) -> None:
    assert not export(support_line, tmp_path / "no-such-folder" / "line.svg")
    title, message = support_line.answers.errors[-1]
    assert title == "Cannot export the picture"
    assert "could not be written" in message and "no-such-folder" in message


def test_exporting_does_not_change_the_document(support_line, tmp_path) -> None:
    before = support_line.document.text()
    assert export(support_line, tmp_path / "line.png")
    assert support_line.document.text() == before
    assert not support_line.document.is_modified


def test_the_file_dialog_is_suggested_beside_the_flow(support_line, tmp_path) -> None:
    suggested = []
    support_line.ask_picture_path = lambda s: suggested.append(s)
    support_line.actions_by_name["export-picture"].trigger()
    assert suggested == [str(SUPPORT_LINE.with_suffix(".svg"))]


def _raster(data: bytes, width: int, height: int):
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    assert renderer.isValid()
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def test_svg_pictures_store_each_icon_once_and_look_the_same(support_line, monkeypatch) -> None:
    from designer.gui import svg_compact
    from designer.gui.svg_compact import compact_svg

    monkeypatch.setattr(svg_compact, "compact_svg", lambda data: data)
    raw = picture.render_picture(support_line.scene, "SVG")
    monkeypatch.undo()
    shown = picture.render_picture(support_line.scene, "SVG")
    assert shown.data == compact_svg(raw.data) and len(shown.data) < len(raw.data)
    root = ET.fromstring(shown.data)
    defs = root.find(f"{SVG_NS}defs")
    in_defs = defs.findall(f"{SVG_NS}image")
    cards = len(support_line.document.flow.nodes)
    assert len(list(ET.fromstring(raw.data).iter(f"{SVG_NS}image"))) == cards
    assert len(list(root.iter(f"{SVG_NS}image"))) == len(in_defs)  # only the shared ones
    types = {node.type for node in support_line.document.flow.nodes.values()}
    assert len(in_defs) == len(types)  # one picture per kind of step shown
    assert len(list(root.iter(f"{SVG_NS}use"))) == cards
    assert not [g for g in root.iter(f"{SVG_NS}g") if len(g) == 0 and not (g.text or "").strip()]
    size = (raw.width, raw.height)
    assert _raster(shown.data, *size) == _raster(raw.data, *size)
