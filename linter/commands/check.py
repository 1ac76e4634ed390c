"""`textlint check`: lint (and fix) paths and stdin, print a report, exit with a CI-friendly code.

Exit codes: 0 nothing left to report (or `--exit-zero`), 1 findings at or
above `--fail-level` remain (with `--diff`: there would be changes), 2 a
usage, configuration or input error.
"""

from __future__ import annotations

import difflib
import os
import sys
import time
from collections import Counter
from contextlib import contextmanager
from typing import Dict, List, Optional, Sequence, Tuple

from textlint import baseline, formats
from textlint.api import Overrides, config_of, rules_for
from textlint.commands.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, config_options_error, discard_stdout, overrides_from
from textlint.diagnostics import SEVERITIES
from textlint.errors import TextlintError
from textlint.files import codec_name
from textlint.runner import FileResult, Task, check_bytes, check_paths
from textlint.ruleset import RuleSet
from textlint.text import LineIndex
from textlint.walk import walk


class Progress:
    """A one-line progress bar on stderr, shown only on a terminal and for long runs."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total >= 50 and sys.stderr.isatty()
        self.done = 0
        self.started = time.monotonic()
        self.width = 0

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done % 10 == 0 or self.done == self.total):
            width = 30
            filled = width * self.done // self.total
            elapsed = max(time.monotonic() - self.started, 1e-6)
            rate = self.done / elapsed
            line = (
                f"[{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} files"
                f"  {rate:.0f} files/s  ETA {_duration((self.total - self.done) / rate)}"
            )
            self.width = max(self.width, len(line))
            sys.stderr.write(f"\r{line:<{self.width}}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds}s"


def discover(paths: Sequence[str], overrides: Overrides, respect_ignores: bool = True) -> Tuple[List[str], List[str]]:
    """Files to lint under `paths`, with each folder's configuration: (files, missing paths).

    Folders are walked recursively (`textlint.walk`: hidden folders, ignore files and
    vendored folders skipped); a file found there must match its configuration's
    `include` and not its `exclude`. A file named explicitly is linted whatever its
    name, unless `exclude` matches it (pre-commit names every file it checks).
    """
    files: List[str] = []
    missing: List[str] = []
    for path in paths:
        if os.path.isdir(path):
            files.extend(walk(
                path, lambda folder: config_of(os.path.join(folder, "_"), overrides), respect_ignores,
                on_error=_unreadable_folder,
            ))
        elif os.path.exists(path):  # a file; anything else is named explicitly and reading it says why not
            if not config_of(path, overrides).is_excluded(path):
                files.append(path)
        else:
            missing.append(path)
    return files, missing


def _unreadable_folder(error: OSError) -> None:
    sys.stderr.write(f"textlint: {error.filename}: cannot read folder: {error.strerror or error}, skipped\n")


def report_problems(result: FileResult, messages: List[str], file_errors: Optional[List[Tuple[str, str]]] = None) -> bool:
    """Print what is wrong with a result (stderr, one line each) and record it for the
    formats (`messages`; `file_errors` as (path, message)); whether it is an error."""
    error = False
    if result.error:
        sys.stderr.write(f"textlint: {result.path}: {result.error}\n")
        messages.append(f"{result.path}: {result.error}")
        if file_errors is not None:
            file_errors.append((result.path, result.error))
        error = True
    if result.warnings and result.source is not None:
        lines = LineIndex(result.source.text)
        for offset, message in result.warnings:
            line, column = lines.position(offset)
            sys.stderr.write(f"textlint: {result.path}:{line + 1}:{column + 1}: warning: {message}\n")
    where = result.path if result.record is None else f"{result.path}: record {result.record}"
    for failure in result.failures:
        sys.stderr.write(f"textlint: {where}: rule {failure.rule} failed: {failure.message}\n")
        messages.append(f"{where}: rule {failure.rule} failed: {failure.message}")
        if file_errors is not None:
            file_errors.append((result.path, f"rule {failure.rule} failed: {failure.message}"))
        error = True
    return error


def _options_error(args) -> Optional[str]:
    if args.format not in formats.format_names():
        return f"unknown format '{args.format}' (expected one of {', '.join(formats.format_names())})"
    if args.unsafe_fixes and not (args.fix or args.diff):
        return "--unsafe-fixes applies with --fix or --diff"
    if args.add_baseline and (args.fix or args.diff):
        return "--add-baseline cannot be combined with --fix or --diff"
    config_problem = config_options_error(args)
    if config_problem:
        return config_problem
    if args.jobs is not None and args.jobs < 1:
        return "--jobs must be at least 1"
    try:
        codec_name(args.encoding)
    except LookupError:
        return f"--encoding: unknown encoding '{args.encoding}'"
    return None


def run_check(args) -> int:
    problem = _options_error(args)
    if problem:
        raise TextlintError(problem)
    from textlint import api, config

    # one run: folders do not gain configuration files, nor rule packs new rules, meanwhile
    config.FIND_INTERVAL = api.STAMP_INTERVAL = 600.0
    overrides = overrides_from(args)
    task = Task(
        overrides, fix=args.fix or args.diff, unsafe=args.unsafe_fixes, write=args.fix and not args.diff,
        encoding=codec_name(args.encoding),
    )

    # `--stdin-filename` alone means stdin, as in ruff
    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    errors = False
    messages: List[str] = []  # input errors, for the formats that report them (SARIF)
    file_errors: List[Tuple[str, str]] = []  # the same as (path, message), for the formats that name the file
    files, missing = discover([p for p in paths if p != "-"], overrides, not args.no_respect_gitignore)
    from textlint.corpus import corpus_kind

    stdin_corpus = "-" in paths and corpus_kind(args.stdin_filename or "")
    if args.output or stdin_corpus or any(corpus_kind(f) for f in files):
        from textlint.commands.corpora import check_corpora

        return check_corpora(args, overrides, task, files, missing, use_stdin="-" in paths)
    for path in missing:
        sys.stderr.write(f"textlint: {path}: no such file or directory\n")
        messages.append(f"{path}: no such file or directory")
        file_errors.append((path, "no such file or directory"))
        errors = True
    stdin_name = args.stdin_filename or "-"
    use_stdin = "-" in paths
    if not files and not missing and not use_stdin:
        # a CI run that lints nothing should not look like a clean one
        shown = ", ".join(p for p in paths if p != "-")
        sys.stderr.write(f"textlint: warning: no files to lint in {shown} (see 'include' and the ignore files)\n")
    # Resolve every file's configuration and rules here, once, so that a bad
    # configuration is one error (exit 2) before any work or any write.
    rule_sets: Dict[int, RuleSet] = {}
    for path in files + ([stdin_name] if use_stdin else []):
        rules = rules_for(None if path == "-" else path, overrides)
        rule_sets.setdefault(id(rules), rules)
        accepted = _baseline_for(path, overrides)
        if args.add_baseline and accepted is None:
            raise TextlintError("--add-baseline needs --baseline PATH or a 'baseline' key in the configuration")
        if accepted and not args.add_baseline:
            baseline.cached(accepted)  # a bad baseline is one error, here

    results: List[FileResult] = []
    stdin_raw = b""
    if use_stdin:
        stdin_raw = _read_stdin()
        results.append(check_bytes(stdin_name, stdin_raw, task))
    progress = Progress(len(files), not args.no_progress)
    for result in check_paths(files, task, jobs=args.jobs):
        results.append(result)
        progress.step()
    progress.close()

    for result in results:
        errors = report_problems(result, messages, file_errors) or errors
    linted = [r for r in results if r.source is not None]

    if args.add_baseline:
        return _add_baseline(linted, overrides, errors)
    if args.diff:
        return _show_diff(linted, args, errors)

    stdin_fixed = args.fix and use_stdin
    if stdin_fixed:
        # `--fix` on stdin: the (fixed) text is the output, the report goes to stderr;
        # input that cannot be linted is passed through untouched
        stdin_result = results[0]
        out = _standard(sys.stdout, "the fixed text")
        with _reporting(out, False, None, "the fixed text"):
            if stdin_result.source is not None:
                out.buffer.write(stdin_result.source.encode(stdin_result.source.text))
            else:
                out.buffer.write(stdin_raw)
    if not rule_sets:  # nothing was linted: still describe the rules in force here
        rules_here = rules_for(None, overrides)
        rule_sets[id(rules_here)] = rules_here
    all_rules = _union(rule_sets.values())
    stream, close = _report_stream(args, sys.stderr if stdin_fixed else sys.stdout)
    with _reporting(stream, close, args.output_file):
        tty = stream.isatty() if hasattr(stream, "isatty") else False
        colour = use_colour(args.color, tty and not args.output_file, os.environ)
        options = {
            "colour": colour,
            "show_source": not args.no_source,
            "fixed": sum(r.fixed for r in linted),
            "fixed_files": sum(1 for r in linted if r.fixed),
            "errors": messages,
            "file_errors": file_errors,
            "linted": len(linted),
            "unsafe_hint": not args.unsafe_fixes,
        }
        if args.statistics and args.format == "text":
            _statistics(linted, stream)
        else:
            formats.get(args.format).render(linted, all_rules, stream, options)
            if args.statistics:
                _statistics(linted, sys.stderr)
    if errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    level = SEVERITIES.index(args.fail_level)
    failing = any(SEVERITIES.index(d.severity) <= level for r in linted for d in r.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _read_stdin() -> bytes:
    if sys.stdin is None:  # started with standard input closed (`<&-`)
        raise TextlintError("cannot read standard input: it is closed", "-")
    try:
        return sys.stdin.buffer.read()
    except OSError as exc:
        raise TextlintError(f"cannot read standard input: {exc.strerror or exc}", "-") from None


def _standard(stream, what: str):
    """`stream` (stdout or stderr), or an error if the process started with it closed (`>&-`)."""
    if stream is None:
        hint = " (use --output-file)" if what == "the report" else ""
        raise TextlintError(f"cannot write {what}: standard output is closed{hint}")
    return stream


def use_colour(choice: str, terminal: bool, environ) -> bool:
    """`--color`, then the conventions: NO_COLOR (https://no-color.org) turns colour off,
    FORCE_COLOR (https://force-color.org) on, TERM=dumb off; else colour on a terminal."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return terminal


def _report_stream(args, default):
    if not args.output_file:
        return _standard(default, "the report"), False
    folder = os.path.dirname(os.path.abspath(args.output_file))
    try:
        os.makedirs(folder, exist_ok=True)
        # a file name that is not UTF-8 is written back as the bytes it has on disk, as on stdout
        return open(args.output_file, "w", encoding="utf-8", errors="surrogateescape", newline="\n"), True
    except OSError as exc:
        raise TextlintError(f"cannot write the report: {exc.strerror or exc}", args.output_file) from None


@contextmanager
def _reporting(stream, close: bool, path: Optional[str], what: str = "the report"):
    """Write to `stream` in this block, then flush (and close) it: a write that fails
    (a full disk, `-o /dev/full`) is one error line, not a traceback. A reader that went
    away (`| head`) is left to the CLI's BrokenPipeError handling."""
    try:
        yield
        stream.flush()
        if close:
            stream.close()
    except BrokenPipeError:
        raise
    except OSError as exc:
        if close:
            try:
                stream.close()
            except OSError:
                pass  # the same failure again: the first one is reported
        elif stream is sys.stdout:
            discard_stdout()  # or the interpreter would try the same write again on exit
        if path:
            raise TextlintError(f"cannot write {what}: {exc.strerror or exc}", path) from None
        where = "standard error" if stream is sys.stderr else "standard output"
        raise TextlintError(f"cannot write {what} to {where}: {exc.strerror or exc}") from None


def _union(rule_sets) -> RuleSet:
    """Every rule in force for some file (a later definition of an id wins), for the formats
    that describe the rules (SARIF)."""
    by_id = {}
    classes = None
    for rules in rule_sets:
        classes = classes or rules.classes
        for rule in rules.rules:
            by_id.setdefault(rule.id, rule)
    if classes is None:
        from textlint.wordclasses import WordClasses

        classes = WordClasses()
    return RuleSet(sorted(by_id.values(), key=lambda r: r.id), classes)


def _statistics(results: Sequence[FileResult], stream) -> None:
    counts: Counter = Counter()
    fixable: Counter = Counter()
    severity: Dict[str, str] = {}
    for result in results:
        for d in result.diagnostics:
            counts[d.rule] += 1
            severity[d.rule] = d.severity
            if d.fix is not None and d.fix.safe:
                fixable[d.rule] += 1
    write_statistics(counts, fixable, severity, stream)


def write_statistics(counts: Counter, fixable: Counter, severity: Dict[str, str], stream) -> None:
    """The --statistics table: findings per rule (and how many a safe fix covers)."""
    if not counts:
        stream.write("No problems found.\n")
        return
    width = max(len(str(n)) for n in counts.values())
    id_width = max(len(r) for r in counts)
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*]" if fixable[rule] == count else ("[-]" if fixable[rule] else "   ")
        stream.write(f"{count:>{width}}  {rule:<{id_width}}  {marker}  {severity[rule]}\n")
    total = sum(counts.values())
    stream.write(f"Found {total} problem{'s' if total != 1 else ''}.\n")


def _baseline_for(path: str, overrides: Overrides) -> Optional[str]:
    from textlint.api import baseline_path

    return baseline_path(None if path == "-" else path, overrides)


def _add_baseline(results: Sequence[FileResult], overrides: Overrides, errors: bool) -> int:
    groups: Dict[str, List[FileResult]] = {}
    for result in results:
        if result.path == "-":
            continue
        where = _baseline_for(result.path, overrides)
        if where:
            groups.setdefault(where, []).append(result)
    for where, members in groups.items():
        accepted = baseline.load(where, missing_ok=True)
        for result in members:
            accepted.replace_file(result.path, result.source.text, result.diagnostics)
        try:
            accepted.save()
        except OSError as exc:
            raise TextlintError(f"cannot write the baseline: {exc.strerror or exc}", where) from None
        count = sum(len(r.diagnostics) for r in members)
        sys.stderr.write(
            f"textlint: recorded {count} finding{'s' if count != 1 else ''} of {len(members)} "
            f"file{'s' if len(members) != 1 else ''} in {os.path.relpath(where)}\n"
        )
    return EXIT_ERROR if errors else EXIT_CLEAN


def _lines(text: str) -> List[str]:
    """Lines with their endings, split at CRLF, CR or LF only (as the engine counts lines)."""
    import re

    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)


def unified_diff(result: FileResult) -> str:
    """A unified diff of the fixes in `result`, line endings and all."""
    before = _lines(result.original)
    after = _lines(result.source.text)
    from textlint.config import display_path

    name = display_path(result.path).replace(os.sep, "/").lstrip("/")
    lines = []
    for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
        if line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _show_diff(results: Sequence[FileResult], args, errors: bool) -> int:
    stream, close = _report_stream(args, sys.stdout)
    changed = [r for r in results if r.changed]
    with _reporting(stream, close, args.output_file, "the diff"):
        for result in changed:
            stream.write(unified_diff(result))
    fixes = sum(r.fixed for r in changed)
    if changed:
        sys.stderr.write(
            f"Would fix {fixes} problem{'s' if fixes != 1 else ''} in {len(changed)} file{'s' if len(changed) != 1 else ''}.\n"
        )
    else:
        sys.stderr.write("No fixes to apply.\n")
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if changed and not args.exit_zero else EXIT_CLEAN
