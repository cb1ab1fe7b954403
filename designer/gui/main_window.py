"""The main window: canvas in the middle, palette on the left, property panel and XML preview
on the right, problems at the bottom; toolbar, menus and status bar. It wires the parts to
the document and owns the questions asked of the user (dialogs), which tests replace."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from designer.catalog import Catalog
from designer.checks import Diagnostic
from designer.gui import autosave, editing, picture_export
from designer.gui.actions import build_menus, build_toolbar, make_actions
from designer.gui.analysis import Analyzer, counts_text
from designer.gui.comfort import install_comfort
from designer.gui.diagnostics_panel import DiagnosticsPanel
from designer.gui.document import Document
from designer.gui.files import FileActions
from designer.gui.palette import Palette
from designer.gui.properties.panel import PropertyPanel
from designer.gui.scene.flow_scene import FlowScene
from designer.gui.session import install_session
from designer.gui.settings_dialog import FlowSettingsDialog
from designer.gui.simulator_dock import install_simulator
from designer.gui.theme import themed_style
from designer.gui.view import FlowView
from designer.gui.xml_preview import XmlPreview

APP_NAME = "IVR Flow Designer"
STATUS_TIMEOUT_MS = 8000


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.document = Document(catalog, self)
        self.scene = FlowScene(self.document, self)
        self.view = FlowView(self.scene, self.document)
        self.setCentralWidget(self.view)
        self.analyzer = Analyzer(self.document, self)
        self.files = FileActions(self)
        self.palette_widget = Palette(self.document.catalog)
        self.properties = PropertyPanel(self.document)
        self.preview = XmlPreview(self.document)
        self.diagnostics = DiagnosticsPanel()
        self.docks: dict[str, QDockWidget] = {}
        self._add_dock("paletteDock", "Steps", self.palette_widget,
                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("propertiesDock", "Properties", self.properties,
                       Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("diagnosticsDock", "Problems", self.diagnostics,
                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self._add_dock("xmlPreviewDock", "XML preview", self.preview,
                       Qt.DockWidgetArea.BottomDockWidgetArea)
        # Problems and the preview side by side under the canvas; the palette and the
        # properties run the full height of the window.
        self.splitDockWidget(self.docks["diagnosticsDock"], self.docks["xmlPreviewDock"],
                             Qt.Orientation.Horizontal)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.docks["paletteDock"], self.docks["propertiesDock"]],
                         [180, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["diagnosticsDock"], self.docks["xmlPreviewDock"]],
                         [420, 470], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["diagnosticsDock"]], [220], Qt.Orientation.Vertical)
        self.actions_by_name = make_actions(self)
        build_menus(self, self.actions_by_name)
        build_toolbar(self, self.actions_by_name)
        self._build_status_bar()
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(0)
        self._selection_timer.timeout.connect(self._selection_settled)
        self._connect()
        self.resize(1400, 900)
        self.update_title()
        self.analyzer.schedule()
        install_simulator(self)
        self.session = install_session(self)
        install_comfort(self)

    # -- construction -------------------------------------------------------------------------

    def _add_dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("statusCounts")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("statusZoom")
        self.zoom_label.setMinimumWidth(52)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.zoom_label)
        self._show_zoom(self.view.zoom())

    def _connect(self) -> None:
        document = self.document
        document.undo_stack.cleanChanged.connect(self._clean_changed)
        document.path_changed.connect(self.update_title)
        document.changed.connect(self._on_change)
        document.replaced.connect(self._on_replaced)
        self.scene.selectionChanged.connect(self._selection_timer.start)
        self.analyzer.updated.connect(self._on_diagnostics)
        self.diagnostics.node_activated.connect(self.reveal_node)
        self.palette_widget.add_requested.connect(self.view.add_verb_at_center)
        self.view.message.connect(self.show_status)
        self.view.node_activated.connect(self.properties.focus_first_field)
        self.analyzer.failed.connect(self.show_status)
        self.view.zoom_changed.connect(self._show_zoom)

    # -- document state -----------------------------------------------------------------------

    def _clean_changed(self, clean: bool) -> None:
        # The stack also reports while it is destroyed with the window: ignore that.
        if shiboken6.isValid(self):
            self.update_title(not clean)

    def update_title(self, modified: bool | None = None) -> None:
        if modified is None:
            modified = self.document.is_modified
        star = "*" if modified else ""
        self.setWindowTitle(f"{self.document.display_name}{star} — {APP_NAME}")

    def _on_change(self, change) -> None:
        if change.kind == "flow-renamed":
            self.update_title()
        elif change.kind == "node-renamed":
            # The selected card now carries the new id: let the preview follow.
            self._selection_timer.start()

    def _on_replaced(self) -> None:
        self.update_title()
        self._selection_settled()
        QTimer.singleShot(0, self.view.fit_flow)

    def _on_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self.scene.set_diagnostics(diagnostics)
        self.diagnostics.set_diagnostics(diagnostics)
        text = counts_text(self.analyzer.error_count, self.analyzer.warning_count)
        self.counts_label.setText(text)
        color = ("#c5221f" if self.analyzer.error_count
                 else "#805300" if self.analyzer.warning_count else "#16794f")
        # Written in light colours; the dark mode translates them (and does again on a switch).
        themed_style(self.counts_label, f"color: {color}; padding: 0 8px; font-weight: 600;")

    def _selection_settled(self) -> None:
        node_ids = self.scene.selected_node_ids()
        self.properties.show_selection(node_ids, len(self.scene.selected_note_ids()))
        self.preview.show_node(node_ids[0] if len(node_ids) == 1 else None)

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    # -- commands from actions ----------------------------------------------------------------

    def commit_pending_edit(self) -> None:
        """Store what is being typed in the property panel (it is stored when the field is
        left), so saving, exporting or undoing never misses it."""
        focused = self.focusWidget()
        if focused is not None and self.properties.isAncestorOf(focused):
            focused.clearFocus()

    def undo(self) -> None:
        self.commit_pending_edit()
        self.document.undo_stack.undo()

    def redo(self) -> None:
        self.commit_pending_edit()
        self.document.undo_stack.redo()

    def delete_selection(self) -> None:
        if not editing.delete(self.document, self.scene.selected_node_ids(),
                              self.scene.selected_links(), self.scene.selected_note_ids()):
            self.show_status("Select steps, links or notes to delete.")

    def select_all(self) -> None:
        flow = self.document.flow
        self.scene.select_only(flow.nodes, [note.id for note in flow.notes])

    def reveal_node(self, node_id: str) -> None:
        if node_id in self.scene.node_items:
            self.scene.select_only([node_id])
            self.view.center_on_node(node_id)

    def edit_settings(self) -> None:
        dialog = FlowSettingsDialog(self.document, self)
        if self.run_dialog(dialog):
            dialog.apply()

    def open_path(self, path: str | Path) -> bool:
        return self.files.open_path(path)

    # -- questions to the user (replaced in tests) --------------------------------------------

    def run_dialog(self, dialog) -> bool:
        return dialog.exec() == dialog.DialogCode.Accepted

    def ask_unsaved(self) -> str:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setText(f"Save the changes to {self.document.display_name}?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(QMessageBox.StandardButton.Save
                               | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def _start_dir(self) -> str:
        return str(self.document.path.parent) if self.document.path else str(Path.cwd())

    def ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a flow", self._start_dir(),
                                              "IVR flows (*.ivrflow);;All files (*)")
        return path or None

    def ask_save_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the flow", suggested,
                                              "IVR flows (*.ivrflow)")
        return path or None

    def ask_export_dir(self) -> str | None:
        path = QFileDialog.getExistingDirectory(
            self, "Export the bundle to a new or empty folder", self._start_dir()
        )
        return path or None

    def ask_import_paths(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import Plivo XML (the first file is where the call starts)",
            self._start_dir(), "Plivo XML (*.xml);;All files (*)")
        return paths

    def ask_scenario_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the call as a scenario", suggested,
                                              "Scenarios (*.scenario.json)")
        return path or None

    def ask_picture_path(self, suggested: str) -> str | None:
        return picture_export.ask_picture_path(self, suggested)

    def ask_restore(self, recovery) -> str:
        """After a crash: "restore", "discard" or "later" for the autosaved work."""
        return autosave.ask_restore(self, recovery)

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def show_status(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, STATUS_TIMEOUT_MS)
        else:
            self.statusBar().clearMessage()

    # -- window -------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_fitted", False):
            self._fitted = True
            QTimer.singleShot(0, self.view.fit_flow)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.files.maybe_save():
            event.accept()
            self.session.window_closed()
        else:
            event.ignore()
