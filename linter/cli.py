"""The `textlint` command line: argument parsing, then each command's module
(`textlint.commands.check`, `rules`, `explain`, `lsp`), imported only when run.

Exit codes: 0 nothing found, 1 findings, 2 usage, configuration or input
errors. Every error is one line on stderr; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from textlint.commands.common import EXIT_ERROR, discard_stdout


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with one line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"textlint: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose the rules, the same for every command that resolves them."""
    parser.add_argument("--select", action="append", default=[], metavar="RULE", help="only these rule ids or prefixes, replacing the configuration's (comma-separated, repeatable)")
    parser.add_argument("--extend-select", action="append", default=[], metavar="RULE", help="add these rule ids or prefixes to the selection (comma-separated, repeatable)")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE", help="skip these rule ids or prefixes (comma-separated, repeatable)")
    parser.add_argument("--rules", action="append", default=[], metavar="PATH", help="add a rule file or folder on top of the built-in rules (repeatable)")
    parser.add_argument("--no-builtin-rules", action="store_true", help="use only the rules given with --rules (or the configuration's 'rules')")
    parser.add_argument("--config", metavar="PATH", help="use this configuration file (textlint.toml or pyproject.toml) for every file")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")


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
    add_rule_options(check)
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

    rules = commands.add_parser("rules", help="list the rules check runs", description="List the rules `textlint check` runs (on PATH, else on stdin here) with their ids and one-line descriptions: the configuration's rule packs and selection, then the options'.")
    rules.add_argument("path", nargs="?", metavar="PATH", help="the file whose rules to list (its configuration and per-file-ignores apply)")
    add_rule_options(rules)
    rules.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json: a list of {id, category, kind, severity, fix, summary, path}")

    explain = commands.add_parser("explain", help="explain a rule", description="Print a rule's description, examples and fix, with the configuration's rule packs and per-rule settings.")
    explain.add_argument("rule", metavar="RULE")
    add_rule_options(explain)

    lsp = commands.add_parser("lsp", help="run the language server", description="Run the language server (stdio by default).")
    lsp.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    return parser


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
            from textlint.commands.rules import run_rules

            return run_rules(args)
        if args.command == "explain":
            from textlint.commands.explain import run_explain

            return run_explain(args)
        if args.command == "lsp":
            from textlint.commands.lsp import run_lsp

            return run_lsp(args)
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
