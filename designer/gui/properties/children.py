"""The nested items of a step (the Numbers and Users a Dial rings; the Speak, Play and Wait
prompts of a menu or PreAnswer): a list with add, remove and reorder, and below it the text
and attribute editors of the selected item. Every change is one undo step replacing the list.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.catalog import Catalog, ElementSpec
from designer.gui.icons import tool_icon, verb_badge
from designer.gui.properties.body import BodyEditor
from designer.gui.properties.editors import AttributeRow
from designer.gui.scene.summary import file_name, plain_text
from designer.gui.tab_order import apply_tab_order
from designer.gui.theme import themed_color, themed_style
from designer.model import Child

# Called with the new list and a description for the undo history.
CommitChildren = Callable[[list[Child], str], None]

MAX_VISIBLE_ROWS = 5

TITLES = {
    "Dial": "Who to call (all ring at once)",
    "GetDigits": "Prompts played while waiting",
    "GetInput": "Prompts played while listening",
    "PreAnswer": "Played before answering",
}


def child_summary(child: Child) -> str:
    if child.type == "Play":
        return file_name(child.text) if child.text else ""
    if child.type == "Wait":
        length = child.attributes.get("length")
        return f"{length} s" if length is not None else ""
    return plain_text(child)


class DetailFrame(QWidget):
    """The selected item's own fields, set off by a bar so they do not read as the step's."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(QRect(0, 4, 3, self.height() - 8), themed_color("#d6e4fb"))
        painter.end()


class ChildrenEditor(QWidget):
    def __init__(self, element: ElementSpec, catalog: Catalog, commit: CommitChildren) -> None:
        super().__init__()
        self.element = element
        self.catalog = catalog
        self.commit = commit
        self.children_data: list[Child] = []
        self.current = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        title = QLabel(TITLES.get(element.type, "Nested items"))
        title.setProperty("role", "section")
        title.setWordWrap(True)
        layout.addWidget(title)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.add_button = self._button("child-add", "add", "Add an item")
        self.add_button.setText("Add")
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        menu = QMenu(self.add_button)
        for child_type in element.children:
            spec = catalog.element(child_type)
            action = menu.addAction(verb_badge(spec.icon, spec.category, 16, spec.label),
                                    spec.label)
            action.setObjectName(f"child-add:{child_type}")
            action.triggered.connect(lambda _=False, t=child_type: self.add_child(t))
        self.add_button.setMenu(menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.remove_button = self._button("child-remove", "remove", "Remove the selected item")
        self.remove_button.clicked.connect(self.remove_child)
        self.up_button = self._button("child-up", "up", "Move the selected item up")
        self.up_button.clicked.connect(lambda: self.move_child(-1))
        self.down_button = self._button("child-down", "down", "Move the selected item down")
        self.down_button.clicked.connect(lambda: self.move_child(1))
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        self.list = QListWidget()
        self.list.setObjectName("children")
        self.list.setAccessibleName("Nested items")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        themed_style(self.list, "QListWidget { border: 1px solid #cdd4de; border-radius: 6px; }")
        self.list.currentRowChanged.connect(self._select)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.empty_hint = QLabel("Nothing here yet: use + to add.")
        self.empty_hint.setProperty("role", "hint")
        layout.addWidget(self.empty_hint)
        self.detail = DetailFrame()
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setContentsMargins(12, 4, 0, 4)
        layout.addWidget(self.detail)
        self._detail_type: str | None = None
        self._body: BodyEditor | None = None
        self._rows: dict[str, AttributeRow] = {}

    def _button(self, name: str, icon: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setIcon(tool_icon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        return button

    # -- model → widgets ----------------------------------------------------------------------

    def load(self, children: list[Child]) -> None:
        self.children_data = copy.deepcopy(children)
        self.list.blockSignals(True)
        self.list.clear()
        for child in self.children_data:
            spec = self.catalog.elements.get(child.type)
            label = spec.label if spec is not None else child.type
            summary = child_summary(child)
            item = QListWidgetItem(f"{label}  ·  {summary}" if summary else label)
            if spec is not None:
                item.setIcon(verb_badge(spec.icon, spec.category, 18, spec.label))
            self.list.addItem(item)
        if self.children_data:
            self.current = min(max(self.current, 0), len(self.children_data) - 1)
        else:
            self.current = -1
        self.list.setCurrentRow(self.current)
        self.list.blockSignals(False)
        rows = min(max(len(self.children_data), 1), MAX_VISIBLE_ROWS)
        row_height = self.list.sizeHintForRow(0) if self.children_data else 24
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 4)
        self.empty_hint.setVisible(not self.children_data)
        self.list.setVisible(bool(self.children_data))
        self._update_buttons()
        self._show_detail()

    def _update_buttons(self) -> None:
        count = len(self.children_data)
        self.remove_button.setEnabled(self.current >= 0)
        self.up_button.setEnabled(self.current > 0)
        self.down_button.setEnabled(0 <= self.current < count - 1)

    def _select(self, row: int) -> None:
        self.current = row
        self._update_buttons()
        self._show_detail()

    def _show_detail(self) -> None:
        child = self.children_data[self.current] if self.current >= 0 else None
        child_type = child.type if child is not None else None
        if child_type != self._detail_type:
            self._build_detail(child_type)
        if child is None:
            return
        if self._body is not None:
            self._body.load(child.text, child.ssml)
        for name, row in self._rows.items():
            row.load(child.attributes.get(name))

    def _build_detail(self, child_type: str | None) -> None:
        while self.detail_layout.count():
            widget = self.detail_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._detail_type = child_type
        self._body = None
        self._rows = {}
        self.detail.setVisible(child_type is not None)
        spec = self.catalog.elements.get(child_type) if child_type else None
        if spec is None:
            return
        if spec.body.kind != "none":
            self._body = BodyEditor(spec.body, self._commit_body, prefix="child-")
            self.detail_layout.addWidget(self._body)
        for attribute in spec.attributes:
            row = AttributeRow(attribute, self._commit_attribute, prefix="child-attr:")
            self._rows[attribute.name] = row
            self.detail_layout.addWidget(row)
        # The new fields join the Tab order where they show: after the list and its buttons.
        apply_tab_order(self)

    # -- widgets → model ----------------------------------------------------------------------

    def _changed(self, text: str, edit: Callable[[list[Child]], None]) -> None:
        children = copy.deepcopy(self.children_data)
        edit(children)
        self.commit(children, text)

    def add_child(self, child_type: str) -> None:
        spec = self.catalog.element(child_type)
        self.current = len(self.children_data)
        self._changed(f"Add a {spec.label}", lambda c: c.append(Child(child_type)))

    def remove_child(self) -> None:
        index = self.current
        if index < 0:
            return
        self._changed("Remove a nested item", lambda c: c.pop(index))

    def move_child(self, offset: int) -> None:
        index = self.current
        other = index + offset
        if index < 0 or not 0 <= other < len(self.children_data):
            return

        def swap(children: list[Child]) -> None:
            children[index], children[other] = children[other], children[index]

        self.current = other
        self._changed("Reorder nested items", swap)

    def _commit_body(self, text: str | None, ssml: str | None) -> None:
        index = self.current

        def edit(children: list[Child]) -> None:
            children[index].text = text
            children[index].ssml = ssml

        self._changed("Change a nested item's text", edit)

    def _commit_attribute(self, name: str, value: Any) -> None:
        index = self.current

        def edit(children: list[Child]) -> None:
            if value is None:
                children[index].attributes.pop(name, None)
            else:
                children[index].attributes[name] = value

        self._changed(f"Change {name} of a nested item", edit)
