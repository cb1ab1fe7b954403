"""The red (errors) or amber (warnings) badge on a card's corner; its tooltip lists the
messages. A child item, created only for cards that have problems."""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.gui.theme import ERROR_COLOR, WARNING_COLOR, canvas_theme

RADIUS = 9.0
MAX_LISTED = 8


def problems_tooltip(severity: str, messages: list[str]) -> str:
    title = "Needs fixing" if severity == "error" else "Worth a look"
    shown = messages[:MAX_LISTED]
    items = "".join(f"<li>{html.escape(m)}</li>" for m in shown)
    more = len(messages) - len(shown)
    tail = f"<p>… and {more} more (see Problems)</p>" if more > 0 else ""
    return f"<b>{title}</b><ul style='margin-left:-20px'>{items}</ul>{tail}"


class BadgeItem(QGraphicsItem):
    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.severity = "error"
        self.count = 0
        self.setZValue(2)

    def set_problems(self, severity: str, messages: list[str]) -> None:
        self.severity = severity
        self.count = len(messages)
        self.setToolTip(problems_tooltip(severity, messages))
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-RADIUS - 1, -RADIUS - 1, 2 * RADIUS + 2, 2 * RADIUS + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        color = QColor(ERROR_COLOR if self.severity == "error" else WARNING_COLOR)
        # The ring separates the badge from the card under it, in either mode.
        painter.setPen(QPen(canvas_theme().badge_ring, 2))
        painter.setBrush(color)
        painter.drawEllipse(QPointF(0, 0), RADIUS, RADIUS)
        font = QFont()
        font.setPixelSize(12)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignCenter, "!")
