"""The simulator engine on hand-written bundles: one test per control-flow rule of the Plivo
reference (§23 and the per-verb sections), so each rule is pinned independently of the
compiler. `make_bundle` is shared with the other simulator tests."""

from __future__ import annotations

import hashlib

import pytest
from lxml import etree

from designer.simulator import InputMismatch, SimBundle, SimulationError, simulate
from designer.simulator.transcript import HEARS, INPUT, WAIT

BASE = "https://ivr.test/app/"


def make_bundle(
    documents: dict[str, str],
    routes: dict | None = None,
    nodes: dict[str, list[str]] | None = None,
    links: dict[str, str] | None = None,
    base_url: str = BASE,
) -> SimBundle:
    """A bundle per docs/bundle.md from the inner XML of each document. `{base}` in the XML
    stands for the base URL. Node ids default to `<stem>-<index>`; `links` names the
    documents whose last element is the compiler's closing Redirect (not a node)."""
    data: dict[str, bytes] = {}
    listed: dict[str, dict] = {}
    for name, body in documents.items():
        text = body.replace("{base}", base_url)
        raw = f'<?xml version="1.0" encoding="UTF-8"?>\n<Response>{text}</Response>\n'.encode()
        data[name] = raw
        root = etree.fromstring(raw)
        redirect_to = (links or {}).get(name)
        count = len([e for e in root if isinstance(e.tag, str)]) - (1 if redirect_to else 0)
        ids = (nodes or {}).get(name) or [f"{name[:-4]}-{i}" for i in range(count)]
        listed[name] = {
            "nodes": ids,
            "redirect_to": redirect_to,
            "sha256": hashlib.sha256(raw).hexdigest(),
        }
    manifest = {
        "format": "ivr-bundle",
        "version": 1,
        "flow": "Hand-made",
        "base_url": base_url,
        "link_method": "GET",
        "entry": "answer.xml",
        "needs_runtime": bool(routes),
        "documents": listed,
        "routes": routes or {},
    }
    return SimBundle(documents=data, manifest=manifest)


def run(bundle: SimBundle, *inputs: str):
    return simulate(bundle, list(inputs))


def texts(result) -> list[str]:
    return [s.text for s in result.steps]


def one(documents: str, *inputs: str):
    return run(make_bundle({"answer.xml": documents}), *inputs)


MENU_ROUTE = {
    "menu": {
        "parameters": ["Digits"],
        "match": "exact",
        "choices": {"1": "sales.xml", "2": "help.xml"},
        "default": "answer.xml",
    }
}


def menu_bundle(attributes: str = "", after: str = "<Speak>No choice.</Speak>") -> SimBundle:
    return make_bundle(
        {
            "answer.xml": f'<GetDigits action="{{base}}route/menu" method="GET" {attributes}>'
            "<Speak>Press 1 or 2.</Speak></GetDigits>" + after,
            "sales.xml": "<Speak>Sales.</Speak>",
            "help.xml": "<Speak>Help.</Speak>",
        },
        routes=MENU_ROUTE,
        nodes={"answer.xml": ["menu", "fallback"][: 1 + bool(after)]},
    )


# -- Speak, Play, Wait ------------------------------------------------------------------------


def test_speak_is_heard_with_ssml_flattened_and_loops_counted():
    result = one(
        '<Speak>Hello <emphasis level="strong">dear</emphasis> caller.</Speak>'
        '<Speak loop="2">Twice.</Speak>'
    )
    assert texts(result)[:2] == ["Caller hears: Hello dear caller.", "Caller hears: Twice. ×2"]
    assert all(s.kind == HEARS for s in result.steps)


def test_play_names_the_file_and_its_loop():
    result = one('<Play loop="3">https://a.test/hold.mp3</Play>')
    assert texts(result) == ["Plays https://a.test/hold.mp3 ×3"]


def test_endless_play_waits_for_the_caller_to_hang_up():
    bundle = make_bundle(
        {"answer.xml": '<Play loop="0">https://a.test/m.mp3</Play><Speak>x</Speak>'}
    )
    waiting = run(bundle)
    assert waiting.ending.kind == "waiting-for-input"
    assert waiting.ending.expects == ("hangup",)
    hung_up = run(bundle, "hangup")
    assert hung_up.ending.kind == "caller-hangup"
    assert "Caller hears: x" not in texts(hung_up)
    with pytest.raises(InputMismatch, match="answer-0"):
        run(bundle, "1")


