"""The machinery of a simulated call: documents in, caller inputs consumed, steps out, and
leaving a document (a route of the manifest, another document, or a URL outside the bundle).

How each Plivo element behaves is in `verbs.py`, which builds on `CallCore`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from designer.simulator.routes import RouteAnswer, resolve_route
from designer.simulator.tokens import HANGUP, SPELLING, Token
from designer.simulator.transcript import (
    ACTION,
    CALLER_HANGUP,
    INPUT,
    REDIRECT_EXTERNAL,
    ROUTE,
    STEP_LIMIT,
    WAITING,
    Ending,
    Result,
    Step,
    plural,
    quoted,
)
from designer.simulator.transcript import HANGUP as ENDS_HANGUP

if TYPE_CHECKING:
    from lxml import etree

    from designer.catalog import Catalog

MAX_STEPS = 1000


class SimulationError(Exception):
    """The bundle cannot be simulated (a broken document, a link to nowhere). The message is
    for the user; `result` holds the transcript up to that point, when there is one."""

    def __init__(self, message: str, result: Result | None = None) -> None:
        super().__init__(message)
        self.result = result


class InputMismatch(SimulationError):
    """A caller input does not fit the point where the call waits, or is never used."""


@dataclass(frozen=True)
class SimBundle:
    """What the simulator needs of a bundle: documents by name and the manifest."""

    documents: Mapping[str, bytes]
    manifest: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.manifest.get("flow") or "")


@dataclass(frozen=True)
class Ctx:
    document: str
    node: str | None
    prompt: bool = False  # a prompt nested in GetDigits/GetInput
    before_answer: bool = False  # inside PreAnswer
    first: bool = False  # the first element of the call


class Goto(Exception):
    def __init__(self, document: str) -> None:
        self.document = document


class End(Exception):
    def __init__(self, ending: Ending) -> None:
        self.ending = ending


@dataclass(frozen=True)
class Target:
    kind: str  # "route", "document" or "external"
    url: str
    document: str | None = None
    route: str | None = None


class CallCore:
    """One call in progress. `verbs.Call` adds a `_do_<Tag>` method per Plivo element."""

    def __init__(
        self,
        bundle: SimBundle,
        tokens: list[Token],
        base_url: str | None,
        max_steps: int,
        catalog: Catalog,
    ) -> None:
        self.bundle = bundle
        self.manifest = bundle.manifest
        self.tokens = tokens
        self.position = 0
        base = base_url if base_url is not None else (self.manifest.get("base_url") or "")
        self.base_url = base if not base or base.endswith("/") else base + "/"
        self.max_steps = max_steps
        self.catalog = catalog
        self.result = Result(flow=bundle.name, inputs=[str(t) for t in tokens])
        self.trees: dict[str, etree._Element] = {}
        self.timer: tuple[int, str | None] | None = None  # scheduled hangup: seconds, node
        self.started = False
        self.checked: set[str] = set()

    # -- the main loop ------------------------------------------------------------------------

    def run(self) -> Result:
        document = str(self.manifest.get("entry") or "answer.xml")
        try:
            while True:
                try:
                    self._run_document(document)
                except Goto as goto:
                    document = goto.document
        except End as end:
            self.result.ending = end.ending
        except SimulationError as exc:
            exc.result = self.result
            raise
        if self.position < len(self.tokens) and self.result.ending.kind != STEP_LIMIT:
            left = self.tokens[self.position :]
            raise InputMismatch(
                f"The call has already ended ({self.result.ending.kind}) after step "
                f"{len(self.result.steps)}, so input {self.position + 1} '{left[0]}'"
                + (f" and {plural(len(left) - 1, 'more input')}" if len(left) > 1 else "")
                + " is never used. Remove it, or check where the call went.",
                self.result,
            )
        return self.result

    def _run_document(self, name: str) -> None:
        root = self._tree(name)
        entry = self.manifest.get("documents", {}).get(name, {})
        nodes = list(entry.get("nodes", []))
        elements = [e for e in root if isinstance(e.tag, str)]
        self._check_node_list(name, elements, nodes, entry.get("redirect_to"))
        for index, element in enumerate(elements):
            node = nodes[index] if index < len(nodes) else None
            first = not self.started
            self.started = True
            if node is not None:
                self.result.path.append(node)
            ctx = Ctx(name, node, first=first and name == self.manifest.get("entry", "answer.xml"))
            port = self._element(element, ctx)
            if node is not None and port is not None and index < len(elements) - 1:
                self.result.exits.append((node, port))
        last = self.result.path[-1] if self.result.path else None
        raise End(
            Ending(
                ENDS_HANGUP,
                f"The end of {name} was reached, so Plivo hangs up.",
                document=name,
                node=last,
            )
        )

    def _check_node_list(
        self, name: str, elements: list[etree._Element], nodes: list[str], redirect_to: Any
    ) -> None:
        """The manifest's node list must match the document (the n-th element is the n-th
        node, plus the compiler's closing Redirect); say so once if it does not."""
        if name in self.checked:
            return
        self.checked.add(name)
        expected = len(nodes) + (1 if redirect_to else 0)
        closing_ok = not redirect_to or (elements and elements[-1].tag == "Redirect")
        if len(elements) != expected or not closing_ok:
            self.result.warnings.append(
                f"{name} has {plural(len(elements), 'element')} but the manifest lists "
                f"{plural(len(nodes), 'step')}"
                + (" and a closing link" if redirect_to else "")
                + "; the step names shown for it may be wrong."
            )

    def _tree(self, name: str) -> etree._Element:
        if name in self.trees:
            return self.trees[name]
        from lxml import etree

        data = self.bundle.documents.get(name)
        if data is None:
            raise SimulationError(f"The bundle has no document {name}, but the call goes there.")
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            line, column = exc.position
            raise SimulationError(
                f"{name} is not valid XML (line {line}, column {column}): {exc.msg}"
            ) from None
        if root.tag != "Response":
            raise SimulationError(f"{name} does not start with <Response> but <{root.tag}>.")
        self.trees[name] = root
        return root

    # -- steps, inputs, endings ---------------------------------------------------------------

    def _step(
        self, ctx: Ctx, verb: str, text: str, kind: str = ACTION, token: Token | None = None
    ) -> None:
        if len(self.result.steps) >= self.max_steps:
            raise End(
                Ending(
                    STEP_LIMIT,
                    f"The call was stopped after {self.max_steps} steps: it seems to go round "
                    "in a loop that never waits for the caller.",
                    document=ctx.document,
                    node=ctx.node,
                )
            )
        self.result.steps.append(
            Step(
                number=len(self.result.steps) + 1,
                document=ctx.document,
                node=ctx.node,
                verb=verb,
                text=text,
                kind=kind,
                input=None if token is None else str(token),
                before_answer=ctx.before_answer,
            )
        )

    def _take(
        self,
        ctx: Ctx,
        verb: str,
        expects: tuple[str, ...],
        waiting: str,
        accept: Callable[[Token], bool] | None = None,
    ) -> Token:
        """The next caller input, which must be one of `expects` (or `hangup`, always) and
        pass `accept`."""
        if self.position >= len(self.tokens):
            raise End(
                Ending(
                    WAITING,
                    f"The call waits at {self._where(ctx, verb)}: {waiting}. "
                    f"No more inputs were given.",
                    document=ctx.document,
                    node=ctx.node,
                    expects=(*expects, HANGUP),
                )
            )
        token = self.tokens[self.position]
        if token.kind == HANGUP:
            self.position += 1
            self._step(ctx, verb, "Caller hangs up.", INPUT, token)
            raise End(
                Ending(
                    CALLER_HANGUP,
                    f"The caller hung up at {self._where(ctx, verb)}.",
                    document=ctx.document,
                    node=ctx.node,
                )
            )
        if token.kind not in expects or (accept is not None and not accept(token)):
            fits = ", ".join(SPELLING[k] for k in (*expects, HANGUP))
            raise InputMismatch(
                f"Input {self.position + 1} '{token}' does not fit {self._where(ctx, verb)}: "
                f"{waiting}, so the input there must be one of: {fits}.",
                self.result,
            )
        self.position += 1
        return token

    def _where(self, ctx: Ctx, verb: str) -> str:
        if ctx.node:
            return f"step '{ctx.node}' ({verb} in {ctx.document})"
        return f"the {verb} in {ctx.document}"

    # -- attributes ---------------------------------------------------------------------------

    def _default(self, element: etree._Element, name: str) -> Any:
        spec = self.catalog.by_tag(element.tag)
        attribute = spec.attribute(name) if spec else None
        return attribute.default if attribute else None

    def _text_attr(self, element: etree._Element, name: str) -> str | None:
        value = element.get(name)
        if value is None:
            default = self._default(element, name)
            return None if default is None else str(default)
        return value

    def _int_attr(self, element: etree._Element, name: str, document: str) -> int | None:
        value = element.get(name)
        if value is None:
            default = self._default(element, name)
            return None if default is None else int(default)
        try:
            return int(value.strip())
        except ValueError:
            raise SimulationError(
                f'{document}: <{element.tag} {name}="{value}"> is not a whole number.'
            ) from None

    def _bool_attr(self, element: etree._Element, name: str) -> bool:
        value = element.get(name)
        if value is None:
            return bool(self._default(element, name))
        return value.strip().lower() == "true"

    # -- elements -----------------------------------------------------------------------------

    def _element(self, element: etree._Element, ctx: Ctx) -> str | None:
        """Run one element; return the exit it leaves by when the call goes on with the next
        element (None when that is not an exit of the flow). Jumps raise Goto / End."""
        handler = getattr(self, f"_do_{element.tag}", None)
        if handler is None:
            raise SimulationError(
                f"{ctx.document}: <{element.tag}> is not a Plivo element the simulator knows."
            )
        return handler(element, ctx)

    # -- where the call goes next -------------------------------------------------------------

    def _submit(
        self,
        element: etree._Element,
        ctx: Ctx,
        params: dict[str, str],
        what: str,
        menu: bool = False,
    ) -> str | None:
        """After input (or when a Dial, Record or Conference ends): follow `action` as
        `redirect` says. Returns the exit when the call goes on with the next element: for a
        menu the next element is its no-input branch, so that is no exit of the menu."""
        verb = element.tag
        action = element.get("action")
        go_on = None if menu else "next"
        if not action:
            if menu:
                self._step(
                    ctx,
                    verb,
                    f"No action address is set, so {what} go nowhere; the call "
                    "goes on with the next step",
                )
            return go_on
        if not self._bool_attr(element, "redirect"):
            self._step(
                ctx,
                verb,
                f"Sends {what} to {action} and goes on with the next step (redirect is off)",
            )
            return go_on
        self._follow(self._target(action, ctx), ctx, verb, params)
        return None  # not reached: _follow always leaves the document

    def _follow(self, target: Target, ctx: Ctx, verb: str, params: dict[str, str]) -> None:
        """Leave the current document for `target`; raises Goto or End."""
        if target.kind == "document":
            self._step(ctx, verb, f"Goes on at {target.document}", ROUTE)
            raise Goto(target.document)
        if target.kind == "external":
            self._step(ctx, verb, f"Hands the call to {target.url}", ROUTE)
            raise End(
                Ending(
                    REDIRECT_EXTERNAL,
                    f"The call left the flow: Plivo now runs the XML from {target.url}.",
                    document=ctx.document,
                    node=ctx.node,
                    url=target.url,
                )
            )
        route = self.manifest["routes"][target.route]
        answer = resolve_route(route, params)
        port = _routed_port(verb, answer.choice)
        if ctx.node is not None and port is not None:
            self.result.exits.append((ctx.node, port))
        why = _route_words(answer)
        if answer.document is None:
            self._step(ctx, verb, f"{why}: nothing follows, so the call ends", ROUTE)
            raise End(
                Ending(
                    ENDS_HANGUP,
                    f"Nothing follows '{target.route}' for this ({why[0].lower()}{why[1:]}), "
                    "so the call ends.",
                    document=ctx.document,
                    node=ctx.node,
                )
            )
        self._step(ctx, verb, f"{why}: goes on at {answer.document}", ROUTE)
        raise Goto(answer.document)

    def _target(self, url: str, ctx: Ctx) -> Target:
        """Is `url` a route of this bundle, one of its documents, or somewhere else?"""
        base = self.base_url
        if base and url.startswith(base):
            rest = url[len(base) :]
        elif not base and "://" not in url:
            rest = url
        else:
            return Target("external", url)
        rest = rest.split("#", 1)[0].split("?", 1)[0]
        if rest.startswith("route/"):
            route = rest[len("route/") :]
            if route not in (self.manifest.get("routes") or {}):
                raise SimulationError(
                    f"{ctx.document} sends the call to {url}, but the manifest has no route "
                    f"'{route}'."
                )
            return Target("route", url, route=route)
        if rest in self.bundle.documents:
            return Target("document", url, document=rest)
        if rest.endswith(".xml") and "/" not in rest:
            raise SimulationError(
                f"{ctx.document} sends the call to {url}, but the bundle has no document {rest}."
            )
        return Target("external", url)


def _routed_port(verb: str, choice: str | None) -> str | None:
    """The exit of the flow that a route answer stands for (docs/bundle.md: a menu's default is
    its `nomatch`, a Dial's default is its `next`)."""
    if verb in ("GetDigits", "GetInput"):
        return choice or "nomatch"
    if verb == "Dial":
        return choice or "next"
    return None


def _route_words(answer: RouteAnswer) -> str:
    if answer.parameter is None:
        return "No choice applies"
    if answer.parameter == "DialStatus":
        if answer.choice is not None:
            return f"The outcome {answer.value} has its own branch"
        return f"The outcome {answer.value} has no branch of its own"
    value = quoted(answer.value) if answer.parameter == "Speech" else answer.value
    if answer.choice is None:
        return f"{value} is not one of the choices"
    if answer.choice == answer.value:
        return f"Choice {value}"
    return f"{value} matches the choice {quoted(answer.choice)}"
