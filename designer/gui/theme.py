"""The editor's look: Fusion style with a calm light or dark palette, category colours, canvas
colours.

Colours live here and nowhere else: each mode is a `CanvasTheme`, a palette and a style sheet,
not a hunt through paint methods. Which mode is used (following the system or the user's
choice) is decided in `designer.gui.appearance`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# One accent per palette category (catalog `category` ids).
CATEGORY_ACCENTS = {
    "say": "#2f7de1",
    "input": "#7c5cd6",
    "connect": "#1f9d6b",
    "record": "#d0459a",
    "control": "#5b6b82",
}
FALLBACK_ACCENT = "#6b7280"

# Small images the style sheet refers to (arrows of spin boxes and lists).
ASSETS = Path(__file__).resolve().parent / "assets"

ERROR_COLOR = "#d93025"
WARNING_COLOR = "#e8a317"
ACCENT = "#2f6fde"
# The path of a simulated call on the canvas (reads on light and dark cards alike).
SIMULATION_COLOR = "#e8710a"


@dataclass(frozen=True)
class CanvasTheme:
    """Every colour the canvas and the minimap paint with; one instance per light/dark mode."""

    dark: bool
    background: QColor
    grid_dot: QColor
    card: QColor
    card_border: QColor
    card_shadow: QColor
    title_text: QColor
    body_text: QColor
    muted_text: QColor
    edge: QColor
    edge_selected: QColor
    selection: QColor
    port_fill: QColor
    link_ok: QColor
    link_refused: QColor
    rubber_band: QColor
    note: QColor
    note_border: QColor
    badge_ring: QColor
    minimap_background: QColor
    minimap_border: QColor
    minimap_viewport: QColor
    # How much of a category's accent colours a card's header (the rest is the card colour).
    header_mix: float

    def header_fill(self, color: QColor) -> QColor:
        return mix(color, self.card, self.header_mix)

    def header_line(self, color: QColor) -> QColor:
        return mix(color, self.card, self.header_mix * 2)

    def kind_text(self, color: QColor) -> QColor:
        """The step type under a card's title, in its category colour, readable (at least
        4.5:1) on the header."""
        return mix(color, QColor("#ffffff"), 0.45) if self.dark else color.darker(135)


LIGHT_CANVAS = CanvasTheme(
    dark=False,
    background=QColor("#f4f6f9"),
    grid_dot=QColor("#c9d0da"),
    card=QColor("#ffffff"),
    card_border=QColor("#d3d9e2"),
    card_shadow=QColor(15, 23, 42, 22),
    title_text=QColor("#1c2433"),
    body_text=QColor("#3d4758"),
    muted_text=QColor("#6b7486"),
    edge=QColor("#8d99ab"),
    edge_selected=QColor(ACCENT),
    selection=QColor(ACCENT),
    port_fill=QColor("#ffffff"),
    link_ok=QColor("#1f9d6b"),
    link_refused=QColor(ERROR_COLOR),
    rubber_band=QColor(47, 111, 222, 40),
    note=QColor("#fff6c7"),
    note_border=QColor("#ecd98a"),
    badge_ring=QColor("#ffffff"),
    minimap_background=QColor(232, 236, 242, 240),
    minimap_border=QColor("#c3cad5"),
    minimap_viewport=QColor(ACCENT),
    header_mix=0.13,
)

DARK_CANVAS = CanvasTheme(
    dark=True,
    background=QColor("#16191f"),
    grid_dot=QColor("#333a46"),
    card=QColor("#232833"),
    card_border=QColor("#3a4250"),
    card_shadow=QColor(0, 0, 0, 90),
    title_text=QColor("#e8ecf2"),
    body_text=QColor("#c5ccd6"),
    muted_text=QColor("#98a2b3"),
    edge=QColor("#6f7b8f"),
    edge_selected=QColor("#5b9bff"),
    selection=QColor("#5b9bff"),
    port_fill=QColor("#232833"),
    link_ok=QColor("#35c28a"),
    link_refused=QColor("#ff6b60"),
    rubber_band=QColor(91, 155, 255, 50),
    note=QColor("#474127"),
    note_border=QColor("#6b6233"),
    badge_ring=QColor("#232833"),
    minimap_background=QColor(13, 15, 20, 235),
    minimap_border=QColor("#434b5a"),
    minimap_viewport=QColor("#5b9bff"),
    header_mix=0.30,
)

_current_canvas = [LIGHT_CANVAS]


def canvas_theme() -> CanvasTheme:
    """The canvas colours in use (light or dark: `designer.gui.appearance` switches them)."""
    return _current_canvas[0]


def use_canvas_theme(theme: CanvasTheme) -> None:
    _current_canvas[0] = theme


def mix(color: QColor, other: QColor, amount: float) -> QColor:
    """`amount` of `color` and the rest of `other` (opaque)."""
    return QColor(
        round(other.red() + (color.red() - other.red()) * amount),
        round(other.green() + (color.green() - other.green()) * amount),
        round(other.blue() + (color.blue() - other.blue()) * amount),
    )


def accent(category: str) -> QColor:
    return QColor(CATEGORY_ACCENTS.get(category, FALLBACK_ACCENT))


def tint(color: QColor, amount: float) -> QColor:
    """`color` mixed with white; `amount` 0 gives white, 1 the colour itself."""
    return QColor(
        round(255 + (color.red() - 255) * amount),
        round(255 + (color.green() - 255) * amount),
        round(255 + (color.blue() - 255) * amount),
    )


def light_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#eef1f5",
        QPalette.ColorRole.WindowText: "#1c2433",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f5f7fa",
        QPalette.ColorRole.ToolTipBase: "#1f2735",
        QPalette.ColorRole.ToolTipText: "#f5f7fa",
        QPalette.ColorRole.PlaceholderText: "#9aa3b2",
        QPalette.ColorRole.Text: "#1c2433",
        QPalette.ColorRole.Button: "#f7f8fa",
        QPalette.ColorRole.ButtonText: "#1c2433",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.Mid: "#c9d0da",
        QPalette.ColorRole.Midlight: "#e3e7ed",
        QPalette.ColorRole.Dark: "#9aa3b2",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Shadow: "#6b7280",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a3abb8"))
    return palette


# Small touches Fusion does not give: quiet dock titles, rounded inputs, flat toolbar.
STYLE_SHEET = """
QMainWindow::separator { background: #dde2e9; width: 1px; height: 1px; }
QDockWidget { font-weight: 600; color: #3d4758; }
QDockWidget::title { background: #e6eaf0; padding: 6px 10px; border-bottom: 1px solid #d6dce4; }
QToolBar { background: #f7f8fa; border: none; border-bottom: 1px solid #dde2e9; spacing: 2px;
           padding: 3px 6px; }
QToolButton { padding: 4px 6px; border-radius: 6px; }
QToolButton:hover { background: #e3e9f3; }
QLineEdit, QPlainTextEdit, QSpinBox, QComboBox {
    border: 1px solid #cdd4de; border-radius: 6px; padding: 3px 6px; background: #ffffff; }
QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QComboBox:focus {
    border: 1px solid #2f6fde; }
QLineEdit[invalid="true"], QSpinBox[invalid="true"], QPlainTextEdit[invalid="true"] {
    border: 1px solid #d93025; background: #fff5f4; }
QLabel[role="error"] { color: #c5221f; }
QLabel[role="hint"] { color: #7a8496; }
QLabel[role="section"] { color: #5b6577; font-weight: 600; padding-top: 6px; }
QLabel[role="title"] { font-size: 13pt; font-weight: 600; }
QSpinBox { padding-right: 20px; }
QSpinBox::up-button, QSpinBox::down-button {
    subcontrol-origin: border; width: 18px; border-left: 1px solid #e3e7ed; background: #f7f8fa; }
QSpinBox::up-button { subcontrol-position: top right; border-top-right-radius: 6px; }
QSpinBox::down-button { subcontrol-position: bottom right; border-bottom-right-radius: 6px; }
QSpinBox::up-button:hover, QSpinBox::down-button:hover { background: #e3e9f3; }
QSpinBox::up-arrow { image: url({assets}/spin-up.svg); width: 10px; height: 10px; }
QSpinBox::down-arrow { image: url({assets}/spin-down.svg); width: 10px; height: 10px; }
QSpinBox::up-arrow:disabled, QSpinBox::up-arrow:off { image: url({assets}/spin-up-off.svg); }
QSpinBox::down-arrow:disabled, QSpinBox::down-arrow:off {
    image: url({assets}/spin-down-off.svg); }
QComboBox { padding-right: 22px; }
QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right; width: 20px;
    border: none; }
QComboBox::down-arrow { image: url({assets}/combo-down.svg); width: 11px; height: 11px; }
QStatusBar { background: #f7f8fa; border-top: 1px solid #dde2e9; }
QTreeWidget, QListWidget { border: none; }
QTabBar::tab { padding: 5px 12px; }
"""


# The style sheet's colours in the dark mode (each light colour has exactly one dark one).
DARK_STYLE_COLORS = {
    "#dde2e9": "#2b313c",
    "#3d4758": "#c5ccd6",
    "#e6eaf0": "#242a34",
    "#d6dce4": "#2f3642",
    "#f7f8fa": "#1f242d",
    "#e3e9f3": "#2e3644",
    "#cdd4de": "#3d4554",
    "#ffffff": "#181c23",
    "#2f6fde": "#5b9bff",
    "#d93025": "#ff6b60",
    "#fff5f4": "#3a1f1f",
    "#c5221f": "#ff8a80",
    "#7a8496": "#98a2b3",
    "#5b6577": "#a3acbb",
    "#e3e7ed": "#2f3642",
    # Colours of widgets' own style sheets (see `themed_style`).
    "#fbfcfd": "#181c23",
    "#d6e4fb": "#24406b",
    "#1c2433": "#e8ecf2",
    # The status bar's problem counters (errors use #c5221f above).
    "#805300": "#e3b341",
    "#16794f": "#4cc38a",
}

# Fusion outlines check boxes a shade darker than the window, which vanishes on a dark one.
DARK_EXTRA = """
QCheckBox::indicator, QGroupBox::indicator { width: 13px; height: 13px; border-radius: 3px;
    border: 1px solid #5a6375; background: #181c23; }
QCheckBox::indicator:hover { border: 1px solid #5b9bff; }
QCheckBox::indicator:checked { background: #3b7ddd; border: 1px solid #3b7ddd;
    image: url({assets}/check.svg); }
QCheckBox::indicator:disabled { border: 1px solid #3a414d; background: #1b1f26; }
"""

# Toolbar and button line icons (designer.gui.icons), light and dark.
ICON_COLORS = {False: "#3d4758", True: "#c5ccd6"}


def icon_color() -> str:
    return ICON_COLORS[canvas_theme().dark]


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1b1f26",
        QPalette.ColorRole.WindowText: "#e3e7ee",
        QPalette.ColorRole.Base: "#181c23",
        QPalette.ColorRole.AlternateBase: "#20252e",
        QPalette.ColorRole.ToolTipBase: "#2a303b",
        QPalette.ColorRole.ToolTipText: "#e8ecf2",
        QPalette.ColorRole.PlaceholderText: "#7d8697",
        QPalette.ColorRole.Text: "#e3e7ee",
        QPalette.ColorRole.Button: "#242a34",
        QPalette.ColorRole.ButtonText: "#e3e7ee",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3b7ddd",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#6fa8ff",
        QPalette.ColorRole.Mid: "#3a414d",
        QPalette.ColorRole.Midlight: "#2c323c",
        QPalette.ColorRole.Dark: "#11141a",
        QPalette.ColorRole.Light: "#3a414d",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#5f6877"))
    return palette


def dark_colors(css: str) -> str:
    """`css` with each light colour replaced by its dark one (in one pass, so a colour is
    never translated twice)."""
    return re.sub(r"#[0-9a-fA-F]{6}\b",
                  lambda m: DARK_STYLE_COLORS.get(m.group(0).lower(), m.group(0)), css)


def style_sheet(dark: bool = False) -> str:
    if not dark:
        return STYLE_SHEET.replace("{assets}", ASSETS.as_posix())
    return (dark_colors(STYLE_SHEET) + DARK_EXTRA).replace("{assets}",
                                                           (ASSETS / "dark").as_posix())


def themed_color(light: str) -> QColor:
    """A colour of the light style sheets, in the mode in use."""
    return QColor(DARK_STYLE_COLORS.get(light.lower(), light) if canvas_theme().dark else light)


def themed_style(widget: QWidget, css: str) -> None:
    """Give `widget` its own style sheet, written in light colours, in the mode in use; it is
    translated again when the mode changes (`restyle_widgets`)."""
    widget.setProperty("ivrLightStyle", css)
    widget.setStyleSheet(dark_colors(css) if canvas_theme().dark else css)


def restyle_widgets() -> None:
    dark = canvas_theme().dark
    for widget in QApplication.allWidgets():
        css = widget.property("ivrLightStyle")
        if isinstance(css, str):
            widget.setStyleSheet(dark_colors(css) if dark else css)


def apply_theme(app: QApplication, dark: bool = False) -> None:
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else light_palette())
    font = QFont(app.font())
    font.setPointSizeF(9.5)
    app.setFont(font)
    app.setStyleSheet(style_sheet(dark))
    use_canvas_theme(DARK_CANVAS if dark else LIGHT_CANVAS)
