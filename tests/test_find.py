"""Finding steps (designer.find): by id, type, label and what they say; filtered to errors,
warnings or unreachable steps; in reading order."""

from __future__ import annotations

from flowbuilder import build

from designer.catalog import load_catalog
from designer.checks import Diagnostic
from designer.find import Filters, find_nodes, searchable_text

CATALOG = load_catalog()


def sample():
    flow = build(
        [("start", "Start"),
         ("welcome", "Speak", {"text": "Thanks for calling Acme."}),
         ("menu", "GetDigits", {"choices": ["1", "2"],
                                "children": [("Speak", "For sales press one")]}),
         ("sales", "Dial", {"children": [("Number", "+14155550100")]}),
         ("polly", "Speak", {"ssml": "<prosody rate='slow'>Good&amp;bye</prosody>"}),
         ("lost", "Play", {"text": "https://cdn.example.com/hold.mp3"})],
        [("start", "welcome"), ("welcome", "menu"), ("menu", "1", "sales"),
         ("menu", "2", "polly")],
    )
    for index, node_id in enumerate(flow.nodes):
        flow.layout[node_id] = (index * 100.0, 0.0)
    return flow


def test_words_match_id_type_label_text_children_and_ssml_words() -> None:
    flow = sample()
    assert find_nodes(flow, CATALOG, "menu") == ["menu"]
    assert find_nodes(flow, CATALOG, "DIAL") == ["sales"]  # the type, any case
    assert find_nodes(flow, CATALOG, "get digits") == ["menu"]  # the label's words
    assert find_nodes(flow, CATALOG, "acme") == ["welcome"]
    assert find_nodes(flow, CATALOG, "sales press") == ["menu"]  # a nested prompt
    assert find_nodes(flow, CATALOG, "4155550100") == ["sales"]
    assert find_nodes(flow, CATALOG, "good&bye") == ["polly"]  # SSML without its tags
    assert "prosody" not in searchable_text(flow.nodes["polly"], CATALOG)
    assert find_nodes(flow, CATALOG, "hold.mp3") == ["lost"]
    assert find_nodes(flow, CATALOG, "speak") == ["welcome", "menu", "polly"]
    assert find_nodes(flow, CATALOG, "") == []
    assert find_nodes(flow, CATALOG, "nothing-like-this") == []


def diagnostics() -> list[Diagnostic]:
    return [
        Diagnostic("error", "dial-no-number", "sales", None, "Dial has no number."),
        Diagnostic("warning", "menu-no-input", "menu", None, "Nothing happens."),
        Diagnostic("warning", "unreachable", "lost", None, "Never reached."),
        Diagnostic("error", "base-url", None, None, "No base URL."),
    ]


def test_problem_filters_select_by_severity_or_code_and_combine_with_words() -> None:
    flow = sample()
    found = lambda query="", **on: find_nodes(flow, CATALOG, query, diagnostics(),  # noqa: E731
                                              Filters(**on))
    assert found(errors=True) == ["sales"]
    assert found(warnings=True) == ["menu", "lost"]
    assert found(unreachable=True) == ["lost"]
    assert found(errors=True, unreachable=True) == ["sales", "lost"]
    assert found("menu", warnings=True) == ["menu"]
    assert found("dial", warnings=True) == []
    assert find_nodes(flow, CATALOG, "", [], Filters(errors=True)) == []


def test_matches_come_left_to_right_then_top_to_bottom_unplaced_last() -> None:
    flow = sample()
    flow.layout = {"polly": (0.0, 50.0), "welcome": (0.0, 10.0), "menu": (300.0, 0.0)}
    assert find_nodes(flow, CATALOG, "speak") == ["welcome", "polly", "menu"]
    shown = {"menu": (-100.0, 0.0)}
    assert find_nodes(flow, CATALOG, "speak", positions=shown) == ["menu", "welcome", "polly"]


def test_notes_are_found_by_their_words_among_the_steps_in_reading_order() -> None:
    from designer.find import NOTE, STEP, Match, find_items, find_notes
    from designer.model import Note

    flow = sample()  # steps at x = 0, 100, …, 500
    flow.notes = [Note("note-1", "Sales hours:\n9 to 5", (250.0, 0.0)),
                  Note("note-2", "Ask Sam about the SALES menu", (-50.0, 0.0))]
    assert find_notes(flow, "sales") == ["note-1", "note-2"]
    assert find_notes(flow, "hours: 9") == ["note-1"]  # line breaks count as spaces
    assert find_notes(flow, "") == []
    assert find_items(flow, CATALOG, "sales") == [
        Match(NOTE, "note-2"), Match(STEP, "menu"), Match(NOTE, "note-1"),
        Match(STEP, "sales")]
    # Positions on the canvas win over the saved ones (a drag in progress).
    moved = find_items(flow, CATALOG, "sales", note_positions={"note-2": (900.0, 0.0)})
    assert moved[-1] == Match(NOTE, "note-2")
    # Problem filters are about steps: no note is found while one is on.
    problems = [Diagnostic("error", "x", "sales", None, "m", "h")]
    assert find_items(flow, CATALOG, "sales", problems, Filters(errors=True)) == [
        Match(STEP, "sales")]
