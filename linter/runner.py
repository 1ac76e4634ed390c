"""Linting many files: reading, the engine per file, and parallel workers.

The runner is where files meet the engine; it holds no detection logic.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, List, Optional, Sequence

from textlint.diagnostics import Diagnostic
from textlint.engine import RuleFailure, lint
from textlint.files import SkippedFile, SourceText, decode, read_source
from textlint.ruleset import RuleSet, load_rules

# Below this many files a pool costs more to start than it saves.
PARALLEL_THRESHOLD = 8


@dataclass
class FileResult:
    path: str
    source: Optional[SourceText] = None
    diagnostics: List[Diagnostic] = field(default_factory=list)
    failures: List[RuleFailure] = field(default_factory=list)
    skipped: Optional[str] = None   # why the file was not linted
    error: Optional[str] = None     # an input error (unreadable file)


@dataclass(frozen=True)
class RuleSpec:
    """What a worker process needs to rebuild the rule set: paths and selection, not objects."""

    rule_paths: Sequence[str] = ()
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()

    def build(self) -> RuleSet:
        return load_rules(self.rule_paths).selected(self.select or None, self.ignore)


def lint_source(source: SourceText, rules: RuleSet) -> FileResult:
    report = lint(source.text, rules)
    return FileResult(source.path, source, report.diagnostics, report.failures)


def lint_path(path: str, rules: RuleSet) -> FileResult:
    try:
        source = read_source(path)
    except SkippedFile as skipped:
        return FileResult(path, skipped=str(skipped))
    except OSError as exc:
        return FileResult(path, error=f"cannot read: {exc.strerror or exc}")
    return lint_source(source, rules)


def lint_bytes(path: str, raw: bytes, rules: RuleSet) -> FileResult:
    try:
        source = decode(path, raw)
    except SkippedFile as skipped:
        return FileResult(path, skipped=str(skipped))
    return lint_source(source, rules)


_worker_rules: Optional[RuleSet] = None
_worker_select: Optional[Callable[[str], RuleSet]] = None


def _init_worker(spec: RuleSpec, per_file: Optional[Callable[[str], RuleSet]]) -> None:
    global _worker_rules, _worker_select
    _worker_rules = spec.build()
    _worker_select = per_file


def _lint_in_worker(path: str) -> FileResult:
    rules = _worker_select(path) if _worker_select else _worker_rules
    return lint_path(path, rules)


def default_jobs(count: int) -> int:
    return 1 if count < PARALLEL_THRESHOLD else (os.cpu_count() or 1)


def lint_paths(
    paths: Sequence[str],
    spec: RuleSpec,
    jobs: Optional[int] = None,
    rules: Optional[RuleSet] = None,
    per_file: Optional[Callable[[str], RuleSet]] = None,
) -> Iterator[FileResult]:
    """Lint `paths` in order, in `jobs` processes; yields one result per path."""
    jobs = default_jobs(len(paths)) if jobs is None else max(1, jobs)
    if jobs == 1 or len(paths) < 2:
        rules = rules or spec.build()
        for path in paths:
            yield lint_path(path, per_file(path) if per_file else rules)
        return
    chunk = max(1, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(spec, per_file)) as pool:
        yield from pool.map(_lint_in_worker, paths, chunksize=chunk)
