"""The importer's layout of an imported flow (which has no positions): the editor's layered
layout, which lives in `designer.layout` so the editor's auto-layout shares it."""

from designer.layout import CLEARANCE, LAYER_GAP, ROW_GAP, card_extent, layered_layout

__all__ = ["CLEARANCE", "LAYER_GAP", "ROW_GAP", "card_extent", "layered_layout"]
