"""Flow settings: the base URL the exported files will be published at, and the HTTP method
of the links between them (architecture §4, docs/bundle.md).

A flow that fits in one document (`answer.xml`) needs no base URL. As soon as the compiler has
to link documents — a menu with choices, a Dial whose outcomes are wired, or a step that more
than one link leads to (it becomes its own document, reached by <Redirect>) — every link is an
absolute URL built from the base URL, so it must be set.
"""

from __future__ import annotations

from collections.abc import Iterator

from designer.checks.codes import report
from designer.checks.context import CheckContext
from designer.checks.diagnostic import Diagnostic
from designer.checks.values import is_absolute_url
from designer.checks.wording import show

LINK_METHODS = ("GET", "POST")
WHERE_TO_SET = (
    "Set the base URL in Flow settings (or pass --base-url on the command line), for "
    "example https://ivr.example.com/support/."
)


def why_links(context: CheckContext) -> str | None:
    """Why the compiled flow has more than one document, in words; None if it has one."""
    flow = context.flow
    for node in flow.nodes.values():
        element = context.element(node.type)
        if element is None:
            continue
        if element.has_choices and node.choices:
            return f"the menu '{node.id}' sends callers to different steps by what they enter"
        if element.has_choices and context.target(node.id, "nomatch") is not None:
            return f"the menu '{node.id}' sends what the caller enters on to another step"
        if context.outcome_ports_wired(node, element):
            return f"'{node.id}' continues differently depending on how the call ended"
    for node_id, edges in context.incoming.items():
        if node_id in flow.nodes and sum(e.source in flow.nodes for e in edges) > 1:
            return f"more than one link leads to '{node_id}'"
    return None


def check_settings(context: CheckContext) -> Iterator[Diagnostic]:
    base_url = context.effective_base_url()
    if not base_url:
        reason = why_links(context)
        if reason is not None:
            yield report(
                "missing-base-url", None, None,
                "The exported flow is split into several XML files that link to each other "
                f"(because {reason}), so it needs the web address the files will be "
                "published at (the base URL).",
                WHERE_TO_SET,
            )
    elif any(ch.isspace() for ch in base_url):
        yield report(
            "bad-base-url", None, None,
            f"The base URL {show(base_url)} contains a space; web addresses cannot.",
            "Remove the space, or write it as %20.",
        )
    elif "?" in base_url or "#" in base_url:
        yield report(
            "bad-base-url", None, None,
            f"The base URL {show(base_url)} contains '?' or '#'; file names are added after "
            "it, so it must be a plain folder address.",
            "Remove everything from the '?' or '#' on, and end it with '/'.",
        )
    elif not is_absolute_url(base_url, ("http", "https")):
        yield report(
            "bad-base-url", None, None,
            f"The base URL {show(base_url)} is not a full web address starting with https:// "
            "or http://.",
            WHERE_TO_SET,
        )
    elif not base_url.endswith("/"):
        yield report(
            "bad-base-url", None, None,
            f"The base URL {show(base_url)} must end with '/', because file names are added "
            "directly after it.",
            f"Use '{base_url}/'.",
        )
    method = context.flow.setting("link_method")
    if method not in LINK_METHODS:
        yield report(
            "bad-link-method", None, None,
            f"The link method {show(method)} is not GET or POST.",
            "Choose GET (works with any web host) or POST in Flow settings.",
        )
