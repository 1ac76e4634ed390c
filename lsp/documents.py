"""An open document: its text and version, kept in sync incrementally.

pygls's own workspace (`pygls.workspace.TextDocument`) splits lines with
`str.splitlines`, which also breaks at form feeds, U+2028 and other
characters that LSP does not count as line ends, so an incremental change
after one of them lands in the wrong place. The server keeps its documents
as these instead, split exactly as LSP (and `textlint.text.LineIndex`)
split them: at CRLF, CR and LF. Whether a document is Markdown is decided
by the engine from its path (`textlint.suppression.is_markdown`), exactly
as for `textlint check`.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import unquote, urlparse

from lsprotocol import types

from textlint.lsp.positions import PositionMap
from textlint.text import LineIndex


def document_key(uri: str) -> str:
    """The key of an open document: clients differ in how they escape the same URI."""
    return unquote(uri)


def uri_to_path(uri: str) -> Optional[str]:
    """The file-system path of a file: URI, or None for other schemes (untitled:, ...)."""
    try:
        from pygls.uris import to_fs_path

        if urlparse(uri).scheme == "file":
            return to_fs_path(uri)
    except Exception:
        pass
    return None


class Document:
    __slots__ = ("uri", "text", "version", "path", "_index")

    def __init__(self, uri: str, text: str, version: Optional[int]) -> None:
        self.uri = uri
        self.text = text
        self.version = version
        self.path = uri_to_path(uri)
        self._index: Optional[LineIndex] = None

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def positions(self, encoding: str) -> PositionMap:
        return PositionMap(self.text, encoding, self.index)

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        """Apply one change: a full replacement, or a range replaced in the current text."""
        if isinstance(change, types.TextDocumentContentChangePartial) and change.range is not None:
            positions = self.positions(encoding)
            start = positions.offset(change.range.start)
            end = positions.offset(change.range.end)
            if end < start:
                start, end = end, start
            self.text = self.text[:start] + change.text + self.text[end:]
        else:
            self.text = change.text
        self._index = None
