"""`--format json-lines`: one JSON object per finding per line (the `--format json` record).

Streams well into `jq -c`, log shippers and scripts that read line by line;
an empty report is an empty output.
"""

from __future__ import annotations

import json

import itertools

from textlint.formats.json_format import error_records, records


def render(results, rules, stream, options) -> None:
    for record in itertools.chain(records(results), error_records(options)):
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
