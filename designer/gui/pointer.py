"""Where the mouse is over the canvas, for actions that add something "at the cursor" (quick-add,
a new note): the last position seen over the canvas, or None once the mouse has left it (for
example for a menu), in which case the centre of the view is used."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF

from designer.gui.view import FlowView


class CanvasPointer(QObject):
    def __init__(self, view: FlowView) -> None:
        super().__init__(view)
        self.view = view
        self.pos: QPoint | None = None
        # Moves without a button pressed are reported only with tracking on (the canvas also
        # uses them for its hover cursor over exits).
        view.viewport().setMouseTracking(True)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress,
                    QEvent.Type.MouseButtonRelease, QEvent.Type.Enter):
            position = getattr(event, "position", None)
            if position is not None:
                self.pos = position().toPoint()
        elif kind == QEvent.Type.Leave:
            self.pos = None
        return False

    def scene_pos(self) -> QPointF:
        """The mouse position in the scene, or the centre of the view."""
        viewport = self.view.viewport()
        point = self.pos
        if point is None or not viewport.rect().contains(point):
            point = viewport.rect().center()
        return self.view.mapToScene(point)

    def viewport_pos(self) -> QPoint:
        viewport = self.view.viewport()
        point = self.pos
        if point is None or not viewport.rect().contains(point):
            return viewport.rect().center()
        return point
