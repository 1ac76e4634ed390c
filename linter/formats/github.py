"""`--format github`: GitHub Actions workflow commands, which annotate the pull request.

    ::error file=notes.txt,line=3,col=5,endLine=3,endColumn=12,title=duplicated-token/repeated-words::“the” is repeated back to back

Severity `error` becomes an error annotation, `warning` a warning, `info` and
`hint` a notice. Columns are 1-based, in characters, the end column exclusive
(as in every other format). Paths are written relative to the working
directory, as GitHub resolves them against the repository root.
"""

from __future__ import annotations

import os

from textlint.formats import positions

LEVELS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: str) -> str:
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
            if not relative.startswith(".."):
                path = relative
        except ValueError:
            pass
    return path.replace(os.sep, "/")


def render(results, rules, stream, options) -> None:
    for result in results:
        name = escape_property(display_path(result.path))
        for diagnostic, position in zip(result.diagnostics, positions(result)):
            level = LEVELS.get(diagnostic.severity, "warning")
            properties = (
                f"file={name},line={position.line},col={position.column},"
                f"endLine={position.end_line},endColumn={position.end_column},"
                f"title={escape_property(diagnostic.rule)}"
            )
            message = diagnostic.message
            if result.record is not None:
                # a line of the record's text, not of the file: say so rather than annotate the wrong line
                properties = f"file={name},title={escape_property(diagnostic.rule)}"
                message = f"record {result.record}, line {position.line}, column {position.column}: {message}"
            stream.write(f"::{level} {properties}::{escape_data(message)}\n")
    for path, message in options.get("file_errors") or ():  # the run fails: say on which file
        stream.write(f"::error file={escape_property(display_path(path))},title=textlint::{escape_data(message)}\n")
