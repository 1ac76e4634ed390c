"""Helpers for the language-server tests: a real `textlint lsp` subprocess over stdio.

Every test talks to the server exactly as an editor does (pytest-lsp's client).
The client records every `textDocument/publishDiagnostics` it receives, in
order, so that tests can reason about versions and staleness.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER_COMMAND = [sys.executable, "-m", "textlint", "lsp"]
TIMEOUT = 20.0


def _record_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _record_show_message(client: LanguageClient, params: types.ShowMessageParams) -> None:
    client.messages.append(params)


def _record_registration(client: LanguageClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_publish
    features[types.WINDOW_SHOW_MESSAGE] = _record_show_message
    features[types.CLIENT_REGISTER_CAPABILITY] = _record_registration
    register_lsp_features(client, features)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    return client


CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


def capabilities(
    encodings: Optional[Sequence[str]] = None,
    pull: bool = False,
    document_changes: bool = True,
    create_files: bool = True,
    watch_files: bool = True,
    configuration: bool = True,
) -> types.ClientCapabilities:
    general = types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind(e) for e in encodings]) if encodings else None
    return types.ClientCapabilities(
        general=general,
        workspace=types.WorkspaceClientCapabilities(
            apply_edit=True,
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=document_changes,
                resource_operations=[types.ResourceOperationKind.Create] if create_files else [],
            ),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch_files),
            configuration=configuration,
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll])
                ),
                is_preferred_support=True,
            ),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
        ),
    )


async def initialize(client: LanguageClient, root: Path, options: Any = None, **caps) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(**caps),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="test")],
            initialization_options={"debounce": 20} if options is None else options,
        )
    )


@contextlib.asynccontextmanager
async def session(root: Path, options: Any = None, **caps):
    """A server with a client of the given capabilities and initializationOptions."""
    client = await CONFIG.start()
    try:
        client.init_result = await initialize(client, root, options, **caps)  # type: ignore[attr-defined]
        yield client
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    finally:
        server = getattr(client, "_server", None)
        if server is not None and server.returncode is None:
            try:
                await asyncio.wait_for(server.wait(), 2)
            except asyncio.TimeoutError:
                server.kill()  # a test failed half-way: do not wait for a server nobody stops
        await client.stop()


# -- documents --------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def open_document(client: LanguageClient, path: Path, text: str, version: int = 1, language: str = "plaintext") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text))
    )
    return uri


def change_document(client: LanguageClient, uri: str, version: int, changes: List[types.TextDocumentContentChangeEvent]) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=changes
        )
    )


def edit(start: tuple, end: tuple, text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(*start), end=types.Position(*end)), text=text
    )


async def wait_until(predicate: Callable[[], Any], timeout: float = TIMEOUT, what: str = "condition") -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def diagnostics_for(client: LanguageClient, uri: str, version: Optional[int] = None, timeout: float = TIMEOUT) -> List[types.Diagnostic]:
    """The diagnostics published for `uri` (at `version`, when given), waiting for them."""

    def found():
        for params in reversed(client.published):
            if params.uri == uri and (version is None or params.version == version):
                return params
        return None

    params = await wait_until(found, timeout, f"diagnostics for {uri} v{version}")
    return list(params.diagnostics)


# -- expectations from the CLI ----------------------------------------------------------


def cli_json(path: Path, *args: str) -> List[Dict[str, Any]]:
    """What `textlint check --format json` finds in the file at `path`."""
    done = subprocess.run(
        [sys.executable, "-m", "textlint", "check", "--format", "json", *args, str(path)],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    return json.loads(done.stdout.decode("utf-8") or "[]")


def units(text: str, encoding: str) -> int:
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text)


def lsp_range_of(text: str, line: int, column: int, end_line: int, end_column: int, encoding: str) -> types.Range:
    """An LSP range from the CLI's 1-based line/column (Unicode characters)."""
    import re

    lines = re.split(r"\r\n|\r|\n", text)

    def position(line_no: int, col: int) -> types.Position:
        return types.Position(line=line_no - 1, character=units(lines[line_no - 1][: col - 1], encoding))

    return types.Range(start=position(line, column), end=position(end_line, end_column))


def expected_from_cli(text: str, findings: List[Dict[str, Any]], encoding: str) -> List[tuple]:
    return sorted(
        (f["rule"], f["message"], _key(lsp_range_of(text, f["line"], f["column"], f["end_line"], f["end_column"], encoding)))
        for f in findings
    )


def _key(r: types.Range) -> tuple:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def summary(diagnostics: Sequence[types.Diagnostic]) -> List[tuple]:
    return sorted((d.code, d.message, _key(d.range)) for d in diagnostics)


def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits (all relative to `text`) as an editor does."""
    import re

    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(p: types.Position) -> int:
        if p.line >= len(starts):
            return len(text)
        start = starts[p.line]
        end = starts[p.line + 1] if p.line + 1 < len(starts) else len(text)
        line = text[start:end].rstrip("\r\n")
        count = 0
        for index, char in enumerate(line):
            if count >= p.character:
                return start + index
            count += units(char, encoding)
        return start + len(line)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def document_edits(action: types.CodeAction, uri: str) -> List[types.TextEdit]:
    edit = action.edit
    assert edit is not None, action
    if edit.document_changes:
        return [e for change in edit.document_changes if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))


def command_of(action) -> types.Command:
    """The command of a code action.

    lsprotocol structures any `(Command | CodeAction)` with a `command` key as a
    Command, turning a CodeAction's command object into its repr; undo that.
    """
    import ast

    if isinstance(action, types.CodeAction):
        return action.command
    if isinstance(action.command, str) and action.command.startswith("{"):
        raw = ast.literal_eval(action.command)
        return types.Command(title=raw["title"], command=raw["command"], arguments=raw.get("arguments"))
    return action
