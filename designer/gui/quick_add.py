"""Quick-add: Tab (or a tap of Space) on the canvas opens a small search popup of steps at the
cursor; typing narrows it (fuzzy, on name, type and help: `designer.search`), Enter adds the
chosen step there. A new link dropped on empty canvas opens the same popup, listing the steps
that can take the link, and Enter adds the step already linked — one undo step either way.

The popup is a child widget of the canvas, not a separate window: it stays inside the
canvas, closes with Esc or when focus leaves it, and shows in window pictures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsPathItem,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.flowfile.fragment import PastePlan
from designer.gui.commands.clipboard import paste_command
from designer.gui.icons import verb_badge
from designer.gui.pointer import CanvasPointer
from designer.gui.scene import geometry as g
from designer.gui.scene.edge_item import link_path
from designer.gui.theme import canvas_theme
from designer.model import Edge, Node
from designer.model.ids import slugify
from designer.model.ports import port_names, port_spec
from designer.search import Verb, palette_verbs, rank_verbs

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
WIDTH = 320
VISIBLE_ROWS = 8
# Keys that move through the list while the cursor stays in the search field.
LIST_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


@dataclass(frozen=True)
class PendingLink:
    """The exit a dropped link came from: the new step gets linked to it."""

    source: str
    port: str


class QuickAddPopup(QFrame):
    def __init__(self, window: MainWindow, pointer: CanvasPointer) -> None:
        super().__init__(window.view)
        self.window_ = window
        self.view = window.view
        self.pointer = pointer
        self.setObjectName("quickAdd")
        self.setAccessibleName("Add a step")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFixedWidth(WIDTH)
        self.title = QLabel()
        self.title.setObjectName("quickAddTitle")
        self.title.setProperty("role", "section")
        self.search = QLineEdit()
        self.search.setObjectName("quickAddText")
        self.search.setAccessibleName("Search steps")
        self.search.setPlaceholderText("Type to find a step…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("quickAddList")
        self.list.setAccessibleName("Matching steps")
        self.list.setIconSize(QSize(20, 20))
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.help = QLabel()
        self.help.setObjectName("quickAddHelp")
        self.help.setProperty("role", "hint")
        self.help.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(5)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.help)
        self.search.textChanged.connect(self.refresh)
        self.search.installEventFilter(self)
        self.list.currentRowChanged.connect(self._show_help)
        self.list.itemClicked.connect(lambda item: self.accept(item))
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.verbs: list[Verb] = []
        self.scene_pos = QPointF()
        self.link: PendingLink | None = None
        self.preview: QGraphicsPathItem | None = None
        window.document.replaced.connect(self._document_replaced)
        self.hide()

    # -- opening and closing ------------------------------------------------------------------

    def open_at(self, scene_pos: QPointF | None = None, link: PendingLink | None = None,
                viewport_pos: QPoint | None = None) -> None:
        """Show the popup for adding a step at `scene_pos` (default: the mouse, or the centre
        of the view); with `link`, only steps that can take that link are offered."""
        if scene_pos is None:
            scene_pos = self.pointer.scene_pos()
        self.scene_pos = scene_pos
        self.link = link
        catalog = self.window_.document.catalog
        self.verbs = palette_verbs(catalog, link_target=link is not None)
        if link is None:
            self.title.setText("Add a step")
        else:
            self.title.setText(f"Add a step after '{link.source}'"
                               f"{exit_label(self.window_, link)}")
        self._show_link_preview()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refresh()
        self.adjustSize()
        self._place(viewport_pos if viewport_pos is not None
                    else self.view.mapFromScene(scene_pos))
        self.show()
        self.raise_()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)

    def _place(self, point: QPoint) -> None:
        area = self.view.rect()
        x = min(max(point.x(), 4), max(area.width() - self.width() - 4, 4))
        y = min(max(point.y(), 4), max(area.height() - self.height() - 4, 4))
        self.move(x, y)

    def close_popup(self) -> None:
        if self.isVisible():
            self._closed()
            self.view.setFocus(Qt.FocusReason.PopupFocusReason)

    def _closed(self) -> None:
        self.hide()
        self.link = None
        self._show_link_preview()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self):
            return  # the window is gone; the application still reports focus changes
        if self.isVisible() and new is not None and not self.isAncestorOf(new):
            self._closed()

    def _document_replaced(self) -> None:
        # The scene has already dropped its items (the preview line with them).
        self.preview = None
        self.hide()
        self.link = None

    def _show_link_preview(self) -> None:
        """While a dropped link waits for its step, a dashed line shows where it comes from."""
        scene = self.window_.scene
        if self.preview is not None:
            if self.preview.scene() is scene:
                scene.removeItem(self.preview)
            self.preview = None
        source = scene.node_items.get(self.link.source) if self.link is not None else None
        if source is None:
            return
        self.preview = QGraphicsPathItem(link_path(source.port_scene_pos(self.link.port),
                                                   self.scene_pos))
        self.preview.setPen(QPen(canvas_theme().selection, 2.0, Qt.PenStyle.DashLine))
        self.preview.setZValue(10)
        scene.addItem(self.preview)

    # -- the list -----------------------------------------------------------------------------

    def refresh(self) -> None:
        catalog = self.window_.document.catalog
        self.list.clear()
        for verb in rank_verbs(self.search.text(), self.verbs):
            element = catalog.element(verb.type)
            item = QListWidgetItem(verb_badge(element.icon, element.category, 20, verb.label),
                                   verb.label)
            item.setData(TYPE_ROLE, verb.type)
            item.setToolTip(verb.help)
            self.list.addItem(item)
        rows = min(max(self.list.count(), 1), VISIBLE_ROWS)
        row_height = self.list.sizeHintForRow(0) if self.list.count() else 26
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 2)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._show_help(-1)
        self.adjustSize()

    def _show_help(self, row: int) -> None:
        item = self.list.item(row) if row >= 0 else None
        if item is None:
            self.help.setText("No step matches; try another word." if self.search.text()
                              else "")
        else:
            self.help.setText(item.toolTip())

    def shown_types(self) -> list[str]:
        return [self.list.item(i).data(TYPE_ROLE) for i in range(self.list.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in LIST_KEYS:
                QApplication.sendEvent(self.list, QKeyEvent(
                    QEvent.Type.KeyPress, key, event.modifiers(), event.text()))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept(self.list.currentItem())
                return True
            if key == Qt.Key.Key_Escape:
                self.close_popup()
                return True
        return super().eventFilter(watched, event)

    # -- adding -------------------------------------------------------------------------------

    def accept(self, item: QListWidgetItem | None) -> str | None:
        """Add the chosen step (and its link); returns its id."""
        if item is None:
            return None
        type_name = item.data(TYPE_ROLE)
        link, scene_pos = self.link, self.scene_pos
        self.close_popup()
        return add_step(self.window_, type_name, scene_pos, link)


def add_step(window: MainWindow, type_name: str, scene_pos: QPointF,
             link: PendingLink | None = None) -> str:
    """Add a step of `type_name` at `scene_pos` — its input there when it is linked from
    `link`, else centred on it — as one undo step, and select it."""
    document = window.document
    flow = document.flow
    element = document.catalog.element(type_name)
    node_id = flow.new_id(slugify(element.label))
    if link is not None and not _still_free(window, link):
        window.show_status(f"The '{link.port}' exit of '{link.source}' is no longer free; "
                           "the step was added without a link.")
        link = None
    if link is None:
        corner = scene_pos - QPointF(g.WIDTH / 2, g.HEADER / 2)
    else:
        corner = scene_pos - QPointF(0, g.input_y())
    position = (g.snap(corner.x()), g.snap(corner.y()))
    plan = PastePlan(nodes=[(Node(id=node_id, type=type_name), position)])
    if link is not None:
        plan.edges = [Edge(link.source, link.port, node_id)]
    command = paste_command(flow, plan, "Add")
    if link is not None:
        command.setText(f"Add step '{node_id}' after '{link.source}'"
                        f"{exit_label(window, link)}")
    else:
        command.setText(f"Add step '{node_id}'")
    document.push(command)
    window.scene.select_only([node_id])
    window.view.setFocus()
    return node_id


def exit_label(window: MainWindow, link: PendingLink) -> str:
    """" (no match)" for a named exit, as the card labels it; nothing for `next`."""
    if link.port == "next":
        return ""
    node = window.document.flow.nodes.get(link.source)
    spec = port_spec(node, link.port, window.document.catalog) if node is not None else None
    return f" ({spec.label if spec is not None else link.port})"


def _still_free(window: MainWindow, link: PendingLink) -> bool:
    """Whether the exit a dropped link came from can still take it (the flow may have
    changed while the popup was open)."""
    flow = window.document.flow
    node = flow.nodes.get(link.source)
    return (node is not None and flow.edge_from(link.source, link.port) is None
            and link.port in port_names(node, window.document.catalog))


class _CanvasKeys(QObject):
    """Tab, or Space pressed and released without a click (Space with a drag pans), on the
    canvas opens the popup; Ctrl+Tab moves on to the next panel. Tab is also the quick-add
    action's own shortcut; this catches it where a key event reaches the canvas without
    going through shortcuts."""

    def __init__(self, popup: QuickAddPopup) -> None:
        super().__init__(popup)
        self.popup = popup
        self.space_down = False
        self.clicked = False
        view = popup.view
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        view = self.popup.view
        if kind == QEvent.Type.MouseButtonPress and watched is view.viewport():
            self.clicked = True
        elif kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and watched is view:
            assert isinstance(event, QKeyEvent)
            if event.isAutoRepeat():
                return False
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab:
                if modifiers == Qt.KeyboardModifier.NoModifier:
                    self.popup.open_at()
                    return True
                if modifiers == Qt.KeyboardModifier.ControlModifier:
                    # Tab adds steps here, so Ctrl+Tab is the way on to the next panel.
                    view.focusNextChild()
                    return True
            if event.key() == Qt.Key.Key_Space:
                if kind == QEvent.Type.KeyPress:
                    self.space_down, self.clicked = True, False
                elif self.space_down:
                    self.space_down = False
                    if not self.clicked and view._interaction is None:
                        # Let the view end its pan mode first, then open.
                        view.keyReleaseEvent(event)
                        self.popup.open_at()
                        return True
        return False


class QuickAdd:
    """The quick-add feature of one window: the popup, its keys, and the link-drop hook."""

    def __init__(self, window: MainWindow, pointer: CanvasPointer) -> None:
        self.window = window
        self.popup = QuickAddPopup(window, pointer)
        self.keys = _CanvasKeys(self.popup)
        window.view.link_dropped.connect(self.link_dropped)

    def open(self) -> None:
        self.popup.open_at()

    def link_dropped(self, source: str, port: str, scene_pos: QPointF) -> None:
        flow = self.window.document.flow
        if source not in flow.nodes:
            return
        if flow.edge_from(source, port) is not None:
            self.window.show_status(
                f"The '{port}' exit of '{source}' is already linked; remove that link first.")
            return
        self.popup.open_at(scene_pos, PendingLink(source, port))


def install_quick_add(window: MainWindow, pointer: CanvasPointer) -> QuickAdd:
    quick_add = QuickAdd(window, pointer)
    action = window.actions_by_name.get("quick-add")
    if action is not None:
        # Tab only while the canvas has the focus: everywhere else it moves between fields.
        action.setShortcut(QKeySequence(Qt.Key.Key_Tab))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.view.addAction(action)
    return quick_add
