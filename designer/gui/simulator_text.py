"""The words and the transcript markup of the simulator dock: where the call waits and what
the caller can do there, how the call ended, and the transcript as an HTML table whose step
names link to the cards (`node:<id>`).

Colours come in as arguments (from the widget's palette), so the text follows the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from designer.simulator.transcript import (
    CALLER_HANGUP,
    HANGUP,
    HEARS,
    INPUT,
    REDIRECT_EXTERNAL,
    STEP_LIMIT,
    WAITING,
)

if TYPE_CHECKING:
    from designer.checks import Diagnostic
    from designer.simulator.transcript import Ending, Result

NODE_LINK = "node:"

# What the caller (or the far end of a Dial) can do, by kind of input (simulator tokens).
CAN_DO = {
    "digits": "press keys",
    "silence": "stay silent",
    "speech": "say something",
    "dial": "choose how the Dial ends",
    "record": "speak into the recording",
    "hangup": "hang up",
}

ENDING_TITLES = {
    HANGUP: "The call has ended",
    CALLER_HANGUP: "The caller hung up",
    REDIRECT_EXTERNAL: "The call left the flow",
    STEP_LIMIT: "Stopped: the call goes round in a loop",
    WAITING: "Waiting for the caller",
}

IDLE_TEXT = (
    "Press <b>Start call</b> (F5) to hear the flow as a caller would: what they hear, where "
    "they press keys, where the call goes. The simulation runs the flow as it is now, even "
    "unsaved, and starts again when you change it."
)


@dataclass(frozen=True)
class Colors:
    text: str
    muted: str
    caller: str
    ended: str
    waiting: str
    error: str


def listing(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def waiting_text(ending: Ending) -> str:
    """'The call waits at menu: press keys, stay silent or hang up.'"""
    where = f"at {ending.node}" if ending.node else f"in {ending.document}"
    can = [CAN_DO[k] for k in ending.expects if k in CAN_DO]
    return f"The call waits {where}: {listing(can)}." if can else f"The call waits {where}."


def ending_text(ending: Ending) -> str:
    """The engine's sentence, without the command-line remark about inputs."""
    return ending.text.replace(" No more inputs were given.", "")


def status_text(result: Result | None, error: str | None) -> str:
    if error:
        return "The simulation stopped: " + error
    if result is None or result.ending is None:
        return "No call yet."
    ending = result.ending
    if ending.kind == WAITING:
        return waiting_text(ending)
    return f"{ENDING_TITLES.get(ending.kind, ending.kind)}: {ending_text(ending)}"


def _node_link(node: str, colors: Colors) -> str:
    return (f'<a href="{NODE_LINK}{escape(node)}" style="color:{colors.text};'
            f'text-decoration:none"><b>{escape(node)}</b></a>')


def transcript_html(result: Result | None, error: str | None, colors: Colors) -> str:
    """The steps so far under the name of the step they belong to (a link to its card); the
    caller's own inputs stand out; then how the call ended (or where it waits)."""
    if result is None:
        return f'<p style="color:{colors.muted}">{IDLE_TEXT}</p>'
    html = []
    previous: str | None = None
    for step in result.steps:
        if step.node is not None and step.node != previous:
            html.append(f'<p style="margin-top:7px; margin-bottom:1px">'
                        f"{_node_link(step.node, colors)}"
                        f'<span style="color:{colors.muted}"> · {escape(step.verb)}</span></p>')
        previous = step.node
        if step.kind == INPUT:
            style = f"color:{colors.caller}; font-weight:600"
        elif step.kind == HEARS:
            style = f"color:{colors.text}"
        else:
            style = f"color:{colors.muted}"
        prefix = "(before answer) " if step.before_answer else ""
        html.append(f'<p style="margin-left:12px; margin-top:1px; margin-bottom:1px; {style}">'
                    f"{escape(prefix + step.text)}</p>")
    for warning in result.warnings:
        html.append(f'<p style="color:{colors.error}">Warning: {escape(warning)}</p>')
    if error:
        html.append(f'<p style="margin-top:8px; color:{colors.error}"><b>The simulation '
                    f"stopped:</b> {escape(error)}</p>")
    elif result.ending is not None:
        ending = result.ending
        color = colors.waiting if ending.kind == WAITING else colors.ended
        title = ENDING_TITLES.get(ending.kind, ending.kind)
        html.append(f'<p style="margin-top:8px; color:{color}"><b>{escape(title)}.</b> '
                    f"{escape(ending_text(ending))}</p>")
    return "".join(html)


def problem_html(message: str, errors: list[Diagnostic], colors: Colors) -> str:
    """Why the flow cannot be simulated: each error, its step linked to the card."""
    html = [f'<p style="color:{colors.error}"><b>{escape(message)}</b></p>']
    for diagnostic in errors:
        where = f"{_node_link(diagnostic.node, colors)}: " if diagnostic.node else ""
        html.append(f'<p style="margin-left:12px; color:{colors.text}">• {where}'
                    f"{escape(diagnostic.message)}</p>")
    return "".join(html)
