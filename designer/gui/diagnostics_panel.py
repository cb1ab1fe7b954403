"""The Problems list: every diagnostic, errors first, live. Clicking a row selects and centres
the step it is about."""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from designer.checks import Diagnostic
from designer.gui.hooks import Hook
from designer.gui.theme import ERROR_COLOR, WARNING_COLOR

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
# Messages begin "Step 'menu' (Get digits): …"; the Step column already says that.
_STEP_PREFIX = re.compile(r"^Step '[^']*'(?: \([^)]*\))?: ")


def short_message(diagnostic: Diagnostic) -> str:
    text = _STEP_PREFIX.sub("", diagnostic.message, count=1)
    return text[:1].upper() + text[1:]


@cache
def severity_icon(severity: str) -> QIcon:
    colors = {"error": ERROR_COLOR, "warning": WARNING_COLOR}
    pixmap = QPixmap(28, 28)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colors.get(severity, "#7a8496")))
    painter.drawEllipse(QRectF(4, 4, 20, 20))
    painter.setPen(QColor("#ffffff"))
    font = painter.font()
    font.setPixelSize(15)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(4, 4, 20, 20), Qt.AlignmentFlag.AlignCenter,
                     "!" if severity in colors else "i")
    painter.end()
    pixmap.setDevicePixelRatio(2)
    return QIcon(pixmap)


@cache
def ok_icon() -> QIcon:
    pixmap = QPixmap(28, 28)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#1f9d6b"), 3.2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawPolyline([QPointF(7, 14.5), QPointF(12, 19.5), QPointF(21, 9)])
    painter.end()
    pixmap.setDevicePixelRatio(2)
    return QIcon(pixmap)


class DiagnosticsPanel(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("diagnostics")
        self.setAccessibleName("diagnostics")
        self.node_activated = Hook()  # called with a node id
        self.setColumnCount(2)
        self.setHeaderLabels(["Step", "Problem"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.setColumnWidth(0, 120)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self.setUpdatesEnabled(False)
        self.clear()
        items = []
        for diagnostic in diagnostics:
            item = QTreeWidgetItem([diagnostic.node or "Flow", short_message(diagnostic)])
            item.setIcon(0, severity_icon(diagnostic.severity))
            item.setData(0, NODE_ROLE, diagnostic.node)
            tip = diagnostic.message + (f"\n\nHow to fix: {diagnostic.hint}"
                                        if diagnostic.hint else "")
            item.setToolTip(0, tip)
            item.setToolTip(1, tip)
            items.append(item)
        if not items:
            item = QTreeWidgetItem(["No problems found: the flow is ready to export."])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setIcon(0, ok_icon())
            items.append(item)
        self.addTopLevelItems(items)
        if not diagnostics:
            items[0].setFirstColumnSpanned(True)
        self.setUpdatesEnabled(True)

    def _clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        node_id = item.data(0, NODE_ROLE)
        if node_id:
            self.node_activated.emit(node_id)
