"""Loading a compiled bundle for serving (format: docs/bundle.md).

A bundle is read once, checked whole and kept in memory: every document listed in the
manifest must be present with the SHA-256 the compiler recorded, every route must point at a
listed document. Requests are then answered from memory by name, so no request can ever name
a file: only the documents the manifest lists exist for the runtime.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from designer.runtime.routing import Route

MANIFEST_NAME = "manifest.json"
FORMAT_NAME = "ivr-bundle"
FORMAT_VERSION = 1
MATCH_KINDS = ("exact", "keyword")

# Plain file names only: a manifest naming "../x.xml" or "a/b.xml" is refused at load time.
DOCUMENT_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.xml\Z")
ROUTE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
SHA256_TEXT = re.compile(r"[0-9a-fA-F]{64}\Z")


class BundleLike(Protocol):
    """What `designer.compiler.compile_flow` returns: documents by name, and the manifest."""

    documents: Mapping[str, bytes]
    manifest: Mapping[str, Any]


class BundleError(Exception):
    """The bundle cannot be served. `problems` lists every defect found; str() is the message
    for the person starting the server."""

    def __init__(self, problems: list[str], source: str) -> None:
        self.problems = problems
        self.source = source
        super().__init__(self.describe())

    def describe(self) -> str:
        head = f"The bundle {self.source} cannot be served"
        if len(self.problems) == 1:
            return f"{head}: {self.problems[0]}"
        return "\n".join([f"{head}:", *(f"  - {p}" for p in self.problems)])


@dataclass(frozen=True)
class LoadedBundle:
    """A checked bundle, ready to answer requests."""

    documents: Mapping[str, bytes]
    routes: Mapping[str, Route]
    entry: str
    base_url: str
    flow_name: str
    source: str

    @property
    def needs_runtime(self) -> bool:
        return bool(self.routes)


def load_bundle(source: str | os.PathLike[str] | BundleLike) -> LoadedBundle:
    """Read and check a bundle directory, or an in-memory bundle (`documents` + `manifest`).

    Raises BundleError listing every problem; never returns a half-checked bundle."""
    if isinstance(source, str | os.PathLike):
        directory = Path(source)
        label = str(directory)
        manifest = _read_manifest(directory, label)
        documents = _read_documents(directory, manifest, label)
    else:
        label = "(compiled in memory)"
        manifest = source.manifest
        if not isinstance(manifest, Mapping):
            raise BundleError(["its manifest is not a JSON object."], label)
        documents = _listed_documents(manifest, source.documents, label)
    return _check(manifest, documents, label)


def _read_manifest(directory: Path, label: str) -> Mapping[str, Any]:
    if not directory.exists():
        raise BundleError(["there is no such folder."], label)
    if not directory.is_dir():
        raise BundleError(
            [
                "it is a file, not a bundle folder. Give the folder written by "
                "`ivr-designer compile`, or a .ivrflow file to `ivr-designer serve`."
            ],
            label,
        )
    path = directory / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BundleError(
            [
                f"the folder has no {MANIFEST_NAME}, so it is not a bundle written by "
                "`ivr-designer compile`."
            ],
            label,
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BundleError([f"{MANIFEST_NAME} cannot be read ({_reason(exc)})."], label) from None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleError(
            [
                f"{MANIFEST_NAME} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                f"{exc.msg})."
            ],
            label,
        ) from None
    if not isinstance(manifest, dict):
        raise BundleError([f"{MANIFEST_NAME} does not hold a JSON object."], label)
    return manifest


def _document_entries(manifest: Mapping[str, Any], label: str) -> Mapping[str, Any]:
    _check_format(manifest, label)
    entries = manifest.get("documents")
    if not isinstance(entries, Mapping) or not entries:
        raise BundleError([f"{MANIFEST_NAME} lists no documents."], label)
    unsafe = [
        name for name in entries if not isinstance(name, str) or not DOCUMENT_NAME.match(name)
    ]
    if unsafe:
        raise BundleError(
            [
                f"{MANIFEST_NAME} lists a document with an unsafe name {name!r}: documents must "
                "be plain file names ending in .xml."
                for name in unsafe
            ],
            label,
        )
    return entries


def _read_documents(
    directory: Path, manifest: Mapping[str, Any], label: str
) -> dict[str, bytes | None]:
    documents: dict[str, bytes | None] = {}
    for name in _document_entries(manifest, label):
        try:
            documents[name] = (directory / name).read_bytes()
        except OSError:
            documents[name] = None
    return documents


def _listed_documents(
    manifest: Mapping[str, Any], available: Mapping[str, bytes], label: str
) -> dict[str, bytes | None]:
    return {name: available.get(name) for name in _document_entries(manifest, label)}


def _check_format(manifest: Mapping[str, Any], label: str) -> None:
    if manifest.get("format") != FORMAT_NAME:
        raise BundleError(
            [
                f'{MANIFEST_NAME} is not the manifest of an IVR bundle (its "format" should be '
                f'"{FORMAT_NAME}").'
            ],
            label,
        )
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError([f'{MANIFEST_NAME} has no valid format "version".'], label)
    if version > FORMAT_VERSION:
        raise BundleError(
            [
                f"it was made by a newer IVR Flow Designer (bundle format version {version}; "
                f"this runtime reads version {FORMAT_VERSION}). Update ivr-designer, or compile "
                "the flow again with this version."
            ],
            label,
        )


def _check(
    manifest: Mapping[str, Any], documents: dict[str, bytes | None], label: str
) -> LoadedBundle:
    problems: list[str] = []
    entries = manifest["documents"]
    for name, data in documents.items():
        problems += _document_problems(name, entries[name], data)
    entry = manifest.get("entry", "answer.xml")
    if entry not in documents:
        problems.append(f"its entry document {entry!r} is not among the listed documents.")
    base_url = manifest.get("base_url") or ""
    if not isinstance(base_url, str):
        problems.append(f'"base_url" in {MANIFEST_NAME} is not text.')
        base_url = ""
    routes_data = manifest.get("routes") or {}
    routes: dict[str, Route] = {}
    if not isinstance(routes_data, Mapping):
        problems.append(f'"routes" in {MANIFEST_NAME} is not an object.')
    else:
        for node, spec in routes_data.items():
            route, route_problems = _route(node, spec, documents)
            problems += route_problems
            if route is not None:
                routes[node] = route
    if problems:
        raise BundleError(problems, label)
    flow_name = manifest.get("flow")
    return LoadedBundle(
        documents={name: data for name, data in documents.items() if data is not None},
        routes=routes,
        entry=entry,
        base_url=base_url,
        flow_name=flow_name if isinstance(flow_name, str) else "",
        source=label,
    )


def _document_problems(name: str, entry: Any, data: bytes | None) -> list[str]:
    if data is None:
        return [f"the document {name} is listed in {MANIFEST_NAME} but missing."]
    digest = entry.get("sha256") if isinstance(entry, Mapping) else None
    if not isinstance(digest, str) or not SHA256_TEXT.match(digest):
        return [f"{MANIFEST_NAME} records no SHA-256 for the document {name}."]
    if hashlib.sha256(data).hexdigest() != digest.lower():
        return [
            f"the document {name} does not match the SHA-256 recorded in {MANIFEST_NAME}: it "
            "was changed after the bundle was compiled. Compile the flow again instead of "
            "editing the XML by hand."
        ]
    return []


def _route(
    node: Any, spec: Any, documents: Mapping[str, bytes | None]
) -> tuple[Route | None, list[str]]:
    if not isinstance(node, str) or not ROUTE_NAME.match(node):
        return None, [f"the route {node!r} has a name that cannot appear in a web address."]
    where = f"the route {node!r}"
    if not isinstance(spec, Mapping):
        return None, [f"{where} is not an object."]
    problems: list[str] = []
    parameters = spec.get("parameters")
    if (
        not isinstance(parameters, list)
        or not parameters
        or not all(isinstance(p, str) and p for p in parameters)
    ):
        problems.append(f"{where} names no request parameters to read.")
    match = spec.get("match")
    if match not in MATCH_KINDS:
        problems.append(f'{where} has an unknown "match" {match!r} (expected exact or keyword).')
    choices = spec.get("choices", {})
    if not isinstance(choices, Mapping):
        problems.append(f'{where} has "choices" that are not an object.')
        choices = {}
    for value, target in choices.items():
        if target is not None and target not in documents:
            problems.append(
                f"{where} sends {value!r} to {target!r}, which is not a listed document."
            )
    if "default" not in spec:
        problems.append(f'{where} has no "default" (use null to end the call).')
    default = spec.get("default")
    if default is not None and default not in documents:
        problems.append(f"{where} has the default {default!r}, which is not a listed document.")
    # Absent means true: bundles written before the flag existed log as they always did.
    log = spec.get("log", True)
    if not isinstance(log, bool):
        problems.append(f'{where} has a "log" that is not true or false.')
    if problems:
        return None, problems
    return Route.build(node, parameters, match, dict(choices), default, log), []


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)
