"""`trailing`: a block of fragment lines appended after a document's real end.

The damaged corpora end with lines such as "Folks Folks Folks our
communities and our families": no sentence punctuation and words or phrases
repeated within the line. The block is the run of such lines at the very end
of the document, after a line that ends like a sentence. The fix deletes the
block and leaves the document ending as it did before.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator, List, Tuple

import regex

from textlint.diagnostics import Edit
from textlint.kinds import Document, Match
from textlint.kinds.options import Options
from textlint.wordclasses import WordClasses

KEYS = {"max-lines", "max-words", "allow-doubled", "min-words", "terminal", "min-repeated-words", "max-distinct-ratio", "doubled-min-words"}
FIX = "delete the junk lines"
PLACEHOLDERS = ()
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*")


class TrailingChecker:
    def __init__(
        self, max_lines: int, min_words: int, terminal: str, min_repeated: int, max_distinct: float,
        doubled_min_words: int, max_words: int, allow_doubled: frozenset,
    ) -> None:
        self.doubled_min_words = doubled_min_words
        self.max_words = max_words
        self.allow_doubled = allow_doubled
        self.max_lines = max_lines
        self.min_words = min_words
        self.terminal = terminal
        self.min_repeated = min_repeated
        self.max_distinct = max_distinct

    def check(self, document: Document) -> Iterator[Match]:
        text = document.text
        lines = _lines(text)
        junk: List[Tuple[int, int, int, int]] = []  # (line start, line end incl. break, content start, content end)
        strong = False
        for start, end in reversed(lines):
            line = text[start:end]
            content = line.strip()
            if not content:
                if junk:
                    break
                continue
            kind = self._fragment_kind(content)
            if kind is None:
                break
            strong = strong or kind == "doubled"
            lead = len(line) - len(line.lstrip())
            junk.append((start, end, start + lead, start + len(line.rstrip())))
            if len(junk) > self.max_lines:
                return
        if not junk:
            return
        junk.reverse()
        first_line_start = junk[0][0]
        before = text[:first_line_start].rstrip()
        # The block must follow a real ending, not be the whole document; a
        # line with a word doubled back to back is junk wherever it stands.
        if not before or (before[-1] not in self.terminal and not strong):
            return
        content_start, content_end = junk[0][2], junk[-1][3]
        last_end = junk[-1][1]
        if text[last_end - 1 : last_end] in ("\n", "\r"):
            edit = Edit(first_line_start, last_end, "")
        else:
            # No line break of its own: take the one that introduced the block,
            # so the document ends exactly as it did before the junk.
            edit = Edit(_break_start(text, first_line_start), last_end, "")
        yield Match(content_start, content_end, (edit,))

    def _fragment_kind(self, content: str):
        """"doubled" (words back to back twice), "repeated" (words recur), or None."""
        if content[-1] in self.terminal:
            return None
        raw = _WORD.findall(content)
        words = [w.lower() for w in raw]
        if len(words) > self.max_words:
            return None
        if len(words) >= self.doubled_min_words and any(
            a == b and a.lower() not in self.allow_doubled for a, b in zip(raw, raw[1:])
        ):
            return "doubled"
        if len(words) < self.min_words:
            return None
        counts = Counter(words)
        repeated = sum(c for c in counts.values() if c > 1)
        if repeated >= self.min_repeated and len(counts) <= self.max_distinct * len(words):
            return "repeated"
        return None


def _lines(text: str) -> List[Tuple[int, int]]:
    spans = []
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            break
        spans.append(match.span())
    return spans


def _break_start(text: str, line_start: int) -> int:
    """Offset of the line break that ends the last line with content before `line_start`:
    deleting from there deletes the blank lines between too, and leaves that line
    (trailing spaces and all) as the document's last, with no line break after it."""
    content_end = len(text[:line_start].rstrip())
    breaks = [at for at in (text.find("\n", content_end, line_start), text.find("\r", content_end, line_start)) if at >= 0]
    return min(breaks) if breaks else line_start


def compile(table: dict, path: str, classes: WordClasses) -> TrailingChecker:
    options = Options(table, path, table.get("id", "?"))
    ratio = options.get("max-distinct-ratio", float, 0.8)
    if not 0 < ratio <= 1:
        raise options.fail("max-distinct-ratio", "'max-distinct-ratio' must be in (0, 1]")
    return TrailingChecker(
        options.get("max-lines", int, 6, minimum=0),
        options.get("min-words", int, 3, minimum=0),
        options.get("terminal", str, ".!?…:;\"”’)]»*|"),
        options.get("min-repeated-words", int, 2, minimum=0),
        ratio,
        options.get("doubled-min-words", int, 3, minimum=0),
        options.get("max-words", int, 60, minimum=1),
        classes.union(options.classes("allow-doubled", classes)),
    )
