"""Every diagnostic code the checks can report, with its fixed severity.

A code is a stable name that tools and tests can rely on; its severity never varies, so a user
who learns that `missing-noinput` is a warning can trust it everywhere. docs/checks.md has one
table row per code (a test keeps the two in step). All diagnostics are built through `report`,
which refuses a code that is not registered here.
"""

from __future__ import annotations

from designer.checks.diagnostic import Diagnostic

ERROR, WARNING, INFO = "error", "warning", "info"

CODES: dict[str, str] = {
    # attributes (attributes.py)
    "attr-wrong-type": ERROR,
    "attr-bad-choice": ERROR,
    "attr-out-of-range": ERROR,
    "attr-bad-format": ERROR,
    "attr-too-short": ERROR,
    "attr-too-long": ERROR,
    "attr-bad-url": ERROR,
    "attr-bad-character": ERROR,
    "attr-required": ERROR,
    "unknown-attribute": WARNING,
    # element text (attributes.py)
    "body-required": ERROR,
    "body-bad-url": ERROR,
    "body-bad-phone": ERROR,
    "body-bad-sip": ERROR,
    "body-bad-digits": ERROR,
    "body-bad-format": ERROR,
    "body-bad-character": ERROR,
    "body-ignored": WARNING,
    # nested items (attributes.py)
    "child-not-allowed": ERROR,
    "children-missing": ERROR,
    # SSML (ssml.py)
    "ssml-not-allowed": ERROR,
    "ssml-invalid": ERROR,
    "ssml-unknown-tag": ERROR,
    "ssml-bad-nesting": ERROR,
    "ssml-unknown-attribute": WARNING,
    "ssml-needs-polly": WARNING,
    "speak-text-and-ssml": ERROR,
    # cross-attribute rules (rules.py)
    "record-background-ignores": WARNING,
    "record-background-action": WARNING,
    "stream-bidirectional-track": ERROR,
    "wait-min-silence-too-long": ERROR,
    "dial-confirm-without-sound": WARNING,
    "dial-time-limit-capped": INFO,
    "attr-unused": INFO,
    "hangup-rejects-call": INFO,
    "hangup-schedule-ends-call": WARNING,
    "wait-delays-answer": INFO,
    "preanswer-after-answer": WARNING,
    "loop-forever": WARNING,
    "menu-choice-invalid": ERROR,
    "menu-choice-unreachable": WARNING,
    # graph rules (graph.py)
    "unknown-step-type": ERROR,
    "no-start": ERROR,
    "several-starts": ERROR,
    "start-not-connected": ERROR,
    "unreachable": WARNING,
    "edge-missing-step": ERROR,
    "edge-into-start": ERROR,
    "dangling-exit": ERROR,
    "duplicate-exit": ERROR,
    "missing-noinput": WARNING,
    "menu-without-choices": WARNING,
    "menu-nomatch-unused": WARNING,
    "menu-choice-unlinked": INFO,
    "endless-loop": WARNING,
    "silent-caller-loop": INFO,
    "action-redirect-with-next": ERROR,
    "menu-action-conflict": ERROR,
    "dial-action-conflict": ERROR,
    "routed-redirect-off": ERROR,
    # flow settings (settings.py)
    "missing-base-url": ERROR,
    "bad-base-url": ERROR,
    "bad-link-method": ERROR,
}


def report(
    code: str, node: str | None, attribute: str | None, message: str, hint: str = ""
) -> Diagnostic:
    """A diagnostic with the severity registered for `code`."""
    return Diagnostic(CODES[code], code, node, attribute, message, hint)
