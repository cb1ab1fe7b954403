"""The desktop editor (Qt): a projection of the flow model.

Scene items never own data: they render from `designer.model.Flow` and update from its change
notifications. Every document change is a QUndoCommand in `designer.gui.commands` that calls
the Flow's edit methods. Legality, validation and compilation come from the layers below.
"""
