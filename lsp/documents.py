"""Open documents: their text, version and language, kept in sync incrementally.

pygls's own workspace splits lines with `str.splitlines`, which also breaks
at form feeds, U+2028 and other characters that LSP does not count as line
ends; the server keeps its documents here instead, split exactly as LSP
(and `textlint.text.LineIndex`) split them: at CRLF, CR and LF.
"""

from __future__ import annotations

from typing import Dict, Iterator, Optional
from urllib.parse import unquote, urlparse

from lsprotocol import types

from textlint.lsp.positions import PositionMap
from textlint.text import LineIndex

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")


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
    __slots__ = ("uri", "text", "version", "language_id", "path", "_index")

    def __init__(self, uri: str, text: str, version: Optional[int], language_id: str = "") -> None:
        self.uri = uri
        self.text = text
        self.version = version
        self.language_id = language_id or ""
        self.path = uri_to_path(uri)
        self._index: Optional[LineIndex] = None

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def positions(self, encoding: str) -> PositionMap:
        return PositionMap(self.text, encoding, self.index)

    @property
    def is_markdown(self) -> bool:
        if self.language_id.lower() in ("markdown", "mdx"):
            return True
        name = self.path or unquote(urlparse(self.uri).path)
        return name.lower().endswith(MARKDOWN_EXTENSIONS)

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


class Documents:
    def __init__(self) -> None:
        self._documents: Dict[str, Document] = {}

    @staticmethod
    def key(uri: str) -> str:
        return unquote(uri)

    def open(self, item: types.TextDocumentItem) -> Document:
        document = Document(item.uri, item.text, item.version, item.language_id)
        self._documents[self.key(item.uri)] = document
        return document

    def get(self, uri: str) -> Optional[Document]:
        return self._documents.get(self.key(uri))

    def close(self, uri: str) -> Optional[Document]:
        return self._documents.pop(self.key(uri), None)

    def __iter__(self) -> Iterator[Document]:
        return iter(list(self._documents.values()))

    def __len__(self) -> int:
        return len(self._documents)
