"""Compiler: how graphs become documents and routes, XML output rules, atomic bundles."""

from __future__ import annotations

import json
from itertools import permutations
from pathlib import Path

import pytest
from flowbuilder import build, chain
from lxml import etree

from designer.catalog import load_catalog
from designer.compiler import CompileError, compile_flow, diagnose, write_bundle
from designer.compiler.compile import MAX_DOCUMENT_BYTES
from designer.compiler.xmlwriter import (
    MAX_REMEMBERED_ORDERS,
    build_element,
    element_tables,
)
from designer.model import Child, Node

CATALOG = load_catalog()

BASE = "https://ivr.example.com/t/"


def compiled(flow):
    return compile_flow(flow, check=False)


def xml(bundle, name="answer.xml"):
    return etree.fromstring(bundle.documents[name])


def tags(root):
    return [child.tag for child in root]


def support_line():
    return build(
        [
            ("start", "Start"),
            ("welcome", "Speak", {"text": "Thanks for calling Acme.",
                                  "attributes": {"language": "en-GB"}}),
            ("menu", "GetDigits", {"attributes": {"numDigits": 1, "timeout": 7},
                                   "children": [("Speak", "For sales press 1.")],
                                   "choices": ["1", "2"]}),
            ("sales", "Dial", {"attributes": {"timeout": 20},
                               "children": [("Number", "+14155550100")]}),
            ("voicemail", "Record", {"attributes": {"maxLength": 120}}),
            ("goodbye", "Speak", {"text": "Goodbye."}),
            ("end", "Hangup"),
        ],
        [
            ("start", "welcome"), ("welcome", "menu"), ("menu", "1", "sales"),
            ("menu", "2", "voicemail"), ("menu", "noinput", "goodbye"),
            ("sales", "no-answer", "voicemail"), ("sales", "goodbye"),
            ("voicemail", "goodbye"), ("goodbye", "end"),
        ],
    )


def test_support_line_documents_and_routes():
    bundle = compiled(support_line())
    docs = bundle.manifest["documents"]
    assert list(docs) == ["answer.xml", "goodbye.xml", "menu.xml", "sales.xml", "voicemail.xml"]
    assert docs["answer.xml"]["nodes"] == ["welcome"]
    assert docs["answer.xml"]["redirect_to"] == "menu.xml"
    assert docs["goodbye.xml"]["nodes"] == ["goodbye", "end"]
    routes = bundle.manifest["routes"]
    assert routes["menu"] == {
        "parameters": ["Digits"], "match": "exact",
        "choices": {"1": "sales.xml", "2": "voicemail.xml"}, "default": "menu.xml",
    }
    assert routes["sales"]["choices"] == {"no-answer": "voicemail.xml"}
    assert routes["sales"]["default"] == "goodbye.xml"
    assert bundle.manifest["needs_runtime"] is True
    menu = xml(bundle, "menu.xml")
    assert tags(menu) == ["GetDigits", "Redirect"]
    assert menu[0].get("action") == BASE + "route/menu"
    assert menu[0].get("method") == "GET"
    assert menu[1].text == BASE + "goodbye.xml"
    assert bundle.node_document["end"] == "goodbye.xml"


def test_noinput_falls_through_in_the_same_document():
    flow = build(
        [("start", "Start"), ("menu", "GetDigits", {"choices": ["1"]}),
         ("sorry", "Speak", {"text": "Sorry."}), ("one", "Speak", {"text": "One"})],
        [("start", "menu"), ("menu", "noinput", "sorry"), ("menu", "1", "one")],
    )
    bundle = compiled(flow)
    assert tags(xml(bundle, "answer.xml")) == ["GetDigits", "Speak"]
    assert bundle.manifest["documents"]["answer.xml"]["nodes"] == ["menu", "sorry"]
    # An unwired nomatch sends the caller back to the menu, which is the entry document here.
    assert bundle.manifest["routes"]["menu"]["default"] == "answer.xml"


def test_merge_becomes_redirect_not_copy():
    flow = build(
        [("start", "Start"), ("menu", "GetDigits", {"choices": ["1", "2"]}),
         ("a", "Speak", {"text": "A"}), ("b", "Speak", {"text": "B"}),
         ("shared", "Speak", {"text": "Shared"}), ("bye", "Hangup")],
        [("start", "menu"), ("menu", "1", "a"), ("menu", "2", "b"),
         ("a", "shared"), ("b", "shared"), ("shared", "bye")],
    )
    bundle = compiled(flow)
    assert bundle.manifest["documents"]["shared.xml"]["nodes"] == ["shared", "bye"]
    for name in ("a.xml", "b.xml"):
        root = xml(bundle, name)
        assert tags(root) == ["Speak", "Redirect"]
        assert root[1].text == BASE + "shared.xml"
    all_text = b"".join(bundle.documents.values())
    assert all_text.count(b">Shared<") == 1


