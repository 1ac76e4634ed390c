#!/usr/bin/env python3
"""Where one language-server edit's time goes on a long document (issue 14).

    python benchmarks/lsp_edit_profile.py [--size 1MB] [--edits 3] [--top 15]

Opens a document of `--size` the way the server does (`lint_snapshot` with the
document's `IncrementalLinter` and `ConversionCache`), types a word at a few
places, one edit at a time, and prints the cProfile of those edits, then three
timings of each step alone: tokenising the whole text (what a whole-text rule's
`Document` costs), converting the diagnostics, serialising the publish.
The text is `lsp_latency.py`'s (the natural bench when present).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lsp_latency import SIZES, sized, source_text  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402

from textlint.document import Document  # noqa: E402
from textlint.lsp.documents import Document as OpenDocument  # noqa: E402
from textlint.lsp.linting import Tracked, lint_snapshot  # noqa: E402
from textlint.lsp.positions import PositionMap  # noqa: E402
from textlint.lsp.settings import Settings  # noqa: E402


def milliseconds(step, times: int = 3) -> str:
    taken = []
    for _ in range(times):
        started = time.perf_counter()
        step()
        taken.append((time.perf_counter() - started) * 1000)
    return ", ".join(f"{t:.0f}" for t in taken) + " ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1MB", choices=sorted(SIZES))
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    text = sized(source_text(None), SIZES[args.size])
    tracked, settings = Tracked(OpenDocument("file:///profiled.txt", text, 1)), Settings()
    result = lint_snapshot(text, None, settings, "utf-16", 0, 0, 1, tracked.linter, tracked.conversion)
    print(f"{len(text):,} characters, {len(result.lsp):,} diagnostics")

    def edits() -> None:
        for k in range(args.edits):
            middle = len(text) // 3 + 1000 * k
            lint_snapshot(text[:middle] + " word" + text[middle:], None, settings, "utf-16", k + 1, 0, k + 2, tracked.linter, tracked.conversion)

    profile = cProfile.Profile()
    profile.runcall(edits)
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)

    classes = tracked.linter._rules.classes
    converter = default_converter()
    print("whole-text Document (tokens):", milliseconds(lambda: Document(text, classes)))
    print("  + its index (positions of each word):", milliseconds(lambda: Document(text, classes).index))
    print("conversion (cached):", milliseconds(lambda: tracked.conversion.to_lsp(result.diagnostics, PositionMap(text, "utf-16"))))
    notification = types.PublishDiagnosticsNotification(params=types.PublishDiagnosticsParams(uri="file:///profiled.txt", diagnostics=result.lsp))
    print("publish serialisation:", milliseconds(lambda: json.dumps(converter.unstructure(notification))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
