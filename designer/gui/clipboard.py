"""Copy, cut, paste and duplicate of the selected steps (with the links between them, their
positions, and selected notes), through the system clipboard: a private MIME type holding the
fragment's JSON, plus the same JSON as plain text, so steps move between windows of the
designer and a flow file's text can be pasted too. Each is one undo step; pasted steps get
free ids, land offset from the originals, and are selected.

The fragment itself (what is copied, how a paste is planned) is `designer.flowfile.fragment`;
this module only talks to the clipboard, the selection and the undo stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPointF, QRectF
from PySide6.QtWidgets import QApplication

from designer.flowfile import FlowFileError
from designer.flowfile.fragment import (
    FRAGMENT_MIME,
    dumps_fragment,
    extract,
    fragment_positions,
    is_empty,
    loads_fragment,
    paste_offset,
    plan_paste,
)
from designer.gui import editing
from designer.gui.commands.clipboard import paste_command
from designer.gui.scene import geometry as g
from designer.model import Flow

if TYPE_CHECKING:
    from designer.gui.main_window import MainWindow


class Clipboard:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # -- what is selected ---------------------------------------------------------------------

    def _selection(self) -> Flow | None:
        """The selected steps and notes as a fragment, or None (with a message) when there is
        nothing to copy."""
        scene = self.window.scene
        node_ids = scene.selected_node_ids()
        note_ids = scene.selected_note_ids()
        positions = {node_id: (scene.node_items[node_id].pos().x(),
                               scene.node_items[node_id].pos().y()) for node_id in node_ids}
        fragment = extract(self.window.document.flow, node_ids, note_ids, positions)
        if is_empty(fragment):
            only_start = bool(node_ids)
            self.window.show_status(
                "Start is not copied: a flow has exactly one Start." if only_start
                else "Select steps or notes to copy.")
            return None
        return fragment

    def _put(self, fragment: Flow) -> None:
        text = dumps_fragment(fragment, self.window.document.catalog)
        mime = QMimeData()
        mime.setData(FRAGMENT_MIME, text.encode("utf-8"))
        mime.setText(text)
        QApplication.clipboard().setMimeData(mime)

    # -- actions ------------------------------------------------------------------------------

    def copy(self) -> bool:
        fragment = self._selection()
        if fragment is None:
            return False
        self._put(fragment)
        self.window.show_status(f"Copied {_describe(fragment)}.")
        return True

    def cut(self) -> bool:
        fragment = self._selection()
        if fragment is None:
            return False
        self._put(fragment)
        document = self.window.document
        command = editing.delete_command(document, list(fragment.nodes), [],
                                         [n.id for n in fragment.notes])
        if command is not None:
            command.setText(f"Cut {_describe(fragment)}")
            document.push(command)
        self.window.show_status(f"Cut {_describe(fragment)}.")
        return True

    def paste(self) -> bool:
        mime = QApplication.clipboard().mimeData()
        if mime is not None and mime.hasFormat(FRAGMENT_MIME):
            text = bytes(mime.data(FRAGMENT_MIME).data()).decode("utf-8", errors="replace")
        elif mime is not None and mime.hasText() and mime.text().strip():
            text = mime.text()
        else:
            self.window.show_status("Nothing to paste: copy some steps first.")
            return False
        try:
            fragment = loads_fragment(text, self.window.document.catalog)
        except FlowFileError as exc:
            first = exc.problems[0] if exc.problems else str(exc)
            more = f" (and {len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 \
                else ""
            self.window.show_status(f"Cannot paste: the clipboard does not hold steps of a "
                                    f"flow. {first}{more}")
            return False
        return self._insert(fragment, "Paste")

    def duplicate(self) -> bool:
        fragment = self._selection()
        if fragment is None:
            return False
        return self._insert(fragment, "Duplicate")

    # -- pasting ------------------------------------------------------------------------------

    def _insert(self, fragment: Flow, verb: str) -> bool:
        window = self.window
        document = window.document
        catalog = document.catalog
        positions = fragment_positions(fragment, catalog)
        scene = window.scene
        taken = [(item.pos().x(), item.pos().y()) for item in scene.node_items.values()]
        taken += [(item.pos().x(), item.pos().y()) for item in scene.note_items.values()]
        points = list(positions.values()) + [n.at for n in fragment.notes]
        dx, dy = paste_offset(points, taken)
        dx, dy = self._into_view(points, dx, dy)
        plan = plan_paste(fragment, document.flow, (dx, dy), catalog, positions)
        if not plan.nodes and not plan.notes:
            window.show_status("Nothing to paste: a flow has exactly one Start.")
            return False
        document.push(paste_command(document.flow, plan, verb))
        scene.select_only(plan.node_ids)
        for note in plan.notes:
            item = scene.note_items.get(note.id)
            if item is not None:
                item.setSelected(True)
        window.view.setFocus()
        renamed = sum(old != new for old, new in plan.renamed.items())
        note = f"; {renamed} renamed to keep names unique" if renamed else ""
        parts = []
        if plan.nodes:
            parts.append(f"{len(plan.nodes)} step{'s' if len(plan.nodes) != 1 else ''}")
        if plan.notes:
            parts.append(f"{len(plan.notes)} note{'s' if len(plan.notes) != 1 else ''}")
        # "Pasted", "Duplicated": both verbs end in "e".
        window.show_status(f"{verb}d {' and '.join(parts)}{note}.")
        return True

    def _into_view(self, points: list, dx: float, dy: float) -> tuple[float, float]:
        """Keep the offset when the pasted steps will be in sight; otherwise (pasting from
        another window, or after scrolling away) bring them to the middle of the view."""
        if not points:
            return dx, dy
        view = self.window.view
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        left = min(p[0] for p in points) + dx
        top = min(p[1] for p in points) + dy
        right = max(p[0] for p in points) + dx + g.WIDTH
        bottom = max(p[1] for p in points) + dy + g.HEADER
        if visible.intersects(QRectF(QPointF(left, top), QPointF(right, bottom))):
            return dx, dy
        centre = visible.center()
        width, height = right - left, bottom - top
        return (g.snap(centre.x() - width / 2 - left + dx),
                g.snap(centre.y() - height / 2 - top + dy))


def _describe(fragment: Flow) -> str:
    parts = []
    if fragment.nodes:
        count = len(fragment.nodes)
        parts.append(f"'{next(iter(fragment.nodes))}'" if count == 1 else f"{count} steps")
    if fragment.notes:
        parts.append("a note" if len(fragment.notes) == 1 else f"{len(fragment.notes)} notes")
    return " and ".join(parts)


def install_clipboard(window: MainWindow) -> Clipboard:
    return Clipboard(window)