def test_loop_back_to_entry_redirects_to_answer():
    flow = build(
        [("start", "Start"), ("hello", "Speak", {"text": "Hi"}), ("again", "Wait")],
        [("start", "hello"), ("hello", "again"), ("again", "hello")],
    )
    bundle = compiled(flow)
    assert list(bundle.documents) == ["answer.xml"]
    root = xml(bundle)
    assert tags(root) == ["Speak", "Wait", "Redirect"]
    assert root[2].text == BASE + "answer.xml"


def test_dial_without_outcomes_falls_through_without_action():
    flow = chain(("call", "Dial", {"children": [("Number", "+14155550100")]}),
                 ("after", "Speak", {"text": "Bye"}))
    bundle = compiled(flow)
    root = xml(bundle)
    assert tags(root) == ["Dial", "Speak"]
    assert root[0].get("action") is None
    assert bundle.manifest["routes"] == {}
    assert bundle.manifest["needs_runtime"] is False


def test_dial_with_unwired_next_ends_the_call_by_default():
    flow = build(
        [("start", "Start"), ("call", "Dial", {"children": [("Number", "+14155550100")]}),
         ("busy", "Speak", {"text": "Busy"})],
        [("start", "call"), ("call", "busy", "busy")],
    )
    route = compiled(flow).manifest["routes"]["call"]
    assert route == {"parameters": ["DialStatus"], "match": "exact",
                     "choices": {"busy": "busy.xml"}, "default": None}


def test_user_action_with_redirect_stops_the_document():
    flow = chain(("rec", "Record", {"attributes": {"action": "https://crm.example.com/vm"}}),
                 ("after", "Speak", {"text": "never"}))
    assert tags(xml(compiled(flow))) == ["Record"]
    flow.set_attribute("rec", "redirect", False)
    root = xml(compiled(flow))
    assert tags(root) == ["Record", "Speak"]
    assert root[0].get("redirect") == "false"
    assert root[0].get("action") == "https://crm.example.com/vm"


def test_hangup_with_schedule_continues_and_without_it_ends():
    flow = chain(("later", "Hangup", {"attributes": {"schedule": 30}}),
                 ("music", "Play", {"text": "https://cdn.example.com/hold.mp3",
                                    "attributes": {"loop": 0}}))
    root = xml(compiled(flow))
    assert tags(root) == ["Hangup", "Play"]
    assert root[0].get("schedule") == "30"


def test_getinput_routes_by_keyword():
    flow = build(
        [("start", "Start"),
         ("ask", "GetInput", {"attributes": {"inputType": "speech"},
                              "choices": ["sales", "support"]}),
         ("s", "Speak", {"text": "Sales"})],
        [("start", "ask"), ("ask", "sales", "s")],
    )
    route = compiled(flow).manifest["routes"]["ask"]
    assert route["match"] == "keyword"
    assert route["parameters"] == ["Digits", "Speech"]
    assert route["choices"] == {"sales": "s.xml"}


def test_attributes_typed_and_in_catalog_order_whatever_the_setting_order():
    first = chain(("menu", "GetDigits", {"attributes": {"retries": 2, "playBeep": True,
                                                         "timeout": 3}}))
    second = chain(("menu", "GetDigits", {"attributes": {"timeout": 3, "retries": 2,
                                                          "playBeep": True}}))
    a, b = compiled(first).documents["answer.xml"], compiled(second).documents["answer.xml"]
    assert a == b
    assert b'<GetDigits timeout="3" retries="2" playBeep="true"/>' in a


def test_attribute_order_holds_for_every_combination_of_names_even_past_the_memo():
    # The writer remembers the catalog order of each combination of names it has met; more
    # combinations than it remembers must still come out right (in any setting order).
    spec = CATALOG.element("GetDigits")
    names = list(spec.attribute_names)
    combos = [*permutations(names, 2), *permutations(names, 3)]  # each in its setting order
    assert len(combos) > MAX_REMEMBERED_ORDERS
    values = {"bool": True, "int": 3, "enum": None}
    for combo in combos:
        attributes = {}
        for name in combo:
            attr = spec.attribute(name)
            value = values.get(attr.type, "x")
            attributes[name] = value if value is not None else (attr.choices or ("x",))[0]
        element = build_element(Node("m", "GetDigits", attributes=attributes), CATALOG)
        assert list(element.attrib) == [n for n in names if n in combo]
    # ... and the memo stays bounded.
    assert 0 < len(element_tables(CATALOG)["GetDigits"].orders) <= MAX_REMEMBERED_ORDERS


def test_output_format_declaration_indent_and_determinism():
    flow = support_line()
    one, two = compiled(flow), compiled(flow.copy())
    assert one.documents == two.documents
    assert one.manifest_bytes() == two.manifest_bytes()
    text = one.documents["goodbye.xml"].decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Speak>')
    assert text.endswith("</Response>\n")


