"""Caller input tokens: every spelling the simulator accepts, and the messages for the ones it
does not."""

from __future__ import annotations

import pytest

from designer.simulator import Token, TokenError, parse_token, parse_tokens
from designer.simulator.routes import resolve_route, spoken_match


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("1", Token("digits", "1")),
        ("42#", Token("digits", "42#")),
        ("*", Token("digits", "*")),
        (" silence ", Token("silence")),
        ("HANGUP", Token("hangup")),
        ("speech:  sales   please ", Token("speech", "sales please")),
        ("Dial:No-Answer", Token("dial", "no-answer")),
        ("record:20", Token("record", seconds=20)),
        ("record:0", Token("record", seconds=0)),
    ],
)
def test_tokens_parse(text, token):
    assert parse_token(text) == token


@pytest.mark.parametrize(
    "text", ["1", "42#", "silence", "hangup", "speech:sales please", "dial:busy", "record:20"]
)
def test_tokens_print_as_typed(text):
    assert str(parse_token(text)) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "An empty input"),
        ("dial:cancel", "a Dial ends as one of completed, busy, no-answer, failed, timeout"),
        ("record:2.5", "how many whole seconds"),
        ("speech:", "needs the words"),
        ("1a", "is not a caller action"),
        ("wait", "is not a caller action"),
    ],
)
def test_bad_tokens_explain_themselves(text, message):
    with pytest.raises(TokenError, match=message):
        parse_token(text)


def test_parse_tokens_names_the_position():
    with pytest.raises(TokenError, match=r"^Input 3: 'nope'"):
        parse_tokens(["1", "silence", "nope"])


def test_routes_take_the_first_non_empty_parameter():
    route = {
        "parameters": ["Digits", "Speech"],
        "match": "keyword",
        "choices": {"billing": "b.xml", "sales": "s.xml", "2": "b.xml"},
        "default": "menu.xml",
    }
    speech = resolve_route(route, {"Digits": "", "Speech": "sales or billing"})
    assert (speech.document, speech.choice, speech.parameter) == ("b.xml", "billing", "Speech")
    keys = resolve_route(route, {"Digits": "2", "Speech": ""})
    assert (keys.document, keys.choice) == ("b.xml", "2")
    assert resolve_route(route, {"Digits": "22"}).document == "menu.xml"
    assert resolve_route(route, {}).parameter is None


def test_exact_routes_do_not_match_inside_speech():
    route = {"parameters": ["Speech"], "match": "exact", "choices": {"a": "a.xml"}, "default": None}
    assert resolve_route(route, {"Speech": "a b"}).document is None


@pytest.mark.parametrize(
    ("choice", "transcript", "matches"),
    [
        ("sales", "SALES please", True),
        ("sales", "salesforce", False),
        ("customer service", "customer\tservice please", True),
        ("c++", "I like c++ a lot", True),
        ("", "anything", False),
    ],
)
def test_spoken_match_whole_words(choice, transcript, matches):
    assert spoken_match(choice, transcript) is matches
