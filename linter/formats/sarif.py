"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Every rule in force is described in `tool.driver.rules` (id, short and full
description, help with the fix, default level); each finding is a result
with its rule, level, message and region. Regions are 1-based lines and
columns, the end column exclusive, counted in Unicode code points: the run
says so with `columnKind: unicodeCodePoints` (SARIF's default would be
UTF-16 code units). Fixes are included as SARIF fixes; every result carries a
`partialFingerprints` entry that survives unrelated edits (the baseline key).
"""

from __future__ import annotations

import hashlib
import json
import os
from urllib.parse import quote

from textlint.formats import positions
from textlint.text import LineIndex

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


def artifact_uri(path: str) -> str:
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:
            relative = ".."
        if relative.startswith(".."):
            from pathlib import Path

            return Path(path).as_uri()
        path = relative
    # a name that is not UTF-8 holds surrogate escapes: quote its bytes, as they are on disk
    return quote(os.fsencode(path.replace(os.sep, "/")), safe="/")


def rule_descriptor(rule) -> dict:
    if rule.fix:
        fix = f"Fix: {rule.fix} ({'safe: applied by --fix' if rule.fix_safe else 'unsafe: applied with --fix --unsafe-fixes'})."
    else:
        fix = "Fix: none (the right repair is not certain)."
    description = rule.description or rule.summary or rule.message
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary or rule.id},
        "fullDescription": {"text": description},
        "help": {"text": f"{description}\n\n{fix}", "markdown": f"{description}\n\n{fix}\n\n`textlint explain {rule.id}`"},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.category], "kind": rule.kind},
    }


def _region(index: LineIndex, start: int, end: int) -> dict:
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return {"startLine": line + 1, "startColumn": column + 1, "endLine": end_line + 1, "endColumn": end_column + 1}


def _fingerprint(result, diagnostic) -> str:
    from textlint.baseline import fingerprint

    flagged, context = fingerprint(result.source.text, diagnostic)
    parts = [result.path.replace(os.sep, "/"), diagnostic.rule, flagged, context]
    if result.record is not None:
        parts.insert(1, str(result.record))
    key = "\0".join(parts)
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _text(message: str) -> str:
    """`message` as valid Unicode: a file name's undecodable bytes become U+FFFD (SARIF is UTF-8 JSON)."""
    return message.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _invocation(errors) -> dict:
    """Whether the run went through; each input error as a tool execution notification."""
    invocation: dict = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [{"level": "error", "message": {"text": _text(e)}} for e in errors]
    return invocation


def result_items(result, index_of):
    """The SARIF results for one file (or one corpus record): what `render` lists.

    A record's lines and columns count in its text, not in the corpus file,
    so its result names the record as a logical location and keeps the
    region (and no fix, whose regions would be in the same text) in its
    properties, where no viewer takes it for a place in the file."""
    uri = artifact_uri(result.path)
    lines = LineIndex(result.source.text)
    seen = {}
    for diagnostic, position in zip(result.diagnostics, positions(result)):
        region = {
            "startLine": position.line, "startColumn": position.column,
            "endLine": position.end_line, "endColumn": position.end_column,
        }
        item = {
            "ruleId": diagnostic.rule,
            "level": LEVELS.get(diagnostic.severity, "warning"),
            "message": {"text": diagnostic.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        }
        if result.record is not None:
            item["locations"] = [{
                "physicalLocation": {"artifactLocation": {"uri": uri}},
                "logicalLocations": [{"name": str(result.record), "kind": "object"}],
            }]
            item["properties"] = {"record": result.record, "region": region}
        if diagnostic.rule in index_of:
            item["ruleIndex"] = index_of[diagnostic.rule]
        fingerprint = _fingerprint(result, diagnostic)
        seen[fingerprint] = seen.get(fingerprint, 0) + 1
        item["partialFingerprints"] = {"textlint/v1": f"{fingerprint}:{seen[fingerprint]}"}
        if diagnostic.fix is not None and result.record is None:
            item["fixes"] = [{
                "description": {"text": diagnostic.fix.description + ("" if diagnostic.fix.safe else " (unsafe)")},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [
                        {"deletedRegion": _region(lines, e.start, e.end), "insertedContent": {"text": e.replacement}}
                        for e in diagnostic.fix.edits
                    ],
                }],
            }]
        yield item


def tool(rules) -> dict:
    from textlint import __version__

    return {"driver": {
        "name": "textlint",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [rule_descriptor(rule) for rule in rules.rules],
    }}


def render(results, rules, stream, options) -> None:
    index_of = {rule.id: i for i, rule in enumerate(rules.rules)}
    sarif_results = []
    for result in results:
        if result.diagnostics:
            sarif_results.extend(result_items(result, index_of))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": tool(rules),
            "invocations": [_invocation(options.get("errors") or [])],
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    json.dump(log, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