def test_user_text_is_escaped():
    flow = chain(("say", "Speak", {"text": "Tom & Jerry <3 > you"}),
                 ("sms", "Message", {"text": "Hi & bye",
                                     "attributes": {"src": "+1415", "dst": "+1555<+1666"}}))
    data = compiled(flow).documents["answer.xml"]
    assert b"Tom &amp; Jerry &lt;3 &gt; you" in data
    assert b'dst="+1555&lt;+1666"' in data
    root = etree.fromstring(data)
    assert root[0].text == "Tom & Jerry <3 > you"


def test_ssml_becomes_elements():
    flow = chain(("say", "Speak", {"ssml": 'Hello <break time="1s"/> <emphasis>world</emphasis>',
                                   "attributes": {"voice": "Polly.Joanna"}}))
    speak = xml(compiled(flow))[0]
    assert speak.text == "Hello "
    assert [c.tag for c in speak] == ["break", "emphasis"]
    assert speak[0].get("time") == "1s"


def test_malformed_ssml_is_a_compile_error_naming_the_step():
    flow = chain(("say", "Speak", {"ssml": "Hello <break"}))
    with pytest.raises(CompileError) as caught:
        compile_flow(flow, check=False)
    assert caught.value.diagnostics[0].node == "say"
    assert caught.value.diagnostics[0].code == "ssml-malformed"


def test_children_and_extra_attributes_are_written():
    flow = chain(("call", "Dial", {"children": [("Number", "+14155550100",
                                                 {"sendDigits": "ww12"}),
                                                ("User", "sip:alice@phone.plivo.com")]}))
    flow.nodes["call"].extra_attributes["customThing"] = "42"
    dial = xml(compiled(flow))[0]
    assert [c.tag for c in dial] == ["Number", "User"]
    assert dial[0].get("sendDigits") == "ww12"
    assert dial.get("customThing") == "42"


def test_flow_without_entry_gives_empty_answer():
    flow = build([("start", "Start")], [])
    bundle = compiled(flow)
    assert list(bundle.documents) == ["answer.xml"]
    assert len(xml(bundle)) == 0


def test_unreachable_nodes_are_not_compiled():
    flow = build([("start", "Start"), ("a", "Speak", {"text": "A"}),
                  ("island", "Speak", {"text": "Island"})], [("start", "a")])
    bundle = compiled(flow)
    assert "island" not in bundle.node_document
    assert b"Island" not in b"".join(bundle.documents.values())


def test_base_url_override_and_trailing_slash():
    flow = support_line()
    bundle = compile_flow(flow, base_url="https://other.example.com/x", check=False)
    assert bundle.manifest["base_url"] == "https://other.example.com/x/"
    assert xml(bundle, "menu.xml")[0].get("action") == "https://other.example.com/x/route/menu"


def test_link_method_is_used_for_actions_and_redirects():
    flow = support_line()
    flow.settings["link_method"] = "POST"
    bundle = compiled(flow)
    menu = xml(bundle, "menu.xml")
    assert menu[0].get("method") == "POST" and menu[1].get("method") == "POST"


def test_manifest_hashes_match_documents():
    import hashlib

    bundle = compiled(support_line())
    for name, entry in bundle.manifest["documents"].items():
        assert entry["sha256"] == hashlib.sha256(bundle.documents[name]).hexdigest()


def test_document_over_100_kb_is_an_error():
    flow = chain(("long", "Speak", {"text": "x" * (MAX_DOCUMENT_BYTES + 10)}))
    bundle = compiled(flow)
    assert len(bundle.documents["answer.xml"]) > MAX_DOCUMENT_BYTES
    codes = [d.code for d in diagnose(flow)]
    assert "document-too-large" in codes
    with pytest.raises(CompileError):
        compile_flow(flow)


