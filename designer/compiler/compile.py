"""The compiler's entry points: `compile_flow` (flow → `Bundle`) and `diagnose` (every problem,
including the ones only a compiled document shows, such as Plivo's 100 KB limit)."""

from __future__ import annotations

import hashlib
from operator import itemgetter
from typing import Any

from lxml import etree

from designer.catalog import Catalog, load_catalog
from designer.checks import Diagnostic, has_errors, validate
from designer.checks.diagnostic import sort_key
from designer.compiler.bundle import Bundle
from designer.compiler.documents import (
    ENTRY_DOCUMENT,
    DocumentPlan,
    FlowPlan,
    document_name,
    entry_first,
    plan_documents,
)
from designer.compiler.xmlwriter import (
    XmlContentError,
    XmlWriter,
    document_bytes,
    redirect_element,
)
from designer.flowindex import FlowIndex
from designer.gcpause import gc_paused
from designer.model import Flow

BUNDLE_FORMAT = "ivr-bundle"
BUNDLE_VERSION = 1
MAX_DOCUMENT_BYTES = 100 * 1024  # Plivo refuses XML responses over 100 KB.


class CompileError(Exception):
    """The flow has validation errors; `diagnostics` lists them all."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = sum(d.is_error for d in diagnostics)
        super().__init__(f"the flow has {errors} error{'s' if errors != 1 else ''}")


def effective_base_url(flow: Flow, base_url: str | None = None) -> str:
    base = base_url if base_url is not None else (flow.setting("base_url") or "")
    if base and not base.endswith("/"):
        base += "/"
    return base


def compile_flow(
    flow: Flow,
    catalog: Catalog | None = None,
    base_url: str | None = None,
    check: bool = True,
    index: FlowIndex | None = None,
) -> Bundle:
    """Compile `flow`. With `check`, validation errors raise `CompileError` before anything is
    built, and so does a document over Plivo's size limit. `base_url` overrides the flow's.
    `index`: the flow's `FlowIndex`, when the caller already has one (from its own `validate`)."""
    catalog = catalog or load_catalog()
    index = index or FlowIndex(flow)
    if check:
        diagnostics = validate(flow, catalog, base_url=base_url, index=index)
        if has_errors(diagnostics):
            raise CompileError(diagnostics)
    bundle = _build(flow, catalog, effective_base_url(flow, base_url), index)
    if check:
        too_large = size_diagnostics(bundle)
        if too_large:
            raise CompileError(too_large)
    return bundle


def diagnose(
    flow: Flow, catalog: Catalog | None = None, base_url: str | None = None
) -> list[Diagnostic]:
    """All diagnostics of the flow: the checks, then (when those find no error) the limits that
    only the compiled documents reveal."""
    catalog = catalog or load_catalog()
    index = FlowIndex(flow)
    diagnostics = validate(flow, catalog, base_url=base_url, index=index)
    if not has_errors(diagnostics):
        bundle = _build(flow, catalog, effective_base_url(flow, base_url), index)
        diagnostics = sorted([*diagnostics, *size_diagnostics(bundle)], key=sort_key)
    return diagnostics


def size_diagnostics(bundle: Bundle) -> list[Diagnostic]:
    found = []
    for name, data in bundle.documents.items():
        if len(data) > MAX_DOCUMENT_BYTES:
            nodes = bundle.manifest["documents"][name]["nodes"]
            found.append(
                Diagnostic(
                    severity="error",
                    code="document-too-large",
                    node=nodes[0] if nodes else None,
                    attribute=None,
                    message=(
                        f"The document {name} would be {len(data) / 1024:.0f} KB; Plivo accepts "
                        f"at most {MAX_DOCUMENT_BYTES // 1024} KB."
                    ),
                    hint="Shorten the longest texts in these steps, or move some of the steps "
                    "after a menu choice so that they are sent in a separate file.",
                )
            )
    return found


def _build(flow: Flow, catalog: Catalog, base: str, index: FlowIndex) -> Bundle:
    with gc_paused():
        return _build_bundle(flow, catalog, base, index)


