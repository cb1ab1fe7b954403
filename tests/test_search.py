"""Fuzzy matching of typed words against the catalog's verbs (designer.search), the engine of
the editor's quick-add popup."""

from __future__ import annotations

from designer.catalog import load_catalog
from designer.search import Verb, palette_verbs, rank_verbs, verb_score

CATALOG = load_catalog()
VERBS = palette_verbs(CATALOG)


def types(query: str, verbs=VERBS) -> list[str]:
    return [verb.type for verb in rank_verbs(query, verbs)]


def test_an_empty_query_lists_the_palette_in_its_order() -> None:
    expected = [e.type for c in CATALOG.categories for e in CATALOG.palette(c.id)]
    assert types("") == types("   ") == expected
    assert "Start" not in expected


def test_names_types_initials_and_help_text_all_find_a_verb() -> None:
    assert types("get digits")[0] == "GetDigits"
    assert types("GetDigits")[0] == "GetDigits"
    assert types("gd")[0] == "GetDigits"  # letters in order, at word starts
    assert types("hang")[0] == "Hangup"
    assert types("sms") == ["Message"]  # only its help text mentions SMS
    assert "Record" in types("voicemail")
    assert set(types("say")) >= {"Speak", "Play"}  # the palette group's name


def test_a_name_match_ranks_above_a_help_text_match() -> None:
    ranked = types("record")
    assert ranked[0] == "Record"
    assert len(ranked) > 1  # others mention recording in their help, below it


def test_every_word_must_match_and_nonsense_matches_nothing() -> None:
    assert types("play audio") == ["Play"]
    assert types("zzqx") == []
    assert types("dial zzqx") == []


def test_scores_are_case_insensitive_and_ties_keep_the_given_order() -> None:
    a = Verb("A", "Alpha", "first", "say")
    b = Verb("B", "Alpha", "second", "say")
    assert verb_score("ALPHA", a) == verb_score("alpha", a)
    assert types("alpha", [b, a]) == ["B", "A"]
    assert types("alpha", [a, b]) == ["A", "B"]


def test_link_targets_are_every_palette_verb_that_has_an_input() -> None:
    targets = {verb.type for verb in palette_verbs(CATALOG, link_target=True)}
    assert "Start" not in targets
    assert targets == {verb.type for verb in VERBS} - {"Start"}
