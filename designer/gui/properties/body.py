"""The editor of an element's text: a multi-line box for spoken or sent text (with an SSML
switch for Speak), a one-line field for a URL, phone number, SIP address, keys or a name.
A non-empty text the checks refuse is shown with the reason and not stored."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from designer.catalog import BodySpec
from designer.checks.values import body_problem
from designer.gui.properties.editors import set_invalid
from designer.gui.scene.summary import plain_text
from designer.model import Child

# Called with the new (text, ssml) pair.
CommitBody = Callable[[str | None, str | None], None]

PLACEHOLDERS = {
    "url": "https://example.com/…",
    "phone": "+14155550100",
    "sip": "sip:alice@phone.plivo.com",
    "digits": "1234#",
    "name": "Room name",
    "text": "Type what the caller hears…",
}


class CommitTextEdit(QPlainTextEdit):
    """A text box that reports when the user is done: on leaving it, or Ctrl+Enter."""

    def __init__(self, done: Callable[[], None]) -> None:
        super().__init__()
        self._done = done
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._done()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._done()
            return
        super().keyPressEvent(event)


class BodyEditor(QWidget):
    def __init__(self, body: BodySpec, commit: CommitBody, prefix: str = "") -> None:
        super().__init__()
        self.body = body
        self.commit = commit
        self.text: str | None = None
        self.ssml: str | None = None
        self.rejected = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(3)
        self.caption = QLabel(body.label or "Text")
        self.caption.setToolTip(body.help)
        layout.addWidget(self.caption)
        self.ssml_switch: QCheckBox | None = None
        self.multiline = body.kind == "text"
        if self.multiline:
            self.editor: QWidget = CommitTextEdit(self._submit)
            self.editor.setFixedHeight(84)
            self.editor.setPlaceholderText(PLACEHOLDERS["text"])
        else:
            self.editor = QLineEdit()
            self.editor.setPlaceholderText(PLACEHOLDERS.get(body.kind, ""))
            self.editor.editingFinished.connect(self._submit)
        self.editor.setObjectName(f"{prefix}body")
        self.editor.setAccessibleName(body.label or "Text")
        self.editor.setToolTip(body.help)
        layout.addWidget(self.editor)
        if body.ssml:
            self.ssml_switch = QCheckBox("SSML markup (Polly voices)")
            self.ssml_switch.setObjectName(f"{prefix}body-ssml")
            self.ssml_switch.setToolTip(
                "Write SSML markup such as <break time='1s'/> instead of plain text. "
                "Only Amazon Polly voices read SSML."
            )
            self.ssml_switch.clicked.connect(self._switch_ssml)
            layout.addWidget(self.ssml_switch)
        self.error = QLabel()
        self.error.setObjectName(f"{prefix}error:body")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)

    @property
    def in_ssml_mode(self) -> bool:
        return self.ssml_switch is not None and self.ssml_switch.isChecked()

    def current_text(self) -> str:
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def load(self, text: str | None, ssml: str | None) -> None:
        if self.rejected and (text, ssml) == (self.text, self.ssml):
            return
        self.text, self.ssml = text, ssml
        self.rejected = False
        self._show_problem(None)
        ssml_mode = ssml is not None and self.ssml_switch is not None
        if self.ssml_switch is not None:
            self.ssml_switch.setChecked(ssml_mode)
        shown = (ssml if ssml_mode else text) or ""
        if self.current_text() != shown:
            self.editor.blockSignals(True)
            if isinstance(self.editor, QPlainTextEdit):
                self.editor.setPlainText(shown)
            else:
                self.editor.setText(shown)
                self.editor.setCursorPosition(0)
            self.editor.blockSignals(False)

    def _submit(self) -> None:
        typed = self.current_text()
        value = typed if self.multiline else typed.strip()
        value = value if value.strip() else None
        if self.in_ssml_mode:
            if value != self.ssml:
                self.commit(None, value)
            return
        problem = body_problem(self.body, value) if value is not None else None
        if problem is not None:
            self.rejected = True
            self._show_problem(f"{problem.message} {problem.hint}".strip())
            return
        self.rejected = False
        self._show_problem(None)
        if value != self.text:
            self.commit(value, self.ssml)

    def _switch_ssml(self, checked: bool) -> None:
        if checked:
            source = self.current_text().strip()
            self.commit(None, html.escape(source, quote=False) if source else "")
        else:
            text = plain_text(Child("Speak", None, self.ssml or ""))
            self.commit(text or None, None)

    def _show_problem(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        set_invalid(self.editor, bool(message))
