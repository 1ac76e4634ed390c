"""The `textlint` command line: check, rules, explain, lsp.

Exit codes: 0 nothing found, 1 findings, 2 usage, configuration or input
errors. Every error is one line on stderr; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from typing import List, Optional, Sequence

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with one line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"textlint: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    from textlint import __version__

    parser = _Parser(prog="textlint", description="Find the damage a faulty coreference pipeline leaves in English prose.")
    parser.add_argument("--version", action="version", version=f"textlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint files, folders or stdin", description="Lint files, folders (recursively) or stdin ('-').")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to lint; '-' reads stdin (default: .)")
    check.add_argument("--format", default="text", metavar="FORMAT", help="output format: text (default), json, json-lines, github, sarif, junit")
    check.add_argument("--output-file", "-o", metavar="PATH", help="write the report to PATH instead of stdout")
    check.add_argument("--statistics", action="store_true", help="count findings per rule (text: instead of the findings; other formats: on stderr)")
    check.add_argument("--select", action="append", default=[], metavar="RULE", help="only these rule ids or prefixes, replacing the configuration's (comma-separated, repeatable)")
    check.add_argument("--extend-select", action="append", default=[], metavar="RULE", help="add these rule ids or prefixes to the selection (comma-separated, repeatable)")
    check.add_argument("--ignore", action="append", default=[], metavar="RULE", help="skip these rule ids or prefixes (comma-separated, repeatable)")
    check.add_argument("--rules", action="append", default=[], metavar="PATH", help="add a rule file or folder on top of the built-in rules (repeatable)")
    check.add_argument("--no-builtin-rules", action="store_true", help="use only the rules given with --rules (or the configuration's 'rules')")
    check.add_argument("--config", metavar="PATH", help="use this configuration file (textlint.toml or pyproject.toml) for every file")
    check.add_argument("--isolated", action="store_true", help="ignore configuration files")
    fixing = check.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes and write the files back (stdin: the fixed text goes to stdout, the report to stderr)")
    fixing.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: apply unsafe fixes too")
    fixing.add_argument("--diff", action="store_true", help="show the fixes as a unified diff without writing; exit 1 if there would be changes")
    adoption = check.add_argument_group("exit code and accepted findings")
    adoption.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found (2 still means an error)")
    adoption.add_argument("--fail-level", choices=("error", "warning", "info", "hint"), default="hint", help="exit 1 only for findings of this severity or worse (default: hint, any finding)")
    adoption.add_argument("--baseline", metavar="PATH", help="accept the findings recorded in this baseline file (default: the configuration's 'baseline')")
    adoption.add_argument("--add-baseline", action="store_true", help="record the current findings of the checked files in the baseline file and exit 0")
    check.add_argument("--stdin-filename", metavar="NAME", help="the name to report for stdin (also finds its configuration); without PATHs, stdin is read")
    check.add_argument("--encoding", default="utf-8", metavar="ENCODING", help="decode files (and write fixed ones) in this encoding (default: utf-8; a file that does not decode is an error)")
    check.add_argument("--no-respect-gitignore", action="store_true", help="also walk what .gitignore, .ignore and the default excludes (node_modules, .venv, venv, build, dist, .tox) leave out")
    check.add_argument("--jobs", "-j", type=int, metavar="N", help="lint files in N processes (default: all cores for more than a handful of files)")
    check.add_argument("--no-source", action="store_true", help="text format: do not print the source line and marker")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text output (default: auto, on a terminal)")
    check.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    corpus = check.add_argument_group("corpus files (.jsonl, .ndjson, .jsonl.gz, .parquet: one document per record)")
    corpus.add_argument("--text-field", default="text", metavar="NAME", help="the field (column) that holds each record's text (default: text)")
    corpus.add_argument("--id-field", default="id", metavar="NAME", help="the field that names each record in reports (default: id; else the 1-based record number)")
    corpus.add_argument("--output", metavar="PATH", help="with --fix on one corpus: write the fixed corpus to PATH and leave the input untouched")

    rules = commands.add_parser("rules", help="list the rules", description="List the rules with their ids and one-line descriptions.")
    rules.add_argument("--rules", action="append", default=[], metavar="PATH", help="add a rule file or folder")
    rules.add_argument("--select", action="append", default=[], metavar="RULE")
    rules.add_argument("--ignore", action="append", default=[], metavar="RULE")
    rules.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json: a list of {id, category, kind, severity, fix, summary, path}")

    explain = commands.add_parser("explain", help="explain a rule", description="Print a rule's description, examples and fix.")
    explain.add_argument("rule", metavar="RULE")
    explain.add_argument("--rules", action="append", default=[], metavar="PATH", help="add a rule file or folder")

    lsp = commands.add_parser("lsp", help="run the language server", description="Run the language server (stdio by default).")
    lsp.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    return parser


def _split(values: Sequence[str]) -> List[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def main(argv: Optional[Sequence[str]] = None) -> int:
    from textlint.errors import TextlintError

    for stream in (sys.stdout, sys.stderr):
        # rule messages use typographic quotes: never fail on a terminal that cannot show them
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            from textlint.commands.check import run_check

            return run_check(args)
        if args.command == "rules":
            return _list_rules(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "lsp":
            return _lsp(args)
        parser.print_help()
        return EXIT_ERROR
    except TextlintError as exc:
        sys.stderr.write(f"textlint: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("textlint: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`textlint check | head`): not an error of ours.
        discard_stdout()
        return EXIT_ERROR
    except OSError as exc:  # writing the output failed (`textlint rules > /dev/full`)
        discard_stdout()
        sys.stderr.write(f"textlint: cannot write the output: {exc.strerror or exc}\n")
        return EXIT_ERROR


def discard_stdout() -> None:
    """Point standard output at /dev/null after a write to it failed, so that the
    interpreter's last flush on exit does not fail (and print) the same way again."""
    try:
        if sys.stdout is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
    except (OSError, ValueError):
        try:
            sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"))
        except OSError:
            pass


