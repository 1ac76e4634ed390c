"""Writing a report while results still come in, for inputs too large to hold.

`ReportWriter.add` renders each batch of results at once and forgets them;
`close` writes what only the end knows (the text summary, the closing of a
JSON list, the SARIF invocation with its errors). The output is what the
format's `render` would print for all the results, up to layout: JSON gets
one record per line, SARIF its results before its invocation. JUnit states
counts in its opening tags, so it cannot stream and is not offered here.
"""

from __future__ import annotations

import json
from typing import Sequence

from textlint.formats import json_format, json_lines, sarif, text

STREAMING_FORMATS = ("text", "json", "json-lines", "github", "sarif")
_HOLE = "\0results\0"  # where the streamed SARIF results go: a string no rule text holds


class ReportWriter:
    def __init__(self, name: str, rules, stream, options: dict) -> None:
        self.name = name
        self.rules = rules
        self.stream = stream
        self.options = options
        self.first = True
        self.total = self.documents = self.fixable = 0
        self.files: set = set()
        if name == "sarif":
            self.index_of = {rule.id: i for i, rule in enumerate(rules.rules)}
            log = {
                "$schema": sarif.SCHEMA,
                "version": "2.1.0",
                "runs": [{"tool": sarif.tool(rules), "columnKind": "unicodeCodePoints", "results": _HOLE}],
            }
            opening, self.sarif_end = json.dumps(log, ensure_ascii=False, indent=2).split(json.dumps(_HOLE), 1)
            stream.write(opening + "[")

    def add(self, results: Sequence) -> None:
        results = [r for r in results if r.source is not None]
        if self.name == "text":
            text._render_findings(results, self.stream, self.options)
            for result in results:
                if result.diagnostics:
                    self.total += len(result.diagnostics)
                    self.documents += 1
                    self.files.add(result.path)
                    self.fixable += sum(1 for d in result.diagnostics if d.fix is not None and d.fix.safe)
        elif self.name == "json":
            for record in json_format.records(results):
                self.stream.write(("[\n  " if self.first else ",\n  ") + json.dumps(record, ensure_ascii=False))
                self.first = False
        elif self.name == "json-lines":
            json_lines.render(results, self.rules, self.stream, self.options)
        elif self.name == "sarif":
            for result in results:
                if not result.diagnostics:
                    continue
                for item in sarif.result_items(result, self.index_of):
                    self.stream.write(("\n" if self.first else ",\n") + json.dumps(item, ensure_ascii=False))
                    self.first = False
        else:
            from textlint.formats import get

            get(self.name).render(results, self.rules, self.stream, self.options)

    def close(self, errors: Sequence[str], fixed: int = 0, fixed_files: int = 0) -> None:
        if self.name == "text":
            self._text_summary(fixed, fixed_files)
        elif self.name == "json":
            self.stream.write("[]\n" if self.first else "\n]\n")
        elif self.name == "sarif":
            invocation = json.dumps([sarif._invocation(list(errors))], ensure_ascii=False)
            self.stream.write(f"\n],\n      \"invocations\": {invocation}{self.sarif_end}\n")

    def _text_summary(self, fixed: int, fixed_files: int) -> None:
        write = self.stream.write
        if fixed:
            left = f"; {self.total} left" if self.total else "; nothing left"
            write(f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {fixed_files} "
                  f"document{'s' if fixed_files != 1 else ''}{left}.\n")
        if self.total:
            plural = "s" if self.total != 1 else ""
            hint = f" ({self.fixable} fixable with --fix)" if self.fixable else ""
            files = len(self.files)
            write(f"Found {self.total} problem{plural} in {self.documents} document{'s' if self.documents != 1 else ''} "
                  f"of {files} file{'s' if files != 1 else ''}{hint}.\n")