def test_endless_speak_is_ended_by_a_scheduled_hangup():
    result = one('<Hangup schedule="60"/><Speak loop="0">Please hold.</Speak><Speak>never</Speak>')
    assert result.ending.kind == "hangup"
    assert "60 s" in result.ending.text
    assert "Caller hears: never" not in texts(result)


def test_wait_lengths_and_modes():
    result = one(
        '<Wait length="3"/><Wait length="10" silence="true" minSilence="1500"/>'
        '<Wait length="20" beep="true"/><Wait/>'
    )
    assert texts(result) == [
        "Waits 3 s before answering the call",
        "Waits up to 10 s, less once 1.5 s of silence are heard",
        "Waits up to 20 s for a voicemail beep",
        "Waits 1 s",
    ]
    assert {s.kind for s in result.steps} == {WAIT}


# -- ends of documents, Hangup, Redirect -------------------------------------------------------


def test_end_of_document_hangs_up():
    result = one("<Speak>Only this.</Speak>")
    assert result.ending.kind == "hangup"
    assert "end of answer.xml" in result.ending.text


def test_hangup_ends_the_document():
    result = one("<Speak>a</Speak><Hangup/><Speak>b</Speak>")
    assert texts(result) == ["Caller hears: a", "Hangs up"]
    assert result.ending.kind == "hangup"
    assert result.ending.node == "answer-1"


def test_hangup_first_rejects_the_call():
    assert texts(one("<Hangup/>")) == ["Rejects the call (rejected)"]
    assert texts(one('<Hangup reason="busy"/>')) == ["Rejects the call (busy)"]
    assert texts(one('<Speak>a</Speak><Hangup reason="busy"/>'))[-1] == "Hangs up (reason: busy)"


def test_hangup_with_schedule_arms_a_timer_and_continues():
    result = one('<Hangup schedule="30"/><Speak>Still here.</Speak>')
    assert texts(result) == [
        "Sets a timer: the call will be hung up in 30 s",
        "Caller hears: Still here.",
    ]
    assert result.exits == [("answer-0", "next")]


def test_redirect_into_the_bundle_continues_there_and_nothing_after_it_runs():
    bundle = make_bundle(
        {
            "answer.xml": "<Redirect>{base}next.xml</Redirect><Speak>never</Speak>",
            "next.xml": "<Speak>There.</Speak>",
        }
    )
    result = run(bundle)
    assert texts(result) == ["Goes on at next.xml", "Caller hears: There."]
    assert result.path == ["answer-0", "next-0"]


def test_redirect_elsewhere_leaves_the_flow():
    result = one("<Redirect>https://other.test/x.xml</Redirect>")
    assert result.ending.kind == "redirect-external"
    assert result.ending.url == "https://other.test/x.xml"


def test_redirect_to_a_route_serves_its_default():
    bundle = menu_bundle()
    bundle.documents["help.xml"] = (
        b'<?xml version="1.0"?><Response><Redirect>' + BASE.encode() + b"route/menu</Redirect>"
        b"</Response>"
    )
    result = run(bundle, "2", "hangup")
    assert "No choice applies: goes on at answer.xml" in texts(result)


def test_the_compilers_closing_redirect_belongs_to_no_node():
    bundle = make_bundle(
        {
            "answer.xml": "<Speak>a</Speak><Redirect>{base}b.xml</Redirect>",
            "b.xml": "<Speak>b</Speak>",
        },
        nodes={"answer.xml": ["hello"], "b.xml": ["bye"]},
        links={"answer.xml": "b.xml"},
    )
    result = run(bundle)
    assert [s.node for s in result.steps] == ["hello", None, "bye"]
    assert result.path == ["hello", "bye"]
    assert result.exits == [("hello", "next")]
    assert result.warnings == []


def test_a_node_list_that_does_not_match_the_document_is_reported():
    bundle = make_bundle(
        {"answer.xml": "<Speak>a</Speak><Speak>b</Speak>"}, nodes={"answer.xml": ["only"]}
    )
    result = run(bundle)
    assert "answer.xml has 2 elements but the manifest lists 1 step" in result.warnings[0]


