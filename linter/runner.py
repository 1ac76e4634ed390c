"""Linting many files: reading, the engine per file, fixing, and parallel workers.

The runner is where files meet the engine; it holds no detection logic. The
CLI hands it a `Task` (plain, picklable data: the overrides and what to do
with fixes); every worker resolves the rules per file through `textlint.api`,
exactly as the language server does, so configuration files, disable
comments and baselines apply the same everywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Iterator, List, Optional, Sequence, Tuple

from textlint.api import Overrides, check_text
from textlint.diagnostics import Diagnostic
from textlint.engine import RuleFailure
from textlint.errors import TextlintError
from textlint.files import UTF8, SourceText, UndecodableFile, decode, read_source, write_atomic
from textlint.fixes import apply_fixes

# Below this many files a pool costs more to start than it saves.
PARALLEL_THRESHOLD = 8


@dataclass
class FileResult:
    path: str
    source: Optional[SourceText] = None
    diagnostics: List[Diagnostic] = field(default_factory=list)
    failures: List[RuleFailure] = field(default_factory=list)
    warnings: List[Tuple[int, str]] = field(default_factory=list)  # (offset, message): see engine.Report
    error: Optional[str] = None     # an input error (unreadable or undecodable file)
    fixed: int = 0                  # fixes applied (the diagnostics are what is left)
    original: Optional[str] = None  # the text before the fixes, when they changed it
    record: Any = None              # a corpus record's id: the result is for that record of `path`

    @property
    def changed(self) -> bool:
        return self.original is not None and self.source is not None and self.original != self.source.text


def default_jobs(count: int) -> int:
    return 1 if count < PARALLEL_THRESHOLD else (os.cpu_count() or 1)


# -- tasks: check (and fix) through textlint.api ---------------------------------------

MAX_FIX_PASSES = 10


@dataclass(frozen=True)
class Task:
    """What to do with each file; plain data, sent to the worker processes."""

    overrides: Overrides = Overrides()
    fix: bool = False       # apply fixes (safe ones; all with `unsafe`)
    unsafe: bool = False
    write: bool = True      # write fixed files back (False: only report / diff)
    encoding: str = UTF8    # how files are decoded (and fixed files encoded)


def check_source(source: SourceText, task: Task) -> FileResult:
    """Check `source`; with `task.fix`, apply the fixes and check again until nothing more
    can be fixed, so the result holds what is left (and a second run changes nothing)."""
    path = None if source.path == "-" else source.path
    report = check_text(source.text, path, task.overrides)
    text, fixed = source.text, 0
    if task.fix:
        for _ in range(MAX_FIX_PASSES):
            new, applied = apply_fixes(text, report.diagnostics, unsafe=task.unsafe)
            if not applied or new == text:
                break
            text, fixed = new, fixed + applied
            report = check_text(text, path, task.overrides)
    result = FileResult(source.path, source, report.diagnostics, report.failures, report.warnings, fixed=fixed)
    if text != source.text:
        result.original = source.text
        result.source = replace(source, text=text)
    return result


def check_path(path: str, task: Task) -> FileResult:
    try:
        source = read_source(path, task.encoding)
    except UndecodableFile as undecodable:
        return FileResult(path, error=str(undecodable))
    except OSError as exc:
        return FileResult(path, error=f"cannot read: {exc.strerror or exc}")
    try:
        result = check_source(source, task)
    except TextlintError as exc:  # configuration problems are found before; this is a safety net
        return FileResult(path, error=str(exc))
    if task.fix and task.write and result.changed:
        try:
            write_atomic(path, result.source.encode(result.source.text))
        except OSError as exc:
            result.error = f"cannot write the fixed file: {exc.strerror or exc}"
    return result


def check_bytes(name: str, raw: bytes, task: Task) -> FileResult:
    """Check content that is not read from a file (stdin); nothing is written."""
    try:
        source = decode(name, raw, task.encoding)
    except UndecodableFile as undecodable:
        return FileResult(name, error=str(undecodable))
    return check_source(source, task)


def check_paths(paths: Sequence[str], task: Task, jobs: Optional[int] = None) -> Iterator[FileResult]:
    """Check (and fix) `paths` in order, in `jobs` processes; yields one result per path."""
    jobs = default_jobs(len(paths)) if jobs is None else max(1, jobs)
    if jobs == 1 or len(paths) < 2:
        for path in paths:
            yield check_path(path, task)
        return
    chunk = max(1, len(paths) // (jobs * 8))
    from concurrent.futures import ProcessPoolExecutor  # slow to import; only a parallel run needs it

    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(partial(check_path, task=task), paths, chunksize=chunk)
