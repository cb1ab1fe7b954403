"""The SSML markup checks' messages: what a person typed is what the message shows."""

from __future__ import annotations

import pytest

from designer.catalog import load_catalog
from designer.checks.ssml import markup_problems


def problems(markup: str) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in markup_problems(markup, load_catalog())]


@pytest.mark.parametrize(
    ("markup", "declaration", "where"),
    [
        ("<!DOCTYPE speak>Hello", "DOCTYPE", "line 1, column 1"),
        ('Hi\n  <!DOCTYPE x [<!ENTITY a "b">]>&a;', "DOCTYPE", "line 2, column 3"),
        ('<!ENTITY a "b">Hello', "ENTITY", "line 1, column 1"),
        ("Hi <!doctype x>", "DOCTYPE", "line 1, column 4"),
    ],
)
def test_a_declaration_is_named_not_called_a_stray_less_than(markup, declaration, where):
    [(code, message)] = problems(markup)
    assert code == "ssml-invalid"
    assert f"at {where}: it contains a <!{declaration} …> declaration" in message
    assert "not allowed in SSML" in message
    assert "&lt;" not in message


def test_declaration_text_inside_cdata_or_a_comment_is_no_problem():
    assert problems("<![CDATA[<!DOCTYPE x>]]> and <!-- <!ENTITY y> -->") == []


def test_a_prefixed_tag_is_shown_as_written():
    [(code, message)] = problems('<x:y xmlns:x="urn:example">Hi</x:y>')
    assert code == "ssml-unknown-tag"
    assert "<x:y>" in message


def test_an_undeclared_prefix_is_explained_with_the_tag_as_written():
    [(code, message)] = problems("<amazon:effect>Hi</amazon:effect>")
    assert code == "ssml-invalid"
    assert "<amazon:effect> has a prefix (amazon:) that is not declared" in message


def test_a_known_tag_in_a_namespace_names_the_namespace():
    [(code, message)] = problems('<s xmlns="urn:q">Hi</s>')
    assert code == "ssml-unknown-tag"
    assert "<s> in the XML namespace 'urn:q'" in message
