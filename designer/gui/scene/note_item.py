"""A sticky note from the flow's `notes`, drawn under the steps: selectable, with a resize
grip in its corner while selected. It only draws what the model says; moving, resizing and
editing are gestures (designer.gui.notes) that end in undo commands."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.gui.theme import canvas_theme
from designer.model import Note

# The grip in the bottom-right corner, in scene units.
GRIP = 16.0
MIN_WIDTH = 100.0
MIN_HEIGHT = 50.0
PADDING = (10.0, 8.0)
FONT_POINTS = 9.0


def note_font() -> QFont:
    font = QFont()
    font.setPointSizeF(FONT_POINTS)
    return font


class NoteItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 3

    def __init__(self, note: Note) -> None:
        super().__init__()
        self.note_id = note.id
        self.text = ""
        self.size = (200.0, 80.0)
        # While the text is being edited the editor covers the note: draw no text under it.
        self.editing = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-1)
        self.refresh(note)

    def type(self) -> int:
        return self.Type

    def refresh(self, note: Note) -> None:
        self.note_id = note.id
        self.text = note.text
        self.set_size(float(note.size[0]), float(note.size[1]))
        self.setPos(float(note.at[0]), float(note.at[1]))
        self.setToolTip("Double-click to edit the note; drag its corner to resize it.")
        self.update()

    def set_size(self, width: float, height: float) -> None:
        """Show the note at this size (the model's, or a resize being dragged)."""
        size = (max(width, MIN_WIDTH), max(height, MIN_HEIGHT))
        if size != self.size:
            self.prepareGeometryChange()
            self.size = size

    def rect(self) -> QRectF:
        return QRectF(0, 0, *self.size)

    def text_rect(self) -> QRectF:
        return self.rect().adjusted(PADDING[0], PADDING[1], -PADDING[0], -PADDING[1])

    def grip_rect(self) -> QRectF:
        width, height = self.size
        return QRectF(width - GRIP, height - GRIP, GRIP, GRIP)

    def on_grip(self, scene_pos: QPointF) -> bool:
        """Whether `scene_pos` is on the resize grip (any note can be resized from there)."""
        return self.grip_rect().adjusted(-3, -3, 3, 3).contains(self.mapFromScene(scene_pos))

    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, self.size[0] + 7, self.size[1] + 7)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.rect())
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = canvas_theme()
        rect = self.rect()
        selected = self.isSelected()
        painter.setPen(QPen(theme.selection, 2.0) if selected else QPen(theme.note_border, 1))
        painter.setBrush(theme.note)
        painter.drawRoundedRect(rect, 6, 6)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < 0.4:
            return
        if not self.editing:
            painter.setFont(note_font())
            painter.setPen(theme.body_text)
            painter.drawText(self.text_rect(),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, self.text)
        # The grip: three short diagonal strokes in the corner, stronger when selected.
        pen = QPen(theme.selection if selected else theme.note_border, 1.4)
        painter.setPen(pen)
        width, height = self.size
        for offset in (4.0, 8.0, 12.0):
            painter.drawLine(QPointF(width - offset, height - 3),
                             QPointF(width - 3, height - offset))
