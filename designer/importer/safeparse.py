"""Parsing untrusted XML safely: refuse what could reach outside the file or blow up in size.

The parser never loads a DTD, never resolves entities, never touches the network and keeps
libxml2's size limits. On top of that a DOCTYPE (and with it any entity declaration) is refused
before parsing, and external references that survive parsing (XInclude, style sheets) are
refused after it. Every refusal is an `XmlImportError` naming the file, line and column.
"""

from __future__ import annotations

import re

from lxml import etree

from designer.importer.report import ImportDiagnostic, XmlImportError

# Plivo refuses documents over 100 KB. Larger ones are still imported (to be fixed in the
# editor) up to five times that; beyond, it is not a Plivo document and would only be slow.
MAX_BYTES = 512 * 1024

XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
# Processing instructions that point at another resource.
REFERENCING_PIS = ("xml-stylesheet", "xml-model")


# libxml2's wording → plain words. The raw message is kept as a fallback.
_FRIENDLY = (
    (
        re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)"),
        r"the <\1> opened on line \2 is closed by </\3>; every element needs its own closing tag",
    ),
    (
        re.compile(r"Premature end of data in tag (\S+) line (\d+)"),
        r"the file ends before the <\1> opened on line \2 is closed",
    ),
    (re.compile(r"^Document is empty"), "the file is empty"),
    (
        re.compile(r"^Start tag expected, '<' not found"),
        "this is not XML (an XML document starts with '<')",
    ),
    (
        re.compile(r"^Extra content at the end of the document"),
        "there is more after the closing </Response>; a document holds exactly one <Response>",
    ),
    (
        re.compile(r"^Entity '([^']+)' not defined"),
        r"'&\1;' is not a known XML entity; write a plain '&' as '&amp;'",
    ),
    (
        re.compile(r"^xmlParseEntityRef: no name|^EntityRef: expecting ';'"),
        "a plain '&' must be written as '&amp;'",
    ),
    (
        re.compile(r"^StartTag: invalid element name"),
        "a plain '<' must be written as '&lt;'",
    ),
    (
        re.compile(r"^Couldn't find end of Start Tag (\S+)"),
        r"the <\1> tag is not closed with '>'",
    ),
    (
        re.compile(r"^AttValue: \" or ' expected|^attributes construct error"),
        "an attribute value must be in quotes, like name=\"value\"",
    ),
    (
        re.compile(r"^Attribute (\S+) redefined"),
        r"the attribute '\1' is given twice on the same element",
    ),
)


def _refuse(file: str, code: str, message: str, line: int | None = None,
            column: int | None = None, hint: str = "") -> XmlImportError:
    return XmlImportError(
        [ImportDiagnostic("error", code, message, file, line, column, hint=hint)]
    )


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _as_text(data: bytes) -> str | None:
    """The bytes as text for the DOCTYPE scan (UTF-8, or UTF-16 with a byte order mark)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    return data.decode("utf-8", errors="replace")


def _doctype_offset(text: str) -> int | None:
    """Where a DOCTYPE starts, if there is one. It may only appear in the prolog: after an
    optional byte order mark, XML declaration, comments, processing instructions and white
    space. A hand-written scan, because a regex over untrusted text can backtrack for ages."""
    index = 1 if text.startswith("\ufeff") else 0
    while index < len(text):
        if text[index].isspace():
            index += 1
        elif text.startswith("<?", index):
            index = text.find("?>", index + 2)
            if index < 0:
                return None
            index += 2
        elif text.startswith("<!--", index):
            index = text.find("-->", index + 4)
            if index < 0:
                return None
            index += 3
        else:
            return index if text[index : index + 9].upper() == "<!DOCTYPE" else None
    return None


def _friendly(message: str) -> str:
    message = re.sub(r", line \d+, column \d+$", "", message.strip())
    for pattern, replacement in _FRIENDLY:
        if pattern.search(message):
            return pattern.sub(replacement, message, count=1)
    return message


def _make_parser(encoding: str | None) -> etree.XMLParser:
    return etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
        remove_pis=False,
        strip_cdata=True,
        recover=False,
        collect_ids=False,
    )


def parse_document(data: bytes, file: str, *, is_unicode: bool = False) -> tuple[
    etree._Element, list[ImportDiagnostic]
]:
    """Parse one document; returns its root and warnings about what parsing left out.

    `is_unicode` says the bytes are UTF-8 encoded from a Python string: any encoding named in
    the XML declaration is then ignored.
    """
    if len(data) > MAX_BYTES:
        raise _refuse(
            file, "import-too-large",
            f"the file is {len(data) // 1024} KB; a Plivo document can be at most 100 KB, "
            f"and the designer imports at most {MAX_BYTES // 1024} KB.",
        )
    text = _as_text(data)
    if text is not None:
        offset = _doctype_offset(text)
        if offset is not None:
            # Entity declarations can only live inside a DOCTYPE, so this refuses them too.
            raise _refuse(
                file, "import-doctype",
                "the document has a DOCTYPE (or entity) declaration. For safety the designer "
                "does not read DTDs or entity declarations, which can pull in other files or "
                "grow without limit.",
                _line_of(text, offset),
                hint="Plivo XML never needs one: delete the <!DOCTYPE …> part and import again.",
            )
    try:
        root = etree.fromstring(data, _make_parser("utf-8" if is_unicode else None))
    except etree.XMLSyntaxError as exc:
        # `msg` and `position` describe the error that stopped the parser (the error log is
        # shared by every parse in the thread, so its first entry may be stale).
        line, column = exc.position
        raise _refuse(
            file, "import-malformed", f"the XML is broken: {_friendly(exc.msg or str(exc))}.",
            line or None, column or None,
        ) from None
    except (ValueError, LookupError) as exc:  # an unknown or impossible encoding
        raise _refuse(file, "import-malformed", f"the file cannot be read as XML: {exc}.") from None
    return root, _check_tree(root, file)


def _check_tree(root: etree._Element, file: str) -> list[ImportDiagnostic]:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _refuse(
            file, "import-doctype",
            "the document has a DOCTYPE declaration; for safety the designer does not read them.",
            hint="Delete the <!DOCTYPE …> part and import again.",
        )
    warnings: list[ImportDiagnostic] = []
    prolog = list(root.itersiblings(preceding=True))[::-1] + list(root.itersiblings())
    for item in prolog + list(root.iter()):
        if isinstance(item, etree._Entity):
            raise _refuse(
                file, "import-entity", f"the document uses the entity reference {item.text}; "
                "entities are not allowed.", item.sourceline,
            )
        if isinstance(item, etree._ProcessingInstruction):
            if item.target in REFERENCING_PIS:
                raise _refuse(
                    file, "import-external",
                    f"the document refers to another file with <?{item.target} …?>; "
                    "external references are not allowed.", item.sourceline,
                    hint="Delete that line and import again.",
                )
            warnings.append(
                ImportDiagnostic(
                    "warning", "import-processing-instruction",
                    f"the processing instruction <?{item.target} …?> means nothing to Plivo "
                    "and was left out.", file, item.sourceline,
                )
            )
        elif isinstance(item.tag, str) and etree.QName(item).namespace in XINCLUDE_NAMESPACES:
            raise _refuse(
                file, "import-external",
                "the document includes another file (XInclude); external references are not "
                "allowed.", item.sourceline, hint="Paste the included part in its place.",
            )
    return warnings
