"""Ranges land on the right characters in every position encoding.

The text has characters outside the Basic Multilingual Plane (two UTF-16
units, four UTF-8 bytes) before findings, curly quotes and no-break spaces
(one UTF-16 unit, three or two UTF-8 bytes), CRLF line ends and a last line
without a newline. Expected ranges come from `textlint check --format json`
(columns in Unicode characters), converted to the client's units.
"""

from __future__ import annotations

import pytest
from lsprotocol import types

from lsp_support import (
    apply_text_edits,
    change_document,
    cli_json,
    diagnostics_for,
    document_edits,
    edit,
    expected_from_cli,
    open_document,
    session,
    summary,
    units,
    write,
)

TEXT = (
    "Party time 🎉🎉 at “City Hall”\u00a0today. But as Mr. Mr. Ortiz conceded, the shelters were full.\r\n"
    "In a statement on Monday 👍 she Mayor Ada Kowalski to find the money in the city’s reserves.\r\n"
    "The 🎉\u00a0council said that the the motion passed."
)

ENCODINGS = {
    # what the client offers -> what the server must pick
    (): "utf-16",
    ("utf-16",): "utf-16",
    ("utf-8", "utf-16"): "utf-8",
    ("utf-32", "utf-16"): "utf-32",
}


@pytest.mark.parametrize("offered", list(ENCODINGS), ids=lambda o: "+".join(o) or "default")
async def test_ranges_match_the_cli(tmp_path, offered):
    encoding = ENCODINGS[offered]
    async with session(tmp_path, encodings=list(offered) or None) as client:
        assert client.init_result.capabilities.position_encoding == encoding
        path = write(tmp_path / "party.txt", TEXT)
        uri = open_document(client, path, TEXT)
        found = await diagnostics_for(client, uri, version=1)
        expected = expected_from_cli(TEXT, cli_json(path), encoding)
        assert len(expected) == 3
        assert summary(found) == expected

        # The ranges cover exactly the flagged text.
        lines = TEXT.split("\r\n")
        flagged = []
        for diagnostic in sorted(found, key=lambda d: (d.range.start.line, d.range.start.character)):
            line = lines[diagnostic.range.start.line]
            encoded = line.encode({"utf-16": "utf-16-le", "utf-8": "utf-8", "utf-32": "utf-32-le"}[encoding])
            width = {"utf-16": 2, "utf-8": 1, "utf-32": 4}[encoding]
            start, end = diagnostic.range.start.character * width, diagnostic.range.end.character * width
            flagged.append(encoded[start:end].decode(encoding.replace("-", "_") + ("-le" if width > 1 else "")))
        assert flagged == ["Mr. Mr.", "Mayor Ada Kowalski", "the the"]

        # The quick fix on the last line (after an emoji and a no-break space) deletes exactly " the".
        last = next(d for d in found if d.range.start.line == 2)
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=last.range,
                context=types.CodeActionContext(diagnostics=[last], only=[types.CodeActionKind.QuickFix]),
            )
        )
        fix = next(a for a in actions if a.title.startswith("Delete the repeated copy"))
        fixed = apply_text_edits(TEXT, document_edits(fix, uri), encoding)
        assert fixed == TEXT.replace("the the motion", "the motion")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
async def test_incremental_edits_after_non_bmp_characters(tmp_path, encoding):
    """Change ranges sent by the client are read in its units, too."""
    async with session(tmp_path, encodings=[encoding]) as client:
        text = "Emoji 🎉 “quoted” and\u00a0then the end\r\nsecond line"
        uri = open_document(client, tmp_path / "e.txt", text)
        assert await diagnostics_for(client, uri, version=1) == []
        # Insert " the" right after "then the" on line 0 (after 🎉, curly quotes and a no-break space).
        before = text.split("\r\n")[0][: text.index("then the") + len("then the")]
        column = units(before, encoding)
        change_document(client, uri, 2, [edit((0, column), (0, column), " the")])
        found = await diagnostics_for(client, uri, version=2)
        assert [d.code for d in found] == ["duplicated-token/repeated-words"]
        start = units(text[: text.index("then the") + len("then ")], encoding)
        assert (found[0].range.start.character, found[0].range.end.character) == (start, start + len("the the"))
        # Replace the CRLF by a space: the two lines join.
        end_of_line = units(text.split("\r\n")[0], encoding)
        change_document(client, uri, 3, [edit((0, end_of_line), (1, 0), " ")])
        found = await diagnostics_for(client, uri, version=3)
        assert [(d.range.start.line, d.range.start.character) for d in found] == [(0, start)]


async def test_bom_and_lone_carriage_returns(tmp_path):
    text = "\ufeffA line.\rShe said the the truth.\rEnd."
    async with session(tmp_path) as client:
        uri = open_document(client, tmp_path / "cr.txt", text)
        found = await diagnostics_for(client, uri, version=1)
        assert [(d.range.start.line, d.range.start.character, d.range.end.character) for d in found] == [(1, 9, 16)]
