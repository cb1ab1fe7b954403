"""The one exception the model raises, with a message written for the person editing the flow."""


class ModelError(ValueError):
    """An edit that would make the flow inconsistent (duplicate id, missing step, …)."""
