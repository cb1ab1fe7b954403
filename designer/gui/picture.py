"""Pictures of a flow: SVG, PNG or PDF, chosen by the file's extension, of the whole flow or of
some steps, drawn by the same scene items as the canvas at full detail.

Used by File → Export picture… and, headless, by `ivr-designer render`. A picture is always
drawn in the light colours (it goes into documents and reviews, whatever the editor's mode),
without the editor's own marks: no grid, no selection outline, no problem badges. The bytes
are built in memory and written atomically.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageSize, QPaintDevice, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsItem

from designer.atomic import write_bytes_atomic
from designer.gui.scene.flow_scene import FlowScene
from designer.gui.theme import LIGHT_CANVAS, canvas_theme, use_canvas_theme

FORMATS = {".svg": "SVG", ".png": "PNG", ".pdf": "PDF"}
PADDING = 24.0
# PNG pictures are drawn at twice the scene's size for crisp text, but never larger than
# this many pixels (a 2,000-step flow would otherwise need gigabytes).
PNG_SCALE = 2.0
PNG_MAX_PIXELS = 40_000_000
PNG_MAX_SIDE = 16_000
# PDF readers refuse pages larger than 200 inches.
PDF_MAX_POINTS = 14_400.0


class PictureError(Exception):
    """A picture that cannot be made; str() is the message for the user."""


@dataclass(frozen=True)
class Picture:
    data: bytes
    format: str
    width: int  # pixels for PNG, scene units (CSS pixels, PDF points × 4/3) otherwise
    height: int


def picture_format(path: str | Path) -> str:
    """"SVG", "PNG" or "PDF" from the file name, or PictureError naming the choices."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        ending = f"ends in '{suffix}'" if suffix else "has no extension"
        raise PictureError(
            f"The file name {Path(path).name} {ending}; a picture's file name must end in "
            ".svg, .png or .pdf, which also chooses its format."
        )
    return FORMATS[suffix]


def render_picture(scene: FlowScene, fmt: str, node_ids: Iterable[str] | None = None,
                   title: str = "") -> Picture:
    """Draw the flow (or the steps `node_ids` with the links between them) as `fmt`."""
    with _prepared(scene, None if node_ids is None else set(node_ids)) as source:
        if fmt == "SVG":
            return _svg(scene, source, title)
        if fmt == "PNG":
            return _png(scene, source)
        if fmt == "PDF":
            return _pdf(scene, source, title)
    raise PictureError(f"Unknown picture format {fmt}.")


def write_picture(scene: FlowScene, path: str | Path, node_ids: Iterable[str] | None = None,
                  title: str = "") -> Picture:
    """Render into `path` (format from its extension), atomically; OSError when it cannot be
    written."""
    picture = render_picture(scene, picture_format(path), node_ids, title)
    write_bytes_atomic(Path(path), picture.data)
    return picture


# -- preparing the scene ---------------------------------------------------------------------


@contextlib.contextmanager
def _prepared(scene: FlowScene, wanted: set[str] | None) -> Iterator[QRectF]:
    """The scene as the picture should show it, for the duration of the block; yields the
    scene rectangle to draw."""
    if wanted is not None:
        unknown = sorted(wanted - set(scene.node_items))
        if unknown:
            raise PictureError(f"The flow has no step named {', '.join(unknown)}.")
        if not wanted:
            raise PictureError("Select the steps to put in the picture first.")
    hidden: list[QGraphicsItem] = []
    for node_id, item in scene.node_items.items():
        if wanted is not None and node_id not in wanted:
            hidden.append(item)
        elif item.badge is not None:
            hidden.append(item.badge)
    for edge in scene.edge_items.values():
        if wanted is not None and not {edge.source, edge.target} <= wanted:
            hidden.append(edge)
    if wanted is not None:
        hidden.extend(scene.note_items.values())
    shown = [i for i in (*scene.node_items.values(), *scene.note_items.values())
             if i not in hidden]
    if not shown:
        raise PictureError("The flow has no steps to draw.")
    source = QRectF()
    for item in shown:
        source = source.united(item.sceneBoundingRect())
    source = source.adjusted(-PADDING, -PADDING, PADDING, PADDING)

    was_far = scene.far
    theme = canvas_theme()
    selected = scene.selectedItems()
    blocked = scene.blockSignals(True)
    try:
        for item in selected:
            item.setSelected(False)
        for item in hidden:
            item.setVisible(False)
        # Far out the scene draws one overview item instead of the cards: draw the cards.
        scene.set_zoom(1.0)
        use_canvas_theme(LIGHT_CANVAS)
        yield source
    finally:
        use_canvas_theme(theme)
        if was_far:
            scene.set_zoom(0.0)
        for item in hidden:
            item.setVisible(True)
        for item in selected:
            item.setSelected(True)
        scene.blockSignals(blocked)


