"""Plivo XML files → one flow: each `<Response>` becomes a chain of steps; the first file
starts at Start; an `action` or `<Redirect>` URL that names another imported file becomes a
link to that file's first step. The flow is laid out so it opens readable.

Nothing here writes files: `import_files` and `import_string` return an `ImportResult`, or
raise `XmlImportError` when the input is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from designer.catalog import Catalog, load_catalog
from designer.importer.elements import DocumentMapper, MappedDocument, Step
from designer.importer.layout import layered_layout
from designer.importer.report import ImportDiagnostic, ImportResult, XmlImportError
from designer.model import Flow, Node, Note
from designer.model.ids import MAX_ID_LENGTH, slugify, unique_id
from designer.model.ports import port_names

START_ID = "start"
# Readable id bases; other types use their own name in lower case (speak, play, dial, …).
ID_BASES = {
    "GetDigits": "menu",
    "GetInput": "input",
    "MultiPartyCall": "multiparty",
    "PreAnswer": "preanswer",
    "Message": "sms",
}
# The exit a step continues from when Plivo goes on with the next element: `next`, or, for
# menus, `noinput` (Plivo runs the next element when the caller pressed nothing).
FALL_THROUGH_PORTS = ("next", "noinput")
# Which exit a linked `action` becomes. A menu's action is where input goes (`nomatch`, the
# compiler's default route); for the others the action replaces what comes next.
ACTION_PORTS = {
    "GetDigits": "nomatch",
    "GetInput": "nomatch",
    "Record": "next",
    "Dial": "next",
    "Conference": "next",
}
PLIVO_DEFAULT_METHOD = "POST"
NOTE_GAP = 120.0


@dataclass
class _Source:
    """One document to import: a display name (for messages) and a stem (for links)."""

    name: str
    stem: str
    data: bytes
    is_unicode: bool = False


@dataclass
class _Link:
    url: str
    doc: int  # index of the target document
    method: str
    source: int = 0  # index of the document the URL is written in
    line: int | None = None


@dataclass
class _Doc:
    mapped: MappedDocument
    stem: str
    # Per step: the document its Redirect/action URL names (None when it names none).
    links: list[_Link | None] = field(default_factory=list)


def import_string(
    xml_text: str | bytes,
    name: str = "Imported flow",
    *,
    source: str = "answer.xml",
    catalog: Catalog | None = None,
) -> ImportResult:
    """Import one document given as text (or bytes, whose XML declaration names the encoding).
    `source` is the file name used in messages."""
    if isinstance(xml_text, str):
        source_doc = _Source(source, PurePosixPath(source).stem, xml_text.encode("utf-8"), True)
    else:
        source_doc = _Source(source, PurePosixPath(source).stem, bytes(xml_text))
    return _import([source_doc], name, catalog or load_catalog())


def import_files(
    paths: Sequence[str | Path], catalog: Catalog | None = None, name: str | None = None
) -> ImportResult:
    """Import Plivo XML files into one flow; the first file is where the call starts.
    Raises `XmlImportError` (listing every problem in every file) when any file cannot be
    read or is refused; nothing is imported then."""
    if not paths:
        raise XmlImportError(
            [ImportDiagnostic("error", "import-no-files", "no file was given to import.")]
        )
    paths = [Path(p) for p in paths]
    names = [p.name for p in paths]
    # The same file name twice (from different folders): show the paths, so messages are clear.
    names = [str(p) if names.count(p.name) > 1 else p.name for p in paths]
    sources: list[_Source] = []
    problems: list[ImportDiagnostic] = []
    for path, shown in zip(paths, names, strict=True):
        try:
            sources.append(_Source(shown, path.stem, path.read_bytes()))
        except OSError as exc:
            problems.append(ImportDiagnostic("error", "import-unreadable",
                                             _read_problem(path, exc), shown))
    if problems:
        # Parse the readable ones too, so the user learns about every problem at once.
        for source in sources:
            try:
                _parse(source)
            except XmlImportError as exc:
                problems.extend(exc.diagnostics)
        raise XmlImportError(problems, unreadable=True)
    default_name = paths[0].stem.replace("_", " ").replace("-", " ").strip() or "Imported flow"
    result = _import(sources, name or default_name, catalog or load_catalog())
    result.diagnostics[:0] = _designer_bundles(paths, names)
    return result


def _designer_bundles(paths: list[Path], names: list[str]) -> list[ImportDiagnostic]:
    """A warning for files that sit in a bundle this designer compiled (a manifest.json of
    format "ivr-bundle" beside them): their menus and Dial outcomes go through the runtime's
    routes, which the import cannot turn back into the links the flow had."""
    found = []
    for folder in dict.fromkeys(path.parent for path in paths):
        if not _is_designer_bundle(folder / "manifest.json"):
            continue
        shown = next(n for p, n in zip(paths, names, strict=True) if p.parent == folder)
        found.append(ImportDiagnostic(
            "warning", "import-designer-bundle",
            "these files were compiled by IVR Flow Designer (manifest.json beside them). Their "
            "menus and Dial outcomes point at the designer's runtime (…/route/…), which an "
            "import cannot turn back into the links they came from, so those branches are "
            "missing here.",
            shown,
            hint="Open the original .ivrflow file instead, if you have it.",
        ))
    return found


def _is_designer_bundle(manifest: Path) -> bool:
    import json

    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == "ivr-bundle"


def _read_problem(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "there is no such file."
    if isinstance(exc, IsADirectoryError):
        return "this is a folder, not an XML file."
    if isinstance(exc, PermissionError):
        return "you do not have permission to read this file."
    return f"the file cannot be read ({exc.strerror or exc})."


def _parse(source: _Source):
    from designer.importer.safeparse import parse_document

    return parse_document(source.data, source.name, is_unicode=source.is_unicode)


def _check_root(root, file: str) -> None:
    from lxml import etree

    qname = etree.QName(root)
    if qname.namespace:
        message = (f"the document's root <{qname.localname}> is in the XML namespace "
                   f"'{qname.namespace}'; Plivo XML uses no namespaces.")
        hint = "Remove the xmlns=… attribute from the root element."
    elif root.tag == "Response":
        return
    elif root.tag.lower() == "response":
        message = f"the root element is <{root.tag}>; Plivo needs <Response> exactly."
        hint = "Element names are case-sensitive."
    else:
        message = (f"the root element is <{root.tag}>, not <Response>, so this is not a "
                   "Plivo XML document.")
        hint = ""
    raise XmlImportError(
        [ImportDiagnostic("error", "import-not-plivo", message, file, root.sourceline, hint=hint)]
    )


def _import(sources: list[_Source], name: str, catalog: Catalog) -> ImportResult:
    diagnostics: list[ImportDiagnostic] = []
    problems: list[ImportDiagnostic] = []
    docs: list[_Doc] = []
    # Per document: the parser's warnings, and the mapper's findings (named after assembly).
    findings: list[tuple[list[ImportDiagnostic], list[ImportDiagnostic]]] = []
    for source in sources:
        try:
            root, warnings = _parse(source)
            _check_root(root, source.name)
        except XmlImportError as exc:
            problems.extend(exc.diagnostics)
            continue
        mapper = DocumentMapper(catalog, source.name)
        mapped = mapper.map(root)
        findings.append((warnings, mapper.diagnostics))
        docs.append(_Doc(mapped, source.stem))
    if problems:
        raise XmlImportError(problems)
    assembler = _Assembler(docs, name, catalog)
    assembler.assemble()
    for doc, (warnings, found) in zip(docs, findings, strict=True):
        diagnostics += warnings + _name_steps(doc.mapped, found)
    result = ImportResult(assembler.flow, diagnostics + assembler.diagnostics)
    result.entry_nodes = {doc.mapped.file: assembler.entry_of(i) for i, doc in enumerate(docs)}
    return result


def _name_steps(mapped: MappedDocument, found: list[ImportDiagnostic]) -> list[ImportDiagnostic]:
    """`found` with each finding about a step that became a node naming that node."""
    named = list(found)
    for step in mapped.steps:
        if step.node.id:
            for index in step.findings:
                named[index] = replace(named[index], node=step.node.id)
    return named


class _Assembler:
    """Names the steps, links the documents and chains each one's steps."""

    def __init__(self, docs: list[_Doc], name: str, catalog: Catalog) -> None:
        self.docs = docs
        self.catalog = catalog
        self.flow = Flow(name)
        self.diagnostics: list[ImportDiagnostic] = []
        self.ids: dict[tuple[int, int], str] = {}  # (document, step) → node id
        # Document → (document, position) of the step it starts with; None when it has none.
        self._entries: dict[int, tuple[int, int] | None] = {}
        # Documents whose first step is a Redirect that became a link → the document it names.
        self._forward: dict[int, int] = {}
        self._plans: list[list[tuple[bool, bool]]] = []
        self._linked_urls: list[_Link] = []
        self._notes: list[tuple[str, str | None]] = []  # (text, node it belongs to)
        self._numbers: dict[str, int] = {}
        self._slugs: dict[str, str] = {}

    def report(self, severity: str, code: str, message: str, doc: int, line: int | None, *,
               node: str | None = None, hint: str = "") -> None:
        self.diagnostics.append(
            ImportDiagnostic(severity, code, message, self.docs[doc].mapped.file, line,
                             node=node, hint=hint)
        )

    def assemble(self) -> None:
        # A new flow without listeners is filled directly: the edit methods re-check the whole
        # flow on every call, which is quadratic on a large document.
        self.flow.nodes[START_ID] = Node(START_ID, "Start")
        self._find_links()
        self._resolve_entries()
        self._plans = [self._plan(i) for i in range(len(self.docs))]
        for index in range(len(self.docs)):
            self._add_nodes(index)
        for index in range(len(self.docs)):
            self._chain(index)
        self._report_unreached()
        self._apply_link_settings()
        self.flow.layout = layered_layout(self.flow)
        self._place_notes()

    # -- which URLs name which file -----------------------------------------------------------

    def _find_links(self) -> None:
        by_stem: dict[str, list[int]] = {}
        for index, doc in enumerate(self.docs):
            by_stem.setdefault(doc.stem, []).append(index)
        ambiguous = {stem for stem, found in by_stem.items() if len(found) > 1}
        for stem in sorted(ambiguous):
            files = ", ".join(self.docs[i].mapped.file for i in by_stem[stem])
            self.report("warning", "import-ambiguous-name",
                        f"several imported files are called '{stem}' ({files}); addresses "
                        f"ending in '{stem}' were kept as addresses, not turned into links.",
                        by_stem[stem][0], None)
        for index, doc in enumerate(self.docs):
            for step in doc.mapped.steps:
                url = self._link_url(step.node)
                target = _url_stem(url) if url is not None else None
                found = by_stem.get(target, []) if target not in ambiguous else []
                if found and found[0] != index:
                    method = str(step.node.attributes.get("method", PLIVO_DEFAULT_METHOD))
                    doc.links.append(_Link(url or "", found[0], method, index, step.line))
                else:
                    doc.links.append(None)

    def _link_url(self, node: Node) -> str | None:
        if node.type == "Redirect":
            return node.text
        if node.type in ACTION_PORTS and node.attributes.get("redirect", True) is True:
            action = node.attributes.get("action")
            return action if isinstance(action, str) else None
        return None

    def _resolve_entries(self) -> None:
        """The step each document starts with, as (document, position). A document that only
        redirects to another starts where that one starts; documents that redirect to each
        other in a circle, or to a document without steps, keep their Redirect as a step."""
        forward: dict[int, int] = {}
        for index, doc in enumerate(self.docs):
            steps = doc.mapped.steps
            link = doc.links[0] if steps else None
            if link is not None and steps[0].node.type == "Redirect" and self.docs[
                link.doc
            ].mapped.steps:
                forward[index] = link.doc
        for index in range(len(self.docs)):
            seen: list[int] = []
            current = index
            while current in forward and current not in seen:
                seen.append(current)
                current = forward[current]
            if current in seen:  # a circle: every document on it keeps its Redirect
                for member in seen[seen.index(current):]:
                    forward.pop(member, None)
        for index in range(len(self.docs)):
            current = index
            while current in forward:
                current = forward[current]
            self._entries[index] = (current, 0) if self.docs[current].mapped.steps else None
        self._forward = forward

    def entry_of(self, doc: int) -> str | None:
        entry = self._entries.get(doc)
        return self.ids.get(entry) if entry else None

    def _plan(self, doc: int) -> list[tuple[bool, bool]]:
        """Per step: (never runs, linked). A step never runs when an earlier one ends the
        call or hands it elsewhere; a linked Redirect is no step but a link."""
        plan: list[tuple[bool, bool]] = []
        alive = True
        for position, step in enumerate(self.docs[doc].mapped.steps):
            dead = not alive
            link = self.docs[doc].links[position]
            linked = not dead and link is not None and self._entries.get(link.doc) is not None
            if position == 0 and step.node.type == "Redirect":
                linked = doc in self._forward
            plan.append((dead, linked))
            if step.node.type == "Redirect":
                alive = False  # nothing after a Redirect runs, linked or not
                continue
            fall_through = self._fall_through(step.node)
            if linked and ACTION_PORTS[step.node.type] == fall_through:
                fall_through = None
            alive = fall_through is not None
        return plan

    def _fall_through(self, node: Node) -> str | None:
        """The exit Plivo takes to the next element, or None when nothing after it runs:
        Hangup, Redirect, or a Record/Dial/Conference whose own `action` takes the call over
        (unless `redirect` is false, which only notifies the action and goes on)."""
        element = self.catalog.element(node.type)
        if (
            not element.has_choices
            and node.attributes.get("action")
            and node.attributes.get("redirect", True) is not False
        ):
            return None
        exits = port_names(node, self.catalog)
        return next((p for p in FALL_THROUGH_PORTS if p in exits), None)

    # -- nodes --------------------------------------------------------------------------------

    def _add_nodes(self, doc: int) -> None:
        mapped = self.docs[doc].mapped
        for position, (step, (_, linked)) in enumerate(
            zip(mapped.steps, self._plans[doc], strict=True)
        ):
            if step.node.type == "Redirect" and linked:
                self._notes += [(text, None) for text in step.comments]
                continue
            base = ID_BASES.get(step.node.type, step.node.type.lower())
            if position == 0 and doc > 0:
                base = self.docs[doc].stem  # so the file's name survives as its first step's
            node_id = self._new_id(base)
            step.node.id = node_id
            self.flow.nodes[node_id] = step.node
            self.ids[(doc, position)] = node_id
            self._notes += [(text, node_id) for text in step.comments if text]
        self._notes += [(text, None) for text in mapped.trailing_comments]

    def _new_id(self, base: str) -> str:
        """`unique_id`'s naming (speak, speak-2, …), remembering the last number per base so
        that a document with thousands of steps is not quadratic."""
        slug = self._slugs.get(base)
        if slug is None:
            # Room for a "-NNNNN" suffix within the id length limit.
            slug = self._slugs[base] = slugify(slugify(base)[: MAX_ID_LENGTH - 6])
        number = self._numbers.get(slug, 1)
        candidate = slug if number == 1 else f"{slug}-{number}"
        while candidate in self.flow.nodes:
            number += 1
            candidate = f"{slug}-{number}"
        self._numbers[slug] = number
        return unique_id(candidate, self.flow.nodes)

    def _connect(self, source: str, port: str, target: str) -> None:
        self.flow.connect(source, port, target)

    def _target(self, link: _Link) -> str:
        entry = self._entries[link.doc]
        assert entry is not None
        return self.ids[entry]

    # -- edges --------------------------------------------------------------------------------

    def _chain(self, doc: int) -> None:
        steps = self.docs[doc].mapped.steps
        previous: tuple[str, str] | None = (START_ID, "next") if doc == 0 else None
        first_dead = True
        for position, (step, (dead, linked)) in enumerate(
            zip(steps, self._plans[doc], strict=True)
        ):
            if dead and first_dead:
                self._report_dead(doc, steps, position)
                first_dead = False
            link = self.docs[doc].links[position]
            if step.node.type == "Redirect" and linked:
                assert link is not None
                target = self._target(link)
                if previous is not None:
                    self._connect(previous[0], previous[1], target)
                self._note_link(doc, step, link, target, "<Redirect>")
                previous = None
                continue
            node = step.node
            # Steps that never run start a chain of their own, apart from the rest.
            if previous is not None:
                self._connect(previous[0], previous[1], node.id)
            fall_through = self._fall_through(node)
            if linked:
                assert link is not None
                port = ACTION_PORTS[node.type]
                target = self._target(link)
                for attribute in ("action", "method"):
                    node.attributes.pop(attribute, None)
                if node.attributes.get("redirect") is True:
                    node.attributes.pop("redirect")
                self._connect(node.id, port, target)
                self._note_link(doc, step, link, target, f"'action' of <{node.type}>")
                if port == fall_through:
                    fall_through = None
            previous = (node.id, fall_through) if fall_through else None

    def _report_dead(self, doc: int, steps: list[Step], position: int) -> None:
        step, ender = steps[position], steps[position - 1]
        self.report("warning", "import-never-runs",
                    f"<{self.catalog.element(step.node.type).tag}> and what follows it come "
                    f"after the <{self.catalog.element(ender.node.type).tag}> on line "
                    f"{ender.line}, which ends the call or hands it elsewhere, so Plivo never "
                    "runs them. They were imported but are not connected.",
                    doc, step.line, node=step.node.id or None)

    def _note_link(self, doc: int, step: Step, link: _Link, target: str, what: str) -> None:
        self._linked_urls.append(link)
        target_file = self.docs[link.doc].mapped.file
        query = urlsplit(link.url).query
        extra = f" (its query '?{query}' is not kept)" if query else ""
        self.report("info", "import-link",
                    f"the {what} to {link.url}{extra} now links to step '{target}', the start "
                    f"of {target_file}.", doc, step.line, node=step.node.id or None)
        if query:
            # A link is a step, not an address: whatever the query told the server is lost.
            self.report("warning", "import-link-query",
                        f"the {what} to {link.url} became a link to step '{target}' (the start "
                        f"of {target_file}), and its query '?{query}' was dropped: a link "
                        "cannot carry one.",
                        doc, step.line, node=step.node.id or None,
                        hint="If the server answered differently because of the query, "
                        "change the linked steps to do what it did.")

    def _report_unreached(self) -> None:
        import networkx as nx

        from designer.flowgraph import to_graph

        reached = nx.descendants(to_graph(self.flow), START_ID) | {START_ID}
        for index in range(1, len(self.docs)):
            entry = self.entry_of(index)
            if entry is not None and entry not in reached:
                self.report("warning", "import-unreached-file",
                            f"no link from {self.docs[0].mapped.file} leads to this file, so "
                            f"its steps (from '{entry}' on) are imported but never run.",
                            index, None, node=entry)
            elif entry is None:
                self.report("warning", "import-empty",
                            "this document has no steps.", index, None)
        if not self.docs[0].mapped.steps:
            self.report("warning", "import-empty",
                        "this document has no steps: the call would simply end.", 0, None)

    def _apply_link_settings(self) -> None:
        """Links are written as `{base_url}{step}.xml`: when every linked address shares one
        folder and one method, keep them, so the exported files can live where these did."""
        if not self._linked_urls:
            return
        folders = {_folder(link.url) for link in self._linked_urls}
        methods = {link.method.upper() for link in self._linked_urls}
        if len(folders) == 1 and (folder := folders.pop()):
            self.flow.settings["base_url"] = folder
        if len(methods) == 1 and (method := methods.pop()) in ("GET", "POST"):
            self.flow.settings["link_method"] = method
        elif len(methods) > 1:
            self._report_mixed_methods()

    def _report_mixed_methods(self) -> None:
        """A flow sends every link with one method: say which the links used, and which one
        the flow now uses for all of them."""
        by_method: dict[str, list[_Link]] = {}
        for link in self._linked_urls:
            by_method.setdefault(link.method.upper(), []).append(link)
        used = self.flow.setting("link_method")
        parts = []
        for method, links in sorted(by_method.items()):
            places = [
                self.docs[link.source].mapped.file
                + (f" line {link.line}" if link.line is not None else "")
                for link in links
            ]
            shown = ", ".join(list(dict.fromkeys(places))[:3])
            if len(dict.fromkeys(places)) > 3:
                shown += ", …"
            parts.append(f"{method} ({shown})")
        first = self._linked_urls[0]
        self.report("warning", "import-mixed-link-methods",
                    f"the linked addresses use different methods: {' and '.join(parts)}. A "
                    f"flow sends all its links with one method, so this one uses {used} for "
                    "every link.", first.source, None,
                    hint="If the server that will publish the files needs another method, "
                    "change the link method in Flow settings.")

    def _place_notes(self) -> None:
        """Comments become notes above the step they were written before."""
        if not self._notes:
            return
        top = min((y for _, y in self.flow.layout.values()), default=0.0) - NOTE_GAP
        right = max((x for x, _ in self.flow.layout.values()), default=0.0)
        stacked: dict[float, int] = {}
        for number, (text, node_id) in enumerate(self._notes, start=1):
            x = self.flow.layout[node_id][0] if node_id else right
            level = stacked.get(x, 0)
            stacked[x] = level + 1
            self.flow.notes.append(
                Note(f"note-{number}", text, at=(x, top - level * NOTE_GAP))
            )


def _url_stem(url: str) -> str | None:
    """The last path segment of a URL, without `.xml`: the name of the file it fetches."""
    path = urlsplit(url.strip()).path
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    last = unquote(segments[-1])
    return last[:-4] if last.lower().endswith(".xml") else last


def _folder(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    folder = parts.path.rstrip("/").rsplit("/", 1)[0] + "/"
    return f"{parts.scheme}://{parts.netloc}{folder}"
