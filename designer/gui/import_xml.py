"""File → Import Plivo XML…: existing Plivo XML documents become a new, unsaved flow.

The files are imported first (`designer.importer.import_files`, the same code as
`ivr-designer import`): a refused import is explained and nothing else happens. Only then is
the user asked about unsaved changes, and the result opens as "Imported flow", laid out, with
nothing written anywhere. The importer's warnings (each with its file and line) are listed in
a small window that stays open beside the editor; clicking one selects the step it is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.gui.diagnostics_panel import severity_icon

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow
    from designer.importer import ImportDiagnostic, ImportResult

IMPORTED_TITLE = "Imported flow"
REPORT_NAME = "importReport"
NODE_ROLE = Qt.ItemDataRole.UserRole + 1


def import_xml(window: MainWindow) -> bool:
    """The menu command: choose the files, then import them."""
    paths = window.ask_import_paths()
    if not paths:
        return False
    return import_paths(window, [Path(p) for p in paths])


def import_paths(window: MainWindow, paths: list[Path]) -> bool:
    """Import `paths` (the first is where the call starts) as a new unsaved document. False
    when the import was refused or the user kept the current document."""
    from designer.importer import XmlImportError, import_files

    window.commit_pending_edit()
    try:
        result = import_files(paths, window.document.catalog)
    except XmlImportError as exc:
        window.show_error("Cannot import the XML", str(exc))
        return False
    if not window.files.maybe_save():
        window.show_status("Import cancelled; the open flow is unchanged.")
        return False
    window.document.adopt(result.flow, IMPORTED_TITLE)
    show_report(window, result, len(paths))
    window.show_status(summary(result, len(paths)))
    return True


def summary(result: ImportResult, files: int) -> str:
    steps = result.step_count
    text = (f"Imported {steps} step{'s' if steps != 1 else ''} from {files} "
            f"file{'s' if files != 1 else ''}")
    links = result.link_count
    if links:
        text += f", with {links} link{'s' if links != 1 else ''} between them"
    warnings = len(result.warnings)
    if warnings:
        text += f"; {warnings} warning{'s' if warnings != 1 else ''} to read"
    return text + ". Save it to keep it."


def report_rows(result: ImportResult) -> list[ImportDiagnostic]:
    """What the report lists: everything but the notes that a URL became a link (the summary
    counts those), file by file in the order given, by line."""
    rows = [d for d in result.diagnostics if d.severity in ("error", "warning")]
    files = list(dict.fromkeys(d.file for d in rows))
    return sorted(rows, key=lambda d: (files.index(d.file), d.line or 0))


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped message: Qt's tree sizes rows without knowing the
    column's width, so long messages would be cut off."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index):
        if index.column() == self.view.columnCount() - 1:  # only the message wraps
            option.rect = QRect(0, 0, self.view.header().sectionSize(index.column()), 1)
        return super().sizeHint(option, index)


class ImportReport(QDialog):
    """The import's warnings, one row each: where (file, line), the step, what happened."""

    def __init__(self, window: MainWindow, result: ImportResult, files: int) -> None:
        super().__init__(window)
        self.setObjectName(REPORT_NAME)
        self.setWindowTitle("Import warnings")
        self.setModal(False)
        self.resize(860, 360)
        self.main = window
        layout = QVBoxLayout(self)
        rows = report_rows(result)
        kept = any(d.code == "import-unknown-attribute" for d in rows)
        intro = QLabel(
            summary(result, files)
            + (" Attributes the designer does not know are kept on their step and written "
               "back on export." if kept else "")
            + " Click a row that names a step to select it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTreeWidget()
        self.table.setObjectName("importWarnings")
        self.table.setColumnCount(3)
        self.table.setHeaderLabels(["Where", "Step", "What happened"])
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setUniformRowHeights(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setItemDelegate(WrappingDelegate(self.table))
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.sectionResized.connect(lambda *_: self.table.doItemsLayout())
        for diagnostic in rows:
            message = f"{diagnostic.message} {diagnostic.hint}".strip()
            item = QTreeWidgetItem([diagnostic.location, diagnostic.node or "", message])
            item.setIcon(0, severity_icon(diagnostic.severity))
            item.setData(0, NODE_ROLE, diagnostic.node)
            tip = str(diagnostic)
            for column in range(3):
                item.setToolTip(column, tip)
            self.table.addTopLevelItem(item)
        self.table.itemClicked.connect(self._clicked)
        self.table.itemActivated.connect(self._clicked)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.topLevelItem(i).text(c) for c in range(3))
                for i in range(self.table.topLevelItemCount())]

    def _clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        node_id = item.data(0, NODE_ROLE)
        if node_id:
            self.main.reveal_node(node_id)


def show_report(window: MainWindow, result: ImportResult, files: int) -> ImportReport | None:
    """Replace any earlier report; show a new one when the import has warnings."""
    previous = window.findChild(QWidget, REPORT_NAME)
    if previous is not None:
        previous.close()
        previous.setObjectName("")
        previous.deleteLater()
    if not report_rows(result):
        return None
    report = ImportReport(window, result, files)
    report.show()
    return report
