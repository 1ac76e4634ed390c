"""`--format json`: a JSON list of diagnostics, the contract scripts and scorers read."""

from __future__ import annotations

import json

from textlint.formats import positions


def diagnostic_record(result, diagnostic, position) -> dict:
    record = {
        "file": result.path,
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
            "edits": [_edit(result, e) for e in diagnostic.fix.edits],
        }
    return record


def _edit(result, edit) -> dict:
    from textlint.text import LineIndex

    index = LineIndex(result.source.text)
    line, column = index.position(edit.start)
    end_line, end_column = index.position(edit.end)
    return {
        "line": line + 1, "column": column + 1, "end_line": end_line + 1, "end_column": end_column + 1,
        "replacement": edit.replacement,
    }


def records(results):
    for result in results:
        for diagnostic, position in zip(result.diagnostics, positions(result)):
            yield diagnostic_record(result, diagnostic, position)


def render(results, rules, stream, options) -> None:
    # One diagnostic per line: readable, and encoded by the C encoder, which
    # `indent=` would switch off (a large report took longer to print than to lint).
    items = [json.dumps(record, ensure_ascii=False) for record in records(results)]
    stream.write("[\n  " + ",\n  ".join(items) + "\n]\n" if items else "[]\n")