# -- GetDigits ---------------------------------------------------------------------------------


def test_getdigits_plays_its_prompts_then_waits():
    bundle = make_bundle(
        {
            "answer.xml": '<GetDigits timeout="7" numDigits="1"><Speak>Menu.</Speak>'
            "<Play>https://a.test/m.mp3</Play><Wait/></GetDigits>"
        }
    )
    result = run(bundle)
    assert texts(result) == [
        "Caller hears: Menu.",
        "Plays https://a.test/m.mp3",
        "Waits 1 s",
        "Waits for up to 1 digit, 7 s",
    ]
    assert result.ending.kind == "waiting-for-input"
    assert set(result.ending.expects) == {"digits", "silence", "hangup"}


def test_getdigits_without_input_after_all_retries_falls_through():
    result = run(menu_bundle('retries="3"'), "silence", "silence", "silence")
    assert texts(result).count("Caller hears: Press 1 or 2.") == 3
    assert "No input after 3 tries: the call goes on with the next step" in texts(result)
    assert texts(result)[-1] == "Caller hears: No choice."
    assert result.exits == [("menu", "noinput")]


def test_getdigits_input_on_a_later_try_counts():
    result = run(menu_bundle('retries="2" numDigits="1"'), "silence", "1")
    assert "Caller pressed 1" in texts(result)
    assert result.exits == [("menu", "1")]
    assert texts(result)[-1] == "Caller hears: Sales."


def test_getdigits_route_choice_and_nomatch():
    result = run(menu_bundle('numDigits="1"'), "7", "2")
    assert "7 is not one of the choices: goes on at answer.xml" in texts(result)
    assert result.exits == [("menu", "nomatch"), ("menu", "2")]
    assert result.path == ["menu", "menu", "help-0"]


def test_getdigits_numdigits_stops_collection():
    bundle = menu_bundle('numDigits="1"')
    result = run(bundle, "123")
    assert "Caller pressed 1 (the first digit counts; the rest, 23, is ignored)" in texts(result)
    assert result.exits == [("menu", "1")]


def test_getdigits_finish_key_ends_input_and_is_not_included():
    routes = {"menu": {**MENU_ROUTE["menu"], "choices": {"42": "sales.xml"}}}
    bundle = make_bundle(
        {
            "answer.xml": '<GetDigits action="{base}route/menu"><Speak>PIN?</Speak></GetDigits>',
            "sales.xml": "<Speak>OK.</Speak>",
        },
        routes=routes,
        nodes={"answer.xml": ["menu"]},
    )
    result = run(bundle, "42#9")
    assert "Caller pressed 42 (# ends the input; the rest, 9, is ignored)" in texts(result)
    assert result.exits == [("menu", "42")]


def test_getdigits_finish_key_can_be_turned_off():
    routes = {"menu": {**MENU_ROUTE["menu"], "choices": {"42#": "sales.xml"}}}
    for off in ("", "none"):
        bundle = make_bundle(
            {
                "answer.xml": f'<GetDigits action="{{base}}route/menu" finishOnKey="{off}">'
                "</GetDigits>",
                "sales.xml": "<Speak>OK.</Speak>",
            },
            routes=routes,
            nodes={"answer.xml": ["menu"]},
        )
        assert run(bundle, "42#").exits == [("menu", "42#")]


def test_getdigits_digit_timeout_sends_a_short_entry():
    result = run(menu_bundle('numDigits="4" digitTimeout="3"'), "1")
    assert "Caller pressed 1 (sent after 3 s without another key)" in texts(result)


def test_getdigits_invalid_digits_play_the_invalid_sound_and_use_a_try():
    bundle = menu_bundle(
        'validDigits="12" invalidDigitsSound="https://a.test/invalid.mp3" retries="2"'
    )
    result = run(bundle, "5", "1")
    steps = texts(result)
    bad = steps.index(
        "Caller pressed 5: 5 is not accepted here (accepted keys: 12), so this try does not count"
    )
    assert steps[bad + 1] == "Plays https://a.test/invalid.mp3"
    assert result.exits == [("menu", "1")]
    only_try = run(menu_bundle('validDigits="12"'), "5")
    assert only_try.exits == [("menu", "noinput")]


