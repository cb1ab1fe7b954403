"""The one line a node card shows under its title: what the step says or does, in words."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from designer.catalog import Catalog
from designer.model import Child, Node

_TAG = re.compile(r"<[^>]+>")


def plain_text(node: Node | Child) -> str:
    if node.text:
        return " ".join(node.text.split())
    if node.ssml:
        return " ".join(html.unescape(_TAG.sub(" ", node.ssml)).split())
    return ""


def file_name(url: str) -> str:
    """The last part of a URL's path ('welcome.mp3'), or the URL itself."""
    path = urlsplit(url.strip()).path
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1]) if path else ""
    return name or url.strip()


def _quoted(text: str) -> str:
    return f"“{text}”" if text else ""


def _default(node: Node, name: str, catalog: Catalog) -> object:
    if name in node.attributes:
        return node.attributes[name]
    spec = catalog.element(node.type).attribute(name)
    return spec.default if spec is not None else None


def _prompt(node: Node) -> str:
    for child in node.children:
        if child.type in ("Speak", "Play"):
            return _quoted(plain_text(child)) if child.type == "Speak" else file_name(
                child.text or ""
            )
    return ""


def summarize(node: Node, catalog: Catalog) -> str:
    """A short description; empty when there is nothing to say yet."""
    kind = node.type
    if kind == "Start":
        return "The call arrives here"
    if kind == "Speak":
        return _quoted(plain_text(node))
    if kind in ("Play", "Stream"):
        return file_name(node.text) if node.text else ""
    if kind == "Redirect":
        return f"Go to {node.text.strip()}" if node.text else ""
    if kind in ("GetDigits", "GetInput"):
        if node.choices:
            return "Choices: " + ", ".join(node.choices)
        return _prompt(node)
    if kind == "Dial":
        targets = [c.text.strip() for c in node.children if c.text and c.text.strip()]
        return "Call " + ", ".join(targets) if targets else ""
    if kind == "Record":
        return f"Records up to {_default(node, 'maxLength', catalog)} s"
    if kind == "Wait":
        return f"Pause {_default(node, 'length', catalog)} s"
    if kind == "Hangup":
        if node.attributes.get("schedule") is not None:
            return f"Hang up after {node.attributes['schedule']} s, go on meanwhile"
        reason = node.attributes.get("reason")
        return f"End the call ({reason})" if reason else "End the call"
    if kind in ("Conference", "MultiPartyCall"):
        return f"Room {_quoted(plain_text(node))}" if plain_text(node) else ""
    if kind == "DTMF":
        return f"Send keys {node.text.strip()}" if node.text else ""
    if kind == "Message":
        return _quoted(plain_text(node))
    if kind == "PreAnswer":
        count = len(node.children)
        return f"{count} prompt{'s' if count != 1 else ''} before answering"
    return plain_text(node)
