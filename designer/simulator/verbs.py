"""How each Plivo element runs in a simulated call (reference §23 and the per-verb sections):
what the caller hears, where the call waits for which input, and where it goes next.

Each `_do_<Tag>` method runs one element and returns the exit it leaves by when the call goes
on with the next element (None when that is no exit of the flow); jumps raise `Goto`/`End`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn

from designer.simulator.core import CallCore, Ctx, End
from designer.simulator.tokens import DIAL, DIGITS, RECORD, SILENCE, SPEECH
from designer.simulator.transcript import HANGUP as ENDS_HANGUP
from designer.simulator.transcript import (
    HEARS,
    INPUT,
    WAIT,
    Ending,
    plural,
    quoted,
    times,
)

if TYPE_CHECKING:
    from lxml import etree

DIAL_WORDS = {
    "completed": "completed (answered; that call has now ended)",
    "busy": "busy",
    "no-answer": "no-answer (nobody answered)",
    "failed": "failed (the call could not be placed)",
    "timeout": "timeout (not connected in time)",
}


class Call(CallCore):
    """A call that knows every Plivo element."""

    def _wait_forever(self, ctx: Ctx, verb: str, waiting: str) -> NoReturn:
        """An endless Speak/Play: the call stays here until a scheduled hangup fires or the
        caller hangs up (any other input does not fit)."""
        if self.timer is not None:
            seconds, node = self.timer
            by = f" by '{node}'" if node else ""
            self._step(ctx, "Hangup", f"The hangup scheduled{by} ({seconds} s) ends the call.")
            raise End(
                Ending(
                    ENDS_HANGUP,
                    f"The hangup scheduled{by} after {seconds} s ended the call.",
                    document=ctx.document,
                    node=ctx.node,
                )
            )
        self._take(ctx, verb, (), waiting)
        raise AssertionError("_take accepts no input here but hangup, which ends the call")

    def _do_Speak(self, element: etree._Element, ctx: Ctx) -> str | None:
        text = " ".join(_spoken(element).split())
        loop = self._int_attr(element, "loop", ctx.document)
        said = f"Caller hears: {text}" if text else "Caller hears nothing (the text is empty)"
        if loop == 0:
            if ctx.prompt:
                self._step(ctx, "Speak", f"{said} (over and over until a key is pressed)", HEARS)
                return "next"
            self._step(ctx, "Speak", f"{said} (over and over until the call ends)", HEARS)
            self._wait_forever(ctx, "Speak", "the text repeats until the call ends")
        self._step(ctx, "Speak", said + times(loop or 1), HEARS)
        return "next"

    def _do_Play(self, element: etree._Element, ctx: Ctx) -> str | None:
        url = (element.text or "").strip()
        loop = self._int_attr(element, "loop", ctx.document)
        if loop == 0:
            if ctx.prompt:
                self._step(ctx, "Play", f"Plays {url} over and over until a key is pressed", HEARS)
                return "next"
            self._step(ctx, "Play", f"Plays {url} over and over until the call ends", HEARS)
            self._wait_forever(ctx, "Play", "the audio repeats until the call ends")
        self._step(ctx, "Play", f"Plays {url}{times(loop or 1)}", HEARS)
        return "next"

    def _do_Wait(self, element: etree._Element, ctx: Ctx) -> str | None:
        length = self._int_attr(element, "length", ctx.document)
        if self._bool_attr(element, "silence"):
            silence = (self._int_attr(element, "minSilence", ctx.document) or 0) / 1000
            text = f"Waits up to {length} s, less once {silence:g} s of silence are heard"
        elif self._bool_attr(element, "beep"):
            text = f"Waits up to {length} s for a voicemail beep"
        else:
            text = f"Waits {length} s"
        if ctx.first:
            text += " before answering the call"
        self._step(ctx, "Wait", text, WAIT)
        return "next"

    def _do_PreAnswer(self, element: etree._Element, ctx: Ctx) -> str | None:
        inner = replace(ctx, before_answer=True, first=False)
        self._step(inner, "PreAnswer", "Before the call is answered (early media):")
        for child in element:
            if isinstance(child.tag, str):
                self._element(child, inner)
        return "next"

    def _do_Hangup(self, element: etree._Element, ctx: Ctx) -> str | None:
        schedule = self._int_attr(element, "schedule", ctx.document)
        reason = element.get("reason")
        if schedule is not None:
            self.timer = (schedule, ctx.node)
            self._step(ctx, "Hangup", f"Sets a timer: the call will be hung up in {schedule} s")
            return "next"
        where = self._where(ctx, "Hangup")
        if ctx.first:
            # Hangup as the very first element rejects the call (reference §13).
            text = f"Rejects the call ({reason or 'rejected'})"
            ending = f"The call was rejected ({reason or 'rejected'}) at {where}."
        else:
            text = "Hangs up" + (f" (reason: {reason})" if reason else "")
            ending = f"The call was hung up at {where}."
        self._step(ctx, "Hangup", text)
        raise End(Ending(ENDS_HANGUP, ending, document=ctx.document, node=ctx.node))

    def _do_Redirect(self, element: etree._Element, ctx: Ctx) -> str | None:
        url = (element.text or "").strip()
        self._follow(self._target(url, ctx), ctx, "Redirect", {})
        return None

    def _do_DTMF(self, element: etree._Element, ctx: Ctx) -> str | None:
        keys = (element.text or "").strip()
        text = f"Sends the keys {keys} on the call"
        if not self._bool_attr(element, "async"):
            text += ", all of them before going on"
        self._step(ctx, "DTMF", text)
        return "next"

    def _do_Message(self, element: etree._Element, ctx: Ctx) -> str | None:
        body = " ".join((element.text or "").split())
        to = ", ".join(p.strip() for p in (element.get("dst") or "").split("<") if p.strip())
        sender = element.get("src")
        text = f"Sends an SMS to {to or '(no number)'}"
        if sender:
            text += f" from {sender}"
        self._step(ctx, "Message", f"{text}: {quoted(body)}")
        return "next"

    def _do_Stream(self, element: etree._Element, ctx: Ctx) -> str | None:
        url = (element.text or "").strip()
        both = " (two-way)" if self._bool_attr(element, "bidirectional") else ""
        if not self._bool_attr(element, "keepCallAlive"):
            self._step(ctx, "Stream", f"Streams the call audio to {url}{both}")
            return "next"
        self._step(
            ctx,
            "Stream",
            f"Streams the call audio to {url}{both}; the next steps wait for the stream to close",
            WAIT,
        )
        token = self._take(ctx, "Stream", (SILENCE,), "the stream is open")
        self._step(ctx, "Stream", "The stream closes; the call goes on.", INPUT, token)
        return "next"

    # -- input verbs --------------------------------------------------------------------------

    def _prompts(self, element: etree._Element, ctx: Ctx) -> None:
        inner = replace(ctx, prompt=True, first=False)
        for child in element:
            if isinstance(child.tag, str):
                self._element(child, inner)

    def _do_GetDigits(self, element: etree._Element, ctx: Ctx) -> str | None:
        doc = ctx.document
        timeout = self._int_attr(element, "timeout", doc)
        num_digits = self._int_attr(element, "numDigits", doc) or 99
        retries = max(1, self._int_attr(element, "retries", doc) or 1)
        finish = _finish_key(self._text_attr(element, "finishOnKey"))
        valid = self._text_attr(element, "validDigits") or "1234567890*#"
        invalid_sound = element.get("invalidDigitsSound")
        for attempt in range(1, retries + 1):
            self._prompts(element, ctx)
            if self._bool_attr(element, "playBeep"):
                self._step(ctx, "GetDigits", "Beep", HEARS)
            text = f"Waits for up to {plural(num_digits, 'digit')}, {timeout} s"
            if retries > 1:
                text += f" (try {attempt} of {retries})"
            self._step(ctx, "GetDigits", text, WAIT)
            token = self._take(ctx, "GetDigits", (DIGITS, SILENCE), "it waits for keys")
            if token.kind == SILENCE:
                said = f"Caller presses nothing for {timeout} s"
                self._step(ctx, "GetDigits", said, INPUT, token)
                continue
            digits, note = _collect(token.value, num_digits, finish)
            wrong = sorted({d for d in digits if d not in valid})
            if wrong:
                self._step(
                    ctx,
                    "GetDigits",
                    f"Caller pressed {digits}: {_listing(wrong)} "
                    f"{'is' if len(wrong) == 1 else 'are'} not accepted here (accepted keys: "
                    f"{valid}), so this try does not count",
                    INPUT,
                    token,
                )
                if invalid_sound:
                    self._step(ctx, "GetDigits", f"Plays {invalid_sound}", HEARS)
                continue
            if not digits:
                self._step(
                    ctx, "GetDigits", f"Caller pressed only {token.value}: no digits", INPUT, token
                )
                continue
            if not note and not finish_in(token.value, finish) and len(digits) < num_digits:
                digit_timeout = self._int_attr(element, "digitTimeout", doc)
                note = f" (sent after {digit_timeout} s without another key)"
            self._step(ctx, "GetDigits", f"Caller pressed {digits}{note}", INPUT, token)
            return self._submit(element, ctx, {"Digits": digits}, f"the digits {digits}", True)
        self._step(
            ctx,
            "GetDigits",
            f"No input after {plural(retries, 'try', 'tries')}: the call goes "
            "on with the next step",
        )
        return "noinput"

    def _do_GetInput(self, element: etree._Element, ctx: Ctx) -> str | None:
        doc = ctx.document
        input_type = (element.get("inputType") or "").split()
        listens = [k for k, name in ((DIGITS, "dtmf"), (SPEECH, "speech")) if name in input_type]
        unset = not listens
        if unset:
            listens = [DIGITS, SPEECH]
        timeout = self._int_attr(element, "executionTimeout", doc)
        num_digits = self._int_attr(element, "numDigits", doc) or 32
        finish = _finish_key(self._text_attr(element, "finishOnKey"))
        self._prompts(element, ctx)
        what = " or ".join({DIGITS: "keys", SPEECH: "speech"}[k] for k in listens)
        text = f"Listens for up to {timeout} s for {what}"
        if unset:
            text += " (inputType is not set; Plivo does not document its default)"
        self._step(ctx, "GetInput", text, WAIT)
        token = self._take(ctx, "GetInput", (*listens, SILENCE), f"it listens for {what}")
        if token.kind == SILENCE:
            self._step(
                ctx,
                "GetInput",
                f"Caller says and presses nothing for {timeout} s: the call "
                "goes on with the next step",
                INPUT,
                token,
            )
            return "noinput"
        if token.kind == SPEECH:
            self._step(ctx, "GetInput", f"Caller says: {quoted(token.value)}", INPUT, token)
            params = {"InputType": "speech", "Digits": "", "Speech": token.value}
            return self._submit(element, ctx, params, "what the caller said", True)
        digits, note = _collect(token.value, num_digits, finish)
        if not digits:
            self._step(
                ctx,
                "GetInput",
                f"Caller pressed only {token.value}: no input; the call goes on with the next step",
                INPUT,
                token,
            )
            return "noinput"
        self._step(ctx, "GetInput", f"Caller pressed {digits}{note}", INPUT, token)
        params = {"InputType": "dtmf", "Digits": digits, "Speech": ""}
        return self._submit(element, ctx, params, f"the digits {digits}", True)

    def _do_Record(self, element: etree._Element, ctx: Ctx) -> str | None:
        doc = ctx.document
        session = self._bool_attr(element, "recordSession")
        on_answer = self._bool_attr(element, "startOnDialAnswer")
        callback = element.get("callbackUrl")
        sent = f"; the file goes to {callback} when ready" if callback else ""
        if session or on_answer:
            what = (
                "Starts recording the whole call in the background"
                if session
                else "Will record the call from the moment the next Dial is answered"
            )
            self._step(ctx, "Record", what + sent)
            # Plivo requests the action at once, with durations of -1 (reference §5).
            return self._submit(element, ctx, {"RecordingDuration": "-1"}, "the recording")
        max_length = self._int_attr(element, "maxLength", doc)
        timeout = self._int_attr(element, "timeout", doc)
        finish = _finish_key(self._text_attr(element, "finishOnKey"))
        text = "Beep, then records" if self._bool_attr(element, "playBeep") else "Records"
        text += f" the caller for up to {max_length} s (stops after {timeout} s of silence"
        text += f" or when the caller presses {finish})" if finish else ")"
        self._step(ctx, "Record", text + sent, WAIT)
        token = self._take(ctx, "Record", (RECORD, SILENCE), "it is recording the caller")
        if token.kind == SILENCE:
            seconds = 0
            said = f"Caller says nothing: the recording stops after {timeout} s of silence"
        else:
            seconds = min(token.seconds, max_length or token.seconds)
            said = f"Caller speaks for {token.seconds} s"
            if max_length is not None and token.seconds > max_length:
                said += f"; the recording stops at the {max_length} s limit"
        self._step(ctx, "Record", said, INPUT, token)
        params = {"RecordingDuration": str(seconds)}
        return self._submit(element, ctx, params, "the recording")

    def _do_Dial(self, element: etree._Element, ctx: Ctx) -> str | None:
        called = [
            " ".join((child.text or "").split())
            for child in element
            if isinstance(child.tag, str) and child.tag in ("Number", "User")
        ]
        who = _listing(called) or "nobody (no number is set)"
        if len(called) > 1:
            who += " at once"
        waiting = f"it dials {who} and waits to learn how that call ends"
        token = self._take(ctx, "Dial", (DIAL,), waiting)
        self._step(ctx, "Dial", f"Dials {who}: {DIAL_WORDS[token.value]}", INPUT, token)
        return self._submit(element, ctx, {"DialStatus": token.value}, "the outcome")

    def _do_Conference(self, element: etree._Element, ctx: Ctx) -> str | None:
        room = " ".join((element.text or "").split())
        star = self._bool_attr(element, "hangupOnStar")
        text = f"Joins the conference room {quoted(room)}"
        if self._bool_attr(element, "muted"):
            text += " (muted)"
        self._step(ctx, "Conference", text, WAIT)
        if star:
            token = self._take(
                ctx,
                "Conference",
                (SILENCE, DIGITS),
                "the caller is in the conference and may leave with *",
                lambda t: t.kind != DIGITS or t.value == "*",
            )
        else:
            token = self._take(ctx, "Conference", (SILENCE,), "the caller is in the conference")
        if token.kind == DIGITS:
            said = "Caller presses * and leaves the conference"
        else:
            said = "The conference ends; the caller leaves it"
        self._step(ctx, "Conference", said, INPUT, token)
        return self._submit(element, ctx, {"ConferenceName": room}, "the conference's end")

    def _do_MultiPartyCall(self, element: etree._Element, ctx: Ctx) -> str | None:
        name = " ".join((element.text or "").split())
        role = element.get("role") or "participant"
        self._step(
            ctx, "MultiPartyCall", f"Joins the multi-party call {quoted(name)} as {role}", WAIT
        )
        token = self._take(
            ctx, "MultiPartyCall", (SILENCE,), "the caller is in the multi-party call"
        )
        self._step(
            ctx, "MultiPartyCall", "The multi-party call ends; the caller leaves it", INPUT, token
        )
        url = element.get("onExitActionUrl")
        if url:
            self._follow(self._target(url, ctx), ctx, "MultiPartyCall", {})
        return "next"


def _spoken(element: etree._Element) -> str:
    """What the caller hears of a Speak and its SSML children, as text: `<sub>` is heard as
    its alias, `<break>` as a pause ("[pause 1s]"), `<say-as>` characters and digits one by
    one and an expletive as a bleep; other tags as their text. Entity references and comments
    are not text (the parser never expands entities)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_heard(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _heard(element: etree._Element) -> str:
    """One SSML element as heard, spaced from its neighbours where it separates words."""
    tag = element.tag
    if tag == "break":
        return f" {_pause(element)} "
    if tag == "sub" and element.get("alias") is not None:
        return element.get("alias") or ""
    if tag == "say-as":
        return _said_as(element.get("interpret-as") or "", _spoken(element))
    inner = _spoken(element)
    # Sentences and paragraphs separate words even without spaces around them.
    return f" {inner} " if tag in ("p", "s") else inner


def _pause(element: etree._Element) -> str:
    time = (element.get("time") or "").strip()
    strength = (element.get("strength") or "").strip()
    if time:
        return f"[pause {time}]"
    if strength == "none":
        return ""
    if strength and strength != "medium":
        return f"[{strength} pause]"
    return "[pause]"


def _said_as(interpret_as: str, text: str) -> str:
    kind = interpret_as.strip().lower()
    if kind in ("characters", "spell-out", "digits"):
        # Read one by one: "ABC" is heard as "A B C".
        return " ".join(ch for ch in text if not ch.isspace())
    if kind == "expletive":
        return "[bleep]"
    return text


def _finish_key(value: str | None) -> str:
    """The finishOnKey in force; '' when it is disabled (empty or `none`)."""
    if not value or value.strip().lower() == "none":
        return ""
    return value.strip()


def finish_in(typed: str, finish: str) -> bool:
    return bool(finish) and finish in typed


def _collect(typed: str, num_digits: int, finish: str) -> tuple[str, str]:
    """The digits Plivo collects from what the caller typed, and a note on what was dropped:
    collection stops at the finish key (which is not included) or at numDigits."""
    digits = []
    for index, key in enumerate(typed):
        if finish and key == finish:
            rest = typed[index + 1 :]
            note = f" ({finish} ends the input; the rest, {rest}, is ignored)" if rest else ""
            return "".join(digits), note
        digits.append(key)
        if len(digits) == num_digits:
            rest = typed[index + 1 :]
            first = "the first digit counts" if num_digits == 1 else (
                f"only the first {num_digits} digits count"
            )
            note = f" ({first}; the rest, {rest}, is ignored)" if rest else ""
            return "".join(digits), note
    return "".join(digits), ""


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
