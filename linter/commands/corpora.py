"""`textlint check` on corpus files (JSON lines, Parquet): findings per record, streamed.

Reached from `run_check` when a path is a corpus. Every result is reported
as soon as it is ready and then dropped, so a corpus of any size runs in
the same memory; plain files named alongside are linted and streamed the
same way. After each corpus one summary line goes to stderr: documents
read, damaged, not linted, findings per category, records fixed.

A record that cannot be linted (no text field, a text that is not a
string, a line that is not JSON) is one line on stderr naming the file and
the record, and makes the exit code 2 at the end; the other records are
linted (and fixed) all the same, and the bad one is written back as it was.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import Dict, List, Sequence

from textlint import baseline
from textlint.api import Overrides, baseline_path, rules_for
from textlint.commands.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from textlint.commands.check import _report_stream, _union, report_problems, write_statistics
from textlint.corpus import CorpusError, CorpusWriter, corpus_kind, read_records
from textlint.corpus_runner import CorpusSummary, default_corpus_jobs, lint_records
from textlint.diagnostics import SEVERITIES
from textlint.errors import TextlintError
from textlint.formats.stream import STREAMING_FORMATS, ReportWriter
from textlint.runner import FileResult, Task, check_paths
from textlint.ruleset import RuleSet

# A corpus smaller than this is linted in this process: starting workers would cost more.
PARALLEL_RECORDS = 64


def _usage_error(args, corpora: Sequence[str], use_stdin: bool) -> str:
    if args.diff:
        return "--diff does not apply to corpus files (use --fix --output PATH to write a fixed copy)"
    if args.add_baseline:
        return "--add-baseline does not apply to corpus files"
    if use_stdin:
        return "a corpus is read from its file, not from stdin ('-'), nor alongside stdin: name the file"
    if args.format not in STREAMING_FORMATS:
        return f"--format {args.format} is not available for corpus files (use one of {', '.join(STREAMING_FORMATS)})"
    if args.output:
        if not args.fix:
            return "--output applies with --fix (it writes the fixed corpus)"
        if len(corpora) != 1:
            return "--output needs exactly one corpus file to fix"
        if corpus_kind(args.output) != corpus_kind(corpora[0]):
            return f"--output: '{args.output}' must be a corpus of the input's kind ({corpus_kind(corpora[0])})"
    return ""


def check_corpora(args, overrides: Overrides, task: Task, files: List[str], missing: List[str], use_stdin: bool) -> int:
    corpora = [f for f in files if corpus_kind(f)]
    plain = [f for f in files if not corpus_kind(f)]
    problem = _usage_error(args, corpora, use_stdin)
    if problem:
        if use_stdin and args.fix:
            # `--fix` on stdin prints the text it was given, fixed or not: pass it through untouched
            sys.stdout.buffer.write(sys.stdin.buffer.read())
            sys.stdout.flush()
        raise TextlintError(problem)
    errors = False
    messages: List[str] = []
    for path in missing:
        sys.stderr.write(f"textlint: {path}: no such file or directory\n")
        messages.append(f"{path}: no such file or directory")
        errors = True
    rule_sets: Dict[int, RuleSet] = {}
    for path in files:  # a bad configuration or baseline: one error before any work or write
        rules = rules_for(path, overrides)
        rule_sets.setdefault(id(rules), rules)
        accepted = baseline_path(path, overrides)
        if accepted:
            baseline.cached(accepted)
    if not rule_sets:
        here = rules_for(None, overrides)
        rule_sets[id(here)] = here

    stream, close = _report_stream(args, sys.stdout)
    failing_level = SEVERITIES.index(args.fail_level)
    state = {"errors": errors, "failing": False, "fixed": 0, "fixed_documents": 0}
    try:
        tty = stream.isatty() if hasattr(stream, "isatty") else False
        options = {
            "colour": args.color == "always" or (args.color == "auto" and tty and not args.output_file),
            "show_source": not args.no_source,
            "errors": messages,
        }
        report = ReportWriter(args.format, _union(rule_sets.values()), stream, options)
        only_statistics = args.statistics and args.format == "text"
        counts: Counter = Counter()
        fixable: Counter = Counter()
        severity: Dict[str, str] = {}

        def take(result: FileResult) -> None:
            if report_problems(result, messages):
                state["errors"] = True
            state["fixed"] += result.fixed
            state["fixed_documents"] += 1 if result.fixed else 0
            for d in result.diagnostics:
                if SEVERITIES.index(d.severity) <= failing_level:
                    state["failing"] = True
                if args.statistics:
                    counts[d.rule] += 1
                    severity[d.rule] = d.severity
                    fixable[d.rule] += 1 if d.fix is not None and d.fix.safe else 0
            if not only_statistics:
                report.add([result])

        for result in check_paths(plain, task, jobs=args.jobs):
            take(result)
        for path in corpora:
            try:
                summary = _check_corpus(path, args, task, take)
            except CorpusError as exc:
                sys.stderr.write(f"textlint: {exc}\n")
                messages.append(str(exc))
                state["errors"] = True
                continue
            sys.stderr.write(f"textlint: {summary.line()}\n")
        if only_statistics:
            write_statistics(counts, fixable, severity, stream)
        else:
            report.close(messages, state["fixed"], state["fixed_documents"])
            if args.statistics:
                write_statistics(counts, fixable, severity, sys.stderr)
        stream.flush()
    finally:
        if close:
            stream.close()
    if state["errors"]:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if state["failing"] else EXIT_CLEAN


def _check_corpus(path: str, args, task: Task, take) -> CorpusSummary:
    summary = CorpusSummary(path)
    writer = None
    if args.fix:
        writer = CorpusWriter(path, args.output or path, args.text_field)
    jobs = args.jobs if args.jobs is not None else default_corpus_jobs()
    if jobs > 1 and _fewer_records_than(path, PARALLEL_RECORDS):
        jobs = 1
    try:
        records = read_records(path, args.text_field, args.id_field)
        for outcome in lint_records(records, path, task, jobs):
            summary.add(outcome)
            result = outcome.result
            if writer is not None and result.changed:
                writer.put(outcome.number, result.source.text)
            take(result)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    if writer is not None:
        written = writer.commit()
        if args.output:
            summary.written = args.output
        elif not written:
            summary.fixed = 0
    return summary


def _fewer_records_than(path: str, count: int) -> bool:
    if corpus_kind(path) == "parquet":
        try:
            from textlint.corpus import _parquet_file

            return _parquet_file(path).metadata.num_rows < count
        except CorpusError:
            return True
    try:
        return os.path.getsize(path) < count * 256 and not path.lower().endswith(".gz")
    except OSError:
        return True


