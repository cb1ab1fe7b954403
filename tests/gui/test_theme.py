"""Light and dark: View → Theme switches the canvas (background, cards, text, links) and the
window's palette, and is remembered; "System" follows Qt's colour scheme. Text on cards keeps
a WCAG contrast of at least 4.5:1 in both modes."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from designer.gui import appearance as appearance_module
from designer.gui.appearance import Appearance, appearance
from designer.gui.preferences import DATA_DIR_VARIABLE
from designer.gui.theme import (
    CATEGORY_ACCENTS,
    DARK_CANVAS,
    FALLBACK_ACCENT,
    LIGHT_CANVAS,
    CanvasTheme,
    canvas_theme,
)


@pytest.fixture(autouse=True)
def back_to_light():
    yield
    appearance().set_mode("system", remember=False)
    assert canvas_theme() is LIGHT_CANVAS


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", [LIGHT_CANVAS, DARK_CANVAS], ids=["light", "dark"])
def test_text_on_cards_is_readable(theme: CanvasTheme) -> None:
    pairs = {
        "body on card": (theme.body_text, theme.card),
        "muted on card (exits, placeholder)": (theme.muted_text, theme.card),
        "title on card": (theme.title_text, theme.card),
        "note text": (theme.body_text, theme.note),
    }
    for category, accent in {**CATEGORY_ACCENTS, "fallback": FALLBACK_ACCENT}.items():
        header = theme.header_fill(QColor(accent))
        pairs[f"title on {category} header"] = (theme.title_text, header)
        pairs[f"type on {category} header"] = (theme.kind_text(QColor(accent)), header)
    low = {name: round(contrast(*colours), 2) for name, colours in pairs.items()
           if contrast(*colours) < 4.5}
    assert low == {}


def dominant_colour(image, points) -> QColor:
    counts = Counter(image.pixel(p) for p in points)
    return QColor.fromRgb(counts.most_common(1)[0][0])


def test_switching_to_dark_changes_the_canvas(support_line, qtbot) -> None:
    window = support_line
    view = window.view
    view.set_zoom(1.0)
    view.center_on_node("welcome")
    card = window.scene.node_items["welcome"]
    body = view.mapFromScene(card.mapToScene(card.card_rect().center().x(),
                                             card.card_rect().bottom() - 6))
    empty = [QPoint(x, 8) for x in range(4, 200, 3)]

    def sample():
        image = view.viewport().grab().toImage()
        return dominant_colour(image, empty), QColor(image.pixel(body))

    light_background, light_card = sample()
    assert light_background == LIGHT_CANVAS.background
    action = window.findChild(type(window.actions_by_name["open"]), "action-theme-dark")
    action.trigger()
    assert action.isChecked()
    assert canvas_theme() is DARK_CANVAS
    qtbot.wait(10)
    dark_background, dark_card = sample()
    assert dark_background == DARK_CANVAS.background
    assert dark_card == DARK_CANVAS.card != light_card
    assert canvas_theme().title_text != LIGHT_CANVAS.title_text
    # The window around the canvas goes dark too.
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightness() < 60
    window.findChild(type(action), "action-theme-light").trigger()
    assert sample()[0] == LIGHT_CANVAS.background
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_the_xml_preview_is_readable_in_dark(support_line) -> None:
    appearance().set_mode("dark", remember=False)
    preview = support_line.findChild(QPlainTextEdit, "xmlPreview")
    support_line.reveal_node("welcome")
    support_line.preview.refresh()
    background = preview.palette().color(QPalette.ColorRole.Base)
    grabbed = preview.viewport().grab().toImage()
    corner = QColor(grabbed.pixel(grabbed.width() - 3, grabbed.height() - 3))
    assert corner.lightness() < 60, "the preview's own light background was not translated"
    text = preview.palette().color(QPalette.ColorRole.Text)
    assert contrast(text, background) >= 4.5


def test_icons_follow_the_mode(window) -> None:
    undo = window.actions_by_name["undo"]
    light_key = undo.icon().cacheKey()
    appearance().set_mode("dark", remember=False)
    dark_key = undo.icon().cacheKey()
    assert dark_key != light_key
    appearance().set_mode("light", remember=False)
    assert undo.icon().cacheKey() == light_key


def test_the_choice_is_remembered_and_the_menu_shows_it(window, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path))
    menu_actions = {mode: window.findChild(type(window.actions_by_name["open"]),
                                           f"action-theme-{mode}")
                    for mode in ("system", "light", "dark")}
    assert all(a.isCheckable() for a in menu_actions.values())
    menu_actions["dark"].trigger()
    fresh = Appearance()
    fresh.load()  # what the next run reads
    assert fresh.mode == "dark"
    menu_actions["system"].trigger()
    assert menu_actions["system"].isChecked() and not menu_actions["dark"].isChecked()
    fresh = Appearance()
    fresh.load()
    assert fresh.mode == "system"


def test_system_mode_follows_the_colour_scheme(window, monkeypatch) -> None:
    appearance().set_mode("system", remember=False)
    assert canvas_theme() is LIGHT_CANVAS
    monkeypatch.setattr(appearance_module, "system_is_dark", lambda: True)
    appearance()._system_changed(Qt.ColorScheme.Dark)
    assert canvas_theme() is DARK_CANVAS
    # A fixed choice ignores the system.
    appearance().set_mode("light", remember=False)
    appearance()._system_changed(Qt.ColorScheme.Dark)
    assert canvas_theme() is LIGHT_CANVAS
    monkeypatch.setattr(appearance_module, "system_is_dark", lambda: False)


def _text_contrast(label) -> float:
    """How the label's text stands out from what is behind it, as painted: the background is
    its commonest pixel, the text the pixel that differs from it the most."""
    QApplication.processEvents()  # the status bar lays the new text out
    assert label.width() > 40, "the counter is squeezed out of sight"
    image = label.grab().toImage()
    pixels = Counter(image.pixel(x, y) for x in range(image.width())
                     for y in range(image.height()))
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    return max(contrast(QColor.fromRgb(p), background) for p in pixels)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_status_bar_counts_are_readable_in_every_state(support_line, mode) -> None:
    from PySide6.QtWidgets import QLabel

    from designer.gui import editing
    from designer.gui.commands import SetText

    window = support_line
    appearance().set_mode(mode, remember=False)
    label = window.findChild(QLabel, "statusCounts")
    window.analyzer.run_now()
    assert label.text() == "No problems"
    seen = {"no problems": _text_contrast(label)}
    lonely = editing.add_verb(window.document, "Speak", (4000.0, 0.0))  # reached by nothing
    window.document.push(SetText(window.document.flow, lonely, "Hello"))
    window.analyzer.run_now()
    assert "warning" in label.text() and "error" not in label.text()
    seen["warnings"] = _text_contrast(label)
    editing.add_verb(window.document, "Play", (4000.0, 400.0))  # no audio file: an error
    window.analyzer.run_now()
    assert "error" in label.text()
    seen["errors"] = _text_contrast(label)
    # Switching the mode afterwards re-colours the counter too.
    appearance().set_mode("light" if mode == "dark" else "dark", remember=False)
    seen["errors, mode switched"] = _text_contrast(label)
    assert {state: round(value, 2) for state, value in seen.items() if value < 4.5} == {}
