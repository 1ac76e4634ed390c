"""`--format text`: for people. `path:line:col: rule message`, the line, a marker."""

from __future__ import annotations

import unicodedata

from textlint.formats import positions
from textlint.text import LineIndex

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m", "hint": "\033[1;34m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _width(text: str) -> int:
    """Terminal columns `text` takes: wide characters count two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _printable(text: str) -> str:
    return text.replace("\t", " ").replace("\u00a0", " ")


def _window(line: str, start: int, end: int, context: int = 40, longest_span: int = 80):
    """Cut a long line (tokenised documents are one line) to the span and some context.

    A span longer than `longest_span` characters is shown by its beginning,
    so that a finding over a whole line never prints a screenful of markers.
    """
    end = min(end, start + longest_span)
    if len(line) <= 2 * context + (end - start):
        return line, start, end
    left = max(0, start - context)
    right = min(len(line), end + context)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    return prefix + line[left:right] + suffix, start - left + len(prefix), end - left + len(prefix)


def render(results, rules, stream, options) -> None:
    _render_findings(results, stream, options)
    total = sum(len(r.diagnostics) for r in results)
    fixed = options.get("fixed", 0)
    if fixed:
        files = options.get("fixed_files", 0)
        left = f"; {total} left" if total else "; nothing left"
        stream.write(f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''}{left}.\n")
    if total:
        files = sum(1 for r in results if r.diagnostics)
        plural = "s" if total != 1 else ""
        hint = _fix_hint(results, options)
        stream.write(f"Found {total} problem{plural} in {files} file{'s' if files != 1 else ''}{hint}.\n")
    elif not fixed and not options.get("errors") and options.get("linted", len(results)):
        # a clean run says so (as ruff does), so that silence never stands for "nothing was checked"
        stream.write("All checks passed!\n")


def _fix_hint(results, options) -> str:
    """` (3 fixable with --fix, 2 more with --unsafe-fixes)`: what a fix run would do."""
    fixes = [d.fix for r in results for d in r.diagnostics if d.fix is not None]
    safe = sum(1 for f in fixes if f.safe)
    unsafe = len(fixes) - safe if options.get("unsafe_hint", True) else 0
    parts = []
    if safe:
        parts.append(f"{safe} fixable with --fix")
    if unsafe:
        parts.append(f"{unsafe} more with --unsafe-fixes" if safe else f"{unsafe} fixable with --fix --unsafe-fixes")
    return f" ({', '.join(parts)})" if parts else ""


def _render_findings(results, stream, options) -> None:
    colour = options.get("colour", False)
    show_source = options.get("show_source", True)
    for result in results:
        if not result.diagnostics:
            continue
        index = LineIndex(result.source.text)
        for diagnostic, position in zip(result.diagnostics, positions(result)):
            record = "" if result.record is None else f"{result.record}:"
            head = f"{result.path}:{record}{position.line}:{position.column}:"
            rule = diagnostic.rule
            fixable = " [*]" if diagnostic.fix is not None and diagnostic.fix.safe else ""
            if colour:
                head = f"{_BOLD}{head}{_RESET}"
                rule = f"{_COLOURS.get(diagnostic.severity, '')}{rule}{_RESET}"
            stream.write(f"{head} {rule}{fixable} {diagnostic.message}\n")
            if not show_source:
                continue
            line_text = index.line_text(position.line - 1)
            start = position.column - 1
            end = position.end_column - 1 if position.end_line == position.line else len(line_text)
            line_text, start, end = _window(line_text, start, end)
            gutter = f"{position.line:>5} | "
            stream.write(f"{gutter}{_printable(line_text)}\n")
            pad = " " * _width(_printable(line_text[:start]))
            marker = "^" * max(1, _width(_printable(line_text[start:end])))
            if colour:
                marker = f"{_COLOURS.get(diagnostic.severity, '')}{marker}{_RESET}"
            stream.write(f"{' ' * (len(gutter) - 2)}| {pad}{marker}\n")
