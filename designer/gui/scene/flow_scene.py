"""The scene: one card per step, one curve per link, one sticky per note, built from the
document's flow and kept in step with it through the flow's change notifications.

Nothing here changes the document. Dragging moves cards only as a preview; the interaction
that started the drag records the move as an undo command, and the model's notification puts
the card where the model says.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from designer.checks import Diagnostic
from designer.gui.document import Document
from designer.gui.scene.edge_item import EdgeItem
from designer.gui.scene.node_item import NodeItem
from designer.gui.scene.note_item import NoteItem
from designer.gui.scene.overview_item import OverviewItem
from designer.gui.scene.placement import fallback_positions
from designer.gui.scene.trace import SceneTrace, apply_trace
from designer.model import Change, Edge, Position

# A fixed, generous scene: Qt never has to recompute it as cards move.
EXTENT = 400_000.0
# Below this zoom a card is a few pixels wide: the overview item draws the whole flow.
FAR_ZOOM = 0.18

EdgeKey = tuple[str, str]


class FlowScene(QGraphicsScene):
    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.setSceneRect(QRectF(-EXTENT / 2, -EXTENT / 2, EXTENT, EXTENT))
        # Measured on a 2,000-step flow: no index is faster to build and to move cards in, and
        # painting visits the visible cards only through the view's exposed rect either way.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[EdgeKey, EdgeItem] = {}
        self.note_items: dict[str, NoteItem] = {}
        self._touching: dict[str, set[EdgeKey]] = {}
        self._fallback: dict[str, Position] = {}
        self._problems: dict[str, tuple[str, list[str]]] = {}
        self.far = False
        self.trace = SceneTrace()
        self.overview = OverviewItem(self)
        document.changed.connect(self._on_change)
        document.replaced.connect(self.rebuild)
        self.selectionChanged.connect(self._selection_changed)
        self.rebuild()

    @property
    def flow(self):
        return self.document.flow

    # -- building -----------------------------------------------------------------------------

    def rebuild(self) -> None:
        self.clearSelection()
        self.clear()
        self.node_items.clear()
        self.edge_items.clear()
        self.note_items.clear()
        self._touching.clear()
        self._problems.clear()
        self.overview = OverviewItem(self)
        self.addItem(self.overview)
        flow = self.flow
        self._fallback = fallback_positions(flow)
        connected: dict[str, set[str]] = {}
        for edge in flow.edges:
            connected.setdefault(edge.source, set()).add(edge.port)
        catalog = self.document.catalog
        for node in flow.nodes.values():
            item = NodeItem(node.id)
            item.refresh(node, catalog, connected.get(node.id, set()))
            item.setPos(*self._position(node.id))
            self.addItem(item)
            self.node_items[node.id] = item
        for edge in flow.edges:
            self._add_edge(edge)
        for note in flow.notes:
            self._add_note(note.id)
        if self.far:
            self._apply_far(True)

    def _position(self, node_id: str) -> Position:
        position = self.flow.layout.get(node_id)
        if position is not None:
            return position
        if node_id not in self._fallback:
            self._fallback.update(fallback_positions(self.flow))
        return self._fallback.get(node_id, (0.0, 0.0))

    def _add_edge(self, edge: Edge) -> None:
        key = (edge.source, edge.port)
        item = EdgeItem(edge.source, edge.port, edge.target)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, self.far)
        self.addItem(item)
        self.edge_items[key] = item
        self._touching.setdefault(edge.source, set()).add(key)
        self._touching.setdefault(edge.target, set()).add(key)
        self._route(item)

    def _remove_edge(self, key: EdgeKey) -> None:
        item = self.edge_items.pop(key, None)
        if item is None:
            return
        for node_id in (item.source, item.target):
            keys = self._touching.get(node_id)
            if keys is not None:
                keys.discard(key)
        self.removeItem(item)

    def _route(self, item: EdgeItem) -> None:
        source = self.node_items.get(item.source)
        target = self.node_items.get(item.target)
        if source is None or target is None:
            return
        item.set_ends(source.port_scene_pos(item.port), target.input_scene_pos())

    def route_links_of(self, node_ids: Iterable[str]) -> None:
        keys: set[EdgeKey] = set()
        for node_id in node_ids:
            keys |= self._touching.get(node_id, set())
        for key in keys:
            self._route(self.edge_items[key])

    def _add_note(self, note_id: str) -> None:
        for note in self.flow.notes:
            if note.id == note_id:
                item = NoteItem(note)
                self.addItem(item)
                self.note_items[note.id] = item

    def _refresh_node(self, node_id: str) -> None:
        item = self.node_items.get(node_id)
        node = self.flow.nodes.get(node_id)
        if item is None or node is None:
            return
        connected = {e.port for e in self.flow.edges_from(node_id)}
        item.refresh(node, self.document.catalog, connected)

    # -- following the model ------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        handler = getattr(self, "_on_" + change.kind.replace("-", "_"), None)
        if handler is not None:
            handler(change)
            if self.far:
                self.overview.mark_dirty()

    def _on_node_added(self, change: Change) -> None:
        node_id = change.node
        item = NodeItem(node_id)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, self.far)
        self.node_items[node_id] = item
        self.addItem(item)
        self._refresh_node(node_id)
        item.setPos(*self._position(node_id))
        problem = self._problems.get(node_id)
        if problem is not None:
            item.set_problems(*problem)

    def _on_node_removed(self, change: Change) -> None:
        item = self.node_items.pop(change.node, None)
        if item is not None:
            self.removeItem(item)
        for key in list(self._touching.pop(change.node, set())):
            self._remove_edge(key)
        self._fallback.pop(change.node, None)

    def _on_node_renamed(self, change: Change) -> None:
        old, new = change.detail["old"], change.node
        item = self.node_items.pop(old)
        self.node_items[new] = item
        for key in list(self._touching.get(old, set())):
            self._remove_edge(key)
        self._touching.pop(old, None)
        if old in self._fallback:
            self._fallback[new] = self._fallback.pop(old)
        for _, edge in self.flow.edges_touching(new):
            self._add_edge(edge)
        self._refresh_node(new)

    def _on_node_moved(self, change: Change) -> None:
        item = self.node_items.get(change.node)
        if item is not None:
            item.setPos(*self._position(change.node))
            self.route_links_of([change.node])

    def _on_node_changed(self, change: Change) -> None:
        self._refresh_node(change.node)
        # The exits may have changed (menu choices, a Hangup's schedule): re-route its links.
        keys = [k for k in self._touching.get(change.node, set()) if k[0] == change.node]
        for key in keys:
            self._route(self.edge_items[key])

    def _on_edge_added(self, change: Change) -> None:
        edge: Edge = change.detail["edge"]
        self._add_edge(edge)
        source = self.node_items.get(edge.source)
        if source is not None:
            source.set_connected(edge.port, True)

    def _on_edge_removed(self, change: Change) -> None:
        edge: Edge = change.detail["edge"]
        self._remove_edge((edge.source, edge.port))
        source = self.node_items.get(edge.source)
        if source is not None:
            source.set_connected(edge.port, False)

    def _on_note_added(self, change: Change) -> None:
        self._add_note(change.detail["detail_id"])

    def _on_note_removed(self, change: Change) -> None:
        item = self.note_items.pop(change.detail["detail_id"], None)
        if item is not None:
            self.removeItem(item)

    def _on_note_changed(self, change: Change) -> None:
        note_id = change.detail["detail_id"]
        for note in self.flow.notes:
            if note.id == note_id and note_id in self.note_items:
                self.note_items[note_id].refresh(note)

    # -- a simulated call (the simulator dock) -------------------------------------------------

    def set_trace(self, path_nodes: Iterable[str], current_node: str | None,
                  taken_edges: Iterable[EdgeKey]) -> None:
        """Show the path of a simulated call: rings on the visited cards (a stronger one on
        `current_node`), the taken links in the trace colour. Empty arguments clear it."""
        new = SceneTrace(frozenset(path_nodes), current_node, frozenset(taken_edges))
        apply_trace(self.node_items, self.edge_items, self.trace, new)
        self.trace = new

    # -- problems -----------------------------------------------------------------------------

    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        grouped: dict[str, tuple[str, list[str]]] = {}
        for diagnostic in diagnostics:
            if diagnostic.node is None or diagnostic.severity not in ("error", "warning"):
                continue
            severity, messages = grouped.get(diagnostic.node, ("warning", []))
            if diagnostic.severity == "error":
                severity = "error"
            grouped[diagnostic.node] = (severity, [*messages, diagnostic.message])
        # Errors first in each tooltip.
        for node_id, (severity, messages) in grouped.items():
            errors = [d.message for d in diagnostics
                      if d.node == node_id and d.severity == "error"]
            rest = [m for m in messages if m not in errors]
            grouped[node_id] = (severity, errors + rest)
        for node_id in set(self._problems) | set(grouped):
            new = grouped.get(node_id)
            if self._problems.get(node_id) == new:
                continue
            item = self.node_items.get(node_id)
            if item is not None:
                item.set_problems(*(new or (None, [])))
        self._problems = grouped

    def problems_of(self, node_id: str) -> tuple[str, list[str]] | None:
        return self._problems.get(node_id)

    # -- far zoom -----------------------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        """The view's zoom: far out, one overview item paints instead of every card."""
        far = zoom < FAR_ZOOM
        if far != self.far:
            self._apply_far(far)

    def _apply_far(self, far: bool) -> None:
        self.far = far
        flag = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        for node_item in self.node_items.values():
            node_item.setFlag(flag, far)
        for edge_item in self.edge_items.values():
            edge_item.setFlag(flag, far)
        self.overview.setVisible(far)
        if far:
            self.overview.mark_dirty()

    def _selection_changed(self) -> None:
        if self.far:
            self.overview.update()

    # -- selection and preview moves (used by the view and interactions) ----------------------

    def selected_node_items(self) -> list[NodeItem]:
        return [i for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selected_node_items()]

    def selected_links(self) -> list[EdgeKey]:
        return [(i.source, i.port) for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def selected_note_ids(self) -> list[str]:
        return [i.note_id for i in self.selectedItems() if isinstance(i, NoteItem)]

    def note_item_at(self, scene_pos: QPointF) -> NoteItem | None:
        """The note under `scene_pos` (the top one where notes overlap)."""
        for item in self.items(scene_pos):
            if isinstance(item, NoteItem):
                return item
        return None

    def select_only(
        self,
        node_ids: Iterable[str],
        note_ids: Iterable[str] = (),
        links: Iterable[EdgeKey] = (),
    ) -> None:
        """Select exactly these steps, notes and links."""
        # Listeners coalesce the selectionChanged signals this sends (one per item).
        wanted: set[QGraphicsItem] = set()
        for ids, items in ((node_ids, self.node_items), (note_ids, self.note_items),
                           (links, self.edge_items)):
            wanted.update(item for key in ids if (item := items.get(key)) is not None)
        for item in self.selectedItems():
            if item not in wanted:
                item.setSelected(False)
        for item in wanted:
            if not item.isSelected():
                item.setSelected(True)

    def notes_touching(self, rect: QRectF) -> set[str]:
        """Notes whose paper (not the margin painted around it) meets `rect`, for rubber-band
        selection."""
        return {note_id for note_id, item in self.note_items.items()
                if item.mapRectToScene(item.rect()).intersects(rect)}

    def node_item_at(self, scene_pos: QPointF) -> NodeItem | None:
        if self.far:
            # Items with nothing to paint are invisible to Qt's hit tests: look ourselves.
            for node_item in reversed(self.node_items.values()):
                if node_item.sceneBoundingRect().contains(scene_pos):
                    return node_item
            return None
        for item in self.items(scene_pos):
            while item is not None and not isinstance(item, NodeItem):
                item = item.parentItem()
            if isinstance(item, NodeItem):
                return item
        return None

    def edge_item_at(self, scene_pos: QPointF) -> EdgeItem | None:
        if self.far:
            return None  # links are hairlines this far out; zoom in to pick one
        for item in self.items(scene_pos):
            if isinstance(item, EdgeItem):
                return item
        return None

    def nodes_touching(self, rect: QRectF) -> set[str]:
        """Steps whose card (with its exits) meets `rect`, for rubber-band selection."""
        return {node_id for node_id, item in self.node_items.items()
                if item.sceneBoundingRect().intersects(rect)
                and item.mapToScene(item.shape()).intersects(rect)}

    def preview_move(self, origins: dict[str, QPointF], delta: QPointF) -> None:
        for node_id, origin in origins.items():
            item = self.node_items.get(node_id)
            if item is not None:
                item.setPos(origin + delta)
        self.route_links_of(origins)
        if self.far:
            self.overview.mark_dirty()

    def restore_positions(self, node_ids: Iterable[str]) -> None:
        ids = list(node_ids)
        for node_id in ids:
            item = self.node_items.get(node_id)
            if item is not None:
                item.setPos(*self._position(node_id))
        self.route_links_of(ids)
        if self.far:
            self.overview.mark_dirty()

    def model_position(self, node_id: str) -> Position | None:
        return self.flow.layout.get(node_id)

    def flow_rect(self) -> QRectF:
        rect = QRectF()
        items: Iterable[QGraphicsItem] = [*self.node_items.values(), *self.note_items.values()]
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        return rect
