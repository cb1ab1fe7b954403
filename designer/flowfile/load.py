"""Reading `.ivrflow` files: parse → migrate → build, with precise, friendly errors.

Nothing here raises anything but `FlowFileError` for bad input; its message names the exact
place (line and column for broken JSON, the step id and field for everything else).
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Any

from designer.catalog import Catalog, load_catalog
from designer.jsonerrors import explain_json_error, looks_like_xml
from designer.model import Child, Flow, Node, Note
from designer.model.flow import DEFAULT_SETTINGS
from designer.model.ids import id_problem
from designer.model.ports import port_names

FORMAT_NAME = "ivr-flow"
FORMAT_VERSION = 1
MAX_PROBLEMS_SHOWN = 20

# Each entry upgrades a document of version N (the key) to N + 1.
MIGRATIONS: dict[int, Any] = {}


class FlowFileError(Exception):
    """The file cannot be opened as a flow. `problems` lists every defect found."""

    def __init__(self, problems: list[str], path: str | None = None) -> None:
        self.problems = problems
        self.path = path
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f"{self.path}: " if self.path else ""
        if len(self.problems) == 1:
            return where + self.problems[0]
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"{where}This flow file has {len(self.problems)} problems:"]
        lines += [f"  - {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … and {len(self.problems) - len(shown)} more")
        return "\n".join(lines)


def load_flow(path: str | Path, catalog: Catalog | None = None) -> Flow:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FlowFileError([f"There is no file at {path}."]) from None
    except IsADirectoryError:
        raise FlowFileError([f"{path} is a folder, not a flow file."]) from None
    except OSError as exc:
        raise FlowFileError([f"Cannot read {path}: {exc.strerror}."]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark, as Windows Notepad writes: harmless
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FlowFileError(
            [f"The file is not UTF-8 text (byte {exc.start}); is it really a .ivrflow file?"],
            str(path),
        ) from None
    try:
        return loads_flow(text, catalog)
    except FlowFileError as exc:
        exc.path = str(path)
        exc.args = (exc.describe(),)
        raise


def loads_flow(text: str, catalog: Catalog | None = None) -> Flow:
    raw = _parse(text)
    raw = _migrate(raw)
    return _Builder(catalog or load_catalog()).build(raw)


def _parse(text: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        if looks_like_xml(text):
            raise FlowFileError([
                "This is XML (Plivo XML perhaps), not a flow file. To turn Plivo XML into a "
                "flow, use File → Import Plivo XML… or `ivr-designer import`."
            ]) from None
        if not text.strip():
            raise FlowFileError(["The file is empty: a flow file holds a flow as JSON."]) \
                from None
        raise FlowFileError(
            [f"The file is not valid JSON: {explain_json_error(text, exc)}."]
        ) from None
    except RecursionError:
        raise FlowFileError(
            ["The file is nested far too deeply to be a flow file (is it really one?)."]
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise FlowFileError(['This is not an IVR flow file (it lacks "format": "ivr-flow").'])
    return raw


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    version = raw.get("version")
    if version is None:
        raise FlowFileError(['The flow file has no "version" (it should be "version": 1).'])
    if type(version) is not int or version < 1:
        raise FlowFileError(
            [f'The flow file\'s "version" must be a whole number such as 1, not {version!r}.']
        )
    if version > FORMAT_VERSION:
        raise FlowFileError(
            [
                f"This flow was saved by a newer IVR Flow Designer (file format version "
                f"{version}); this one reads up to version {FORMAT_VERSION}. "
                "Update the designer to open it."
            ]
        )
    while version < FORMAT_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    return raw


def _suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


class _Builder:
    """Turns checked JSON into a `Flow`, collecting every problem before giving up."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.problems: list[str] = []
        # Steps already reported as broken: links touching them would only repeat the news.
        self.broken: set[str] = set()

    def build(self, raw: dict[str, Any]) -> Flow:
        flow = Flow(self._string(raw.get("name", "Untitled flow"), "The flow's name"))
        flow.settings = self._settings(raw.get("settings", {}))
        for index, entry in enumerate(self._list(raw, "nodes")):
            node = self._node(entry, index)
            if node is None:
                continue
            if node.id in flow.nodes:
                self.problems.append(
                    f"Two steps are called '{node.id}'; step names must be unique."
                )
                continue
            flow.nodes[node.id] = node
        for index, entry in enumerate(self._list(raw, "edges")):
            self._edge(flow, entry, index)
        for index, entry in enumerate(self._list(raw, "notes")):
            note = self._note(entry, index)
            if note is not None:
                flow.notes.append(note)
        flow.layout = self._layout(flow, raw.get("layout", {}))
        if self.problems:
            raise FlowFileError(self.problems)
        return flow

    # -- helpers ------------------------------------------------------------------------------

    def _list(self, raw: dict[str, Any], key: str) -> list[Any]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.problems.append(f'"{key}" must be a list.')
            return []
        return value

    def _string(self, value: Any, what: str) -> str:
        if not isinstance(value, str):
            self.problems.append(f"{what} must be text.")
            return ""
        return value

    def _settings(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.problems.append('"settings" must be an object.')
            return {}
        settings: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in DEFAULT_SETTINGS:
                self.problems.append(
                    f"Unknown flow setting '{key}'.{_suggest(key, list(DEFAULT_SETTINGS))}"
                )
            elif not isinstance(value, str):
                self.problems.append(f"The flow setting '{key}' must be text.")
            else:
                settings[key] = value
        return settings

    def _node(self, raw: Any, index: int) -> Node | None:
        if not isinstance(raw, dict):
            self.problems.append(f"Step #{index + 1} in \"nodes\" must be an object.")
            return None
        node_id = raw.get("id")
        problem = id_problem(node_id)
        if problem:
            self.problems.append(f"Step #{index + 1}: {problem}")
            if isinstance(node_id, str):
                self.broken.add(node_id)
            return None
        where = f"Step '{node_id}'"
        type_name = raw.get("type")
        if type_name not in self.catalog.node_types:
            self.broken.add(node_id)
            valid = ", ".join(self.catalog.node_types)
            self.problems.append(
                f"{where} has unknown type {type_name!r}."
                f"{_suggest(str(type_name), self.catalog.node_types)}"
                f" Valid types are: {valid}."
            )
            return None
        node = Node(id=node_id, type=sys.intern(type_name))
        known = {"id", "type", "text", "ssml", "attributes", "children", "choices",
                 "extra_attributes"}
        for key in raw:
            if key not in known:
                self.problems.append(
                    f"{where} has an unknown field '{key}'.{_suggest(key, sorted(known))}"
                )
        node.text = self._optional_text(raw, "text", where)
        node.ssml = self._optional_text(raw, "ssml", where)
        node.attributes = self._attributes(raw.get("attributes", {}), type_name, where)
        node.extra_attributes = self._extra(raw.get("extra_attributes", {}), where)
        node.children = self._children(raw.get("children", []), where)
        problems_before = len(self.problems)
        node.choices = self._choices(raw.get("choices", []), type_name, where)
        if len(self.problems) > problems_before:
            self.broken.add(node_id)
        return node

    def _optional_text(self, raw: dict[str, Any], key: str, where: str) -> str | None:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            self.problems.append(f"{where}: '{key}' must be text.")
            return None
        return value

    def _attributes(self, raw: Any, type_name: str, where: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.problems.append(f"{where}: 'attributes' must be an object.")
            return {}
        element = self.catalog.element(type_name)
        attributes: dict[str, Any] = {}
        for name, value in raw.items():
            if element.attribute(name) is None:
                self.problems.append(
                    f"{where}: {element.label} has no setting '{name}'."
                    f"{_suggest(name, element.attribute_names)}"
                )
            elif value is None:
                continue  # null: not set, so Plivo's default applies
            elif isinstance(value, list | dict):
                self.problems.append(
                    f"{where}: the value of '{name}' must be a single number, true/false or "
                    "text, not a list."
                )
            else:
                # A wrong scalar type (7.5 for a whole number, "7" for a number) is kept, so
                # the checks can name the problem and the user can fix it in the editor.
                attributes[sys.intern(name)] = value
        return attributes

    def _extra(self, raw: Any, where: str) -> dict[str, str]:
        if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
        ):
            self.problems.append(f"{where}: 'extra_attributes' must map names to text.")
            return {}
        return dict(raw)

    def _children(self, raw: Any, where: str) -> list[Child]:
        if not isinstance(raw, list):
            self.problems.append(f"{where}: 'children' must be a list.")
            return []
        children: list[Child] = []
        for index, entry in enumerate(raw):
            child_where = f"{where}, nested item #{index + 1}"
            if not isinstance(entry, dict):
                self.problems.append(f"{child_where} must be an object.")
                continue
            type_name = entry.get("type")
            if type_name not in self.catalog.child_types:
                valid = ", ".join(self.catalog.child_types)
                self.problems.append(
                    f"{child_where} has unknown type {type_name!r}. Valid types are: {valid}."
                )
                continue
            children.append(
                Child(
                    type=sys.intern(type_name),
                    text=self._optional_text(entry, "text", child_where),
                    ssml=self._optional_text(entry, "ssml", child_where),
                    attributes=self._attributes(
                        entry.get("attributes", {}), type_name, child_where
                    ),
                    extra_attributes=self._extra(entry.get("extra_attributes", {}), child_where),
                )
            )
        return children

    def _choices(self, raw: Any, type_name: str, where: str) -> list[str]:
        if raw in (None, []):
            return []
        if not self.catalog.element(type_name).has_choices:
            self.problems.append(f"{where}: only menus (GetDigits, GetInput) have choices.")
            return []
        if not isinstance(raw, list) or not all(isinstance(c, str) and c for c in raw):
            self.problems.append(f"{where}: 'choices' must be a list of non-empty texts.")
            return []
        if len(set(raw)) != len(raw):
            self.problems.append(f"{where}: a menu choice is listed twice.")
        return list(raw)

    def _edge(self, flow: Flow, raw: Any, index: int) -> None:
        where = f"Link #{index + 1}"
        if not isinstance(raw, dict) or not isinstance(raw.get("from"), str) or not isinstance(
            raw.get("to"), str
        ):
            self.problems.append(f"{where} needs \"from\" and \"to\" step names.")
            return
        source, target, port = raw["from"], raw["to"], raw.get("port", "next")
        if source in self.broken or target in self.broken:
            return
        where = f"{where} ({source} → {target})"
        if source not in flow.nodes:
            self.problems.append(f"{where} starts at a step '{source}' that does not exist.")
            return
        if target not in flow.nodes:
            self.problems.append(f"{where} leads to a step '{target}' that does not exist.")
            return
        if not isinstance(port, str):
            self.problems.append(f"{where}: the exit name must be text.")
            return
        names = port_names(flow.nodes[source], self.catalog)
        if port not in names:
            exits = ", ".join(names) if names else "none"
            self.problems.append(
                f"{where} leaves from an exit '{port}' that '{source}' does not have "
                f"(its exits: {exits})."
            )
            return
        if flow.edge_from(source, port) is not None:
            self.problems.append(f"{where}: the '{port}' exit of '{source}' is linked twice.")
            return
        # The link names its steps with their own id strings, and common names are interned:
        # the checks and the compiler then find steps, exits and catalog entries by identity,
        # without comparing text (which matters for flows of many thousand steps).
        flow.connect(flow.nodes[source].id, sys.intern(port), flow.nodes[target].id)

    def _note(self, raw: Any, index: int) -> Note | None:
        where = f"Note #{index + 1}"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            self.problems.append(f"{where} needs an \"id\".")
            return None
        text = raw.get("text", "")
        at = self._pair(raw.get("at", [0, 0]), f"{where} 'at'")
        size = self._pair(raw.get("size", [200, 80]), f"{where} 'size'")
        if not isinstance(text, str) or at is None or size is None:
            if not isinstance(text, str):
                self.problems.append(f"{where}: 'text' must be text.")
            return None
        return Note(id=raw["id"], text=text, at=at, size=size)

    def _pair(self, raw: Any, where: str) -> tuple[float, float] | None:
        if (
            isinstance(raw, list)
            and len(raw) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
        ):
            return (raw[0], raw[1])
        self.problems.append(f"{where} must be two numbers [x, y].")
        return None

    def _layout(self, flow: Flow, raw: Any) -> dict[str, tuple[float, float]]:
        if not isinstance(raw, dict):
            self.problems.append('"layout" must be an object.')
            return {}
        layout = {}
        for node_id, value in raw.items():
            if node_id not in flow.nodes:
                # A position for a step that no longer exists is harmless: drop it.
                continue
            pair = self._pair(value, f"The position of '{node_id}'")
            if pair is not None:
                layout[node_id] = pair
        return layout

