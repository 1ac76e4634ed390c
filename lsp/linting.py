"""An open document's linting state, and one lint of a snapshot of it through the engine.

`lint_snapshot` runs in a worker thread: it calls `textlint.api.check_text`
(with the document's `IncrementalLinter`) exactly as `textlint check` does
for a file, and converts the findings to LSP diagnostics.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from lsprotocol import types

from textlint.api import check_text
from textlint.diagnostics import Diagnostic
from textlint.errors import TextlintError
from textlint.files import BOM
from textlint.incremental import IncrementalLinter
from textlint.lsp.convert import ConversionCache, to_lsp
from textlint.lsp.documents import Document
from textlint.lsp.positions import PositionMap
from textlint.lsp.settings import Settings
from textlint.text import LineIndex

logger = logging.getLogger("textlint.lsp")


@dataclass
class LintResult:
    edits: int                      # the document's change counter when linted
    generation: int                 # the configuration generation
    version: Optional[int]
    text: str
    shift: int                      # 1 when the text starts with a byte-order mark
    diagnostics: List[Diagnostic] = field(default_factory=list)
    lsp: List[types.Diagnostic] = field(default_factory=list)
    failures: List[Tuple[str, str]] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    error: Optional[str] = None
    seconds: float = 0.0


class Tracked:
    """An open document and the state of its linting."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.edits = 0                      # bumped on every change
        self.changed_at = time.perf_counter()
        self.timer: Optional[asyncio.TimerHandle] = None
        self.task: Optional[asyncio.Future] = None
        self.pending = False                # a lint was asked for while one ran
        self.closed = False
        self.pulled = False                 # the client pulls this document's diagnostics
        self.pushed_nonempty = False
        self.result: Optional[LintResult] = None
        # Re-lints (and re-converts) only what each edit can change; dropped with the document.
        self.linter = IncrementalLinter()
        self.conversion = ConversionCache()


def one_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def lint_snapshot(
    text: str, path: Optional[str], settings: Settings, encoding: str, edits: int, generation: int, version,
    linter: Optional[IncrementalLinter] = None, conversion: Optional[ConversionCache] = None,
) -> LintResult:
    """Lint one snapshot of a document (runs in a worker thread)."""
    started = time.perf_counter()
    shift = 1 if text.startswith(BOM) else 0  # as the CLI does when it reads a file
    result = LintResult(edits, generation, version, text, shift)
    try:
        report = check_text(text[shift:], path, settings.overrides, linter.lint if linter else None)
        result.diagnostics = list(report.diagnostics)
        result.failures = [(f.rule, f.message) for f in report.failures]
        lines = LineIndex(text[shift:]) if report.warnings else None
        result.warnings = [f"line {lines.position(offset)[0] + 1}: {message}" for offset, message in report.warnings]
        result.lsp = (conversion.to_lsp if conversion else to_lsp)(result.diagnostics, PositionMap(text, encoding), shift)
    except TextlintError as error:
        result.error = one_line(error)
    except Exception as error:  # a bug must cost one result, never the server
        logger.error("linting %s failed", path or "a document", exc_info=True)
        result.error = f"internal error: {type(error).__name__}: {error}"
        result.diagnostics, result.lsp = [], []
    result.seconds = time.perf_counter() - started
    return result