def _check_prefixes(prefixes: Sequence[str], rules, option: str) -> None:
    from textlint.errors import TextlintError
    from textlint.ruleset import known_prefix

    for prefix in prefixes:
        if not known_prefix(prefix, rules.rules):
            raise TextlintError(f"{option}: no rule matches '{prefix}' (see `textlint rules`)")


def _list_rules(args) -> int:
    from textlint.ruleset import load_rules

    rules = load_rules(args.rules)
    _check_prefixes(_split(args.select) + _split(args.ignore), rules, "--select/--ignore")
    selected = rules.selected(_split(args.select) or None, _split(args.ignore))
    if args.format == "json":
        import json

        listed = [
            {"id": r.id, "category": r.category, "kind": r.kind, "severity": r.severity,
             "fix": ("safe" if r.fix_safe else "unsafe") if r.fix else None, "summary": r.summary, "path": str(r.path)}
            for r in selected.rules
        ]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    width = max((len(r.id) for r in selected.rules), default=0)
    for rule in selected.rules:
        fix = "fix" if rule.fix and rule.fix_safe else ("unsafe fix" if rule.fix else "")
        sys.stdout.write(f"{rule.id:<{width}}  {rule.severity:<7}  {fix:<10}  {rule.summary}\n")
    return EXIT_CLEAN


def _explain(args) -> int:
    from textlint.errors import TextlintError
    from textlint.ruleset import load_rules

    rules = load_rules(args.rules).by_id()
    rule = rules.get(args.rule)
    if rule is None:
        # `explain repeated-words`: a rule's name without its category is enough when only one rule has it
        named = [r for r in rules if r.split("/", 1)[-1] == args.rule]
        if len(named) == 1:
            rule = rules[named[0]]
    if rule is None:
        import difflib

        close = [r for r in rules if r.startswith(args.rule)] or named
        if not close:
            names = {r.split("/", 1)[-1]: r for r in rules}
            close = [names[n] for n in difflib.get_close_matches(args.rule.split("/")[-1], list(names), n=3)]
            close += [r for r in difflib.get_close_matches(args.rule, list(rules), n=3) if r not in close]
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see `textlint rules`)"
        raise TextlintError(f"unknown rule '{args.rule}'{hint}")
    out = sys.stdout
    out.write(f"{rule.id}  ({rule.kind}, {rule.severity})\n\n{rule.description}\n\n")
    out.write(f"Message: {rule.message}\n")
    if rule.fix:
        out.write(f"Fix: {rule.fix} ({'safe' if rule.fix_safe else 'unsafe: applied only with --unsafe-fixes'})\n")
    else:
        out.write("Fix: none (the right repair is not certain)\n")
    if rule.bad:
        out.write("\nFlagged:\n")
        for example in rule.bad:
            marked = example.text
            for start, end in reversed(example.spans):
                marked = marked[:start] + "[[" + marked[start:end] + "]]" + marked[end:]
            out.write(f"  ✗ {marked!r}\n")
            if example.fixed is not None:
                out.write(f"    fixed: {example.fixed!r}\n")
    if rule.good:
        out.write("\nNot flagged:\n")
        for example in rule.good:
            out.write(f"  ✓ {example!r}\n")
    out.write(f"\nDefined in {rule.path}\n")
    return EXIT_CLEAN


def _lsp(args) -> int:
    from textlint.errors import TextlintError

    try:
        from textlint.lsp.server import serve
    except ImportError as exc:
        # pygls and lsprotocol are dependencies of textlint: only a broken install lacks them
        raise TextlintError(
            f"the language server cannot start: {exc}; reinstall textlint with its dependencies "
            f"({sys.executable} -m pip install --force-reinstall <this textlint's folder or git URL>)"
        ) from None
    return serve(tcp=args.tcp)
