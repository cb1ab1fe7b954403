"""Where a simulation's bundle comes from: a `.ivrflow` file (compiled in memory) or a bundle
folder written by `ivr-designer compile`. Problems become `SourceError`s whose message says what
to do; compile errors keep their diagnostics for the caller to list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from designer.jsonerrors import explain_json_error
from designer.simulator.engine import SimBundle

if TYPE_CHECKING:
    from designer.checks import Diagnostic
    from designer.model import Flow

MANIFEST_NAME = "manifest.json"


class SourceError(Exception):
    """The flow or bundle cannot be opened or compiled. `diagnostics` holds the compile
    errors, if that is the reason; `unreadable` tells a missing/broken file from a flow with
    errors (the commands use different exit codes)."""

    def __init__(
        self, message: str, diagnostics: list[Diagnostic] | None = None, unreadable: bool = True
    ) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []
        self.unreadable = unreadable


@dataclass
class Source:
    bundle: SimBundle
    flow: Flow | None = None  # present when simulating a .ivrflow file
    path: Path | None = None


# Where a flow is published does not change what the caller hears: a flow that has no base
# URL yet is simulated as if published here (a reserved name that can never be a real host).
PLACEHOLDER_BASE_URL = "https://flow.invalid/"


def bundle_from_flow(flow: Flow, base_url: str | None = None) -> SimBundle:
    """Compile `flow` in memory. Raises SourceError listing the errors if it has any."""
    from designer.compiler import CompileError, compile_flow

    if base_url is None and not (flow.setting("base_url") or "").strip():
        base_url = PLACEHOLDER_BASE_URL
    try:
        compiled = compile_flow(flow, base_url=base_url)
    except CompileError as exc:
        errors = [d for d in exc.diagnostics if d.is_error]
        raise SourceError(
            f"The flow '{flow.name}' has {len(errors)} error{'s' if len(errors) != 1 else ''} "
            "to fix before its calls can be simulated.",
            exc.diagnostics,
            unreadable=False,
        ) from None
    return SimBundle(documents=dict(compiled.documents), manifest=compiled.manifest)


def open_source(path: str | Path, base_url: str | None = None) -> Source:
    """A .ivrflow file or a bundle folder, ready to simulate."""
    path = Path(path)
    if path.is_dir():
        return Source(bundle=load_bundle_dir(path, base_url), path=path)
    from designer.catalog import CatalogError
    from designer.flowfile import FlowFileError, load_flow

    try:
        flow = load_flow(path)
    except FlowFileError as exc:
        raise SourceError(str(exc)) from None
    except CatalogError as exc:
        raise SourceError(
            f"The designer's list of Plivo steps is damaged ({exc}); reinstall the designer."
        ) from None
    return Source(bundle=bundle_from_flow(flow, base_url), flow=flow, path=path)


def load_bundle_dir(directory: Path, base_url: str | None = None) -> SimBundle:
    """Read a bundle folder: manifest.json and every document it lists."""
    manifest_path = directory / MANIFEST_NAME
    try:
        text = manifest_path.read_text(encoding="utf-8")
        manifest = json.loads(text)
    except FileNotFoundError:
        raise SourceError(
            f"{directory} has no {MANIFEST_NAME}: give a .ivrflow file or a folder written by "
            "`ivr-designer compile`."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{manifest_path} cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"{manifest_path} is not valid JSON: {explain_json_error(text, exc)}."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != "ivr-bundle":
        raise SourceError(f"{manifest_path} is not the manifest of an IVR bundle.")
    documents = {}
    listed = manifest.get("documents")
    if not isinstance(listed, dict) or not listed:
        raise SourceError(f"{manifest_path} lists no documents.")
    for name in listed:
        # Only plain file names: a manifest must not make us read outside the folder.
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            raise SourceError(f"{manifest_path} lists a document with an unsafe name {name!r}.")
        try:
            documents[name] = (directory / name).read_bytes()
        except OSError:
            raise SourceError(
                f"The bundle {directory} lists {name} but the file is missing or unreadable."
            ) from None
    if base_url:
        manifest = {**manifest, "base_url": base_url}
    return SimBundle(documents=documents, manifest=manifest)
