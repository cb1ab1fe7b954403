"""Flow settings: the flow's name, the base URL the exported files will live at, and the HTTP
method of the links between them. OK records the changes as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from designer.checks.values import is_absolute_url
from designer.gui.commands import SetFlowName, SetSetting, macro
from designer.gui.document import Document
from designer.gui.properties.editors import set_invalid

LINK_METHODS = ("GET", "POST")


class FlowSettingsDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        flow = document.flow
        self.setObjectName("flowSettings")
        self.setWindowTitle("Flow settings")
        self.setMinimumWidth(460)
        self.name = QLineEdit(flow.name)
        self.name.setObjectName("setting-name")
        self.base_url = QLineEdit(flow.settings.get("base_url", ""))
        self.base_url.setObjectName("setting-base_url")
        self.base_url.setPlaceholderText("https://ivr.example.com/support/")
        self.link_method = QComboBox()
        self.link_method.setObjectName("setting-link_method")
        self.link_method.addItems(LINK_METHODS)
        method = flow.setting("link_method")
        self.link_method.setCurrentIndex(LINK_METHODS.index(method)
                                         if method in LINK_METHODS else 0)
        self.error = QLabel()
        self.error.setObjectName("error:settings")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow("Flow name", self.name)
        form.addRow("Base URL", self.base_url)
        hint = QLabel("The web address the exported files will be published at; menus and "
                      "merges link to the other files through it. Ends with /.")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        form.addRow("", hint)
        form.addRow("Link method", self.link_method)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def problem(self) -> str | None:
        base = self.base_url.text().strip()
        if base and not is_absolute_url(base, ("http", "https")):
            return ("The base URL must be a full web address starting with https:// or "
                    "http://, such as https://ivr.example.com/support/.")
        if not self.name.text().strip():
            return "The flow needs a name."
        return None

    def accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem or "")
        self.error.setVisible(bool(problem))
        set_invalid(self.base_url, bool(problem))
        if problem is None:
            super().accept()

    def apply(self) -> bool:
        """Record what changed as one undo step; False when nothing changed."""
        flow = self.document.flow
        parts = []
        name = self.name.text().strip()
        if name != flow.name:
            parts.append(SetFlowName(flow, name))
        base = self.base_url.text().strip()
        if base and not base.endswith("/"):
            # File names are appended directly to the base URL.
            base += "/"
        if (base or None) != flow.settings.get("base_url"):
            parts.append(SetSetting(flow, "base_url", base or None))
        method = self.link_method.currentText()
        if method != flow.setting("link_method"):
            parts.append(SetSetting(flow, "link_method", method))
        if not parts:
            return False
        self.document.push(parts[0] if len(parts) == 1 else macro("Change flow settings", parts))
        return True
