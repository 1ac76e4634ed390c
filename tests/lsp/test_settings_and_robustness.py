"""Settings from the editor, configuration and rule files changing under a running server,
stale results, and errors that must never kill the server."""

from __future__ import annotations

import asyncio
import json

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from lsp_support import (
    change_document,
    diagnostics_for,
    edit,
    open_document,
    session,
    wait_until,
    write,
)

DAMAGED = (
    "In a statement on Monday she Mayor Ada Kowalski to find the money.\n"
    "But as Mr. Mr. Ortiz conceded, the shelters were full every night.\n"
)
ENTITY = "entity-in-verb-position/after-subject-pronoun"
DUPLICATE = "duplicated-token/repeated-words"

CUSTOM_RULE = """\
id = "duplicated-token/custom-shelters"
kind = "pattern"
message = "custom: shelters"
severity = "info"
description = "A test rule."
pattern = "\\\\bshelters\\\\b"
examples = { bad = ["the [[shelters]] were full"], good = ["the shelter"] }
"""


async def test_initialization_options_select_and_ignore(tmp_path):
    async with session(tmp_path, {"ignore": ["entity-in-verb-position"], "debounce": 10}) as client:
        uri = open_document(client, tmp_path / "a.txt", DAMAGED)
        assert [d.code for d in await diagnostics_for(client, uri, version=1)] == [DUPLICATE]
    async with session(tmp_path, {"textlint": {"select": "entity-in-verb-position"}}) as client:
        uri = open_document(client, tmp_path / "a.txt", DAMAGED)
        assert [d.code for d in await diagnostics_for(client, uri, version=1)] == [ENTITY]


async def test_did_change_configuration_relints_open_documents(client, tmp_path):
    uri = open_document(client, tmp_path / "a.txt", DAMAGED)
    assert sorted(d.code for d in await diagnostics_for(client, uri, version=1)) == [DUPLICATE, ENTITY]
    count = len(client.published)
    # As VS Code sends it: the `textlint` section.
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"textlint": {"ignore": [DUPLICATE]}}))
    await wait_until(lambda: len(client.published) > count and [d.code for d in client.published[-1].diagnostics] == [ENTITY], what="re-lint without the duplicate rule")
    # Settings that drop the key bring the rule back.
    count = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"textlint": {"ignore": []}}))
    await wait_until(lambda: len(client.published) > count and len(client.published[-1].diagnostics) == 2, what="the rule back")


async def test_did_change_configuration_without_settings_asks_the_client(client, tmp_path):
    client.set_configuration({"select": [DUPLICATE]}, section="textlint")
    uri = open_document(client, tmp_path / "a.txt", DAMAGED)
    await diagnostics_for(client, uri, version=1)
    count = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_until(lambda: len(client.published) > count and [d.code for d in client.published[-1].diagnostics] == [DUPLICATE], what="workspace/configuration")


async def test_textlint_toml_and_rule_files_changes_apply_without_restart(client, tmp_path):
    path = write(tmp_path / "a.txt", DAMAGED)
    uri = open_document(client, path, DAMAGED)
    assert len(await diagnostics_for(client, uri, version=1)) == 2
    rules = tmp_path / "my-rules"
    write(rules / "shelters.toml", CUSTOM_RULE)
    write(tmp_path / "textlint.toml", f'rules = ["my-rules"]\nignore = ["{ENTITY}"]\n')
    count = len(client.published)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=(tmp_path / "textlint.toml").as_uri(), type=types.FileChangeType.Created)])
    )
    await wait_until(lambda: len(client.published) > count and sorted(d.code for d in client.published[-1].diagnostics) == ["duplicated-token/custom-shelters", DUPLICATE], what="configuration applied")
    custom = next(d for d in client.published[-1].diagnostics if d.code.endswith("custom-shelters"))
    assert custom.severity == types.DiagnosticSeverity.Information and custom.message == "custom: shelters"
    # Edit the rule file: its new message shows after the next lint, without a restart.
    write(rules / "shelters.toml", CUSTOM_RULE.replace("custom: shelters", "custom: edited"))
    count = len(client.published)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=(rules / "shelters.toml").as_uri(), type=types.FileChangeType.Changed)])
    )
    await wait_until(lambda: len(client.published) > count and any(d.message == "custom: edited" for d in client.published[-1].diagnostics), what="edited rule")


