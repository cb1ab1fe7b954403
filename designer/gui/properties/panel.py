"""The property panel for the selected step, generated from the catalog: its name (rename),
its text, its menu choices, its nested items and one editor per attribute. Edits become undo
commands; the panel then shows what the model says (it refreshes in place, so the field the
user moved to keeps its focus)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from designer.catalog import ElementSpec
from designer.gui.commands import (
    RenameNode,
    SetAttribute,
    SetChildren,
    SetChoices,
    SetSsml,
    SetText,
    macro,
)
from designer.gui.document import Document
from designer.gui.icons import verb_badge
from designer.gui.properties.body import BodyEditor
from designer.gui.properties.children import ChildrenEditor
from designer.gui.properties.editors import AttributeRow, set_invalid
from designer.gui.tab_order import apply_tab_order
from designer.model import Change, Child
from designer.model.ids import id_problem

CHOICE_HINTS = {
    "digits": "Keys the caller can press, separated by commas, e.g. 1, 2, 3. Each one gets "
    "its own exit.",
    "digits-or-speech": "Keys or spoken words, separated by commas, e.g. 1, sales, support. "
    "Each one gets its own exit.",
}


def _label(text: str, role: str | None = None, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    return label


class PropertyPanel(QScrollArea):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setObjectName("propertyPanel")
        self.setAccessibleName("propertyPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.node_id: str | None = None
        self.rows: dict[str, AttributeRow] = {}
        self.body: BodyEditor | None = None
        self.children_editor: ChildrenEditor | None = None
        self.choices: QLineEdit | None = None
        self.choices_error: QLabel | None = None
        self.id_edit: QLineEdit | None = None
        self.id_error: QLabel | None = None
        self._page: QWidget | None = None
        document.changed.connect(self._on_change)
        document.replaced.connect(lambda: self.show_selection([]))
        self.show_selection([])

    # -- what to show -------------------------------------------------------------------------

    def show_selection(self, node_ids: list[str], notes: int = 0) -> None:
        """Show the one selected step's settings, or say what is selected (`notes`: how many
        sticky notes are selected besides)."""
        if len(node_ids) == 1 and node_ids[0] in self.document.flow.nodes:
            if node_ids[0] != self.node_id:
                self._build(node_ids[0])
            return
        self.node_id = None
        if node_ids or notes:
            parts = [f"{count} {word}{'s' if count != 1 else ''}"
                     for count, word in ((len(node_ids), "step"), (notes, "note")) if count]
            hint = "Select a single step to edit its settings."
            if not node_ids:
                hint = "Double-click a note to edit its text. " + hint
            self._build_message(f"{' and '.join(parts)} selected", hint)
        else:
            self._build_message(
                "No step selected",
                "Click a step on the canvas to edit it, or drag one in from the palette.",
            )

    def _new_page(self) -> QVBoxLayout:
        page = QWidget()
        page.setObjectName("propertyPage")
        self._page = page  # kept until installed, or Python would collect it
        layout = QVBoxLayout(page)
        # Rows keep their natural height; the scroll area scrolls instead of squeezing them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(14, 12, 14, 16)
        layout.setSpacing(6)
        self.rows = {}
        self.body = None
        self.children_editor = None
        self.choices = None
        self.choices_error = None
        self.id_edit = None
        self.id_error = None
        return layout

    def _install(self, layout: QVBoxLayout) -> None:
        # The page goes in complete: widgets added to a page already on screen would only
        # appear after the next turn of the event loop.
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(self._page)
        # Tab follows the page from top to bottom, whatever order its parts were built in.
        apply_tab_order(self._page)

    def _build_message(self, title: str, text: str) -> None:
        layout = self._new_page()
        layout.addWidget(_label(title, "title"))
        layout.addWidget(_label(text, "hint", wrap=True))
        layout.addStretch(1)
        self._install(layout)

    def _build(self, node_id: str) -> None:
        node = self.document.flow.node(node_id)
        element = self.document.catalog.element(node.type)
        self.node_id = node_id
        layout = self._new_page()
        self._header(layout, element)
        self._id_field(layout)
        if element.body.kind != "none":
            self.body = BodyEditor(element.body, self._commit_body)
            layout.addWidget(self.body)
        if element.has_choices:
            self._choices_field(layout, element)
        if element.children:
            self.children_editor = ChildrenEditor(element, self.document.catalog,
                                                  self._commit_children)
            layout.addWidget(self.children_editor)
        if element.attributes:
            layout.addWidget(_label("Settings", "section"))
            for spec in element.attributes:
                row = AttributeRow(spec, self._commit_attribute)
                self.rows[spec.name] = row
                layout.addWidget(row)
        layout.addStretch(1)
        self._load()
        self._install(layout)

    def _header(self, layout: QVBoxLayout, element: ElementSpec) -> None:
        icon = QLabel()
        icon.setPixmap(verb_badge(element.icon, element.category, 32, element.label))
        title = _label(element.label, "title")
        title.setObjectName("propertyTitle")
        tag = _label(f"&lt;{element.tag}&gt;" if element.tag else "", "hint")
        top = QWidget()
        row = QHBoxLayout(top)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(icon)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(title)
        names.addWidget(tag)
        row.addLayout(names, 1)
        layout.addWidget(top)
        layout.addWidget(_label(element.help, "hint", wrap=True))

    def _id_field(self, layout: QVBoxLayout) -> None:
        layout.addWidget(_label("Step name", "section"))
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("node-id")
        self.id_edit.setAccessibleName("Step name")
        self.id_edit.setToolTip(
            "The step's name, used in the exported file names. Lower-case letters, digits, "
            "'-' and '_'; it must start with a letter."
        )
        self.id_edit.editingFinished.connect(self._commit_rename)
        layout.addWidget(self.id_edit)
        self.id_error = _label("", "error", wrap=True)
        self.id_error.setObjectName("error:node-id")
        self.id_error.setVisible(False)
        layout.addWidget(self.id_error)

    def _choices_field(self, layout: QVBoxLayout, element: ElementSpec) -> None:
        layout.addWidget(_label("Choices", "section"))
        self.choices = QLineEdit()
        self.choices.setObjectName("choices")
        self.choices.setAccessibleName("Menu choices")
        self.choices.setPlaceholderText("1, 2, 3")
        self.choices.editingFinished.connect(self._commit_choices)
        layout.addWidget(self.choices)
        layout.addWidget(_label(CHOICE_HINTS.get(element.choice_kind or "", ""), "hint",
                                wrap=True))
        self.choices_error = _label("", "error", wrap=True)
        self.choices_error.setObjectName("error:choices")
        self.choices_error.setVisible(False)
        layout.addWidget(self.choices_error)

    def focus_first_field(self, node_id: str) -> None:
        """Show `node_id` and put the cursor in its text, or its name (a double-click)."""
        self.show_selection([node_id])
        target = self.body.editor if self.body is not None else self.id_edit
        if target is not None:
            target.setFocus()
            if isinstance(target, QLineEdit):
                target.selectAll()

    # -- model → widgets ----------------------------------------------------------------------

    def _load(self) -> None:
        node = self.document.flow.nodes.get(self.node_id or "")
        if node is None:
            return
        if self.id_edit is not None and not self.id_edit.property("invalid"):
            self.id_edit.setText(node.id)
        if self.body is not None:
            self.body.load(node.text, node.ssml)
        if self.choices is not None and not self.choices.property("invalid"):
            self.choices.setText(", ".join(node.choices))
        if self.children_editor is not None:
            self.children_editor.load(node.children)
        for name, row in self.rows.items():
            row.load(node.attributes.get(name))

    def _on_change(self, change: Change) -> None:
        if self.node_id is None:
            return
        if change.kind == "node-renamed" and change.detail.get("old") == self.node_id:
            self.node_id = change.node
            self._load()
        elif change.node != self.node_id:
            return
        elif change.kind == "node-removed":
            self.show_selection([])
        elif change.kind == "node-changed":
            self._load()

    # -- widgets → model ----------------------------------------------------------------------

    def _commit_rename(self) -> None:
        assert self.id_edit is not None and self.id_error is not None
        new = self.id_edit.text().strip()
        old = self.node_id
        if old is None or new == old:
            self._id_problem(None)
            return
        problem = id_problem(new)
        if problem is None and new in self.document.flow.nodes:
            problem = f"A step called '{new}' already exists; choose another name."
        self._id_problem(problem)
        if problem is None:
            self.document.push(RenameNode(self.document.flow, old, new))

    def _id_problem(self, problem: str | None) -> None:
        assert self.id_edit is not None and self.id_error is not None
        self.id_error.setText(problem or "")
        self.id_error.setVisible(bool(problem))
        set_invalid(self.id_edit, bool(problem))

    def _commit_attribute(self, name: str, value: Any) -> None:
        if self.node_id is None:
            return
        self.document.push(SetAttribute(self.document.flow, self.document.catalog,
                                        self.node_id, name, value))

    def _commit_body(self, text: str | None, ssml: str | None) -> None:
        node = self.document.flow.nodes.get(self.node_id or "")
        if node is None:
            return
        parts = []
        if text != node.text:
            parts.append(SetText(self.document.flow, node.id, text))
        if ssml != node.ssml:
            parts.append(SetSsml(self.document.flow, node.id, ssml))
        if len(parts) == 1:
            self.document.push(parts[0])
        elif parts:
            self.document.push(macro(f"Change the text of '{node.id}'", parts))

    def _commit_choices(self) -> None:
        assert self.choices is not None and self.choices_error is not None
        node = self.document.flow.nodes.get(self.node_id or "")
        if node is None:
            return
        choices = [c.strip() for c in self.choices.text().split(",") if c.strip()]
        repeated = sorted({c for c in choices if choices.count(c) > 1})
        problem = None
        if repeated:
            problem = (f"Each choice can appear only once; {', '.join(repeated)} is listed "
                       "more than once.")
        self.choices_error.setText(problem or "")
        self.choices_error.setVisible(bool(problem))
        set_invalid(self.choices, bool(problem))
        if problem is None and choices != node.choices:
            self.document.push(SetChoices(self.document.flow, node.id, choices))

    def _commit_children(self, children: list[Child], text: str) -> None:
        if self.node_id is None:
            return
        self.document.push(SetChildren(self.document.flow, self.node_id, children, text))