def test_getdigits_only_the_finish_key_is_no_input():
    result = run(menu_bundle(), "#")
    assert "Caller pressed only #: no digits" in texts(result)
    assert result.exits == [("menu", "noinput")]


def test_getdigits_route_default_null_ends_the_call():
    bundle = menu_bundle()
    bundle.manifest["routes"]["menu"]["default"] = None
    result = run(bundle, "9")
    assert result.ending.kind == "hangup"
    assert "9 is not one of the choices: nothing follows, so the call ends" in texts(result)


def test_getdigits_action_to_a_document_loads_it():
    bundle = make_bundle(
        {
            "answer.xml": '<GetDigits action="{base}next.xml"></GetDigits><Speak>x</Speak>',
            "next.xml": "<Speak>Next.</Speak>",
        }
    )
    result = run(bundle, "5")
    assert texts(result)[-2:] == ["Goes on at next.xml", "Caller hears: Next."]


def test_getdigits_action_elsewhere_leaves_the_flow():
    result = one('<GetDigits action="https://crm.test/ivr"></GetDigits>', "5")
    assert result.ending.kind == "redirect-external"
    assert result.ending.url == "https://crm.test/ivr"


def test_getdigits_redirect_false_notifies_and_continues():
    result = one(
        '<GetDigits action="https://crm.test/log" redirect="false"></GetDigits>'
        "<Speak>Next.</Speak>",
        "5",
    )
    assert (
        "Sends the digits 5 to https://crm.test/log and goes on with the next step"
        in (texts(result)[-2])
    )
    assert texts(result)[-1] == "Caller hears: Next."


def test_getdigits_without_action_continues_after_input():
    result = one("<GetDigits></GetDigits><Speak>Next.</Speak>", "5")
    assert texts(result)[-1] == "Caller hears: Next."
    assert result.exits == []


# -- GetInput ----------------------------------------------------------------------------------

KEYWORDS = {
    "ask": {
        "parameters": ["Digits", "Speech"],
        "match": "keyword",
        "choices": {"sales": "s.xml", "customer service": "c.xml", "1": "s.xml"},
        "default": "answer.xml",
    }
}


def input_bundle(input_type: str | None) -> SimBundle:
    attribute = f'inputType="{input_type}"' if input_type else ""
    return make_bundle(
        {
            "answer.xml": f'<GetInput action="{{base}}route/ask" executionTimeout="9" {attribute}>'
            "<Speak>Say it.</Speak></GetInput><Speak>Nothing said.</Speak>",
            "s.xml": "<Speak>Sales.</Speak>",
            "c.xml": "<Speak>Service.</Speak>",
        },
        routes=KEYWORDS,
        nodes={"answer.xml": ["ask", "silent"]},
    )


def test_getinput_speech_only_refuses_keys():
    with pytest.raises(InputMismatch) as caught:
        run(input_bundle("speech"), "1")
    message = str(caught.value)
    assert "step 'ask' (GetInput in answer.xml)" in message
    assert "speech:WORDS" in message and "keys such as" not in message


def test_getinput_dtmf_only_refuses_speech():
    with pytest.raises(InputMismatch, match="listens for keys"):
        run(input_bundle("dtmf"), "speech:sales")
    assert run(input_bundle("dtmf"), "1").exits == [("ask", "1")]


def test_getinput_without_input_type_accepts_both_and_says_so():
    result = run(input_bundle(None), "speech:sales")
    assert "inputType is not set" in texts(result)[1]
    assert run(input_bundle(None), "1").exits == [("ask", "1")]


def test_getinput_speech_matches_keywords_as_whole_words_ignoring_case():
    result = run(input_bundle("speech"), "speech:I want SALES please")
    assert result.exits == [("ask", "sales")]
    assert texts(result)[-1] == "Caller hears: Sales."
    phrase = run(input_bundle("speech"), "speech:customer   service now")
    assert phrase.exits == [("ask", "customer service")]
    partial = run(input_bundle("speech"), "speech:salesforce", "hangup")
    assert partial.exits == [("ask", "nomatch")]


def test_getinput_silence_falls_through_after_the_execution_timeout():
    result = run(input_bundle("dtmf speech"), "silence")
    assert "Listens for up to 9 s for keys or speech" in texts(result)
    assert texts(result)[-1] == "Caller hears: Nothing said."
    assert result.exits == [("ask", "noinput")]


