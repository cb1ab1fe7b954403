"""The importer on single documents: how elements, attributes, text, SSML and comments map to a
flow, what is reported (with line numbers), and how unsafe or broken input is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.flowfile import dumps_flow, loads_flow
from designer.importer import ImportResult, XmlImportError, import_files, import_string
from designer.model import Child


def imported(body: str, **kwargs) -> ImportResult:
    return import_string(f"<Response>{body}</Response>", **kwargs)


def steps(result: ImportResult) -> list:
    return [n for n in result.flow.nodes.values() if n.type != "Start"]


def chain(result: ImportResult) -> list[tuple[str, str, str]]:
    return [(e.source, e.port, e.target) for e in result.flow.edges]


def codes(result: ImportResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def refusal(text: str | bytes) -> XmlImportError:
    with pytest.raises(XmlImportError) as caught:
        import_string(text)
    return caught.value


# -- mapping --------------------------------------------------------------------------------


def test_each_verb_becomes_a_step_chained_from_start_in_document_order():
    result = imported("<Speak>Hi</Speak><Play>https://x.example/a.mp3</Play><Wait/><Hangup/>")
    assert [n.type for n in steps(result)] == ["Speak", "Play", "Wait", "Hangup"]
    assert chain(result) == [
        ("start", "next", "speak"),
        ("speak", "next", "play"),
        ("play", "next", "wait"),
        ("wait", "next", "hangup"),
    ]
    assert result.diagnostics == []


def test_ids_are_readable_and_unique():
    result = imported(
        "<Speak>a</Speak><Speak>b</Speak><GetDigits/><GetInput/><MultiPartyCall role='agent'>"
        "r</MultiPartyCall><Message>m</Message><Speak>c</Speak>"
    )
    assert [n.id for n in steps(result)] == [
        "speak", "speak-2", "menu", "input", "multiparty", "sms", "speak-3",
    ]


def test_menus_continue_through_their_noinput_exit():
    result = imported("<GetDigits><Speak>Press 1</Speak></GetDigits><Speak>Bye</Speak>")
    assert ("menu", "noinput", "speak") in chain(result)
    assert result.flow.nodes["menu"].choices == []  # the importer never invents choices


def test_attributes_are_typed_by_the_catalog():
    result = imported(
        '<GetDigits timeout="7" redirect="false" finishOnKey="#" method="GET" '
        'action="https://x.example/a" validDigits="123"/>'
        '<Stream noiseCancellation="true">wss://s.example/x</Stream>'
    )
    menu = result.flow.nodes["menu"]
    assert menu.attributes == {
        "timeout": 7, "redirect": False, "finishOnKey": "#", "method": "GET",
        "action": "https://x.example/a", "validDigits": "123",
    }
    assert type(menu.attributes["timeout"]) is int
    # An enum whose choices happen to be "true"/"false" stays text: the catalog decides.
    assert result.flow.nodes["stream"].attributes == {"noiseCancellation": "true"}


@pytest.mark.parametrize(
    ("raw", "attribute"),
    [("07", "timeout"), ("+5", "timeout"), ("-0", "timeout"), ("five", "timeout"),
     ("True", "playBeep"), ("1", "playBeep"), ("", "log")],
)
def test_values_that_do_not_convert_are_kept_as_written_and_reported(raw, attribute):
    result = imported(f'<GetDigits {attribute}="{raw}"/>')
    assert result.flow.nodes["menu"].attributes == {attribute: raw}
    [warning] = result.diagnostics
    assert warning.code == "import-bad-value" and warning.attribute == attribute
    assert warning.line == 1 and f"'{raw}'" in warning.message


def test_negative_and_zero_numbers_convert_so_validation_can_judge_them():
    result = imported('<Play loop="0">https://x.example/a.mp3</Play><Wait length="-3"/>')
    assert result.flow.nodes["play"].attributes == {"loop": 0}
    assert result.flow.nodes["wait"].attributes == {"length": -3}


def test_unknown_attributes_are_kept_as_extra_attributes_and_reported_with_their_line():
    result = import_string(
        '<Response>\n  <Speak numdigits="3" x-trace="abc">Hi</Speak>\n</Response>'
    )
    speak = result.flow.nodes["speak"]
    assert speak.extra_attributes == {"numdigits": "3", "x-trace": "abc"}
    assert speak.attributes == {}
    assert [(d.code, d.line, d.node, d.attribute) for d in result.diagnostics] == [
        ("import-unknown-attribute", 2, "speak", "numdigits"),
        ("import-unknown-attribute", 2, "speak", "x-trace"),
    ]
    assert "answer.xml, line 2" in str(result.diagnostics[0])


def test_findings_about_a_step_name_it_and_others_do_not():
    result = import_string(
        '<Response>\n<Speak colour="red">Hi</Speak>\n<Bogus/>\n'
        '<GetDigits timeout="soon"><Speak tone="x">Press</Speak></GetDigits>\n'
        '<Speak>Bye</Speak>\n<Speak lang="x">Again</Speak>\n</Response>'
    )
    assert [(d.code, d.line, d.node) for d in result.diagnostics] == [
        ("import-unknown-attribute", 2, "speak"),
        ("import-unknown-element", 3, None),  # skipped: there is no step to name
        ("import-bad-value", 4, "menu"),
        ("import-unknown-attribute", 4, "menu"),  # on the menu's prompt: the menu's step
        ("import-unknown-attribute", 6, "speak-3"),
    ]
    assert result.flow.nodes["speak-3"].text == "Again"


def test_a_misspelt_attribute_gets_a_suggestion():
    result = imported('<GetDigits numdigits="3"/>')
    assert result.diagnostics[0].hint == "Did you mean 'numDigits'?"


def test_unknown_attributes_of_nested_elements_are_kept():
    result = imported('<GetDigits><Speak colour="red">Hi</Speak></GetDigits>')
    assert result.flow.nodes["menu"].children == [
        Child("Speak", "Hi", extra_attributes={"colour": "red"})]
    assert codes(result) == ["import-unknown-attribute"]


def test_unknown_attributes_round_trip_including_xml_lang():
    from lxml import etree

    from designer.compiler import compile_flow

    source = ('<Response><Speak xml:lang="en" colour="red">Hi</Speak>'
              '<GetDigits><Play tempo="fast">https://a.example.com/x.mp3</Play></GetDigits>'
              '</Response>')
    result = import_string(source, name="answer")
    out = compile_flow(result.flow, check=False).documents["answer.xml"]
    parser = etree.XMLParser(remove_blank_text=True)
    assert etree.tostring(etree.fromstring(out, parser), method="c14n") == etree.tostring(
        etree.fromstring(source.encode(), parser), method="c14n")


def test_text_is_kept_exactly_and_entities_are_decoded():
    result = imported(
        "<Speak>  Tom &amp; Jerry &lt;3 &#x263A; </Speak><Speak><![CDATA[a <b> & c]]></Speak>"
    )
    assert result.flow.nodes["speak"].text == "  Tom & Jerry <3 \u263a "
    assert result.flow.nodes["speak-2"].text == "a <b> & c"
    assert result.flow.nodes["speak"].ssml is None


def test_an_empty_body_is_no_text():
    result = imported("<Speak/><Conference></Conference>")
    assert result.flow.nodes["speak"].text is None
    assert result.flow.nodes["conference"].text is None


def test_speak_with_ssml_keeps_the_exact_inner_markup():
    markup = (
        'Hello <break time="1s"/><prosody rate="slow">Tom &amp; <emphasis>Jerry</emphasis>'
        '</prosody> and <lang xml:lang="it">ciao</lang>, the end &lt;3'
    )
    result = imported(f'<Speak voice="Polly.Joey">{markup}</Speak>')
    speak = result.flow.nodes["speak"]
    assert speak.ssml == markup
    assert speak.text is None
    assert result.diagnostics == []


def test_ssml_does_not_carry_namespace_declarations_of_the_document():
    result = import_string(
        '<Response xmlns:foo="urn:x"><Speak><s>One</s> two</Speak></Response>'
    )
    assert result.flow.nodes["speak"].ssml == "<s>One</s> two"


def test_unknown_ssml_tags_are_kept_in_the_markup_but_reported():
    result = imported("<Speak>Hi <blink>there</blink></Speak>")
    assert result.flow.nodes["speak"].ssml == "Hi <blink>there</blink>"
    assert codes(result) == ["import-unknown-ssml"]


def test_nested_elements_become_children_in_order_with_their_attributes():
    result = imported(
        '<GetDigits numDigits="1"><Speak loop="2">Menu</Speak><Wait length="1"/>'
        '<Play>https://x.example/m.mp3</Play><Speak voice="Polly.Amy"><s>SSML</s></Speak>'
        "</GetDigits>"
        '<Dial><Number sendDigits="ww1">+14155550100</Number><User>sip:a@b.example</User></Dial>'
    )
    assert result.flow.nodes["menu"].children == [
        Child("Speak", "Menu", attributes={"loop": 2}),
        Child("Wait", attributes={"length": 1}),
        Child("Play", "https://x.example/m.mp3"),
        Child("Speak", ssml="<s>SSML</s>", attributes={"voice": "Polly.Amy"}),
    ]
    assert result.flow.nodes["dial"].children == [
        Child("Number", "+14155550100", attributes={"sendDigits": "ww1"}),
        Child("User", "sip:a@b.example"),
    ]


def test_unknown_elements_are_reported_with_their_line_and_the_import_goes_on():
    result = import_string(
        "<Response>\n<Speak>a</Speak>\n<Say>b</Say>\n<speak>c</speak>\n<Play>https://x/a</Play>\n"
        "</Response>"
    )
    assert [n.type for n in steps(result)] == ["Speak", "Play"]
    assert chain(result)[-1] == ("speak", "next", "play")
    unknown = [d for d in result.diagnostics if d.code == "import-unknown-element"]
    assert [d.line for d in unknown] == [3, 4]
    assert "Did you mean 'Speak'?" in unknown[1].message


def test_misplaced_elements_are_skipped_with_a_reason():
    result = imported("<Number>+14155550100</Number><Dial><Speak>x</Speak></Dial>")
    assert [n.type for n in steps(result)] == ["Dial"]
    messages = [d.message for d in result.diagnostics]
    assert codes(result) == ["import-misplaced-element", "import-misplaced-element"]
    assert "inside <Dial>" in messages[0]
    assert "only <Number>, <User> can" in messages[1]


def test_stray_text_is_reported():
    result = imported("Hello<Speak>a</Speak>there<Wait>ignored</Wait>")
    assert codes(result) == ["import-ignored-text", "import-ignored-text", "import-ignored-text"]
    assert result.flow.nodes["wait"].text is None


def test_comments_become_notes_and_do_not_break_text():
    result = import_string(
        "<!-- Support line -->\n<Response><!-- greet --><Speak>Hi <!-- inline --> you</Speak>"
        "<Dial><!-- sales desk --><Number>+14155550100</Number></Dial><!-- end --></Response>"
    )
    assert result.flow.nodes["speak"].text == "Hi  you"
    notes = [n.text for n in result.flow.notes]
    assert notes == ["Support line", "greet", "inline", "sales desk", "end"]
    assert len({n.id for n in result.flow.notes}) == len(notes)


def test_steps_after_a_hangup_never_run_so_they_are_kept_unconnected():
    result = import_string(
        "<Response>\n<Hangup/>\n<Speak>lost</Speak>\n<Play>https://x/a.mp3</Play>\n</Response>"
    )
    assert chain(result) == [("start", "next", "hangup"), ("speak", "next", "play")]
    [warning] = result.diagnostics
    assert warning.code == "import-never-runs" and warning.line == 3
    assert "line 2" in warning.message


def test_a_record_whose_action_takes_over_ends_the_chain_unless_redirect_is_false():
    taking_over = imported('<Record action="https://x.example/r"/><Speak>after</Speak>')
    assert ("record", "next", "speak") not in chain(taking_over)
    assert codes(taking_over) == ["import-never-runs"]
    notifying = imported('<Record action="https://x.example/r" redirect="false"/><Speak>a</Speak>')
    assert ("record", "next", "speak") in chain(notifying)
    assert notifying.diagnostics == []


def test_a_hangup_with_a_schedule_continues():
    result = imported('<Hangup schedule="30"/><Play loop="0">https://x/a.mp3</Play>')
    assert ("hangup", "next", "play") in chain(result)


def test_an_empty_response_gives_start_alone_and_says_so():
    result = import_string("<Response/>")
    assert list(result.flow.nodes) == ["start"]
    assert result.step_count == 0
    assert codes(result) == ["import-empty"]


def test_the_imported_flow_saves_and_loads_unchanged():
    result = imported(
        '<Speak voice="WOMAN" foo="1">Hi</Speak><GetDigits timeout="x"><Speak>p</Speak>'
        '</GetDigits><Dial><Number>+14155550100</Number></Dial>'
    )
    text = dumps_flow(result.flow)
    assert dumps_flow(loads_flow(text)) == text


def test_every_step_gets_a_position():
    result = imported("<Speak>a</Speak><GetDigits/><Hangup/><Speak>dead</Speak>")
    assert set(result.flow.layout) == set(result.flow.nodes)


# -- safety and refusals --------------------------------------------------------------------


def test_a_doctype_is_refused_before_parsing():
    error = refusal('<?xml version="1.0"?>\n<!DOCTYPE Response>\n<Response/>')
    [problem] = error.diagnostics
    assert problem.code == "import-doctype" and problem.line == 2
    assert "DOCTYPE" in str(error)


def test_entity_declarations_are_refused():
    bomb = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        "<Response><Speak>&lol2;</Speak></Response>"
    )
    assert refusal(bomb).diagnostics[0].code == "import-doctype"


def test_an_external_entity_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (
        f'<!-- hi --><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<Response><Speak>&x;</Speak></Response>"
    )
    error = refusal(xxe)
    assert error.diagnostics[0].code == "import-doctype"
    assert "TOP SECRET" not in str(error)


def test_a_doctype_in_utf16_is_refused():
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><Response/>'
    assert refusal(text.encode("utf-16")).diagnostics[0].code == "import-doctype"


def test_an_undeclared_entity_is_malformed_with_a_plain_message():
    error = refusal("<Response>\n  <Speak>&nbsp;</Speak>\n</Response>")
    [problem] = error.diagnostics
    assert problem.code == "import-malformed" and problem.line == 2
    assert "'&nbsp;' is not a known XML entity" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("<Response>\n<Speak>hi</Response>", 2, "<Speak> opened on line 2 is closed by </Resp"),
        ("<Response>\n<Speak>Tom & Jerry</Speak></Response>", 2, "'&amp;'"),
        ("<Response><Speak>a < b</Speak></Response>", 1, "'&lt;'"),
        ("<Response>\n\n<Speak>", 3, "the file ends before"),
        ("", 1, "the file is empty"),
        ("hello", 1, "this is not XML"),
        ("<Response/><Response/>", 1, "exactly one <Response>"),
        ('<Response><Speak loop="1" loop="2">x</Speak></Response>', 1, "given twice"),
    ],
)
def test_malformed_xml_reports_line_and_column_in_plain_words(text, line, words):
    [problem] = refusal(text).diagnostics
    assert problem.code == "import-malformed"
    assert problem.line == line and problem.column is not None
    assert words in problem.message
    assert f"line {line}, column {problem.column}" in str(problem)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<Dial/>", "the root element is <Dial>, not <Response>"),
        ("<response/>", "Plivo needs <Response> exactly"),
        ('<Response xmlns="urn:plivo"/>', "Plivo XML uses no namespaces"),
    ],
)
def test_a_root_that_is_not_response_is_refused(text, words):
    [problem] = refusal(text).diagnostics
    assert problem.code == "import-not-plivo" and words in problem.message


def test_external_references_are_refused():
    xinclude = (
        '<Response xmlns:xi="http://www.w3.org/2001/XInclude">'
        '<xi:include href="other.xml"/></Response>'
    )
    assert refusal(xinclude).diagnostics[0].code == "import-external"
    stylesheet = '<?xml-stylesheet href="http://evil.example/x.xsl"?><Response/>'
    assert refusal(stylesheet).diagnostics[0].code == "import-external"


def test_other_processing_instructions_are_left_out_with_a_warning():
    result = import_string("<?editor layout='wide'?><Response><Speak>a</Speak></Response>")
    assert codes(result) == ["import-processing-instruction"]
    assert [n.type for n in steps(result)] == ["Speak"]


def test_huge_input_is_refused_without_parsing():
    text = "<Response>" + "<Wait/>" * 400_000 + "</Response>"
    assert refusal(text).diagnostics[0].code == "import-too-large"


def test_encodings_are_honoured_for_bytes_and_ignored_for_text():
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><Response><Speak>café</Speak></Response>'
    assert import_string(latin.encode("latin-1")).flow.nodes["speak"].text == "café"
    assert import_string(latin).flow.nodes["speak"].text == "café"


def test_garbage_never_escapes_as_anything_but_an_import_error():
    samples = [b"\x00\x01\x02", b"<Response>\xff\xfe</Response>", b"<?xml version='9'?><a",
               b"<Response><Speak>\x0c</Speak></Response>", b"\xef\xbb\xbf"]
    for sample in samples:
        with pytest.raises(XmlImportError):
            import_string(sample)


# -- files ----------------------------------------------------------------------------------


def test_import_files_reports_every_unreadable_and_refused_file(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text("<Response><Speak>x</Speak></Response>")
    broken = tmp_path / "broken.xml"
    broken.write_text("<Response>")
    with pytest.raises(XmlImportError) as caught:
        import_files([good, tmp_path / "missing.xml", broken, tmp_path])
    error = caught.value
    assert error.unreadable
    assert [(d.file, d.code) for d in error.diagnostics] == [
        ("missing.xml", "import-unreadable"),
        (tmp_path.name, "import-unreadable"),
        ("broken.xml", "import-malformed"),
    ]
    assert "there is no such file" in str(error)
    assert "a folder" in str(error)


def test_a_refused_file_refuses_the_whole_import(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text("<Response><Speak>x</Speak></Response>")
    bad = tmp_path / "bad.xml"
    bad.write_text("<Dial/>")
    with pytest.raises(XmlImportError) as caught:
        import_files([good, bad])
    assert not caught.value.unreadable
    assert [d.file for d in caught.value.diagnostics] == ["bad.xml"]


def test_import_files_names_the_flow_after_the_first_file(tmp_path):
    path = tmp_path / "support_line.xml"
    path.write_text("<Response><Speak>x</Speak></Response>")
    assert import_files([path]).flow.name == "support line"
    assert import_files([path], name="Acme").flow.name == "Acme"


def test_diagnostics_convert_to_check_diagnostics():
    result = imported('<Speak x="1">a</Speak>')
    converted = result.diagnostics[0].to_diagnostic()
    assert converted.severity == "warning" and converted.attribute == "x"
    assert converted.message.startswith("answer.xml, line 1: ")


SAMPLE_BYTES = [p.read_bytes() for p in sorted(
    (Path(__file__).parent / "data" / "import").glob("*.xml"))]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SAMPLE_BYTES), st.integers(0, 10_000), st.integers(0, 40),
       st.binary(max_size=12))
def test_damaged_documents_import_or_are_refused_never_crash(sample, at, cut, insert):
    at = at % (len(sample) + 1)
    damaged = sample[:at] + insert + sample[at + cut:]
    try:
        result = import_string(damaged)
    except XmlImportError as exc:
        assert exc.diagnostics and all(d.is_error for d in exc.diagnostics)
    else:
        assert dumps_flow(loads_flow(dumps_flow(result.flow))) == dumps_flow(result.flow)
