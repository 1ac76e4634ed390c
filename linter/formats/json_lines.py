"""`--format json-lines`: one JSON object per finding per line (the `--format json` record).

Streams well into `jq -c`, log shippers and scripts that read line by line;
an empty report is an empty output.
"""

from __future__ import annotations

import json

from textlint.formats.json_format import records


def render(results, rules, stream, options) -> None:
    for record in records(results):
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
