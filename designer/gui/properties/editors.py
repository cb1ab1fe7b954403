"""One editor row per catalog attribute: the right widget for its type, Plivo's default as the
placeholder, a reset-to-default button, help as tooltip, and an inline message when a typed
value is refused. A row never changes the document itself: it hands a checked value to
`commit`, and shows what the model holds through `load`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.catalog import AttributeSpec
from designer.gui.icons import tool_icon
from designer.gui.properties.values import describe_value, parse_text, problem_with, spec_tooltip
from designer.gui.theme import ACCENT

Commit = Callable[[str, Any], None]

INT_FLOOR = -(2**31)
INT_CEILING = 2**31 - 1


def set_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class IntSpinBox(QSpinBox):
    """A spin box whose arrows stay within the documented range, but whose text accepts any
    whole number, so an out-of-range value can be refused with a message instead of being
    clamped behind the user's back. An empty field means "not set" (Plivo's default)."""

    UNSET = INT_FLOOR

    def __init__(self, spec: AttributeSpec) -> None:
        super().__init__()
        self.spec = spec
        self.setRange(INT_FLOOR, INT_CEILING)
        self.setValue(self.UNSET)
        self.setKeyboardTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)

    @property
    def documented_range(self) -> tuple[int, int]:
        low = self.spec.min if self.spec.min is not None else INT_FLOOR + 1
        high = self.spec.max if self.spec.max is not None else INT_CEILING
        return low, high

    def textFromValue(self, value: int) -> str:
        return "" if value == self.UNSET else str(value)

    def valueFromText(self, text: str) -> int:
        text = text.strip()
        if not text:
            return self.UNSET
        try:
            return max(INT_FLOOR + 1, min(INT_CEILING, int(text)))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        from PySide6.QtGui import QValidator

        stripped = text.strip()
        if stripped in ("", "-", "+"):
            state = QValidator.State.Acceptable if not stripped else QValidator.State.Intermediate
            return state, text, pos
        try:
            number = int(stripped)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        if INT_FLOOR < number <= INT_CEILING:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Invalid, text, pos

    def stepBy(self, steps: int) -> None:
        low, high = self.documented_range
        current = self.value()
        if current == self.UNSET:
            # Stepping from "not set" starts at the value Plivo would use.
            default = self.spec.default
            current = default if isinstance(default, int) and low <= default <= high else low
        self.setValue(max(low, min(high, current + steps)))
        self.selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        low, high = self.documented_range
        value = self.value()
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if value == self.UNSET or value < high:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if value == self.UNSET or value > low:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Scrolling the panel must not change numbers it passes over.
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class NoWheelComboBox(QComboBox):
    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class AttributeRow(QWidget):
    """Caption, editor, reset button and inline message for one attribute."""

    def __init__(self, spec: AttributeSpec, commit: Commit, prefix: str = "attr:") -> None:
        super().__init__()
        self.spec = spec
        self.commit = commit
        self.value: Any = None
        self.rejected = False
        tooltip = spec_tooltip(spec)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(3)
        self.caption = QLabel(spec.label)
        self.caption.setToolTip(tooltip)
        self.caption.setWordWrap(True)
        if spec.type != "bool":
            layout.addWidget(self.caption)
        line = QHBoxLayout()
        line.setSpacing(4)
        self.editor = self._make_editor()
        self.editor.setObjectName(f"{prefix}{spec.name}")
        self.editor.setAccessibleName(f"{prefix}{spec.name}")
        self.editor.setToolTip(tooltip)
        line.addWidget(self.editor, 1)
        self.reset = QToolButton()
        self.reset.setObjectName(f"reset:{spec.name}" if prefix == "attr:"
                                 else f"{prefix}reset:{spec.name}")
        self.reset.setIcon(tool_icon("reset", ACCENT))
        self.reset.setAutoRaise(True)
        self.reset.setToolTip(self._reset_tooltip())
        self.reset.setAccessibleName(f"Reset {spec.label} to the default")
        self.reset.clicked.connect(self._reset_clicked)
        line.addWidget(self.reset)
        layout.addLayout(line)
        self.error = QLabel()
        self.error.setObjectName(f"error:{spec.name}" if prefix == "attr:"
                                 else f"{prefix}error:{spec.name}")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.load(None)

    def _reset_tooltip(self) -> str:
        if self.spec.has_default:
            return f"Use Plivo's default ({describe_value(self.spec.default)})"
        return "Clear this setting"

    # -- the widget per type ------------------------------------------------------------------

    def _make_editor(self) -> QWidget:
        spec = self.spec
        if spec.type == "bool":
            box = QCheckBox(spec.label)
            box.clicked.connect(lambda checked: self._submit(bool(checked)))
            return box
        if spec.type == "enum":
            combo = NoWheelComboBox()
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            default = (f"Plivo default ({spec.default})" if spec.has_default else "Not set")
            combo.addItem(default, None)
            for choice in spec.choices:
                combo.addItem(choice if choice else "(empty)", choice)
            combo.activated.connect(lambda index: self._submit(combo.itemData(index)))
            return combo
        if spec.type == "int" and not spec.keywords:
            spin = IntSpinBox(spec)
            placeholder = str(spec.default) if spec.has_default else (spec.default_note or "")
            spin.lineEdit().setPlaceholderText(placeholder)
            spin.editingFinished.connect(lambda: self._submit_text(spin.cleanText()))
            return spin
        edit = QLineEdit()
        if spec.has_default and spec.default != "":
            edit.setPlaceholderText(str(spec.default))
        elif spec.type == "url":
            edit.setPlaceholderText("https://…")
        elif spec.pattern_hint:
            edit.setPlaceholderText(spec.pattern_hint)
        if spec.max_length is not None:
            # One more than allowed, so a too-long paste is refused with a message rather
            # than cut silently.
            edit.setMaxLength(spec.max_length + 1)
        edit.editingFinished.connect(lambda: self._submit_text(edit.text()))
        return edit

    # -- model → widget -----------------------------------------------------------------------

    def load(self, value: Any) -> None:
        """Show the model's value (None: not set). A row showing a refused value keeps it,
        unless the model's value itself changed."""
        if self.rejected and value == self.value:
            return
        self.value = value
        self.rejected = False
        self._show_problem(None)
        editor = self.editor
        editor.blockSignals(True)
        try:
            if isinstance(editor, QCheckBox):
                effective = value if value is not None else bool(self.spec.default)
                editor.setChecked(bool(effective))
                suffix = "" if value is not None else "  (default)"
                editor.setText(self.spec.label + suffix)
            elif isinstance(editor, QComboBox):
                index = editor.findData(value) if value is not None else 0
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, IntSpinBox):
                if isinstance(value, int) and not isinstance(value, bool):
                    editor.setValue(value)
                else:
                    editor.setValue(IntSpinBox.UNSET)
                    if value is not None:
                        editor.lineEdit().setText(str(value))
            elif isinstance(editor, QLineEdit):
                editor.setText("" if value is None else str(value))
                editor.setCursorPosition(0)
        finally:
            editor.blockSignals(False)
        self.reset.setEnabled(value is not None)

    # -- widget → model -----------------------------------------------------------------------

    def _submit_text(self, text: str) -> None:
        self._submit(parse_text(self.spec, text))

    def _submit(self, value: Any) -> None:
        problem = problem_with(self.spec, value)
        if problem is not None:
            self.rejected = True
            self._show_problem(f"{problem.message} {problem.hint}".strip())
            return
        self.rejected = False
        self._show_problem(None)
        if value != self.value or type(value) is not type(self.value):
            self.commit(self.spec.name, value)

    def _reset_clicked(self) -> None:
        self.rejected = False
        self._show_problem(None)
        if self.value is not None:
            self.commit(self.spec.name, None)
        else:
            self.load(None)

    def _show_problem(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        set_invalid(self.editor, bool(message))

    @property
    def problem_text(self) -> str:
        return self.error.text() if self.error.isVisibleTo(self) else ""
