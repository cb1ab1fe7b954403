"""The window's actions (each with objectName `action-<name>` and a standard shortcut), and
the menus and toolbar built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from designer.gui.auto_layout import auto_layout
from designer.gui.icons import tool_icon
from designer.gui.import_xml import import_xml
from designer.gui.shortcuts import show_shortcuts
from designer.gui.simulator_dock import toggle_simulator

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    keys: tuple[QKeySequence | Key | str, ...]
    tip: str
    icon: str | None = None


SPECS = (
    ActionSpec("new", "&New", (Key.New,), "Start a new flow", "new"),
    ActionSpec("open", "&Open…", (Key.Open,), "Open a flow file", "open"),
    ActionSpec("save", "&Save", (Key.Save,), "Save the flow", "save"),
    ActionSpec("save-as", "Save &As…", (Key.SaveAs,), "Save the flow under a new name",
               "save-as"),
    ActionSpec("export", "&Export bundle…", ("Ctrl+E",),
               "Write the Plivo XML documents of this flow to a folder", "export"),
    ActionSpec("quit", "&Quit", (Key.Quit, "Ctrl+Q"), "Close the designer"),
    ActionSpec("delete", "&Delete", (Key.Delete,), "Delete the selected steps and links",
               "delete"),
    ActionSpec("select-all", "Select &All", (Key.SelectAll,), "Select every step and note"),
    ActionSpec("zoom-in", "Zoom &In", (Key.ZoomIn, "Ctrl+="), "Zoom in", "zoom-in"),
    ActionSpec("zoom-out", "Zoom &Out", (Key.ZoomOut,), "Zoom out", "zoom-out"),
    ActionSpec("fit", "&Fit Flow", ("Ctrl+0",), "Show the whole flow", "fit"),
    ActionSpec("settings", "Flow &Settings…", ("Ctrl+,",),
               "Name, base URL and link method of the flow", "settings"),
    ActionSpec("import-xml", "&Import Plivo XML…", (),
               "Open existing Plivo XML documents as a new flow"),
    ActionSpec("simulator", "Si&mulator", ("F5",),
               "Play a call through the flow as the caller would hear it"),
    ActionSpec("export-picture", "Export &Picture…", ("Ctrl+Shift+E",),
               "Save a picture of the whole flow (SVG, PNG or PDF)"),
    ActionSpec("export-picture-selection", "Export Se&lection as Picture…", (),
               "Save a picture of the selected steps (SVG, PNG or PDF)"),
    ActionSpec("cut", "Cu&t", (Key.Cut,), "Cut the selected steps and notes"),
    ActionSpec("copy", "&Copy", (Key.Copy,), "Copy the selected steps and notes"),
    ActionSpec("paste", "&Paste", (Key.Paste,), "Paste copied steps and notes"),
    ActionSpec("duplicate", "D&uplicate", ("Ctrl+D",),
               "Copy the selected steps and notes beside them"),
    ActionSpec("find", "&Find…", (Key.Find,),
               "Find steps (by name, type, text or problem) and notes"),
    ActionSpec("find-next", "Find Ne&xt", (Key.FindNext,), "Go to the next match"),
    ActionSpec("find-previous", "Find Pre&vious", (Key.FindPrevious,),
               "Go to the previous match"),
    ActionSpec("quick-add", "Add Ste&p…", (),
               "Search for a step and add it at the mouse (Tab on the canvas)"),
    ActionSpec("add-note", "Add &Note", ("Ctrl+Shift+N",), "Add a sticky note to the canvas"),
    ActionSpec("layout-lr", "&Left to Right", ("Ctrl+L",),
               "Arrange the flow (or the selected steps) in columns, left to right"),
    ActionSpec("layout-tb", "&Top to Bottom", ("Ctrl+Shift+L",),
               "Arrange the flow (or the selected steps) in rows, top to bottom"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", (Key.HelpContents, "Ctrl+/"),
               "List every keyboard shortcut"),
)


def _keys(spec: ActionSpec) -> list[QKeySequence]:
    """The platform's standard keys first, then our fallbacks, each once."""
    keys: list[QKeySequence] = []
    for key in spec.keys:
        found = QKeySequence.keyBindings(key) if isinstance(key, Key) else [QKeySequence(key)]
        keys.extend(k for k in found if k not in keys)
    return keys