def test_getinput_digits_obey_numdigits():
    bundle = make_bundle({"answer.xml": '<GetInput inputType="dtmf" numDigits="2"></GetInput>'})
    assert "Caller pressed 12 (only the first 2 digits count; the rest, 3, is ignored)" in texts(
        run(bundle, "123")
    )


# -- Record ------------------------------------------------------------------------------------


def test_record_consumes_how_long_the_caller_speaks_capped_at_max_length():
    result = one('<Record maxLength="30"/><Speak>Thanks.</Speak>', "record:45")
    assert texts(result)[0].startswith("Beep, then records the caller for up to 30 s")
    assert texts(result)[1] == "Caller speaks for 45 s; the recording stops at the 30 s limit"
    assert texts(result)[2] == "Caller hears: Thanks."
    assert result.exits == [("answer-0", "next")]


def test_record_silence_stops_after_the_timeout():
    result = one('<Record timeout="5" playBeep="false"/>', "silence")
    assert texts(result)[0].startswith("Records the caller")
    assert texts(result)[1] == "Caller says nothing: the recording stops after 5 s of silence"


def test_record_with_action_leaves_or_notifies():
    gone = one('<Record action="https://crm.test/rec"/><Speak>x</Speak>', "record:3")
    assert gone.ending.kind == "redirect-external"
    notified = one(
        '<Record action="https://crm.test/rec" redirect="false"/><Speak>x</Speak>', "record:3"
    )
    assert texts(notified)[-1] == "Caller hears: x"


def test_background_recordings_do_not_wait():
    result = one(
        '<Record recordSession="true"/><Record startOnDialAnswer="true"/><Speak>Hi.</Speak>'
    )
    assert texts(result) == [
        "Starts recording the whole call in the background",
        "Will record the call from the moment the next Dial is answered",
        "Caller hears: Hi.",
    ]


def test_background_recording_with_action_jumps_at_once():
    bundle = make_bundle(
        {
            "answer.xml": '<Record recordSession="true" action="{base}b.xml"/><Speak>x</Speak>',
            "b.xml": "<Speak>b</Speak>",
        }
    )
    assert texts(run(bundle))[-1] == "Caller hears: b"


def test_record_refuses_a_dial_outcome():
    with pytest.raises(InputMismatch, match="record:SECONDS"):
        one("<Record/>", "dial:busy")


# -- Dial --------------------------------------------------------------------------------------

DIAL_ROUTE = {
    "sales": {
        "parameters": ["DialStatus"],
        "match": "exact",
        "choices": {"busy": "busy.xml"},
        "default": "after.xml",
    }
}


def dial_bundle(default: str | None = "after.xml") -> SimBundle:
    routes = {"sales": {**DIAL_ROUTE["sales"], "default": default}}
    return make_bundle(
        {
            "answer.xml": '<Dial action="{base}route/sales"><Number>+14155550100</Number></Dial>',
            "busy.xml": "<Speak>Busy.</Speak>",
            "after.xml": "<Speak>After.</Speak>",
        },
        routes=routes,
        nodes={"answer.xml": ["sales"]},
    )


def test_dial_outcome_picks_the_route():
    result = run(dial_bundle(), "dial:busy")
    assert texts(result)[0] == "Dials +14155550100: busy"
    assert result.exits == [("sales", "busy")]
    assert texts(result)[-1] == "Caller hears: Busy."


def test_dial_unwired_outcome_takes_next():
    result = run(dial_bundle(), "dial:completed")
    assert result.exits == [("sales", "next")]
    assert texts(result)[-1] == "Caller hears: After."
    ended = run(dial_bundle(default=None), "dial:failed")
    assert ended.ending.kind == "hangup"


def test_dial_without_action_continues():
    result = one(
        "<Dial><Number>+1</Number><User>sip:a@b.test</User></Dial><Speak>Sorry.</Speak>",
        "dial:no-answer",
    )
    assert texts(result)[0] == "Dials +1 and sip:a@b.test at once: no-answer (nobody answered)"
    assert texts(result)[-1] == "Caller hears: Sorry."
    assert result.exits == [("answer-0", "next")]


def test_dial_redirect_false_continues():
    result = one(
        '<Dial action="https://crm.test/d" redirect="false"><Number>+1</Number></Dial>'
        "<Speak>x</Speak>",
        "dial:timeout",
    )
    assert texts(result)[-1] == "Caller hears: x"