async def test_server_watches_toml_files(client):
    await wait_until(lambda: client.registrations, what="client/registerCapability")
    [registration] = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert {w["globPattern"] for w in registration.register_options["watchers"]} >= {"**/*.toml"}


async def test_stale_results_are_never_published(tmp_path):
    """Changes arrive while a slow lint runs: only the newest version's result is published."""
    big = (DAMAGED * 1500)  # ~200 KB: a lint takes a while
    async with session(tmp_path, {"debounce": 0}) as client:
        uri = open_document(client, tmp_path / "big.txt", big)
        # Type while version 1 is being linted (debounce 0: every change asks for a lint).
        for version in range(2, 12):
            change_document(client, uri, version, [edit((0, 0), (0, 0), "x")])
            await asyncio.sleep(0.005)
        found = await diagnostics_for(client, uri, version=11)
        await asyncio.sleep(0.5)
        versions = [p.version for p in client.published if p.uri == uri]
        assert versions == [11], versions
        assert found[0].range.start == types.Position(0, 39)  # 29, shifted by the ten x's
    async with session(tmp_path, {"debounce": 150}) as client:
        uri = open_document(client, tmp_path / "small.txt", DAMAGED)
        await diagnostics_for(client, uri, version=1)
        for version in range(2, 7):  # a burst of typing within the debounce: one lint, for the last
            change_document(client, uri, version, [edit((0, 0), (0, 0), "x")])
        await diagnostics_for(client, uri, version=6)
        await asyncio.sleep(0.3)
        assert [p.version for p in client.published if p.uri == uri] == [1, 6]


async def test_broken_rule_file_shows_a_message_and_the_server_keeps_serving(tmp_path):
    broken = write(tmp_path / "broken.toml", 'id = "duplicated-token/broken"\nkind = "no-such-kind"\n')
    async with session(tmp_path, {"rules": [str(broken)], "debounce": 10}) as client:
        message = await wait_until(lambda: next((m for m in client.messages if m.type == types.MessageType.Error), None), what="showMessage")
        assert "broken.toml" in message.message and "\n" not in message.message
        uri = open_document(client, tmp_path / "a.txt", DAMAGED)
        assert await diagnostics_for(client, uri, version=1) == []
        # Repair the rule file: linting resumes without a restart.
        write(broken, CUSTOM_RULE)
        await asyncio.sleep(1.1)  # let the rule file's mtime be looked at again
        change_document(client, uri, 2, [edit((0, 0), (0, 0), " ")])
        found = await diagnostics_for(client, uri, version=2)
        assert "duplicated-token/custom-shelters" in [d.code for d in found]


async def test_unknown_rule_id_in_settings_is_reported(tmp_path):
    async with session(tmp_path, {"select": ["no-such-rule"]}) as client:
        message = await wait_until(lambda: client.messages, what="showMessage")
        assert "no-such-rule" in message[0].message


async def test_errors_are_answered_not_fatal(client, tmp_path):
    missing = (tmp_path / "never-opened.txt").as_uri()
    with pytest.raises(JsonRpcException, match="unknown document"):
        await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=missing)))
    # A change to a document that was never opened is ignored (and logged).
    change_document(client, missing, 2, [edit((0, 0), (0, 0), "x")])
    # A method the server does not know.
    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(client.protocol.send_request_async("textlint/noSuchMethod", {}), 10)
    # Malformed settings are reported, not fatal.
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"textlint": {"select": 5, "debounce": "soon"}}))
    await wait_until(lambda: any("select" in m.message for m in client.messages), what="a settings warning")
    # Still serving.
    uri = open_document(client, tmp_path / "a.txt", DAMAGED)
    assert len(await diagnostics_for(client, uri, version=1)) == 2


