"""The compiled result (`Bundle`) and writing it to a directory atomically."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from designer.atomic import write_directory_atomic
from designer.flowfile.jsonstyle import dumps

MANIFEST_NAME = "manifest.json"


@dataclass
class Bundle:
    """Documents by file name (`answer.xml` first) and the manifest (see docs/bundle.md)."""

    documents: dict[str, bytes]
    manifest: dict[str, Any]

    @cached_property
    def node_document(self) -> dict[str, str]:
        """Which document each step was placed in, for the editor's XML preview (worked out
        when first asked: `ivr-designer compile` never needs it)."""
        return {
            node_id: name
            for name, entry in self.manifest["documents"].items()
            for node_id in entry["nodes"]
        }

    def manifest_bytes(self) -> bytes:
        return (dumps(self.manifest) + "\n").encode("utf-8")

    @property
    def needs_runtime(self) -> bool:
        return bool(self.manifest.get("routes"))


def write_bundle(bundle: Bundle, directory: str | Path) -> None:
    """Write the bundle; on any failure nothing at `directory` has changed."""

    def fill(temp: Path) -> None:
        for name, data in bundle.documents.items():
            (temp / name).write_bytes(data)
        (temp / MANIFEST_NAME).write_bytes(bundle.manifest_bytes())

    write_directory_atomic(Path(directory), fill)
