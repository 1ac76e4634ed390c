"""Code actions: the rule's fix, fix all safe problems, ignore the rule for the file."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from lsp_support import (
    apply_text_edits,
    change_document,
    cli_json,
    command_of,
    diagnostics_for,
    document_edits,
    open_document,
    session,
    wait_until,
    write,
)

DAMAGED = (
    "Mayor Ada Kowalski has promised to keep the shelters open all winter.\n"
    "In a statement on Monday she Mayor Ada Kowalski to find the money.\n"
    "But as Mr. Mr. Ortiz conceded, the the shelters were full every night.\n"
)


async def actions_at(client, uri, diagnostic=None, range_=None, only=None):
    range_ = range_ or diagnostic.range
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range_,
            context=types.CodeActionContext(diagnostics=[diagnostic] if diagnostic else [], only=only),
        )
    )


async def test_quick_fix_deletes_the_repeated_copy(client, tmp_path):
    uri = open_document(client, tmp_path / "news.txt", DAMAGED)
    found = await diagnostics_for(client, uri, version=1)
    mr = next(d for d in found if "Mr." in d.message)
    actions = await actions_at(client, uri, mr)
    fix = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.edit and a.title.startswith("Delete")]
    assert len(fix) == 1
    assert fix[0].title == "Delete the repeated copy (duplicated-token/repeated-words)"
    assert fix[0].is_preferred and list(fix[0].diagnostics) == [mr]
    edits = document_edits(fix[0], uri)
    assert [(e.range.start.line, e.range.start.character, e.range.end.character, e.new_text) for e in edits] == [(2, 10, 14, "")]
    assert fix[0].edit.document_changes[0].text_document.version == 1
    fixed = apply_text_edits(DAMAGED, edits)
    assert "as Mr. Ortiz" in fixed

    # Apply it as an editor would: the diagnostic goes away, the others stay.
    change_document(client, uri, 2, [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits])
    after = await diagnostics_for(client, uri, version=2)
    assert sorted(d.code for d in after) == ["duplicated-token/repeated-words", "entity-in-verb-position/after-subject-pronoun"]
    assert all("Mr." not in d.message for d in after)

    # No fix for a finding without one (the entity rules); the ignore action is still offered.
    entity = next(d for d in after if d.code.startswith("entity"))
    titles = [a.title for a in await actions_at(client, uri, entity)]
    assert titles == ["Ignore entity-in-verb-position/after-subject-pronoun for this file", "Fix all safe textlint problems in this file (1)"]


async def test_fix_all_matches_textlint_fix(client, tmp_path):
    path = write(tmp_path / "news.txt", DAMAGED + "shelters shelters the council the council the money the money")
    text = path.read_text(encoding="utf-8")
    uri = open_document(client, path, text)
    await diagnostics_for(client, uri, version=1)
    only = [types.CodeActionKind.SourceFixAll]
    start = types.Position(line=0, character=0)
    actions = await actions_at(client, uri, range_=types.Range(start=start, end=start), only=only)
    assert [a.kind for a in actions] == ["source.fixAll.textlint"]
    fixed = apply_text_edits(text, document_edits(actions[0], uri))
    # The same text as `textlint check --fix` writes.
    import subprocess
    import sys

    copy = write(tmp_path / "copy.txt", text)
    subprocess.run([sys.executable, "-m", "textlint", "check", "--fix", str(copy)], capture_output=True, timeout=120)
    assert fixed == copy.read_text(encoding="utf-8")
    assert "Mr. Mr." not in fixed and "the the" not in fixed and "shelters shelters" not in fixed
    # Asked for quick fixes only, there is no fix-all action.
    quick = await actions_at(client, uri, range_=types.Range(start=start, end=start), only=[types.CodeActionKind.QuickFix])
    assert all(a.kind == types.CodeActionKind.QuickFix for a in quick)


async def test_ignore_rule_in_markdown_adds_a_disable_comment(client, tmp_path):
    text = "---\ntitle: Notes\n---\n# Notes\n\nShe said the the truth.\n"
    path = write(tmp_path / "notes.md", text)
    uri = open_document(client, path, text, language="markdown")
    [found] = await diagnostics_for(client, uri, version=1)
    actions = await actions_at(client, uri, found)
    ignore = next(a for a in actions if a.title.startswith("Ignore"))
    edits = document_edits(ignore, uri)
    new = apply_text_edits(text, edits)
    assert new == "---\ntitle: Notes\n---\n<!-- textlint-disable duplicated-token/repeated-words -->\n# Notes\n\nShe said the the truth.\n"
    change_document(client, uri, 2, [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits])
    assert await diagnostics_for(client, uri, version=2) == []
    # The CLI agrees.
    write(path, new)
    assert cli_json(path) == []


async def test_ignore_rule_creates_textlint_toml(client, tmp_path):
    path = write(tmp_path / "docs" / "news.txt", DAMAGED)
    uri = open_document(client, path, DAMAGED)
    found = await diagnostics_for(client, uri, version=1)
    entity = next(d for d in found if d.code.startswith("entity"))
    ignore = next(a for a in await actions_at(client, uri, entity) if a.title.startswith("Ignore"))
    create, text_edit = ignore.edit.document_changes
    config = tmp_path / "docs" / "textlint.toml"
    assert isinstance(create, types.CreateFile) and create.uri == config.as_uri()
    content = text_edit.edits[0].new_text
    assert content == '[per-file-ignores]\n"news.txt" = ["entity-in-verb-position/after-subject-pronoun"]\n'
    # The editor applies the edit and saves; the file watcher tells the server.
    write(config, content)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)])
    )
    await wait_until(
        lambda: client.published[-1].uri == uri and all(not d.code.startswith("entity") for d in client.published[-1].diagnostics) and client.published[-1].diagnostics,
        what="the ignored rule to go",
    )
    assert sorted(d["rule"] for d in cli_json(path)) == sorted(d.code for d in client.published[-1].diagnostics)


async def test_ignore_rule_edits_existing_configuration(client, tmp_path):
    config = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.textlint]\nignore = []\n')
    path = write(tmp_path / "sub" / "news.txt", DAMAGED)
    uri = open_document(client, path, DAMAGED)
    found = await diagnostics_for(client, uri, version=1)
    entity = next(d for d in found if d.code.startswith("entity"))
    ignore = next(a for a in await actions_at(client, uri, entity) if a.title.startswith("Ignore"))
    [change] = ignore.edit.document_changes
    assert change.text_document.uri == config.as_uri()
    new = apply_text_edits(config.read_text(), change.edits)
    assert new.startswith('[project]\nname = "x"\n\n[tool.textlint]\nignore = []\n')
    assert '[tool.textlint.per-file-ignores]\n"sub/news.txt" = ["entity-in-verb-position/after-subject-pronoun"]' in new


async def test_ignore_rule_without_file_creation_support_uses_a_command(tmp_path: Path):
    async with session(tmp_path, create_files=False, document_changes=False) as client:
        path = write(tmp_path / "news.txt", DAMAGED)
        uri = open_document(client, path, DAMAGED)
        found = await diagnostics_for(client, uri, version=1)
        entity = next(d for d in found if d.code.startswith("entity"))
        actions = await actions_at(client, uri, entity)
        ignore = next(a for a in actions if a.title.startswith("Ignore"))
        command = command_of(ignore)
        assert getattr(ignore, "edit", None) is None and command.command == "textlint.ignoreRule"
        # Quick fixes use `changes` for a client without documentChanges.
        fix = next(a for a in await actions_at(client, uri, next(d for d in found if "Mr." in d.message)) if a.title.startswith("Delete"))
        assert fix.edit.changes and not fix.edit.document_changes
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
        )
        assert "entity-in-verb-position/after-subject-pronoun" in (tmp_path / "textlint.toml").read_text()
        await wait_until(
            lambda: client.published[-1].diagnostics and all(not d.code.startswith("entity") for d in client.published[-1].diagnostics),
            what="the ignored rule to go",
        )


async def test_code_action_for_unknown_document_is_an_error(client, tmp_path):
    import pytest
    from pygls.exceptions import JsonRpcException

    start = types.Position(line=0, character=0)
    with pytest.raises(JsonRpcException, match="unknown document"):
        await actions_at(client, (tmp_path / "nope.txt").as_uri(), range_=types.Range(start=start, end=start))


async def test_ignore_rule_command_replaces_the_configuration_atomically(tmp_path: Path):
    # The command writes through files.write_atomic: a new file renamed over the old one
    # (a new inode), with the old permission bits, and no temporary file left behind.
    config = write(tmp_path / "textlint.toml", "# the team's settings\n")
    config.chmod(0o640)
    before = config.stat().st_ino
    async with session(tmp_path, create_files=False, document_changes=False) as client:
        path = write(tmp_path / "news.txt", DAMAGED)
        uri = open_document(client, path, DAMAGED)
        found = await diagnostics_for(client, uri, version=1)
        entity = next(d for d in found if d.code.startswith("entity"))
        # For an existing file the action is an edit the client applies; the command
        # (the path that writes on the server) is run directly here.
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="textlint.ignoreRule", arguments=[uri, entity.code])
        )
    after = config.stat()
    assert config.read_text().startswith("# the team's settings\n")
    assert "entity-in-verb-position/after-subject-pronoun" in config.read_text()
    assert after.st_mode & 0o777 == 0o640
    assert after.st_ino != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.txt", "textlint.toml"]
