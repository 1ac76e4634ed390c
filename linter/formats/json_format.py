"""`--format json`: a JSON list of diagnostics, the contract scripts and scorers read."""

from __future__ import annotations

import json

from textlint.formats import positions, span_position
from textlint.text import LineIndex


def diagnostic_record(result, diagnostic, position, index: LineIndex) -> dict:
    record = {
        "file": result.path,
        **({"record": result.record} if result.record is not None else {}),
        "rule": diagnostic.rule,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "line": position.line,
        "column": position.column,
        "end_line": position.end_line,
        "end_column": position.end_column,
    }
    if diagnostic.fix is not None:
        record["fix"] = {
            "description": diagnostic.fix.description,
            "safe": diagnostic.fix.safe,
            "edits": [_edit(index, e) for e in diagnostic.fix.edits],
        }
    return record


def _edit(index: LineIndex, edit) -> dict:
    where = span_position(index, edit.start, edit.end)
    return {
        "line": where.line, "column": where.column, "end_line": where.end_line, "end_column": where.end_column,
        "replacement": edit.replacement,
    }


def records(results):
    for result in results:
        if not result.diagnostics:
            continue
        index = LineIndex(result.source.text)
        for diagnostic, position in zip(result.diagnostics, positions(result, index)):
            yield diagnostic_record(result, diagnostic, position, index)


def error_records(options):
    """An input error (a file that could not be read or decoded, a rule that failed) as
    `{"file", "error"}`: a report that leaves a file out says so."""
    for path, message in options.get("file_errors") or ():
        yield {"file": path, "error": message}


def render(results, rules, stream, options) -> None:
    # One diagnostic per line: readable, and encoded by the C encoder, which
    # `indent=` would switch off (a large report took longer to print than to lint).
    items = [json.dumps(record, ensure_ascii=False) for record in records(results)]
    items += [json.dumps(record, ensure_ascii=False) for record in error_records(options)]
    stream.write("[\n  " + ",\n  ".join(items) + "\n]\n" if items else "[]\n")
