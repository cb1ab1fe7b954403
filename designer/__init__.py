"""IVR Flow Designer: design Plivo call flows as graphs and compile them to Plivo XML."""

__version__ = "0.1.0"