def make_actions(window: MainWindow) -> dict[str, QAction]:
    handlers: dict[str, Callable[[], object]] = {
        "new": window.files.new,
        "open": window.files.open,
        "save": window.files.save,
        "save-as": window.files.save_as,
        "export": window.files.export,
        "quit": window.close,
        "delete": window.delete_selection,
        "select-all": window.select_all,
        "zoom-in": window.view.zoom_in,
        "zoom-out": window.view.zoom_out,
        "fit": window.view.fit_flow,
        "settings": window.edit_settings,
        "import-xml": lambda: import_xml(window),
        "simulator": lambda: toggle_simulator(window),
        "export-picture": lambda: window.session.pictures.export(),
        "export-picture-selection": lambda: window.session.pictures.export(selection_only=True),
        "cut": lambda: window.comfort.clipboard.cut(),
        "copy": lambda: window.comfort.clipboard.copy(),
        "paste": lambda: window.comfort.clipboard.paste(),
        "duplicate": lambda: window.comfort.clipboard.duplicate(),
        "find": lambda: window.comfort.finder.find(),
        "find-next": lambda: window.comfort.finder.find_next(),
        "find-previous": lambda: window.comfort.finder.find_previous(),
        "quick-add": lambda: window.comfort.quick_add.open(),
        "add-note": lambda: window.comfort.notes.add(),
        "layout-lr": lambda: auto_layout(window, "LR"),
        "layout-tb": lambda: auto_layout(window, "TB"),
        "shortcuts": lambda: show_shortcuts(window),
    }
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        action = QAction(spec.text, window)
        action.setObjectName(f"action-{spec.name}")
        action.setShortcuts(_keys(spec))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{spec.tip} ({shortcut})" if shortcut else spec.tip)
        action.setStatusTip(spec.tip)
        if spec.icon:
            action.setIcon(tool_icon(spec.icon))
        handler = handlers[spec.name]
        action.triggered.connect(lambda _=False, h=handler: h())
        window.addAction(action)
        actions[spec.name] = action
    stack = window.document.undo_stack
    for name, key, can_signal, text_signal, can, run in (
        ("undo", Key.Undo, stack.canUndoChanged, stack.undoTextChanged, stack.canUndo,
         window.undo),
        ("redo", Key.Redo, stack.canRedoChanged, stack.redoTextChanged, stack.canRedo,
         window.redo),
    ):
        action = QAction(name.capitalize(), window)
        action.setObjectName(f"action-{name}")
        action.setShortcuts(QKeySequence.keyBindings(key))
        action.setIcon(tool_icon(name))
        action.setEnabled(can())
        label = name.capitalize()
        can_signal.connect(action.setEnabled)
        text_signal.connect(lambda text, a=action, w=label: a.setText(f"{w} {text}".strip()))
        action.triggered.connect(lambda _=False, r=run: r())
        window.addAction(action)
        actions[name] = action
    return actions


def build_menus(window: MainWindow, actions: dict[str, QAction]) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for name in ("new", "open", "import-xml", None, "save", "save-as", None, "export",
                 "export-picture", "export-picture-selection", None, "quit"):
        file_menu.addSeparator() if name is None else file_menu.addAction(actions[name])
    edit_menu = bar.addMenu("&Edit")
    for name in ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete",
                 "select-all", None, "find", "find-next", "find-previous", None, "quick-add",
                 "add-note", None, "settings"):
        edit_menu.addSeparator() if name is None else edit_menu.addAction(actions[name])
    view_menu = bar.addMenu("&View")
    for name in ("zoom-in", "zoom-out", "fit"):
        view_menu.addAction(actions[name])
    layout_menu = view_menu.addMenu("&Auto-layout")
    layout_menu.setObjectName("menu-auto-layout")
    layout_menu.addAction(actions["layout-lr"])
    layout_menu.addAction(actions["layout-tb"])
    view_menu.addSeparator()
    for dock in window.docks.values():
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addAction(actions["simulator"])
    window.view_menu = view_menu
    help_menu = bar.addMenu("&Help")
    help_menu.setObjectName("menu-help")
    help_menu.addAction(actions["shortcuts"])


def build_toolbar(window: MainWindow, actions: dict[str, QAction]) -> QToolBar:
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    for name in ("new", "open", "save", None, "undo", "redo", "delete", None,
                 "zoom-out", "zoom-in", "fit", None, "settings", "export"):
        toolbar.addSeparator() if name is None else toolbar.addAction(actions[name])
    export_button = toolbar.widgetForAction(actions["export"])
    if export_button is not None:
        export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar
