"""Icons: the catalog's verb SVGs (white line art drawn on the category colour) and the
toolbar's line icons, rendered once with QSvgRenderer and cached as pixmaps."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from designer.gui.theme import accent, icon_color
from designer.resources import icons_dir

# Pixmaps are rendered at this multiple of their logical size so they stay sharp when the
# canvas is zoomed in.
OVERSAMPLE = 3


@cache
def _verb_renderer(icon: str) -> QSvgRenderer | None:
    path = icons_dir() / icon
    if not path.is_file():
        return None
    renderer = QSvgRenderer(str(path))
    return renderer if renderer.isValid() else None


@cache
def verb_badge(icon: str, category: str, size: int, letter: str = "?") -> QPixmap:
    """The verb's icon in white on a rounded square of its category colour."""
    pixels = size * OVERSAMPLE
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(accent(category))
    radius = pixels * 0.28
    painter.drawRoundedRect(QRectF(0, 0, pixels, pixels), radius, radius)
    renderer = _verb_renderer(icon)
    inset = pixels * 0.18
    target = QRectF(inset, inset, pixels - 2 * inset, pixels - 2 * inset)
    if renderer is not None:
        renderer.render(painter, target)
    else:
        # A missing icon file must not break the editor: show the verb's initial instead.
        font = QFont()
        font.setPixelSize(int(pixels * 0.55))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(target, Qt.AlignmentFlag.AlignCenter, letter[:1].upper())
    painter.end()
    pixmap.setDevicePixelRatio(OVERSAMPLE)
    return pixmap


def verb_icon(icon: str, category: str, letter: str = "?") -> QIcon:
    return QIcon(verb_badge(icon, category, 20, letter))


# Toolbar line icons, 24×24, stroked in `{color}`. Drawn for this project.
_TOOL_SVGS = {
    "new": '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/><path d="M12 11v6M9 14h6"/>',
    "open": '<path d="M3 7V5h6l2 2h9v3"/><path d="M3 7v12h15l3-9H6l-3 9"/>',
    "save": '<path d="M5 4h11l3 3v13H5z"/><path d="M8 4v5h7V4"/><rect x="8" y="13" width="8" '
    'height="5"/>',
    "save-as": '<path d="M5 4h11l3 3v6"/><path d="M5 4v16h7"/><path d="M8 4v5h7V4"/>'
    '<path d="M15 20l5-5-2-2-5 5v2z"/>',
    "export": '<path d="M12 15V3"/><path d="M7 8l5-5 5 5"/><path d="M4 14v6h16v-6"/>',
    "undo": '<path d="M9 14L4 9l5-5"/><path d="M4 9h10a6 6 0 0 1 0 12h-3"/>',
    "redo": '<path d="M15 14l5-5-5-5"/><path d="M20 9H10a6 6 0 0 0 0 12h3"/>',
    "delete": '<path d="M4 7h16"/><path d="M10 11v6M14 11v6"/><path d="M6 7l1 13h10l1-13"/>'
    '<path d="M9 7V4h6v3"/>',
    "zoom-in": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5L21 21"/>'
    '<path d="M10.5 7.5v6M7.5 10.5h6"/>',
    "zoom-out": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5L21 21"/>'
    '<path d="M7.5 10.5h6"/>',
    "fit": '<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/><rect x="8" y="8" width="8" '
    'height="8" rx="1.5"/>',
    "settings": '<path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0"/>'
    '<circle cx="16" cy="6" r="2"/><circle cx="10" cy="12" r="2"/><circle cx="18" cy="18" r="2"/>',
    "reset": '<path d="M4 12a8 8 0 1 0 2.5-5.8"/><path d="M4 4v4h4"/>',
    "add": '<path d="M12 5v14M5 12h14"/>',
    "remove": '<path d="M5 12h14"/>',
    "up": '<path d="M12 19V5M6 11l6-6 6 6"/>',
    "down": '<path d="M12 5v14M6 13l6 6 6-6"/>',
}


# Icons drawn in the mode's own colour (no colour given), by cache key: what
# `retint_icons` swaps when the light/dark mode changes.
_THEMED_ICONS: dict[int, str] = {}


def tool_icon(name: str, color: str | None = None) -> QIcon:
    """A line icon, in `color` or else in the light or dark mode's icon colour."""
    if color is not None:
        return _tool_icon(name, color)
    icon = _tool_icon(name, icon_color())
    _THEMED_ICONS[icon.cacheKey()] = name
    return icon


def retint_icons(objects) -> None:
    """Give the actions and buttons among `objects` that show a mode-coloured icon the
    current mode's version of it."""
    for obj in objects:
        name = _THEMED_ICONS.get(obj.icon().cacheKey())
        if name is not None:
            obj.setIcon(tool_icon(name))


@cache
def _tool_icon(name: str, color: str) -> QIcon:
    body = _TOOL_SVGS[name]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">'
        f'<g fill="none" stroke="{color}" stroke-width="1.8" stroke-linecap="round" '
        f'stroke-linejoin="round">{body}</g></svg>'
    )
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    icon = QIcon()
    for size in (16, 20, 24, 32):
        pixmap = QPixmap(size * 2, size * 2)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        pixmap.setDevicePixelRatio(2)
        icon.addPixmap(pixmap)
    return icon
