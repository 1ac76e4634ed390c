"""Positions in a text: offsets (code points) to lines and columns, and back.

The engine reports spans as Python string offsets. Every front end turns them
into what its users count: the CLI into 1-based lines and columns in Unicode
characters, the language server into 0-based UTF-16 (or UTF-8/32) units.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from typing import List, Tuple

import regex

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps offsets in `text` to (line, column), both 0-based, lines split at CRLF, CR or LF."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            starts = [0]
            starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
        else:
            # Only "\n": line k starts after lines 0..k-1 and their breaks (C loops, for long texts).
            starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))[:-1]
        self.starts: List[int] = starts

    def position(self, offset: int) -> Tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def offset(self, line: int, column: int) -> int:
        """Offset of (line, column); columns past the line's end clamp to it."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        return min(start + column, self.line_end(line))

    def line_end(self, line: int) -> int:
        """Offset where `line`'s content ends (before its line break)."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.line_end(line)]