async def test_crash_inside_a_rule_is_a_window_message(tmp_path):
    """A rule that raises costs its own findings only; the user is told once, in a window message."""
    pack = tmp_path / "crashing"
    # Every mistake a rule file can hold is found at load time but one: an
    # exception that backtracks for ever on one long word. It runs out of time.
    runaway = CUSTOM_RULE.replace('pattern = "\\\\bshelters\\\\b"', 'pattern = "\\\\w+"\nexceptions = ["(a|aa)+c"]')
    write(pack / "crash.toml", runaway)
    async with session(tmp_path, {"rules": [str(pack)], "debounce": 10}) as client:
        uri = open_document(client, tmp_path / "a.txt", DAMAGED + "\n" + "a" * 40 + "b\n")
        found = await diagnostics_for(client, uri, version=1)
        assert sorted(d.code for d in found) == [DUPLICATE, ENTITY]
        message = await wait_until(lambda: next((m for m in client.messages if "custom-shelters" in m.message), None), what="a failure message")
        assert message.type == types.MessageType.Warning and "failed" in message.message
        # Typing on does not repeat the message.
        change_document(client, uri, 2, [edit((0, 0), (0, 0), " ")])
        await diagnostics_for(client, uri, version=2)
        assert len([m for m in client.messages if "custom-shelters" in m.message]) == 1


async def test_tcp_address_is_checked():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "textlint", "lsp", "--tcp", "nonsense"], capture_output=True, timeout=60)
    assert done.returncode == 2 and b"HOST:PORT" in done.stderr


async def test_malformed_messages_over_raw_stdio(tmp_path):
    """Bytes an editor should never send: the server answers what it can and keeps serving."""
    import sys

    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "textlint", "lsp",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )

    def send(payload) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def receive(wanted_id):
        while True:
            length = 0
            while True:
                line = await server.stdout.readline()
                assert line, "the server closed its output"
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line in (b"\r\n", b"\n"):
                    break
            message = json.loads(await server.stdout.readexactly(length))
            if message.get("id") == wanted_id and "method" not in message:
                return message

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}})
        assert "capabilities" in (await asyncio.wait_for(receive(1), 30))["result"]
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send(b"{this is not json")
        send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"textDocument": 42}})
        answer = await asyncio.wait_for(receive(2), 30)
        assert answer["error"]["code"] == -32602
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"bogus": True}})
        uri = (tmp_path / "a.txt").as_uri()
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": DAMAGED}}})
        send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}})
        report = (await asyncio.wait_for(receive(3), 30))["result"]
        assert sorted(item["code"] for item in report["items"]) == [DUPLICATE, ENTITY]
        send({"jsonrpc": "2.0", "id": 4, "method": "shutdown", "params": None})
        await asyncio.wait_for(receive(4), 30)
        send({"jsonrpc": "2.0", "method": "exit", "params": None})
        assert await asyncio.wait_for(server.wait(), 30) == 0
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()


async def test_a_disable_comment_naming_no_rule_is_a_window_message(tmp_path):
    """The editor says once which line's disable comment names no rule."""
    async with session(tmp_path, {"debounce": 10}) as client:
        text = "# Notes\n\n<!-- textlint-disable duplicated-tokn -->\nthe the end.\n"
        uri = open_document(client, tmp_path / "a.md", text, language="markdown")
        found = await diagnostics_for(client, uri, version=1)
        assert [d.code for d in found] == [DUPLICATE]
        message = await wait_until(lambda: next((m for m in client.messages if "duplicated-tokn" in m.message), None), what="a warning")
        assert message.type == types.MessageType.Warning and "line 3" in message.message