def test_write_bundle_writes_documents_and_manifest(tmp_path: Path):
    bundle = compiled(support_line())
    out = tmp_path / "bundle"
    write_bundle(bundle, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([*bundle.documents, "manifest.json"])
    assert json.loads((out / "manifest.json").read_text()) == bundle.manifest
    # Writing again replaces the whole directory: a stale file does not survive.
    (out / "stale.xml").write_text("old")
    write_bundle(bundle, out)
    assert not (out / "stale.xml").exists()


def test_failed_write_leaves_previous_bundle_untouched(tmp_path: Path, monkeypatch):
    bundle = compiled(support_line())
    out = tmp_path / "bundle"
    write_bundle(bundle, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    broken = compiled(support_line())
    broken.documents["bad/name.xml"] = b"<Response/>"  # the sub-directory does not exist
    with pytest.raises(OSError):
        write_bundle(broken, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["bundle"]  # no temporary left over


def test_failed_write_to_new_directory_leaves_nothing(tmp_path: Path):
    broken = compiled(support_line())
    broken.documents["bad/name.xml"] = b"<Response/>"
    with pytest.raises(OSError):
        write_bundle(broken, tmp_path / "fresh")
    assert list(tmp_path.iterdir()) == []


def test_compile_refuses_flows_with_errors():
    flow = chain(("rec", "Record", {"attributes": {"fileFormat": "ogg"}}))
    with pytest.raises(CompileError) as caught:
        compile_flow(flow)
    assert any(d.attribute == "fileFormat" for d in caught.value.diagnostics)


def test_child_prompts_inside_menu_keep_their_attributes():
    flow = chain(("menu", "GetDigits"))
    flow.set_children("menu", [Child("Speak", "Press 1", attributes={"voice": "MAN"}),
                               Child("Play", "https://cdn.example.com/a.mp3"),
                               Child("Wait", attributes={"length": 2})])
    menu = xml(compiled(flow))[0]
    assert [(c.tag, c.get("voice"), c.get("length")) for c in menu] == [
        ("Speak", "MAN", None), ("Play", None, None), ("Wait", None, "2")]


def test_node_type_without_tag_is_never_emitted():
    flow = chain(("say", "Speak", {"text": "x"}))
    assert "Start" not in compiled(flow).documents["answer.xml"].decode()
    assert isinstance(flow.nodes["say"], Node)


def test_control_character_is_a_compile_error_not_a_crash():
    flow = chain(("say", "Speak", {"text": "bell \x07 here"}))
    with pytest.raises(CompileError) as caught:
        compile_flow(flow, check=False)
    assert caught.value.diagnostics[0].code == "xml-invalid-character"
    assert caught.value.diagnostics[0].node == "say"


def test_menu_without_choices_sends_every_answer_straight_to_its_nomatch_document():
    flow = build(
        [("start", "Start"), ("menu", "GetDigits", {"children": [("Speak", "Press any key")]}),
         ("after", "Speak", {"text": "Thanks"}), ("quiet", "Hangup")],
        [("start", "menu"), ("menu", "nomatch", "after"), ("menu", "noinput", "quiet")],
    )
    bundle = compiled(flow)
    menu = xml(bundle)[0]
    assert menu.get("action") == BASE + "after.xml"
    assert bundle.manifest["routes"] == {}
    assert bundle.manifest["needs_runtime"] is False
    assert bundle.manifest["documents"]["after.xml"]["nodes"] == ["after"]


def test_route_of_a_menu_that_must_not_log_says_so():
    flow = build(
        [("start", "Start"), ("pin", "GetDigits", {"attributes": {"log": False},
                                                   "choices": ["1234"]}),
         ("ok", "Speak", {"text": "OK"})],
        [("start", "pin"), ("pin", "1234", "ok")],
    )
    routes = compiled(flow).manifest["routes"]
    assert routes["pin"]["log"] is False
    flow.set_attribute("pin", "log", None)
    assert "log" not in compiled(flow).manifest["routes"]["pin"]


def test_every_link_back_to_the_first_step_points_at_answer_xml():
    # The first step's document is answer.xml, not "<id>.xml": redirects, routes and direct
    # actions that lead back to it must use that name, in whichever document they stand.
    flow = build(
        [("start", "Start"), ("hello", "Speak", {"text": "Hello"}),
         ("menu", "GetDigits", {"choices": ["1", "2"],
                                "children": [("Speak", "Press 1 or 2")]}),
         ("one", "Speak", {"text": "One"}),
         ("any", "GetDigits", {"children": [("Speak", "Press anything")]})],
        [("start", "hello"), ("hello", "menu"), ("menu", "1", "one"), ("menu", "2", "hello"),
         ("menu", "noinput", "any"), ("one", "hello"),
         ("any", "nomatch", "hello"), ("any", "noinput", "hello")],
    )
    bundle = compiled(flow)
    # (menu.xml: a wrong key plays the menu again, without the greeting; silence there
    # goes on to 'any' in the same document.)
    assert set(bundle.documents) == {"answer.xml", "menu.xml", "one.xml"}
    back = "https://ivr.example.com/t/answer.xml"
    assert xml(bundle, "one.xml").find("Redirect").text == back
    menu = xml(bundle, "menu.xml")
    assert menu.findall("GetDigits")[1].get("action") == back  # 'any': a direct action
    assert menu.find("Redirect").text == back
    assert bundle.manifest["documents"]["one.xml"]["redirect_to"] == "answer.xml"
    assert bundle.manifest["routes"]["menu"]["choices"] == {"1": "one.xml", "2": "answer.xml"}
    assert bundle.manifest["routes"]["menu"]["default"] == "menu.xml"
