"""The XML preview: the compiled Plivo document that contains the selected step, read-only
and highlighted. Compiles only while visible, after the user pauses, and with the checks off,
so a flow with errors still shows what it would produce (or says why it cannot)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from designer.gui.document import Document
from designer.gui.theme import canvas_theme, themed_style

DELAY_MS = 150


def _format(color: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


class XmlHighlighter(QSyntaxHighlighter):
    RULES = (
        (r"<\?[^?]*\?>", _format("#8a8f98")),
        (r"</?[A-Za-z][\w:.-]*|/?>", _format("#1f5fbf", bold=True)),
        (r"\b[A-Za-z_][\w:.-]*(?==)", _format("#8a4baf")),
        (r"\"[^\"]*\"", _format("#1a7f4b")),
        (r"<!--.*?-->", _format("#8a8f98")),
    )
    # The same, readable on the dark theme's background.
    DARK_RULES = (
        (r"<\?[^?]*\?>", _format("#8a93a3")),
        (r"</?[A-Za-z][\w:.-]*|/?>", _format("#6fa8ff", bold=True)),
        (r"\b[A-Za-z_][\w:.-]*(?==)", _format("#c79bf0")),
        (r"\"[^\"]*\"", _format("#7fd1a0")),
        (r"<!--.*?-->", _format("#8a93a3")),
    )

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.light_rules = [(QRegularExpression(p), f) for p, f in self.RULES]
        self.dark_rules = [(QRegularExpression(p), f) for p, f in self.DARK_RULES]
        self.rules = self.light_rules

    def highlightBlock(self, text: str) -> None:
        self.rules = self.dark_rules if canvas_theme().dark else self.light_rules
        for expression, fmt in self.rules:
            matches = expression.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), fmt)


class XmlPreview(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.node_id: str | None = None
        self._bundle = None
        self._bundle_problem: str | None = None
        self._bundle_revision = -1
        self.caption = QLabel()
        self.caption.setObjectName("xmlPreviewCaption")
        self.caption.setProperty("role", "hint")
        self.caption.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("xmlPreview")
        self.text.setAccessibleName("xmlPreview")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(8.8)
        self.text.setFont(font)
        themed_style(self.text, "QPlainTextEdit { background: #fbfcfd; }")
        self.highlighter = XmlHighlighter(self.text.document())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.text)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        document.changed.connect(lambda change: self.schedule())
        document.replaced.connect(self.schedule)

    def show_node(self, node_id: str | None) -> None:
        self.node_id = node_id
        self.schedule()

    def schedule(self) -> None:
        self.timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.schedule()

    def compiled(self):
        """The bundle of the current revision (None with a reason when it cannot be built)."""
        if self._bundle_revision != self.document.revision:
            from designer.compiler import CompileError, compile_flow

            self._bundle, self._bundle_problem = None, None
            try:
                self._bundle = compile_flow(self.document.flow, self.document.catalog,
                                            check=False)
            except CompileError as exc:
                reasons = "\n".join(f"• {d.message}" for d in exc.diagnostics[:5])
                self._bundle_problem = f"The XML cannot be produced yet:\n{reasons}"
            except Exception as exc:  # a preview must never take the editor down
                self._bundle_problem = f"The XML cannot be produced yet: {exc}"
            self._bundle_revision = self.document.revision
        return self._bundle, self._bundle_problem

    def refresh(self) -> None:
        if not self.isVisible():
            return
        bundle, problem = self.compiled()
        if bundle is None:
            self.caption.setText("Cannot compile")
            self._set_text(problem or "")
            return
        name = bundle.node_document.get(self.node_id or "")
        if name is None:
            name = bundle.manifest.get("entry", "answer.xml")
            if self.node_id and self.node_id in self.document.flow.nodes:
                note = (f"'{self.node_id}' is not in any document (the call never reaches it, "
                        f"or it has nothing to say); showing {name}.")
            else:
                note = f"{name}: where the call starts. Select a step to see its document."
        else:
            note = f"{name}: the document that contains '{self.node_id}'."
        self.caption.setText(note)
        self._set_text(bundle.documents[name].decode("utf-8"))

    def _set_text(self, text: str) -> None:
        if self.text.toPlainText() != text:
            scroll = self.text.verticalScrollBar().value()
            self.text.setPlainText(text)
            self.text.verticalScrollBar().setValue(scroll)
