"""The flow model: plain data and edit operations, no Qt."""

from designer.model.errors import ModelError
from designer.model.flow import Change, Child, Edge, Flow, Node, Note, Position, RemovedNode

__all__ = [
    "Change",
    "Child",
    "Edge",
    "Flow",
    "ModelError",
    "Node",
    "Note",
    "Position",
    "RemovedNode",
]
