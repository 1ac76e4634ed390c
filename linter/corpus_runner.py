"""Linting a corpus: records in chunks over worker processes, results in input order.

At most a few chunks per worker are in flight at any time, and each result
is handed on (to be reported and written) as soon as its turn comes, so the
memory a run needs depends on the chunk size and the number of workers, not
on the size of the corpus. Each record is checked through `textlint.api`
as the corpus file itself would be (its configuration, its per-file-ignores),
so a record gets exactly what the same text in a `.txt` file next to it would.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Deque, Iterable, Iterator, List, Optional, Tuple, TypeVar

from textlint.api import check_text
from textlint.corpus import Record
from textlint.files import SourceText
from textlint.library import fix_repeatedly
from textlint.runner import FileResult, Task

CHUNK = 32              # records per task sent to a worker
IN_FLIGHT_PER_JOB = 4   # chunks queued per worker: enough to keep it busy, few enough to stay small
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class RecordResult:
    """What one record gave: the report for it (a `FileResult` with `record` set) and the
    rules that found something in its original text (for the summary)."""

    number: int
    result: FileResult
    found: Tuple[str, ...] = ()


def check_record(record: Record, path: str, task: Task) -> RecordResult:
    result = FileResult(path, record=record.id)
    if record.error is not None:
        result.error = f"record {record.id}: {record.error}"
        return RecordResult(record.number, result)
    text = record.text
    report = check_text(text, path, task.overrides)
    found = report.diagnostics
    left, fixed_text, fixed = found, text, 0
    if task.fix and any(d.fix is not None for d in found):
        fixed_text, left, fixed = fix_repeatedly(
            text, lambda t: check_text(t, path, task.overrides).diagnostics, task.unsafe, found=found)
    result.source = SourceText(path, fixed_text)
    result.diagnostics = left
    result.failures = report.failures
    result.fixed = fixed
    if fixed_text != text:
        result.original = text
    return RecordResult(record.number, result, tuple(d.rule for d in found))


def check_records(records: List[Record], path: str, task: Task) -> List[RecordResult]:
    return [check_record(record, path, task) for record in records]


def chunked(items: Iterable[T], size: int) -> Iterator[List[T]]:
    chunk: List[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """`map(function, items)` over `jobs` processes, in order, with a bounded queue.

    Unlike `Pool.imap` or `Executor.map`, which read their whole input at
    once, it submits a new item only when an earlier result has been taken.
    """
    if jobs <= 1:
        for item in items:
            yield function(item)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs)
    window: Deque = deque()
    try:
        for item in items:
            window.append(pool.submit(function, item))
            if len(window) >= jobs * IN_FLIGHT_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def lint_records(records: Iterable[Record], path: str, task: Task, jobs: int) -> Iterator[RecordResult]:
    """Check every record in order, in `jobs` processes."""
    work = partial(check_records, path=path, task=task)
    for results in ordered_map(work, chunked(records, CHUNK), jobs):
        yield from results


def default_corpus_jobs() -> int:
    return os.cpu_count() or 1


@dataclass
class CorpusSummary:
    """The counts `textlint check` prints for each corpus."""

    path: str
    documents: int = 0            # records read
    not_linted: int = 0           # records without a text (errors)
    damaged: int = 0              # records with at least one finding in their original text
    findings: Counter = field(default_factory=Counter)   # category -> findings in the original texts
    fixed: int = 0                # records whose text was changed
    written: Optional[str] = None  # where the fixed corpus went

    def add(self, outcome: RecordResult) -> None:
        self.documents += 1
        if outcome.result.error is not None:
            self.not_linted += 1
        if outcome.found:
            self.damaged += 1
            self.findings.update(rule.split("/", 1)[0] for rule in outcome.found)
        if outcome.result.changed:
            self.fixed += 1

    def line(self) -> str:
        def plural(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        parts = [f"{plural(self.documents, 'document')} read", f"{self.damaged} damaged"]
        if self.not_linted:
            parts.append(f"{self.not_linted} not linted")
        found = ", ".join(f"{category} {count}" for category, count in sorted(self.findings.items()))
        text = ", ".join(parts) + f"; findings: {found or 'none'}"
        if self.written is not None:
            text += f"; {plural(self.fixed, 'record')} fixed, written to {self.written}"
        elif self.fixed:
            text += f"; {plural(self.fixed, 'record')} fixed"
        return f"{self.path}: {text}"

