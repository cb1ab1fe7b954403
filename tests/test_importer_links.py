"""Importing several files at once: URLs naming another imported file become links, and the
result is laid out in readable layers (the reusable `layered_layout`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.compiler import compile_flow
from designer.importer import ImportResult, import_files, layered_layout
from designer.model import Edge, Flow, Node

BASE = "https://ivr.example.com/acme/"


def write_files(folder: Path, **documents: str) -> list[Path]:
    paths = []
    for stem, body in documents.items():
        path = folder / f"{stem}.xml"
        path.write_text(f"<Response>\n{body}\n</Response>\n", encoding="utf-8")
        paths.append(path)
    return paths


def edges(result: ImportResult) -> set[tuple[str, str, str]]:
    return {(e.source, e.port, e.target) for e in result.flow.edges}


def test_a_redirect_to_another_file_becomes_the_previous_steps_link(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=f'<Speak>Hi</Speak>\n<Redirect method="POST">{BASE}sales.xml</Redirect>',
        sales="<Speak>Sales here</Speak><Hangup/>",
    ))
    assert [n.type for n in result.flow.nodes.values()] == ["Start", "Speak", "Speak", "Hangup"]
    assert edges(result) == {
        ("start", "next", "speak"), ("speak", "next", "sales"), ("sales", "next", "hangup"),
    }
    [link] = [d for d in result.diagnostics if d.code == "import-link"]
    assert link.file == "answer.xml" and link.line == 3 and "'sales'" in link.message
    assert result.flow.settings == {"base_url": BASE, "link_method": "POST"}
    assert result.entry_nodes == {"answer.xml": "speak", "sales.xml": "sales"}


def test_a_redirect_as_the_first_element_becomes_starts_link(tmp_path):
    result = import_files(write_files(
        tmp_path, answer=f"<Redirect>{BASE}welcome</Redirect>", welcome="<Speak>Hi</Speak>"
    ))
    assert edges(result) == {("start", "next", "welcome")}
    assert result.entry_nodes["answer.xml"] == "welcome"


def test_a_menu_action_to_another_file_becomes_its_nomatch_link(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=(f'<GetDigits action="{BASE}choice.xml" method="GET" numDigits="1" '
                'redirect="true"><Speak>Press a key</Speak></GetDigits><Speak>Bye</Speak>'),
        choice="<Speak>You pressed something</Speak>",
    ))
    menu = result.flow.nodes["menu"]
    assert menu.attributes == {"numDigits": 1}  # action, method and redirect became the link
    assert edges(result) == {
        ("start", "next", "menu"), ("menu", "nomatch", "choice"), ("menu", "noinput", "speak"),
    }
    assert result.flow.settings["link_method"] == "GET"
    bundle = compile_flow(result.flow, check=False)
    # Every answer goes to one document, so the export stays static XML, as imported.
    assert bundle.manifest["routes"] == {}
    assert f'action="{BASE}choice.xml"'.encode() in bundle.documents["answer.xml"]


@pytest.mark.parametrize("verb", ["Record", "Dial", "Conference"])
def test_an_action_that_takes_the_call_over_becomes_the_next_link(tmp_path, verb):
    body = {"Record": "", "Dial": "<Number>+14155550100</Number>", "Conference": "room"}[verb]
    result = import_files(write_files(
        tmp_path,
        answer=f'<{verb} action="{BASE}after.xml">{body}</{verb}>',
        after="<Speak>Done</Speak>",
    ))
    step = next(n for n in result.flow.nodes.values() if n.type == verb)
    assert "action" not in step.attributes
    assert (step.id, "next", "after") in edges(result)


def test_a_notify_only_action_stays_an_address(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=f'<Record action="{BASE}after.xml" redirect="false"/><Speak>Bye</Speak>',
        after="<Speak>Done</Speak>",
    ))
    assert result.flow.nodes["record"].attributes["action"] == f"{BASE}after.xml"
    assert ("record", "next", "speak") in edges(result)
    assert any(d.code == "import-unreached-file" for d in result.diagnostics)


def test_unmatched_and_self_referencing_urls_stay_addresses(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=f"<Speak>Hi</Speak><Redirect>{BASE}elsewhere.xml</Redirect>",
        loop=f"<Speak>Again</Speak><Redirect>{BASE}loop.xml</Redirect>",
    ))
    redirects = [n.text for n in result.flow.nodes.values() if n.type == "Redirect"]
    assert redirects == [f"{BASE}elsewhere.xml", f"{BASE}loop.xml"]
    assert not any(d.code == "import-link" for d in result.diagnostics)


def test_files_that_redirect_to_each_other_keep_one_step_each(tmp_path):
    result = import_files(write_files(
        tmp_path,
        ping=f"<Redirect>{BASE}pong.xml</Redirect>",
        pong=f"<Redirect>{BASE}ping.xml</Redirect>",
    ))
    assert [n.type for n in result.flow.nodes.values()] == ["Start", "Redirect", "Redirect"]
    assert edges(result) == {("start", "next", "redirect")}
    assert result.flow.nodes["pong"].text == f"{BASE}ping.xml"


def test_a_chain_of_redirect_only_files_resolves_to_the_real_start(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=f"<Redirect>{BASE}hop</Redirect>",
        hop=f"<Redirect>{BASE}main.xml</Redirect>",
        main="<Speak>Main</Speak>",
    ))
    assert edges(result) == {("start", "next", "main")}
    assert result.entry_nodes == {"answer.xml": "main", "hop.xml": "main", "main.xml": "main"}


def test_links_to_an_empty_file_stay_addresses(tmp_path):
    result = import_files(write_files(
        tmp_path, answer=f"<Speak>x</Speak><Redirect>{BASE}void.xml</Redirect>", void=""
    ))
    assert result.flow.nodes["redirect"].text == f"{BASE}void.xml"
    assert any(d.code == "import-empty" and d.file == "void.xml" for d in result.diagnostics)


def test_a_redirect_after_a_hangup_is_kept_as_a_step_that_never_runs(tmp_path):
    result = import_files(write_files(
        tmp_path, answer=f"<Hangup/><Redirect>{BASE}b.xml</Redirect>", b="<Speak>b</Speak>"
    ))
    assert result.flow.nodes["redirect"].type == "Redirect"
    assert any(d.code == "import-never-runs" for d in result.diagnostics)


def test_several_links_and_a_loop_compile_to_redirects(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=f"<Speak>Welcome</Speak><Redirect>{BASE}menu.xml</Redirect>",
        menu=(f'<GetDigits action="{BASE}pick.xml"><Speak>Pick</Speak></GetDigits>'
              f"<Redirect>{BASE}menu.xml</Redirect>"),
        pick=f"<Speak>Thanks</Speak><Redirect>{BASE}menu.xml</Redirect>",
    ))
    assert ("pick", "next", "menu") in edges(result)
    assert ("speak", "next", "menu") in edges(result)
    # menu.xml's own trailing Redirect names itself: it stays an address.
    assert result.flow.nodes["redirect"].text == f"{BASE}menu.xml"
    bundle = compile_flow(result.flow, check=False)
    assert set(bundle.documents) >= {"answer.xml", "menu.xml", "pick.xml"}
    assert f"{BASE}menu.xml" in bundle.documents["answer.xml"].decode()


def test_the_same_name_in_two_folders_is_ambiguous(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_files(tmp_path / "a", answer=f"<Redirect>{BASE}next.xml</Redirect>")
    second = write_files(tmp_path / "a", next="<Speak>1</Speak>")
    third = write_files(tmp_path / "b", next="<Speak>2</Speak>")
    result = import_files(first + second + third)
    assert any(d.code == "import-ambiguous-name" for d in result.diagnostics)
    assert result.flow.nodes["redirect"].type == "Redirect"
    assert {d.file for d in result.diagnostics if d.code == "import-unreached-file"} == {
        str(second[0]), str(third[0]),
    }


def test_mixed_folders_leave_the_base_url_alone(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=(f'<GetDigits action="https://a.example/x/b.xml"/>'
                f"<Redirect>{BASE}c.xml</Redirect>"),
        b="<Speak>b</Speak>", c="<Speak>c</Speak>",
    ))
    assert "base_url" not in result.flow.settings
    assert result.flow.settings["link_method"] == "POST"  # Plivo's default for both


def test_a_query_string_is_mentioned_when_a_url_becomes_a_link(tmp_path):
    result = import_files(write_files(
        tmp_path, answer=f"<Redirect>{BASE}b.xml?lang=en</Redirect>", b="<Speak>b</Speak>"
    ))
    [link] = [d for d in result.diagnostics if d.code == "import-link"]
    assert "'?lang=en' is not kept" in link.message


# -- layout ---------------------------------------------------------------------------------


def flow_of(nodes: list[tuple[str, str]], links: list[tuple[str, str, str]]) -> Flow:
    flow = Flow()
    for node_id, type_name in nodes:
        flow.add_node(Node(node_id, type_name))
    for source, port, target in links:
        flow.connect(source, port, target)
    return flow


def test_a_chain_is_laid_out_on_one_line_260_apart():
    flow = flow_of([("start", "Start"), ("a", "Speak"), ("b", "Play"), ("c", "Hangup")],
                   [("start", "next", "a"), ("a", "next", "b"), ("b", "next", "c")])
    assert layered_layout(flow) == {
        "start": (0.0, 0.0), "a": (260.0, 0.0), "b": (520.0, 0.0), "c": (780.0, 0.0),
    }
    assert layered_layout(flow, "TB")["c"] == (0.0, 780.0)


def test_branches_fan_out_in_the_next_column_and_no_two_steps_overlap():
    flow = flow_of(
        [("start", "Start"), ("menu", "GetDigits"), ("x", "Speak"), ("y", "Speak"),
         ("z", "Speak"), ("end", "Hangup")],
        [("start", "next", "menu"), ("menu", "nomatch", "x"), ("menu", "noinput", "y"),
         ("x", "next", "end"), ("y", "next", "end"), ("end", "next", "z")],
    )
    flow.nodes["menu"].choices = []
    positions = layered_layout(flow)
    assert positions["x"][0] == positions["y"][0] == 520.0
    assert abs(positions["x"][1] - positions["y"][1]) == 140.0
    assert positions["end"][0] == 780.0  # after its furthest predecessor
    assert len(set(positions.values())) == len(positions)


def test_loops_and_orphans_still_get_positions_and_the_layout_is_deterministic():
    flow = flow_of(
        [("start", "Start"), ("a", "Speak"), ("b", "Speak"), ("lost", "Speak")],
        [("start", "next", "a"), ("a", "next", "b"), ("b", "next", "a")],
    )
    first = layered_layout(flow)
    assert set(first) == set(flow.nodes)
    assert first["b"][0] > first["a"][0]  # the loop edge b → a is the one ignored
    assert first == layered_layout(flow)
    flow.edges.append(Edge("lost", "next", "lost"))  # a step linked to itself
    assert set(layered_layout(flow)) == set(flow.nodes)


def test_layout_rejects_an_unknown_direction():
    with pytest.raises(ValueError, match="direction"):
        layered_layout(Flow(), "RL")


def test_a_tall_step_pushes_the_next_one_down_so_cards_never_overlap():
    flow = flow_of(
        [("start", "Start"), ("menu", "GetDigits"), ("dial", "Dial"), ("bye", "Speak")],
        [("start", "next", "menu"), ("menu", "nomatch", "dial"), ("menu", "noinput", "bye")],
    )
    positions = layered_layout(flow)
    # A Dial card has six exits: 70 + 6 × 18 = 178 units tall, plus 40 of clearance.
    assert positions["bye"][1] - positions["dial"][1] == 218.0
    custom = layered_layout(flow, extent=lambda node_id: 300.0)
    assert custom["bye"][1] - custom["dial"][1] == 340.0


def test_a_dropped_query_string_is_a_warning(tmp_path):
    result = import_files(write_files(
        tmp_path, answer=f"<Speak>Hi</Speak>\n<Redirect>{BASE}bye.xml?x=1</Redirect>",
        bye="<Speak>bye</Speak>",
    ))
    [warning] = [d for d in result.warnings if d.code == "import-link-query"]
    assert "'?x=1' was dropped" in warning.message and "step 'bye'" in warning.message
    assert (warning.file, warning.line) == ("answer.xml", 3)
    assert result.link_count == 1  # still one link, counted once


def test_a_link_without_a_query_gives_no_warning(tmp_path):
    result = import_files(write_files(
        tmp_path, answer=f"<Redirect>{BASE}bye.xml</Redirect>", bye="<Speak>bye</Speak>"
    ))
    assert result.warnings == []


def test_links_with_mixed_methods_are_a_warning_naming_the_method_used(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=(f'<GetDigits action="{BASE}menu.xml" method="GET"/>\n'
                f"<Redirect>{BASE}bye.xml</Redirect>"),  # Plivo's default: POST
        menu="<Speak>menu</Speak>", bye="<Speak>bye</Speak>",
    ))
    [warning] = [d for d in result.warnings if d.code == "import-mixed-link-methods"]
    assert "GET (answer.xml line 2) and POST (answer.xml line 3)" in warning.message
    used = result.flow.setting("link_method")
    assert f"this one uses {used} for every link" in warning.message


def test_links_with_one_method_give_no_method_warning(tmp_path):
    result = import_files(write_files(
        tmp_path,
        answer=(f'<GetDigits action="{BASE}menu.xml" method="POST"/>\n'
                f"<Redirect>{BASE}bye.xml</Redirect>"),
        menu="<Speak>menu</Speak>", bye="<Speak>bye</Speak>",
    ))
    assert not any(d.code == "import-mixed-link-methods" for d in result.diagnostics)


def test_files_of_a_designer_bundle_warn_that_their_routes_cannot_come_back(tmp_path):
    from designer.compiler import write_bundle
    from designer.flowfile import load_flow
    from designer.resources import examples_dir

    bundle = compile_flow(load_flow(examples_dir() / "support-line.ivrflow"))
    write_bundle(bundle, tmp_path / "line")
    files = [tmp_path / "line" / name for name in bundle.documents]
    result = import_files(files)
    [warning] = [d for d in result.diagnostics if d.code == "import-designer-bundle"]
    assert warning.file == "answer.xml" and warning.severity == "warning"
    assert "original .ivrflow" in warning.hint
    # The same documents elsewhere, without the manifest: plain Plivo XML, no such warning.
    plain = tmp_path / "plain"
    plain.mkdir()
    for path in files:
        (plain / path.name).write_bytes(path.read_bytes())
    again = import_files([plain / path.name for path in files])
    assert "import-designer-bundle" not in {d.code for d in again.diagnostics}