def _paint(scene: FlowScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    painter.fillRect(target, canvas_theme().background)
    scene.render(painter, target, source)


# -- the three formats -----------------------------------------------------------------------


def _draw(scene: FlowScene, device: QPaintDevice, width: int, height: int,
          source: QRectF) -> None:
    """Paint `source` of the scene onto the whole of `device` (width × height)."""
    painter = QPainter(device)
    try:
        _paint(scene, painter, QRectF(0, 0, width, height), source)
    finally:
        painter.end()


def _buffer() -> QBuffer:
    buffer = QBuffer()
    buffer.setData(QByteArray())
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def _svg(scene: FlowScene, source: QRectF, title: str) -> Picture:
    width, height = math.ceil(source.width()), math.ceil(source.height())
    buffer = _buffer()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    # 96 per inch: the SVG's size in millimetres is its size in CSS pixels.
    generator.setResolution(96)
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(title or "IVR flow")
    generator.setDescription("Drawn by IVR Flow Designer")
    _draw(scene, generator, width, height, source)
    from designer.gui import svg_compact  # lxml: loaded when a picture is made, not at start

    return Picture(svg_compact.compact_svg(bytes(buffer.data().data())), "SVG", width, height)


def png_scale(width: float, height: float) -> float:
    """The PNG's pixels per scene unit: 2, less for a flow too big to draw that sharply."""
    return min(PNG_SCALE, math.sqrt(PNG_MAX_PIXELS / (width * height)),
               PNG_MAX_SIDE / max(width, height))


def _png(scene: FlowScene, source: QRectF) -> Picture:
    scale = png_scale(source.width(), source.height())
    width = max(1, math.ceil(source.width() * scale))
    height = max(1, math.ceil(source.height() * scale))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise PictureError(f"There is not enough memory for a {width} × {height} picture.")
    _draw(scene, image, width, height, source)
    buffer = _buffer()
    if not image.save(buffer, "PNG"):
        raise PictureError("The PNG picture could not be encoded.")
    return Picture(bytes(buffer.data().data()), "PNG", width, height)


def _pdf(scene: FlowScene, source: QRectF, title: str) -> Picture:
    width, height = math.ceil(source.width()), math.ceil(source.height())
    # One page the size of the picture. Device units are scene units; a higher resolution
    # only shrinks the page so it stays within what PDF readers open.
    resolution = max(96, math.ceil(72 * max(width, height) / PDF_MAX_POINTS))
    buffer = _buffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(resolution)
    writer.setPageSize(QPageSize(QSizeF(width * 72 / resolution, height * 72 / resolution),
                                 QPageSize.Unit.Point, "flow"))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setTitle(title or "IVR flow")
    writer.setCreator("IVR Flow Designer")
    _draw(scene, writer, width, height, source)
    return Picture(bytes(buffer.data().data()), "PDF", width, height)


# -- headless --------------------------------------------------------------------------------

_application: list[object] = []


def ensure_application() -> None:
    """A QApplication for drawing without a window: the running one, or an offscreen one."""
    if QApplication.instance() is None:
        # Drawing into a file needs no display: offscreen works on servers and in CI.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _application.append(QApplication([sys.argv[0] if sys.argv else "ivr-designer"]))


def render_flow(flow, path: str | Path, node_ids: Iterable[str] | None = None,
                catalog=None) -> Picture:
    """Headless: draw `flow` (a designer.model.Flow) into `path` without opening a window."""
    from designer.gui.document import Document

    picture_format(path)
    ensure_application()
    document = Document(catalog)
    document.replace(flow, None)
    scene = FlowScene(document)
    try:
        return write_picture(scene, path, node_ids, flow.name)
    finally:
        scene.clear()
        scene.deleteLater()
        document.deleteLater()
