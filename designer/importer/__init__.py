"""Existing Plivo XML → a flow (see docs/importer.md).

`import_files(paths)` and `import_string(text)` return an `ImportResult` (the flow, laid out,
and located warnings) or raise `XmlImportError` when the input is refused. Input is parsed
safely: no DTDs, entities, external references or network. `layered_layout` is the layout
used for imported flows, reusable by the editor.
"""

from designer.importer.build import import_files, import_string
from designer.importer.layout import layered_layout
from designer.importer.report import ImportDiagnostic, ImportResult, XmlImportError

__all__ = [
    "ImportDiagnostic",
    "ImportResult",
    "XmlImportError",
    "import_files",
    "import_string",
    "layered_layout",
]