def test_a_dial_outcome_while_a_menu_waits_is_an_error_naming_the_step():
    with pytest.raises(InputMismatch) as caught:
        run(menu_bundle(), "dial:busy")
    message = str(caught.value)
    assert "Input 1 'dial:busy' does not fit step 'menu' (GetDigits in answer.xml)" in message
    assert "keys such as 1" in message
    assert caught.value.result is not None
    assert texts(caught.value.result)[-1].startswith("Waits for up to")


def test_keys_while_a_dial_rings_are_an_error():
    with pytest.raises(InputMismatch, match="dial:completed"):
        run(dial_bundle(), "1")


# -- Conference, MultiPartyCall ----------------------------------------------------------------


def test_conference_lasts_until_it_ends_or_the_caller_hangs_up():
    body = "<Conference>room</Conference><Speak>After.</Speak>"
    assert one(body).ending.kind == "waiting-for-input"
    assert texts(one(body, "silence"))[-2:] == [
        "The conference ends; the caller leaves it",
        "Caller hears: After.",
    ]
    assert one(body, "hangup").ending.kind == "caller-hangup"


def test_conference_star_leaves_only_with_hangup_on_star():
    body = '<Conference hangupOnStar="true">room</Conference><Speak>After.</Speak>'
    assert texts(one(body, "*"))[1] == "Caller presses * and leaves the conference"
    with pytest.raises(InputMismatch, match="may leave with"):
        one(body, "5")
    with pytest.raises(InputMismatch):
        one("<Conference>room</Conference>", "*")


def test_conference_action_is_followed_when_the_member_leaves():
    result = one('<Conference action="https://crm.test/c">room</Conference>', "silence")
    assert result.ending.kind == "redirect-external"


def test_multiparty_call_joins_with_its_role_and_follows_on_exit_url():
    result = one(
        '<MultiPartyCall role="agent">queue</MultiPartyCall><Speak>After.</Speak>', "silence"
    )
    assert texts(result)[0] == "Joins the multi-party call “queue” as agent"
    assert texts(result)[-1] == "Caller hears: After."
    left = one(
        '<MultiPartyCall role="agent" onExitActionUrl="https://crm.test/x">q</MultiPartyCall>',
        "silence",
    )
    assert left.ending.url == "https://crm.test/x"


# -- PreAnswer, DTMF, Message, Stream ----------------------------------------------------------


def test_preanswer_children_run_before_the_answer_then_the_call_continues():
    result = one(
        "<PreAnswer><Speak>Ringing.</Speak><Play>https://a.test/r.mp3</Play></PreAnswer>"
        "<Speak>Answered.</Speak>"
    )
    assert [s.before_answer for s in result.steps] == [True, True, True, False]
    assert texts(result)[1:] == [
        "Caller hears: Ringing.",
        "Plays https://a.test/r.mp3",
        "Caller hears: Answered.",
    ]


def test_dtmf_message_and_stream_do_not_wait():
    result = one(
        '<DTMF async="false">12w#</DTMF>'
        '<Message src="+100" dst="+200&lt;+300">Hi &amp; bye</Message>'
        '<Stream bidirectional="true">wss://s.test/a</Stream>'
    )
    assert texts(result) == [
        "Sends the keys 12w# on the call, all of them before going on",
        "Sends an SMS to +200, +300 from +100: “Hi & bye”",
        "Streams the call audio to wss://s.test/a (two-way)",
    ]
    assert result.ending.kind == "hangup"


def test_stream_keeping_the_call_alive_waits_for_it_to_close():
    body = '<Stream keepCallAlive="true">wss://s.test/a</Stream><Speak>After.</Speak>'
    assert one(body).ending.kind == "waiting-for-input"
    assert texts(one(body, "silence"))[-1] == "Caller hears: After."


# -- the call as a whole -----------------------------------------------------------------------


def test_loop_guard_stops_after_1000_steps():
    bundle = make_bundle(
        {"answer.xml": "<Speak>Again.</Speak><Redirect>{base}answer.xml</Redirect>"}
    )
    result = run(bundle)
    assert result.ending.kind == "step-limit"
    assert len(result.steps) == 1000


