"""Offsets (Python str indices, i.e. code points) to LSP positions, and back.

LSP counts a line's characters in the negotiated position encoding: UTF-16
code units by default, or UTF-8 bytes / UTF-32 code points when client and
server agree on them. Lines end at CRLF, CR or LF, exactly as in
`textlint.text.LineIndex`. This module is pure protocol translation.
"""

from __future__ import annotations

from typing import Dict, Iterable, Tuple

from lsprotocol import types

from textlint.text import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def normalise_encoding(encoding) -> str:
    value = getattr(encoding, "value", encoding)
    return value if value in (UTF8, UTF16, UTF32) else UTF16


def units(text: str, encoding: str) -> int:
    """The length of `text` in the encoding's code units."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogatepass"))


def code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of `line` its first `count` code units cover.

    A count that falls inside a character (half a surrogate pair, part of a
    UTF-8 sequence) rounds down to that character's start; a count past the
    end clamps to the line's length.
    """
    if count <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    if encoding == UTF16:
        data = line.encode("utf-16-le", "surrogatepass")[: 2 * count]
        if len(data) >= 2 and 0xD8 <= data[-1] <= 0xDB:  # a lone high surrogate: drop it
            data = data[:-2]
        return len(data.decode("utf-16-le", "surrogatepass"))
    data = line.encode("utf-8", "surrogatepass")[:count]
    return len(data.decode("utf-8", "ignore"))


class PositionMap:
    """Converts between offsets into `text` and LSP positions in one encoding."""

    def __init__(self, text: str, encoding: str = UTF16, index: LineIndex = None) -> None:
        self.text = text
        self.encoding = normalise_encoding(encoding)
        self.index = index if index is not None else LineIndex(text)
        self._ascii = text.isascii() or self.encoding == UTF32

    def position(self, offset: int) -> types.Position:
        line, column = self.index.position(offset)
        if not self._ascii and column:
            start = self.index.starts[line]
            column = units(self.text[start:offset], self.encoding)
        return types.Position(line=line, character=column)

    def positions(self, offsets: Iterable[int]) -> Dict[int, types.Position]:
        """Positions of many offsets, in one sweep: O(text + offsets), even on one long line."""
        return {offset: types.Position(line=line, character=count) for offset, (line, count) in self.line_units(offsets).items()}

    def line_units(self, offsets: Iterable[int]) -> Dict[int, Tuple[int, int]]:
        """(line, character in the encoding's units) of many offsets, as `positions` sweeps them."""
        result: Dict[int, Tuple[int, int]] = {}
        last: Tuple[int, int, int] = (-1, 0, 0)  # line, offset, units at that offset
        for offset in sorted(set(offsets)):
            line, column = self.index.position(offset)
            if self._ascii:
                result[offset] = (line, column)
                continue
            if line == last[0]:
                count = last[2] + units(self.text[last[1] : offset], self.encoding)
            else:
                count = units(self.text[self.index.starts[line] : offset], self.encoding)
            last = (line, offset, count)
            result[offset] = (line, count)
        return result

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The offset of an LSP position; a line past the end clamps to the end of the text,
        a character past the line's end to the end of the line (before its line break)."""
        line = position.line
        if line < 0:
            return 0
        if line >= len(self.index.starts):
            return len(self.text)
        start = self.index.starts[line]
        end = self.index.line_end(line)
        return start + code_points(self.text[start:end], position.character, self.encoding)
