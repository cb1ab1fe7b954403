"""The editor's look: Fusion style with a calm light palette, category colours, canvas colours.

Colours live here and nowhere else, so a dark theme (a later issue) is a second `CanvasTheme`
and a second palette, not a hunt through paint methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

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


@dataclass(frozen=True)
class CanvasTheme:
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


@cache
def canvas_theme() -> CanvasTheme:
    return CanvasTheme(
        background=QColor("#f4f6f9"),
        grid_dot=QColor("#c9d0da"),
        card=QColor("#ffffff"),
        card_border=QColor("#d3d9e2"),
        card_shadow=QColor(15, 23, 42, 22),
        title_text=QColor("#1c2433"),
        body_text=QColor("#3d4758"),
        muted_text=QColor("#7a8496"),
        edge=QColor("#8d99ab"),
        edge_selected=QColor(ACCENT),
        selection=QColor(ACCENT),
        port_fill=QColor("#ffffff"),
        link_ok=QColor("#1f9d6b"),
        link_refused=QColor(ERROR_COLOR),
        rubber_band=QColor(47, 111, 222, 40),
        note=QColor("#fff6c7"),
        note_border=QColor("#ecd98a"),
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


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(light_palette())
    font = QFont(app.font())
    font.setPointSizeF(9.5)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET.replace("{assets}", ASSETS.as_posix()))