def test_inputs_left_when_the_call_ends_are_an_error():
    with pytest.raises(InputMismatch, match=r"input 2 'silence' and 1 more input is never used"):
        one('<GetDigits numDigits="1"></GetDigits>', "1", "silence", "2")


def test_waiting_for_input_ending_names_the_step():
    result = run(menu_bundle())
    assert result.ending.node == "menu"
    assert "step 'menu'" in result.ending.text


def test_result_serialises_steps_path_exits_and_ending():
    data = run(menu_bundle('numDigits="1"'), "1").to_dict()
    assert data["path"] == ["menu", "sales-0"]
    assert data["exits"] == [{"node": "menu", "port": "1"}]
    assert data["ending"]["kind"] == "hangup"
    pressed = next(s for s in data["steps"] if s["kind"] == INPUT)
    assert pressed == {
        "number": 3,
        "document": "answer.xml",
        "node": "menu",
        "verb": "GetDigits",
        "kind": "input",
        "text": "Caller pressed 1",
        "input": "1",
    }


# -- broken bundles ----------------------------------------------------------------------------


def test_entities_are_not_expanded():
    bundle = make_bundle({"answer.xml": "<Speak>x</Speak>"})
    bundle.documents["answer.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE Response [<!ENTITY secret SYSTEM '
        b'"file:///etc/passwd">]><Response><Speak>a&secret;b</Speak></Response>'
    )
    result = run(bundle)
    assert texts(result)[0] == "Caller hears: ab"


def test_broken_xml_names_the_document_and_line():
    bundle = make_bundle({"answer.xml": "<Speak>x</Speak>"})
    bundle.documents["answer.xml"] = b"<Response>\n<Speak>x</Response>"
    with pytest.raises(SimulationError, match=r"answer.xml is not valid XML \(line 2"):
        run(bundle)


def test_links_to_missing_documents_routes_or_elements_are_errors():
    with pytest.raises(SimulationError, match=r"no document gone\.xml"):
        one("<Redirect>{base}gone.xml</Redirect>".replace("{base}", BASE))
    with pytest.raises(SimulationError, match="no route 'gone'"):
        one("<Redirect>{base}route/gone</Redirect>".replace("{base}", BASE))
    with pytest.raises(SimulationError, match="<Gather> is not a Plivo element"):
        one("<Gather/>")
    with pytest.raises(SimulationError, match='timeout="soon"> is not a whole number'):
        one('<GetDigits timeout="soon"/>')


def test_ssml_sentences_and_pauses_separate_words():
    result = one('<Speak><s>One.</s><s>Two.</s>Three<break time="1s"/>four</Speak>')
    assert texts(result)[0] == "Caller hears: One. Two. Three [pause 1s] four"


@pytest.mark.parametrize(
    ("ssml", "heard"),
    [
        ('<sub alias="World Wide Web">WWW</sub> rules', "World Wide Web rules"),
        ('Hold<break/>on', "Hold [pause] on"),
        ('Hold<break strength="x-strong"/>on', "Hold [x-strong pause] on"),
        ('Hold<break strength="none"/>on', "Hold on"),
        ('Code <say-as interpret-as="characters">AB1</say-as>.', "Code A B 1."),
        ('Call <say-as interpret-as="digits">112</say-as>', "Call 1 1 2"),
        ('Oh <say-as interpret-as="expletive">darn</say-as>', "Oh [bleep]"),
        ('<say-as interpret-as="date" format="ymd">2024-01-02</say-as>', "2024-01-02"),
        ('A <phoneme alphabet="ipa" ph="təˈmeɪtoʊ">tomato</phoneme>', "A tomato"),
        ('<prosody rate="slow"><emphasis>Slow</emphasis> <w>read</w></prosody>', "Slow read"),
    ],
)
def test_ssml_is_rendered_as_the_caller_hears_it(ssml, heard):
    result = one(f"<Speak>{ssml}</Speak>")
    assert texts(result)[0] == f"Caller hears: {heard}"


def test_getdigits_several_invalid_digits_are_named_in_the_plural():
    result = run(menu_bundle('validDigits="12" numDigits="3"'), "345")
    assert (
        "Caller pressed 345: 3, 4 and 5 are not accepted here (accepted keys: 12), so this "
        "try does not count"
    ) in texts(result)
