"""The language server: LSP in, `textlint.api.check_text` out.

- Documents are synced incrementally and linted on open and after every
  change, off the event loop (a thread pool), after a short debounce; a
  result is published only if no newer change arrived while it was computed.
- Push diagnostics (`textDocument/publishDiagnostics`) for every client, and
  pull (`textDocument/diagnostic`) for clients that support it; once a client
  pulls a document the server stops pushing for it, so that no editor shows a
  problem twice.
- Code actions: each rule's fix, "fix all safe problems" (`source.fixAll.textlint`)
  and "ignore this rule for this file".
- Settings come from `initializationOptions` and `workspace/didChangeConfiguration`;
  rule and configuration files are re-read when they change.

There is no detection logic here: everything about what is a problem comes
from `textlint.api`, so the server finds what `textlint check` finds.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from textlint import __version__
from textlint import api
from textlint.api import check_text, rules_for
from textlint.errors import TextlintError
from textlint.lsp.convert import diff_edit, fix_all_edits, ranges_touch, same_diagnostic, text_edits, workspace_edit
from textlint.lsp.documents import Document, document_key, uri_to_path
from textlint.lsp.ignore import disable_comment_edit, per_file_ignore_edit, uses_comments, write_config_edit
from textlint.lsp.linting import LintResult, Tracked, lint_snapshot, one_line
from textlint.lsp.memory import release_memory
from textlint.lsp.positions import UTF16, PositionMap, normalise_encoding
from textlint.lsp.protocol import TextlintProtocol
from textlint.lsp.settings import Settings, parse_settings
from textlint.lsp.transport import configure_logging, read_messages

logger = logging.getLogger("textlint.lsp")

FIX_ALL_KIND = "source.fixAll.textlint"
IGNORE_COMMAND = "textlint.ignoreRule"
LINT_WORKERS = 2


class TextlintLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "textlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=TextlintProtocol,
        )
        # The one registry of open documents, by `document_key(uri)`.
        self.open_documents: Dict[str, Tracked] = {}
        self.init_options: Dict[str, Any] = {}
        self.settings = Settings()
        self.generation = 0
        self.encoding = UTF16
        self.root: Optional[str] = None
        self.executor = ThreadPoolExecutor(max_workers=LINT_WORKERS, thread_name_prefix="textlint-lint")
        self.shown: set = set()
        self.timings = False

    # -- capabilities -------------------------------------------------------------------

    def _capability(self, path: str):
        value: Any = self.client_capabilities
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    @property
    def document_changes(self) -> bool:
        return bool(self._capability("workspace.workspace_edit.document_changes"))

    @property
    def can_create_files(self) -> bool:
        operations = self._capability("workspace.workspace_edit.resource_operations") or []
        return any(getattr(op, "value", op) == "create" for op in operations)

    # -- messages -------------------------------------------------------------------------

    def notify(self, kind: types.MessageType, message: str) -> None:
        """Show `message` once (until the configuration or a rule file changes); always log it."""
        self.window_log_message(types.LogMessageParams(type=kind, message=message))
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    # -- settings -------------------------------------------------------------------------

    def apply_settings(self, options: Dict[str, Any]) -> None:
        settings = parse_settings(options, self.root)
        self.settings = settings
        section = options.get("textlint") if isinstance(options, dict) and isinstance(options.get("textlint"), dict) else options
        self.timings = isinstance(section, dict) and section.get("timings") is True
        for problem in settings.problems:
            self.notify(types.MessageType.Warning, f"textlint: {problem}")

    async def check_settings(self) -> None:
        """Resolve the editor's settings once, so that a broken rule file or an unknown rule id
        is reported at once (with the message `textlint check` would print), not at the first lint."""
        overrides = dataclasses.replace(self.settings.overrides, isolated=True, config=None)

        def check() -> None:
            rules_for(None, overrides)
            check_text("Warm up: the engine compiles its tables on first use.", None, overrides)

        try:
            await asyncio.get_running_loop().run_in_executor(self.executor, check)
        except TextlintError as error:
            self.notify(types.MessageType.Error, f"textlint: {one_line(error)}")
        except Exception as error:
            self.notify(types.MessageType.Error, f"textlint: cannot load the rules: {error}")

    def configuration_changed(self) -> None:
        """Settings, rule or configuration files changed: lint every open document again."""
        self.generation += 1
        self.shown.clear()
        for tracked in self.open_documents.values():
            tracked.result = None
            if not tracked.pulled:
                self.schedule(tracked, 0)
        if any(t.pulled for t in self.open_documents.values()) and self._capability("workspace.diagnostics.refresh_support"):
            self.workspace_diagnostic_refresh(None)

    # -- linting --------------------------------------------------------------------------

    def get(self, uri: str) -> Optional[Tracked]:
        return self.open_documents.get(document_key(uri))

    def require(self, uri: str) -> Tracked:
        tracked = self.get(uri)
        if tracked is None:
            raise JsonRpcInvalidParams(message=f"textlint: unknown document {uri} (not open)")
        return tracked

    def schedule(self, tracked: Tracked, delay: float) -> None:
        if tracked.timer is not None:
            tracked.timer.cancel()
        loop = asyncio.get_running_loop()
        tracked.timer = loop.call_later(max(0.0, delay), self._start, tracked)

    def _start(self, tracked: Tracked) -> None:
        tracked.timer = None
        if tracked.closed:
            return
        if tracked.task is not None:
            tracked.pending = True
            return
        tracked.task = asyncio.ensure_future(self._lint_loop(tracked))

    async def _lint_loop(self, tracked: Tracked) -> None:
        try:
            while not tracked.closed:
                result = await self.lint(tracked)
                if self.current(tracked, result):
                    self.publish(tracked, result)
                if not tracked.pending:
                    break
                tracked.pending = False
        except Exception:
            logger.error("lint loop failed", exc_info=True)
        finally:
            tracked.task = None

    def current(self, tracked: Tracked, result: LintResult) -> bool:
        """Whether `result` is for the document as it is now (no newer change, same settings)."""
        return not tracked.closed and result.edits == tracked.edits and result.generation == self.generation

    async def lint(self, tracked: Tracked) -> LintResult:
        document = tracked.document
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            self.executor,
            lint_snapshot,
            document.text,
            document.path,
            self.settings,
            self.encoding,
            tracked.edits,
            self.generation,
            document.version,
            tracked.linter,
            tracked.conversion,
        )
        if self.current(tracked, result):
            tracked.result = result
            self.report_problems(result)
        return result

    async def current_result(self, tracked: Tracked) -> LintResult:
        """The result for the document as it is now, linting it if need be."""
        for _ in range(5):
            result = tracked.result
            if result is not None and self.current(tracked, result):
                return result
            result = await self.lint(tracked)
            if self.current(tracked, result):
                return result
        return result  # the document keeps changing: answer for the last snapshot linted

    def report_problems(self, result: LintResult) -> None:
        if result.error:
            self.notify(types.MessageType.Error, f"textlint: {result.error}")
        for rule, message in result.failures:
            self.notify(types.MessageType.Warning, f"textlint: rule {rule} failed: {message}")
        for message in result.warnings:
            self.notify(types.MessageType.Warning, f"textlint: {message}")

    def publish(self, tracked: Tracked, result: LintResult) -> None:
        if tracked.pulled:
            return
        document = tracked.document
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=document.uri, diagnostics=result.lsp, version=document.version)
        )
        tracked.pushed_nonempty = bool(result.lsp)
        if self.timings:
            latency = (time.perf_counter() - tracked.changed_at) * 1000
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Log,
                    message=f"textlint: timing uri={document.uri} version={document.version} "
                    f"lint_ms={result.seconds * 1000:.2f} change_to_publish_ms={latency:.2f} "
                    f"chars={len(document.text)} diagnostics={len(result.lsp)}",
                )
            )

    # -- code actions ---------------------------------------------------------------------

    def code_actions(self, tracked: Tracked, result: LintResult, params: types.CodeActionParams) -> List[types.CodeAction]:
        only = params.context.only

        def wanted(kind: str) -> bool:
            if not only:
                return True
            kinds = [str(getattr(k, "value", k)) for k in only]
            return any(kind == k or kind.startswith(k + ".") for k in kinds)

        document = tracked.document
        uri, version = document.uri, result.version
        positions = PositionMap(result.text, self.encoding)
        actions: List[types.CodeAction] = []
        ignored: set = set()
        for diagnostic, lsp in zip(result.diagnostics, result.lsp):
            asked = any(same_diagnostic(lsp, d) for d in params.context.diagnostics or [])
            if not asked and not ranges_touch(lsp.range, params.range):
                continue
            fix = diagnostic.fix
            if fix is not None and wanted(types.CodeActionKind.QuickFix.value):
                title = fix.description[:1].upper() + fix.description[1:] + f" ({diagnostic.rule})"
                if not fix.safe:
                    title += " (unsafe)"
                edits = text_edits(fix.edits, positions, result.shift)
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp],
                        is_preferred=fix.safe,
                        edit=workspace_edit(uri, version, edits, self.document_changes),
                    )
                )
            if diagnostic.rule not in ignored and wanted(types.CodeActionKind.QuickFix.value):
                ignored.add(diagnostic.rule)
                action = self.ignore_action(tracked, result, diagnostic.rule, positions)
                if action is not None:
                    action.diagnostics = [lsp]
                    actions.append(action)
        if wanted(FIX_ALL_KIND):
            edits, count = fix_all_edits(result.text[result.shift :], result.diagnostics)
            if count:
                actions.append(
                    types.CodeAction(
                        title=f"Fix all safe textlint problems in this file ({count})",
                        kind=FIX_ALL_KIND,
                        edit=workspace_edit(uri, version, text_edits(edits, positions, result.shift), self.document_changes),
                    )
                )
        return actions

    def ignore_action(self, tracked: Tracked, result: LintResult, rule: str, positions: PositionMap) -> Optional[types.CodeAction]:
        """"Ignore RULE for this file": a disable comment (Markdown) or a per-file ignore in the configuration."""
        document = tracked.document
        title = f"Ignore {rule} for this file"
        if document.path is None:
            return None  # nothing to name in a configuration, and the CLI never sees it
        if uses_comments(document.path):
            change = disable_comment_edit(result.text[result.shift :], rule)
            edits = text_edits([change], positions, result.shift)
            return types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                edit=workspace_edit(document.uri, result.version, edits, self.document_changes),
            )
        change = per_file_ignore_edit(document.path, rule, self.settings.overrides.config)
        if change is None:
            return None
        config_uri = from_fs_path(change.path) or ("file://" + change.path)
        if change.create:
            if not self.can_create_files:
                return types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    command=types.Command(title=title, command=IGNORE_COMMAND, arguments=[document.uri, rule]),
                )
            start = types.Position(line=0, character=0)
            return types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                edit=types.WorkspaceEdit(
                    document_changes=[
                        types.CreateFile(uri=config_uri, options=types.CreateFileOptions(ignore_if_exists=True)),
                        types.TextDocumentEdit(
                            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=config_uri, version=None),
                            edits=[types.TextEdit(range=types.Range(start=start, end=start), new_text=change.new)],
                        ),
                    ]
                ),
            )
        open_config = self.get(config_uri)
        if open_config is not None and open_config.document.text != change.old:
            return None  # unsaved edits in the configuration: do not guess where the entry goes
        edits = text_edits([diff_edit(change.old, change.new)], PositionMap(change.old, self.encoding))
        version = open_config.document.version if open_config is not None else None
        return types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            edit=workspace_edit(config_uri, version, edits, self.document_changes),
        )

    def ignore_rule_on_disk(self, uri: str, rule: str) -> None:
        """The command behind the ignore action for clients that cannot create files."""
        tracked = self.require(uri)
        document = tracked.document
        if document.path is None:
            raise JsonRpcInvalidParams(message="textlint: this document has no file to configure")
        change = per_file_ignore_edit(document.path, rule, self.settings.overrides.config)
        if change is None:
            raise JsonRpcInvalidParams(message=f"textlint: cannot add {rule} to per-file-ignores for {document.path}")
        write_config_edit(change)
        self.configuration_changed()

    def release_memory_after(self, tracked: Tracked) -> None:
        """Give the memory of a closed document back once no lint of it runs any more."""
        tracked.result = None
        if tracked.task is not None:
            tracked.task.add_done_callback(lambda _: self.release_memory_after(tracked))
            return
        asyncio.get_running_loop().run_in_executor(self.executor, release_memory)

    def shutdown_workers(self) -> None:
        for tracked in self.open_documents.values():
            if tracked.timer is not None:
                tracked.timer.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)


def create_server() -> TextlintLanguageServer:
    server = TextlintLanguageServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: TextlintLanguageServer, params: types.InitializeParams) -> None:
        ls.encoding = normalise_encoding(ls.workspace.position_encoding)
        root = ls.workspace.root_path
        if not root and params.workspace_folders:
            root = uri_to_path(params.workspace_folders[0].uri)
        ls.root = root
        options = params.initialization_options
        ls.init_options = options if isinstance(options, dict) else {}
        ls.apply_settings(ls.init_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: TextlintLanguageServer, params: types.InitializedParams) -> None:
        if ls._capability("workspace.did_change_watched_files.dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern="**/*.toml")]
            for path in ls.settings.overrides.rules:
                if not path.startswith(ls.root or "\0"):
                    pattern = path if path.endswith(".toml") else path.rstrip("/") + "/**/*.toml"
                    watchers.append(types.FileSystemWatcher(glob_pattern=pattern))
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(
                        registrations=[
                            types.Registration(
                                id="textlint-watch-toml",
                                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                            )
                        ]
                    )
                )
            except Exception as error:  # the client said no: rule files are still re-read by mtime
                logger.warning("could not watch configuration files: %s", error)
        await ls.check_settings()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: TextlintLanguageServer, params: None) -> None:
        ls.protocol.shut_down = True
        ls.shutdown_workers()

    @server.feature(types.EXIT)
    def exit_(ls: TextlintLanguageServer, params: None) -> None:
        # Leave now: pygls would join its stdin reader thread, which may sit in a
        # blocking read until the client closes the pipe; a lint still running in a
        # worker thread has nothing left to report to.
        code = 0 if ls.protocol.shut_down else 1
        logging.shutdown()
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TextlintLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        old = ls.get(params.text_document.uri)
        if old is not None:
            old.closed = True
        item = params.text_document
        tracked = Tracked(Document(item.uri, item.text, item.version))
        ls.open_documents[document_key(item.uri)] = tracked
        ls.schedule(tracked, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TextlintLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        tracked = ls.get(params.text_document.uri)
        if tracked is None:
            ls.window_log_message(
                types.LogMessageParams(type=types.MessageType.Warning, message=f"textlint: change to unknown document {params.text_document.uri} ignored")
            )
            return
        document = tracked.document
        for change in params.content_changes:
            document.apply(change, ls.encoding)
        document.version = params.text_document.version
        tracked.edits += 1
        tracked.changed_at = time.perf_counter()
        if not tracked.pulled:
            ls.schedule(tracked, ls.settings.debounce_ms / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TextlintLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        tracked = ls.open_documents.pop(document_key(uri), None)
        if tracked is None:
            return
        tracked.closed = True
        if tracked.timer is not None:
            tracked.timer.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=tracked.document.uri, diagnostics=[]))
        ls.release_memory_after(tracked)

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(identifier="textlint", inter_file_dependencies=False, workspace_diagnostics=False))
    async def diagnostic(ls: TextlintLanguageServer, params: types.DocumentDiagnosticParams):
        tracked = ls.require(params.text_document.uri)
        if not tracked.pulled:
            tracked.pulled = True
            if tracked.timer is not None:
                tracked.timer.cancel()
                tracked.timer = None
            if tracked.pushed_nonempty:  # what was pushed would show next to what is pulled
                ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=tracked.document.uri, diagnostics=[]))
                tracked.pushed_nonempty = False
        result = await ls.current_result(tracked)
        result_id = f"{result.generation}.{result.edits}.{result.version}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=result.lsp, result_id=result_id)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )
    async def code_action(ls: TextlintLanguageServer, params: types.CodeActionParams):
        tracked = ls.require(params.text_document.uri)
        result = await ls.current_result(tracked)
        return ls.code_actions(tracked, result, params)

    @server.command(IGNORE_COMMAND)
    def ignore_rule(ls: TextlintLanguageServer, *arguments) -> None:
        if len(arguments) != 2 or not all(isinstance(a, str) for a in arguments):
            raise JsonRpcInvalidParams(message=f"{IGNORE_COMMAND} takes a document URI and a rule id")
        ls.ignore_rule_on_disk(arguments[0], arguments[1])

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: TextlintLanguageServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if not settings and ls._capability("workspace.configuration"):
            try:
                answer = await ls.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section="textlint")])
                )
                settings = answer[0] if answer else None
            except Exception as error:
                logger.warning("workspace/configuration failed: %s", error)
        if isinstance(settings, dict) and isinstance(settings.get("textlint"), dict):
            settings = settings["textlint"]
        base = ls.init_options
        merged = dict(base["textlint"] if isinstance(base.get("textlint"), dict) else base)
        if isinstance(settings, dict):
            merged.update(settings)
        elif settings is not None:
            ls.notify(types.MessageType.Warning, "textlint: settings must be an object")
        ls.apply_settings(merged)
        ls.configuration_changed()
        await ls.check_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: TextlintLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.endswith(".toml") for change in params.changes):
            # textlint.api looks at rule files' mtimes at most every STAMP_INTERVAL seconds:
            # lint again once it is sure to see the change.
            delay = float(getattr(api, "STAMP_INTERVAL", 0)) + 0.05
            await asyncio.sleep(delay)
            ls.configuration_changed()
            await ls.check_settings()

    return server


def _parse_address(address: str) -> Tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise TextlintError(f"--tcp: expected HOST:PORT, got '{address}'")
    return host.strip("[]"), int(port)


def serve(tcp: Optional[str] = None) -> int:
    """Run the server over stdio, or on `tcp` ("HOST:PORT"); returns an exit code."""
    configure_logging(os.environ.get("TEXTLINT_LSP_LOG", "WARNING"))
    server = create_server()
    if tcp:
        host, port = _parse_address(tcp)
        sys.stderr.write(f"textlint lsp: listening on {host}:{port}\n")
        server.start_tcp(host, port)
    else:
        stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
        sys.stdout = sys.stderr  # a stray print must never corrupt the protocol stream
        _serve_stdio(server, stdin, stdout)
    return 0


def _serve_stdio(server: TextlintLanguageServer, stdin, stdout) -> None:
    """pygls's `start_io`, with the transport's reader (`textlint.lsp.transport`)."""
    import threading

    from pygls.io_ import StdinAsyncReader, StdoutWriter

    server.protocol.set_writer(StdoutWriter(stdout))
    try:
        # Nothing sets the event: the input ends, or `exit` leaves the process.
        asyncio.run(read_messages(threading.Event(), StdinAsyncReader(stdin, server.thread_pool), server.protocol))
    except BrokenPipeError:
        logger.error("the connection to the client is lost: shutting down")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()
