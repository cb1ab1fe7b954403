"""The palette: every catalog verb with its icon, grouped by category, with a filter field.
Drag a verb onto the canvas to add it there; double-click (or Enter) adds it at the centre."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.catalog import Catalog
from designer.gui.hooks import Hook
from designer.gui.icons import verb_badge
from designer.gui.theme import themed_style
from designer.gui.view import VERB_MIME

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1


def verb_mime(type_name: str) -> QMimeData:
    """What a palette drag carries: the verb's type name."""
    mime = QMimeData()
    mime.setData(VERB_MIME, type_name.encode("utf-8"))
    mime.setText(type_name)
    return mime


class VerbTree(QTreeWidget):
    """The list itself; starts a drag carrying the verb's type name."""

    def startDrag(self, supported: Qt.DropAction) -> None:
        item = self.currentItem()
        type_name = item.data(0, TYPE_ROLE) if item is not None else None
        if not type_name:
            return
        drag = QDrag(self)
        drag.setMimeData(verb_mime(type_name))
        icon = item.icon(0)
        drag.setPixmap(icon.pixmap(QSize(32, 32)))
        drag.exec(Qt.DropAction.CopyAction)


class Palette(QWidget):
    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette")
        self.setAccessibleName("palette")
        self.add_requested = Hook()  # called with a type name
        self.filter = QLineEdit()
        self.filter.setObjectName("paletteFilter")
        self.filter.setAccessibleName("Filter the palette")
        self.filter.setPlaceholderText("Filter steps…")
        self.filter.setClearButtonEnabled(True)
        self.tree = VerbTree()
        self.tree.setObjectName("paletteList")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setIconSize(QSize(22, 22))
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(False)
        themed_style(
            self.tree,
            "QTreeWidget { background: transparent; }"
            "QTreeWidget::item { padding: 4px 2px; border-radius: 6px; }"
            "QTreeWidget::item:hover { background: #e3e9f3; }"
            "QTreeWidget::item:selected { background: #d6e4fb; color: #1c2433; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self._populate(catalog)
        self.filter.textChanged.connect(self.apply_filter)
        # Activation is a double-click (or Enter) in every desktop style.
        self.tree.itemActivated.connect(self._activated)

    def _populate(self, catalog: Catalog) -> None:
        for category in catalog.categories:
            elements = catalog.palette(category.id)
            if not elements:
                continue
            group = QTreeWidgetItem([category.label.upper()])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setPointSizeF(8.0)
            font.setBold(True)
            group.setFont(0, font)
            group.setForeground(0, self.palette().placeholderText())
            self.tree.addTopLevelItem(group)
            for element in elements:
                item = QTreeWidgetItem([element.label])
                item.setIcon(0, verb_badge(element.icon, element.category, 22, element.label))
                item.setData(0, TYPE_ROLE, element.type)
                item.setToolTip(0, f"<b>{element.label}</b> &lt;{element.tag}&gt;<br>"
                                   f"{element.help}")
                # Kept for the filter: match the name, the Plivo tag and the help text.
                item.setData(0, TYPE_ROLE + 1,
                             f"{element.label} {element.type} {element.help}".lower())
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
                group.addChild(item)
            group.setExpanded(True)

    def apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            visible = 0
            for child_index in range(group.childCount()):
                child = group.child(child_index)
                haystack = child.data(0, TYPE_ROLE + 1)
                hidden = not all(word in haystack for word in words)
                child.setHidden(hidden)
                visible += not hidden
            group.setHidden(visible == 0)

    def verb_item(self, type_name: str) -> QTreeWidgetItem | None:
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            for child_index in range(group.childCount()):
                child = group.child(child_index)
                if child.data(0, TYPE_ROLE) == type_name:
                    return child
        return None

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        type_name = item.data(0, TYPE_ROLE)
        if type_name:
            self.add_requested.emit(type_name)