def _build_bundle(flow: Flow, catalog: Catalog, base: str, index: FlowIndex) -> Bundle:
    plan = plan_documents(flow, catalog, index)
    method = flow.setting("link_method") or "GET"
    # Writing reads every step's data. In file order that is roughly the order in memory,
    # which for big flows is markedly faster than name order. Name order stays the reference:
    # when two documents share a name the later one wins, and when something cannot be
    # written the error reported is the first in name order.
    order = list(plan.documents.values())  # in file order
    # Names are "<first step>.xml", unique like step ids, except that the entry document is
    # answer.xml: two share a name only when another document starts at a step 'answer'.
    if plan.entry not in (None, "answer") and "answer" in plan.documents:
        order = plan.in_name_order()
    try:
        written = _write_documents(flow, plan, catalog, base, method, order)
    except Exception:
        written = None  # something cannot be written: which one is reported is decided below
    if written is None:
        # Again in name order, which raises the first problem in that order (outside the
        # handler above, so that the report shows that problem alone).
        written = _write_documents(flow, plan, catalog, base, method, plan.in_name_order())
    if not written:
        data = document_bytes(etree.Element("Response"))
        empty = {"nodes": [], "redirect_to": None, "sha256": hashlib.sha256(data).hexdigest()}
        written.append((ENTRY_DOCUMENT, data, empty))
    # By name, answer.xml first. (Rows of one name stay in writing order, so the later one
    # wins below.)
    rows = entry_first(sorted(written, key=itemgetter(0)), ENTRY_DOCUMENT, key=itemgetter(0))
    manifest = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "flow": flow.name,
        "base_url": base,
        "link_method": method,
        "entry": ENTRY_DOCUMENT,
        "needs_runtime": bool(plan.routes),
        "documents": {name: entry for name, _, entry in rows},
        "routes": _routes(plan),
    }
    return Bundle(documents={name: data for name, data, _ in rows}, manifest=manifest)


def _write_documents(
    flow: Flow,
    plan: FlowPlan,
    catalog: Catalog,
    base: str,
    method: str,
    order: list[DocumentPlan],
) -> list[tuple[str, bytes, dict[str, Any]]]:
    """Each document's name, bytes and manifest entry, written in `order`. (Rows, not
    dictionaries by name: the bundle sorts them anyway, and big dictionaries built one entry
    at a time cost more than the rows.)"""
    write = XmlWriter(catalog).write
    nodes, routes, direct_actions = flow.nodes, plan.routes, plan.direct_actions
    entry = plan.entry  # the first step: its document is answer.xml
    written = []
    for doc in order:
        root = etree.Element("Response")
        for node_id in doc.nodes:
            forced = None
            if node_id in routes:
                forced = {"action": f"{base}route/{node_id}", "method": method}
            elif node_id in direct_actions:
                target = document_name(direct_actions[node_id], entry)
                forced = {"action": f"{base}{target}", "method": method}
            try:
                write(nodes[node_id], forced, root)
            except XmlContentError as exc:
                raise CompileError([_content_diagnostic(node_id, exc)]) from None
        redirect_to = None
        if doc.redirect_to is not None:
            redirect_to = document_name(doc.redirect_to, entry)
            redirect_element(f"{base}{redirect_to}", method, root)
        data = document_bytes(root)
        listing = {
            "nodes": doc.nodes,
            "redirect_to": redirect_to,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        written.append((doc.name, data, listing))
    return written


def _content_diagnostic(node_id: str, exc: XmlContentError) -> Diagnostic:
    hints = {
        "ssml-malformed": "Check that every SSML tag is closed, e.g. <break time=\"1s\"/>.",
        "xml-invalid-character": "Retype the text; pasted text sometimes carries hidden "
        "characters.",
        "xml-invalid-attribute-name": "Remove or rename that extra attribute in the step's "
        "properties.",
    }
    return Diagnostic(
        severity="error",
        code=exc.code,
        node=node_id,
        attribute=None,
        message=f"Step '{node_id}': {exc}.",
        hint=hints[exc.code],
    )


def _routes(plan: FlowPlan) -> dict[str, Any]:
    entry = plan.entry
    routes = {}
    for node_id, route in sorted(plan.routes.items(), key=itemgetter(0)):
        table = routes[node_id] = {
            "parameters": route.parameters,
            "match": route.match,
            "choices": {port: document_name(t, entry) for port, t in route.choices.items()},
            "default": document_name(route.default, entry) if route.default else None,
        }
        if not route.log:
            table["log"] = False
    return routes
