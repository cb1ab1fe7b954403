"""Undo commands: one small class per kind of edit. Each holds only data (ids and values) and
calls the Flow's edit methods, so undo restores exactly the document that was there before."""

from designer.gui.commands.content import (
    SetAttribute,
    SetChildren,
    SetChoices,
    SetSsml,
    SetText,
)
from designer.gui.commands.edges import Connect, Disconnect
from designer.gui.commands.flow_settings import SetFlowName, SetSetting
from designer.gui.commands.macros import Macro, delete_items, macro
from designer.gui.commands.nodes import AddNode, MoveNodes, RemoveNode, RenameNode

__all__ = [
    "AddNode",
    "Connect",
    "Disconnect",
    "Macro",
    "MoveNodes",
    "RemoveNode",
    "RenameNode",
    "SetAttribute",
    "SetChildren",
    "SetChoices",
    "SetFlowName",
    "SetSetting",
    "SetSsml",
    "SetText",
    "delete_items",
    "macro",
]
