"""Hand-edited JSON that does not parse is explained in plain words, at the place where the
fix goes (after the item a comma or colon is missing behind), and XML or an empty file given
as a flow says what it is."""

from __future__ import annotations

import json

import pytest

from designer.flowfile import FlowFileError, loads_flow
from designer.jsonerrors import explain_json_error


def explained(text: str) -> str:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    return explain_json_error(text, caught.value)


@pytest.mark.parametrize("text, expected", [
    ('{\n  "a": 1\n  "b": 2\n}', "a comma is missing after line 2, column 8"),
    ('{\n  "a" 1\n}', "a colon (:) is missing after line 2, column 5"),
    ('{"a": [1, 2, ]}', "a value was expected (or there is a comma too many) at line 1, "
                        "column 14"),
    ('{"a": 1,}', "a name in double quotes was expected (or there is a comma too many) at "
                  "line 1, column 9"),
    ('{"a": "open}', "a text is not closed with a double quote at line 1, column 7"),
    ('{"a": 1} {"b": 2}', "there is more text after the end of the data at line 1, column 10"),
    ('{"a": "two\nlines"}', "a text holds a line break or tab"),
    ("   ", "the file is empty"),
])
def test_parser_messages_become_plain_words(text: str, expected: str) -> None:
    assert explained(text).startswith(expected)


def test_flow_files_that_are_xml_or_empty_say_so() -> None:
    with pytest.raises(FlowFileError, match=r"This is XML .* `ivr-designer import`"):
        loads_flow('<?xml version="1.0"?>\n<Response><Speak>Hi</Speak></Response>')
    with pytest.raises(FlowFileError, match="The file is empty"):
        loads_flow("\n")
    with pytest.raises(FlowFileError, match="not valid JSON: a comma is missing after line 2"):
        loads_flow('{\n  "format": "ivr-flow"\n  "version": 1\n}')
