"""How a `route/<node-id>` request is answered from the manifest's route table (docs/bundle.md):
read the first non-empty parameter among `parameters`, look it up in `choices` (exactly, or for
`keyword` routes a spoken transcript may contain the choice as a whole word or phrase), else
serve `default` (null ends the call)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RouteAnswer:
    document: str | None  # None: the call ends (an empty <Response/>)
    choice: str | None  # the matched choice, None when the default was served
    parameter: str | None  # the request parameter that was read
    value: str  # its value ("" when no parameter had one)


def resolve_route(route: Mapping[str, Any], params: Mapping[str, str]) -> RouteAnswer:
    parameter, value = None, ""
    for name in route.get("parameters", []):
        if params.get(name):
            parameter, value = name, params[name]
            break
    choices: Mapping[str, str] = route.get("choices", {})
    choice = None
    if parameter is not None:
        if route.get("match") == "keyword" and parameter == "Speech":
            choice = next((c for c in choices if spoken_match(c, value)), None)
        elif value in choices:
            choice = value
    if choice is not None:
        return RouteAnswer(choices[choice], choice, parameter, value)
    return RouteAnswer(route.get("default"), None, parameter, value)


def spoken_match(choice: str, transcript: str) -> bool:
    """Whether `choice` appears in `transcript` as a whole word or phrase, ignoring case."""
    words = choice.split()
    if not words:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    return re.search(pattern, transcript, re.IGNORECASE) is not None
