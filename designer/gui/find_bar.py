"""Find (Ctrl+F): a bar in the top-right corner of the canvas that finds steps by id, type or
text (`designer.find`), optionally only those with errors, with warnings or that can never be
reached. Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to the previous one; each
is selected and centred, and the bar says "2 of 5". Up and Down step too. Esc closes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton

from designer.find import NOTE, Filters, Match, find_items
from designer.gui.icons import tool_icon

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow

MARGIN = 10
# Filter toggles look like chips that can be pressed (an outline), and a pressed one looks
# pressed, in either theme.
STYLE = ("QToolButton[filterToggle=\"true\"] { border: 1px solid palette(mid); "
         "border-radius: 6px; padding: 2px 7px; } "
         "QToolButton[filterToggle=\"true\"]:hover { border-color: palette(highlight); } "
         "QToolButton:checked { background: palette(highlight); "
         "color: palette(highlighted-text); border: 1px solid palette(highlight); "
         "border-radius: 6px; }")
FILTERS = (
    ("errors", "Errors", "Only steps with errors"),
    ("warnings", "Warnings", "Only steps with warnings"),
    ("unreachable", "Unreachable", "Only steps that can never be reached from Start"),
)


class FindBar(QFrame):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window.view)
        self.window_ = window
        self.view = window.view
        self.setObjectName("findBar")
        self.setAccessibleName("Find steps and notes")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(STYLE)
        self.text = QLineEdit()
        self.text.setObjectName("findText")
        self.text.setAccessibleName("Find steps and notes by name, type or text")
        self.text.setPlaceholderText("Find steps and notes…")
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(200)
        self.toggles: dict[str, QToolButton] = {}
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(
            max(self.count.fontMetrics().horizontalAdvance(t) for t in ("No matches", "88 of 88"))
            + 12)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 5, 5, 5)
        layout.setSpacing(4)
        layout.addWidget(self.text, 1)
        for name, label, tip in FILTERS:
            toggle = QToolButton()
            toggle.setObjectName(f"find-{name}")
            toggle.setText(label)
            toggle.setCheckable(True)
            toggle.setProperty("filterToggle", True)
            toggle.setToolTip(tip)
            toggle.setAccessibleName(tip)
            toggle.toggled.connect(lambda _=False: self.search())
            self.toggles[name] = toggle
            layout.addWidget(toggle)
        layout.addWidget(self.count)
        self.previous_button = self._button("findPrevious", "up",
                                            "Previous match (Shift+Enter, Shift+F3)")
        self.previous_button.clicked.connect(self.previous)
        self.next_button = self._button("findNext", "down", "Next match (Enter, F3)")
        self.next_button.clicked.connect(self.next)
        close = self._button("findClose", None, "Close (Esc)", "✕")
        close.clicked.connect(self.close_bar)
        for button in (self.previous_button, self.next_button, close):
            layout.addWidget(button)
        self.matches: list[Match] = []
        self.current = -1
        self._stale = False
        self.text.textChanged.connect(lambda _text: self.search())
        self.text.installEventFilter(self)
        self.view.installEventFilter(self)
        window.document.changed.connect(self._document_changed)
        window.document.replaced.connect(self._document_changed)
        self.hide()

    def _button(self, name: str, icon: str | None, tip: str, text: str = "") -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        if icon is not None:
            button.setIcon(tool_icon(icon))
        button.setText(text)
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    # -- showing ------------------------------------------------------------------------------

    def open_bar(self) -> None:
        self.show()
        self.raise_()
        self._place()
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()
        self.search(move=False)

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self) -> None:
        self.adjustSize()
        width = max(self.minimumSizeHint().width(),
                    min(self.sizeHint().width(), self.view.width() - 2 * MARGIN))
        self.resize(width, self.sizeHint().height())
        self.move(self.view.width() - width - MARGIN, MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        elif watched is self.text and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous()
                else:
                    self.next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            # Up and Down step through the matches (a line edit would pass them on to the
            # canvas, where they move the selected steps).
            if event.key() == Qt.Key.Key_Up:
                self.previous()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.next()
                return True
        return super().eventFilter(watched, event)

    # -- searching ----------------------------------------------------------------------------

    def filters(self) -> Filters:
        return Filters(**{name: toggle.isChecked() for name, toggle in self.toggles.items()})

    def _document_changed(self, *_args) -> None:
        self._stale = True

    def search(self, move: bool = True) -> None:
        """Find the matches for what is typed; with `move`, go to the first one."""
        window = self.window_
        filters = self.filters()
        diagnostics = window.analyzer.run_now() if filters.any else []
        scene = window.scene
        positions = {node_id: (item.pos().x(), item.pos().y())
                     for node_id, item in scene.node_items.items()}
        note_positions = {note_id: (item.pos().x(), item.pos().y())
                          for note_id, item in scene.note_items.items()}
        self.matches = find_items(window.document.flow, window.document.catalog,
                                  self.text.text(), diagnostics, filters, positions,
                                  note_positions)
        self._stale = False
        self.current = -1
        if move and self.matches:
            self.go(0)
        else:
            self._show_count()

    def _refresh_if_stale(self) -> None:
        if self._stale:
            current = self.matches[self.current] if 0 <= self.current < len(self.matches) \
                else None
            self.search(move=False)
            if current in self.matches:
                self.current = self.matches.index(current)

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        self._refresh_if_stale()
        if not self.matches:
            self._show_count()
            return
        if self.current < 0:
            index = 0 if direction > 0 else len(self.matches) - 1
        else:
            index = (self.current + direction) % len(self.matches)
        self.go(index)

    def go(self, index: int) -> None:
        self.current = index
        match = self.matches[index]
        scene = self.window_.scene
        if match.kind == NOTE:
            scene.select_only([], [match.id])
            item = scene.note_items.get(match.id)
            if item is not None:
                self.view.reveal(item.sceneBoundingRect())
        else:
            scene.select_only([match.id])
            self.view.center_on_node(match.id)
        self._show_count()

    def _show_count(self) -> None:
        if not self.text.text().strip() and not self.filters().any:
            self.count.setText("")
        elif not self.matches:
            self.count.setText("No matches")
        elif self.current < 0:
            total = len(self.matches)
            self.count.setText(f"{total} match{'es' if total != 1 else ''}")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        self.previous_button.setEnabled(bool(self.matches))
        self.next_button.setEnabled(bool(self.matches))


class Finder:
    """The find feature of one window, for its actions."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.bar = FindBar(window)

    def find(self) -> None:
        self.bar.open_bar()

    def find_next(self) -> None:
        if not self.bar.isVisible():
            self.bar.open_bar()
            return
        self.bar.next()

    def find_previous(self) -> None:
        if not self.bar.isVisible():
            self.bar.open_bar()
            return
        self.bar.previous()


def install_find(window: MainWindow) -> Finder:
    return Finder(window)
