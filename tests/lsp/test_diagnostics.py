"""Diagnostics over the protocol: open, change, close, pull, and parity with `textlint check`."""

from __future__ import annotations

from lsprotocol import types

from lsp_support import (
    change_document,
    cli_json,
    diagnostics_for,
    edit,
    expected_from_cli,
    open_document,
    session,
    summary,
    wait_until,
    write,
)

DAMAGED = (
    "Mayor Ada Kowalski has promised to keep the shelters open all winter.\n"
    "In a statement on Monday she Mayor Ada Kowalski to find the money.\n"
    "But as Mr. Mr. Ortiz conceded, the shelters were full every night.\n"
)


async def test_capabilities(client):
    capabilities = client.init_result.capabilities
    sync = capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental and sync.open_close
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert types.CodeActionKind.QuickFix in capabilities.code_action_provider.code_action_kinds
    assert "source.fixAll.textlint" in capabilities.code_action_provider.code_action_kinds
    assert capabilities.diagnostic_provider is not None
    assert client.init_result.server_info.name == "textlint"


async def test_open_change_close(client, tmp_path):
    path = write(tmp_path / "news.txt", DAMAGED)
    uri = open_document(client, path, DAMAGED)
    found = await diagnostics_for(client, uri, version=1)
    assert summary(found) == expected_from_cli(DAMAGED, cli_json(path), "utf-16")
    by_rule = {d.code: d for d in found}
    duplicate = by_rule["duplicated-token/repeated-words"]
    assert duplicate.source == "textlint"
    assert duplicate.severity == types.DiagnosticSeverity.Error
    assert duplicate.range == types.Range(start=types.Position(2, 7), end=types.Position(2, 14))
    entity = by_rule["entity-in-verb-position/after-subject-pronoun"]
    assert entity.severity == types.DiagnosticSeverity.Warning
    assert entity.message.startswith("“Mayor Ada Kowalski”")

    # Incremental change: delete the second "Mr. " on line 3.
    change_document(client, uri, 2, [edit((2, 11), (2, 15), "")])
    found = await diagnostics_for(client, uri, version=2)
    assert [d.code for d in found] == ["entity-in-verb-position/after-subject-pronoun"]

    # Type a new problem, one character at a time, at the start of line 1.
    for version, char in enumerate("the the ", start=3):
        change_document(client, uri, version, [edit((0, version - 3), (0, version - 3), char)])
    found = await diagnostics_for(client, uri, version=10)
    assert sorted(d.code for d in found) == ["duplicated-token/repeated-words", "entity-in-verb-position/after-subject-pronoun"]
    assert next(d for d in found if d.code.startswith("duplicated")).range.start == types.Position(0, 0)

    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await wait_until(lambda: client.published[-1].uri == uri and not client.published[-1].diagnostics, what="cleared diagnostics")


async def test_full_document_change(client, tmp_path):
    uri = open_document(client, tmp_path / "a.txt", "Nothing to see here.\n")
    assert await diagnostics_for(client, uri, version=1) == []
    change_document(client, uri, 2, [types.TextDocumentContentChangeWholeDocument(text="She said the the truth.\n")])
    found = await diagnostics_for(client, uri, version=2)
    assert [d.code for d in found] == ["duplicated-token/repeated-words"]


async def test_several_changes_in_one_notification(client, tmp_path):
    uri = open_document(client, tmp_path / "a.txt", "one\ntwo\nthree\n")
    await diagnostics_for(client, uri, version=1)
    # Applied in order: the second range refers to the text after the first change.
    change_document(client, uri, 2, [edit((0, 0), (0, 3), "It is the"), edit((0, 9), (0, 9), " the end.")])
    found = await diagnostics_for(client, uri, version=2)
    assert [(d.code, d.range.start.character, d.range.end.character) for d in found] == [("duplicated-token/repeated-words", 6, 13)]


async def test_markdown_and_untitled_documents(client, tmp_path):
    uri = open_document(client, tmp_path / "notes.md", "# Notes\n\nShe said the the truth.\n", language="markdown")
    assert [d.code for d in await diagnostics_for(client, uri, version=1)] == ["duplicated-token/repeated-words"]
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri="untitled:Untitled-1", language_id="plaintext", version=1, text="He said the the truth.\n")
        )
    )
    assert [d.code for d in await diagnostics_for(client, "untitled:Untitled-1", version=1)] == ["duplicated-token/repeated-words"]


async def test_pull_diagnostics(tmp_path):
    async with session(tmp_path, pull=True) as client:
        assert client.init_result.capabilities.diagnostic_provider is not None
        path = write(tmp_path / "news.txt", DAMAGED)
        uri = open_document(client, path, DAMAGED)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert report.kind == "full"
        assert summary(report.items) == expected_from_cli(DAMAGED, cli_json(path), "utf-16")
        # Asking again with the result id: unchanged.
        again = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id)
        )
        assert again.kind == "unchanged" and again.result_id == report.result_id
        # After a change the pull answers for the new text at once, without waiting for a debounce.
        change_document(client, uri, 2, [edit((2, 11), (2, 15), "")])
        after = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id)
        )
        assert after.kind == "full"
        assert [d.code for d in after.items] == ["entity-in-verb-position/after-subject-pronoun"]
        # A client that pulls a document is not also sent pushed diagnostics for it (no duplicates).
        await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        pushed = [p for p in client.published if p.uri == uri]
        assert not pushed or not pushed[-1].diagnostics
