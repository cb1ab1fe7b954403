"""The `.ivrflow` file format (version 1): load with precise errors, save atomically and
byte-stably."""

from designer.flowfile.load import FORMAT_VERSION, FlowFileError, load_flow, loads_flow
from designer.flowfile.save import dumps_flow, flow_to_dict, save_flow

__all__ = [
    "FORMAT_VERSION",
    "FlowFileError",
    "dumps_flow",
    "flow_to_dict",
    "load_flow",
    "loads_flow",
    "save_flow",
]
