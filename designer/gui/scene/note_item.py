"""A sticky note from the flow's `notes`, drawn under the steps. Display only for now."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.gui.theme import canvas_theme
from designer.model import Note


class NoteItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 3

    def __init__(self, note: Note) -> None:
        super().__init__()
        self.note_id = note.id
        self.text = ""
        self.size = (200.0, 80.0)
        self.setZValue(-1)
        self.refresh(note)

    def type(self) -> int:
        return self.Type

    def refresh(self, note: Note) -> None:
        self.prepareGeometryChange()
        self.note_id = note.id
        self.text = note.text
        self.size = (float(note.size[0]), float(note.size[1]))
        self.setPos(float(note.at[0]), float(note.at[1]))
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -2, self.size[0] + 6, self.size[1] + 6)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = canvas_theme()
        rect = QRectF(0, 0, *self.size)
        painter.setPen(QPen(theme.note_border, 1))
        painter.setBrush(theme.note)
        painter.drawRoundedRect(rect, 6, 6)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.4:
            return
        font = QFont()
        font.setPointSizeF(9)
        painter.setFont(font)
        painter.setPen(theme.body_text)
        painter.drawText(rect.adjusted(10, 8, -10, -8),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, self.text)
