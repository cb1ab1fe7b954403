"""A step drawn as a rounded card: category-coloured header with the verb's icon, the step id,
a one-line summary and one labelled row per exit. The item keeps only what it needs to paint
(computed from the model in `refresh`), never the step's data itself.

Painting is level-of-detail: zoomed far out a card is two filled shapes; below 0.4 it adds
the title; only closer up are the icon, summary, exits and shadow drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.catalog import Catalog
from designer.gui.icons import verb_badge
from designer.gui.scene import geometry as g
from designer.gui.scene.badge_item import BadgeItem
from designer.gui.scene.summary import summarize
from designer.gui.scene.trace import paint_node_trace
from designer.gui.theme import accent, canvas_theme
from designer.model import Node
from designer.model.ports import node_ports

DETAIL_LOD = 0.4
TITLE_LOD = 0.18


@dataclass(frozen=True)
class PortRow:
    name: str
    label: str
    connected: bool


@cache
def _card_paths(height: float, port_count: int) -> tuple[QPainterPath, QPainterPath,
                                                         QPainterPath]:
    """Outline, header and hit area of a card; cards of the same size share them."""
    card = QPainterPath()
    card.addRoundedRect(QRectF(0, 0, g.WIDTH, height), g.RADIUS, g.RADIUS)
    top = QPainterPath()
    top.addRect(QRectF(0, 0, g.WIDTH, g.HEADER))
    header = card.intersected(top)
    hit = QPainterPath(card)
    # Winding fill, so the port circles overlapping the card add to it instead of cutting
    # holes in it.
    hit.setFillRule(Qt.FillRule.WindingFill)
    for index in range(port_count):
        hit.addEllipse(QPointF(g.WIDTH, g.port_y(index)), g.PORT_GRAB, g.PORT_GRAB)
    hit.addEllipse(QPointF(0, g.input_y()), g.PORT_GRAB, g.PORT_GRAB)
    return card, header, hit


@cache
def _fonts() -> tuple[QFont, QFont, QFont, QFont]:
    title = QFont()
    title.setPointSizeF(10.0)
    title.setBold(True)
    kind = QFont()
    kind.setPointSizeF(8.0)
    body = QFont()
    body.setPointSizeF(8.8)
    port = QFont()
    port.setPointSizeF(8.0)
    return title, kind, body, port


@cache
def _metrics() -> tuple[QFontMetricsF, QFontMetricsF]:
    title, _, body, _ = _fonts()
    return QFontMetricsF(title), QFontMetricsF(body)


class NodeItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 1

    def __init__(self, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        self.height = g.card_height(0)
        self.ports: list[PortRow] = []
        self.has_input = True
        self.title = node_id
        self.kind_label = ""
        self.summary = ""
        self.placeholder = ""
        self.accent = accent("")
        self.icon = None
        # Set while a new link is dragged over this card: "ok" or "refused".
        self.link_state: str | None = None
        # Set by the scene while a simulated call is shown: "visited", "current" or None.
        self.trace_state: str | None = None
        self.badge: BadgeItem | None = None
        self._card_path = QPainterPath()
        self._header_path = QPainterPath()
        self._hit_path = QPainterPath()
        self._path_ports = 0
        self._rebuild_paths()

    def type(self) -> int:
        return self.Type

    # -- data from the model ------------------------------------------------------------------

    def refresh(self, node: Node, catalog: Catalog, connected: set[str]) -> None:
        element = catalog.element(node.type)
        self.node_id = node.id
        self.title = node.id
        self.kind_label = element.label
        self.accent = accent(element.category)
        self.icon = verb_badge(element.icon, element.category, int(g.ICON), element.label)
        self.has_input = node.type != "Start"
        self.ports = [PortRow(p.name, p.label, p.name in connected)
                      for p in node_ports(node, catalog)]
        title_metrics, body_metrics = _metrics()
        summary = summarize(node, catalog)
        self.summary = body_metrics.elidedText(summary, Qt.TextElideMode.ElideRight, g.WIDTH - 24)
        self.placeholder = "" if summary else "Not set up yet"
        self.title = title_metrics.elidedText(
            node.id, Qt.TextElideMode.ElideRight, g.WIDTH - g.ICON - 40
        )
        height = g.card_height(len(self.ports))
        if height != self.height or len(self.ports) != self._path_ports:
            self.prepareGeometryChange()
            self.height = height
            self._rebuild_paths()
        if self.badge is not None:
            self.badge.setPos(g.WIDTH - 4, 4)
        self.update()

    def set_problems(self, severity: str | None, messages: list[str]) -> None:
        """Show a red (error) or amber (warning) badge listing `messages`, or none."""
        if severity is None:
            if self.badge is not None:
                self.badge.setParentItem(None)
                if self.scene() is not None:
                    self.scene().removeItem(self.badge)
                self.badge = None
            return
        if self.badge is None:
            self.badge = BadgeItem(self)
            self.badge.setPos(g.WIDTH - 4, 4)
        self.badge.set_problems(severity, messages)

    def set_connected(self, port: str, connected: bool) -> None:
        self.ports = [PortRow(p.name, p.label, connected if p.name == port else p.connected)
                      for p in self.ports]
        self.update()

    # -- geometry -----------------------------------------------------------------------------

    def _rebuild_paths(self) -> None:
        self._card_path, self._header_path, self._hit_path = _card_paths(
            self.height, len(self.ports))
        self._path_ports = len(self.ports)

    def boundingRect(self) -> QRectF:
        return QRectF(-g.MARGIN, -g.MARGIN, g.WIDTH + 2 * g.MARGIN, self.height + 2 * g.MARGIN)

    def shape(self) -> QPainterPath:
        # The card plus its port circles, which stick out of its edges.
        return self._hit_path

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, g.WIDTH, self.height)

    def port_index(self, port: str) -> int | None:
        for index, row in enumerate(self.ports):
            if row.name == port:
                return index
        return None

    def port_scene_pos(self, port: str) -> QPointF:
        index = self.port_index(port)
        # An exit the step no longer has (a stale link) leaves from the header's corner.
        y = g.port_y(index) if index is not None else g.input_y()
        return self.mapToScene(QPointF(g.WIDTH, y))

    def input_scene_pos(self) -> QPointF:
        return self.mapToScene(QPointF(0, g.input_y()))

    def port_at(self, scene_pos: QPointF) -> str | None:
        """The exit under `scene_pos`: its circle, or the right part of its row."""
        local = self.mapFromScene(scene_pos)
        for index, row in enumerate(self.ports):
            y = g.port_y(index)
            near_dot = (local - QPointF(g.WIDTH, y)).manhattanLength() <= g.PORT_GRAB * 1.4
            on_label = (
                abs(local.y() - y) <= g.PORT_ROW / 2
                and g.WIDTH - g.PORT_LABEL_GRAB <= local.x() <= g.WIDTH + g.PORT_GRAB
            )
            if near_dot or on_label:
                return row.name
        return None

    # -- painting -----------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = canvas_theme()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        selected = self.isSelected()
        if lod < TITLE_LOD:
            self._paint_far(painter, selected)
            return
        if self.trace_state is not None:
            paint_node_trace(painter, self.card_rect(), self.trace_state)
        detailed = lod >= DETAIL_LOD
        if detailed:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.card_shadow)
            painter.drawPath(self._card_path.translated(0, 3))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.card)
        painter.drawPath(self._card_path)
        painter.setBrush(theme.header_fill(self.accent))
        painter.drawPath(self._header_path)
        painter.setPen(QPen(theme.header_line(self.accent), 1))
        painter.drawLine(QPointF(0.5, g.HEADER), QPointF(g.WIDTH - 0.5, g.HEADER))
        title_font, kind_font, body_font, port_font = _fonts()
        text_left = 14 + g.ICON + 10
        if detailed:
            icon_rect = QRectF(14, (g.HEADER - g.ICON) / 2, g.ICON, g.ICON)
            if self.icon is not None:
                painter.drawPixmap(icon_rect, self.icon, QRectF(self.icon.rect()))
            painter.setFont(title_font)
            painter.setPen(theme.title_text)
            painter.drawText(QRectF(text_left, 4, g.WIDTH - text_left - 20, 19),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.title)
            painter.setFont(kind_font)
            painter.setPen(theme.kind_text(self.accent))
            painter.drawText(QRectF(text_left, 21, g.WIDTH - text_left - 12, 14),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.kind_label.upper())
            self._paint_body(painter, body_font, port_font)
            self._paint_outline(painter, selected)
            # Ports go over the outline, so the card's edge does not cut through them.
            self._paint_ports(painter)
        else:
            painter.setFont(title_font)
            painter.setPen(theme.title_text)
            painter.drawText(QRectF(14, 0, g.WIDTH - 28, g.HEADER),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.title)
            self._paint_outline(painter, selected)

    def _paint_far(self, painter: QPainter, selected: bool) -> None:
        theme = canvas_theme()
        painter.setPen(QPen(theme.selection, 6) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(theme.card)
        painter.drawRect(self.card_rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.accent)
        painter.drawRect(QRectF(0, 0, g.WIDTH, g.HEADER))

    def _paint_body(self, painter: QPainter, body_font: QFont, port_font: QFont) -> None:
        theme = canvas_theme()
        body_rect = QRectF(12, g.HEADER, g.WIDTH - 24, g.SUMMARY)
        painter.setFont(body_font)
        if self.summary:
            painter.setPen(theme.body_text)
            painter.drawText(body_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.summary)
        else:
            font = QFont(body_font)
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(theme.muted_text)
            painter.drawText(body_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.placeholder)
        painter.setFont(port_font)
        for index, row in enumerate(self.ports):
            y = g.port_y(index)
            painter.setPen(theme.muted_text if not row.connected else theme.body_text)
            painter.drawText(
                QRectF(g.WIDTH / 2, y - g.PORT_ROW / 2, g.WIDTH / 2 - 14, g.PORT_ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                row.label,
            )

    def _paint_ports(self, painter: QPainter) -> None:
        for index, row in enumerate(self.ports):
            self._paint_port(painter, QPointF(g.WIDTH, g.port_y(index)), row.connected)
        if self.has_input:
            self._paint_port(painter, QPointF(0, g.input_y()), True)

    def _paint_port(self, painter: QPainter, center: QPointF, filled: bool) -> None:
        theme = canvas_theme()
        painter.setPen(QPen(self.accent, 1.6))
        painter.setBrush(QBrush(self.accent if filled else theme.port_fill))
        painter.drawEllipse(center, g.PORT_RADIUS, g.PORT_RADIUS)

    def _paint_outline(self, painter: QPainter, selected: bool) -> None:
        theme = canvas_theme()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.link_state is not None:
            color = theme.link_ok if self.link_state == "ok" else theme.link_refused
            painter.setPen(QPen(color, 2.5))
        elif selected:
            painter.setPen(QPen(theme.selection, 2.2))
        else:
            painter.setPen(QPen(theme.card_border, 1))
        painter.drawPath(self._card_path)
