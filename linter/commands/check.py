"""`textlint check`: lint paths and stdin, print a report, exit with a CI-friendly code."""

from __future__ import annotations

import sys
from typing import List

from textlint.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, _check_prefixes, _split
from textlint.errors import TextlintError
from textlint.files import DEFAULT_INCLUDE, discover
from textlint.runner import FileResult, RuleSpec, lint_bytes, lint_paths
from textlint.ruleset import load_rules
from textlint import formats


class Progress:
    """A one-line progress bar on stderr, shown only on a terminal and for long runs."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total >= 50 and sys.stderr.isatty()
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done % 10 == 0 or self.done == self.total):
            width = 30
            filled = width * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} files")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def run_check(args) -> int:
    if args.format not in formats.format_names():
        raise TextlintError(f"unknown format '{args.format}' (expected one of {', '.join(formats.format_names())})")
    select, ignore = _split(args.select), _split(args.ignore)
    all_rules = load_rules(args.rules, builtin=not args.no_builtin_rules)
    _check_prefixes(select + ignore, all_rules, "--select/--ignore")
    rules = all_rules.selected(select or None, ignore)
    spec = RuleSpec(tuple(args.rules), tuple(select), tuple(ignore))
    if args.no_builtin_rules:
        spec = None  # workers cannot rebuild a pack without the built-ins: lint in-process

    paths = args.paths or ["."]
    errors = False
    results: List[FileResult] = []
    file_paths = [p for p in paths if p != "-"]
    files, missing = discover(file_paths, DEFAULT_INCLUDE)
    for path in missing:
        sys.stderr.write(f"textlint: {path}: no such file or directory\n")
        errors = True
    if "-" in paths:
        name = args.stdin_filename or "-"
        results.append(lint_bytes(name, sys.stdin.buffer.read(), rules))
    progress = Progress(len(files), not args.no_progress)
    jobs = args.jobs if spec is not None else 1
    for result in lint_paths(files, spec or RuleSpec(), jobs=jobs, rules=rules):
        results.append(result)
        progress.step()
    progress.close()

    for result in results:
        if result.error:
            sys.stderr.write(f"textlint: {result.path}: {result.error}\n")
            errors = True
        elif result.skipped:
            sys.stderr.write(f"textlint: {result.path}: {result.skipped}, skipped\n")
        for failure in result.failures:
            sys.stderr.write(f"textlint: {result.path}: rule {failure.rule} failed: {failure.message}\n")
            errors = True

    linted = [r for r in results if r.source is not None]
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    formats.get(args.format).render(linted, rules, sys.stdout, {"colour": colour, "show_source": not args.no_source})
    sys.stdout.flush()
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(r.diagnostics for r in linted) else EXIT_CLEAN
