"""The language server reads Markdown as the CLI does: prose only, fixes on prose only."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from lsp_support import apply_text_edits, cli_json, diagnostics_for, document_edits, expected_from_cli, open_document, summary, write

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markdown"


async def test_markdown_diagnostics_and_fix_all_match_the_cli(client, tmp_path):
    text = (FIXTURES / "damaged.md").read_text(encoding="utf-8")
    path = write(tmp_path / "doc.md", text)
    uri = open_document(client, path, text, language="markdown")
    found = await diagnostics_for(client, uri, version=1)
    assert summary(found) == expected_from_cli(text, cli_json(path), "utf-16")
    assert len(found) == 6
    assert all(d.range.start.line not in (1, 9, 12, 14) for d in found)  # front matter, code, comment

    start = types.Position(line=0, character=0)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=start, end=start),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    [fix_all] = actions
    fixed = apply_text_edits(text, document_edits(fix_all, uri))
    assert fixed == (FIXTURES / "damaged.fixed.md").read_text(encoding="utf-8")


async def test_an_mdx_document_is_markdown_to_the_server_as_to_the_cli(client, tmp_path):
    # One definition of "Markdown" (textlint.suppression.is_markdown) for both front ends:
    # the server's old, unused check left `.mdx` out.
    text = (FIXTURES / "damaged.md").read_text(encoding="utf-8")
    path = write(tmp_path / "doc.mdx", text)
    uri = open_document(client, path, text, language="mdx")
    found = await diagnostics_for(client, uri, version=1)
    assert summary(found) == expected_from_cli(text, cli_json(path), "utf-16")
    assert len(found) == 6  # as for doc.md: front matter, code and comments are not prose
    assert all(d.range.start.line not in (1, 9, 12, 14) for d in found)
