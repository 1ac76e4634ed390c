"""Markdown read as Markdown: the prose of a document, everything else blanked out.

A Markdown file holds prose (paragraphs, headings, list items, block quotes,
table cells, link text) and things that are not prose: fenced and indented
code, inline code, YAML or TOML front matter, HTML blocks, inline HTML and
comments, link destinations and bare URLs. The rules are written for prose;
run over code they flag `the the` in a code sample and delete a trailing
`<!-- comment -->` as junk.

`prose_view(text)` parses the document with markdown-it-py (CommonMark and
GFM tables) and returns a `ProseView`: the text with every character that is
not prose replaced by a space (line breaks kept), so it has exactly the
length and the line structure of the source and every offset the engine
reports is an offset into the source. `ProseView.keep` then drops the
findings that lean on blanked text (a span over inline code, or across two
table cells) and the fixes that would edit it, so a fix never touches
anything but prose.

markdown-it-py's inline tokens carry no source positions, so the inline
rules that consume non-prose (code spans, HTML, autolinks, links and images)
are wrapped to record where in the block's content they matched, and each
block's content is mapped back onto its source lines.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, replace
from typing import List, Optional, Sequence, Tuple

from textlint.diagnostics import Diagnostic, Edit

MARKUP, PROSE, HIDDEN = 0, 1, 2  # per-character classes; MARKUP is whitespace and syntax

# Front matter: a YAML (---) or TOML (+++) block that opens the file.
FRONT_MATTER = re.compile(
    r"\A(?P<fence>---|\+\+\+)[ \t]*(?:\r\n|\r|\n).*?(?:\r\n|\r|\n)(?:(?P=fence)|\.\.\.)[ \t]*(?=\r\n|\r|\n|\Z)",
    re.DOTALL,
)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>`]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)'\"’”"
_NOT_BLANK = re.compile(r"[^\r\n]")
_SPANS = "textlint.spans"
# Blocks whose whole lines are not prose.
_HIDDEN_BLOCKS = {"fence", "code_block", "html_block"}


def front_matter_end(text: str) -> int:
    """Where the front matter that opens `text` ends (0: there is none)."""
    found = FRONT_MATTER.match(text)
    return found.end() if found else 0


@dataclass
class ProseView:
    """`text` is the source with non-prose blanked; `kinds[i]` and `blocks[i]` classify
    source character i (MARKUP, PROSE or HIDDEN; the prose block it belongs to)."""

    source: str
    text: str
    kinds: bytearray
    blocks: List[int]

    def keep(self, diagnostics: Sequence[Diagnostic]) -> List[Diagnostic]:
        """The findings that are about prose alone, with only the fixes that edit prose alone."""
        kept = []
        for d in diagnostics:
            if not self._about_prose(d.start, d.end):
                continue
            if d.fix is not None and not all(self._editable(e) for e in d.fix.edits):
                d = replace(d, fix=None)
            kept.append(d)
        return kept

    def _about_prose(self, start: int, end: int) -> bool:
        if start >= end:
            return start < len(self.kinds) and self.kinds[start] == PROSE
        span = self.kinds[start:end]
        if HIDDEN in span or PROSE not in span:
            return False
        # one block: a span across two table cells, or a heading and the next
        # paragraph, is made of blanked syntax, not of what the reader sees
        blocks = {self.blocks[i] for i in range(start, end) if self.kinds[i] == PROSE}
        return len(blocks) == 1

    def _editable(self, edit: Edit) -> bool:
        kinds, source = self.kinds, self.source
        if edit.start == edit.end:  # an insertion: next to prose
            at = edit.start
            return (at < len(kinds) and kinds[at] == PROSE) or (at > 0 and kinds[at - 1] == PROSE)
        for i in range(edit.start, edit.end):
            if kinds[i] == HIDDEN or (kinds[i] == MARKUP and not source[i].isspace()):
                return False
        return True


def prose_view(text: str) -> ProseView:
    n = len(text)
    kinds = bytearray(n)
    blocks = [0] * n
    lines = [(m.start(), m.end()) for m in _LINES.finditer(text)]
    body_start = front_matter_end(text)
    if body_start:
        kinds[0:body_start] = bytes([HIDDEN]) * body_start
    first_body_line = _line_of(lines, body_start) if body_start else 0
    # the parser sees the front matter as blank lines, so that line numbers stay
    parsed = "\n" * first_body_line + _strip_eol_join(text, lines, first_body_line)
    md, env = _parser(), {}
    tokens = md.parse(parsed, env)
    line_cursor: dict = {}
    block_id = 0
    for token in tokens:
        if token.map is None:
            continue
        first, last = token.map
        if token.type in _HIDDEN_BLOCKS:
            if first < len(lines):
                start = lines[first][0]
                end = _content_end(text, lines[min(last, len(lines)) - 1])
                kinds[start:end] = bytes([HIDDEN]) * (end - start)
        elif token.type == "inline":
            block_id += 1
            _map_inline(md, env, token, text, lines, line_cursor, kinds, blocks, block_id)
    masked = _blank(text, kinds)
    return ProseView(text, masked, kinds, blocks)


def _line_of(lines, offset: int) -> int:
    starts = [start for start, _ in lines]
    return bisect.bisect_right(starts, offset - 1) if offset else 0


def _strip_eol_join(text: str, lines, first: int) -> str:
    return "\n".join(_content(text, span) for span in lines[first:]) + "\n"


def _content(text: str, span) -> str:
    return text[span[0]:_content_end(text, span)]


def _content_end(text: str, span) -> int:
    start, end = span
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return end


def _blank(text: str, kinds: bytearray) -> str:
    pieces = []
    position = 0
    for run in re.finditer(rb"[^\x01]+", bytes(kinds)):
        start, end = run.span()
        pieces.append(text[position:start])
        pieces.append(_NOT_BLANK.sub(" ", text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _map_inline(md, env, token, text, lines, line_cursor, kinds, blocks, block_id) -> None:
    """Mark the source of one inline block (a paragraph, a heading, a table cell) as prose,
    and inside it the code, HTML and URLs as hidden. A block whose content cannot be found
    in its lines (a cell with an escaped pipe, a tab expanded by the parser) stays blanked."""
    content = token.content
    if not content:
        return
    first, last = token.map
    segments: List[Tuple[int, int, int]] = []  # (content offset, source offset, length)
    offset = 0
    line = first
    cursors = {}
    for piece in content.split("\n"):
        found = -1
        while line < min(last, len(lines)) and found < 0:
            start = line_cursor.get(line, lines[line][0])
            end = _content_end(text, lines[line])
            found = text.find(piece, start, end) if piece else start
            if found < 0:
                line += 1
        if found < 0:
            return
        segments.append((offset, found, len(piece)))
        cursors[line] = found + len(piece)
        offset += len(piece) + 1
        line += 1
    line_cursor.update(cursors)
    for index, (_, source, length) in enumerate(segments):
        kinds[source:source + length] = bytes([PROSE]) * length
        blocks[source:source + length] = [block_id] * length
        if index + 1 < len(segments):
            following = segments[index + 1][1]
            between = text[source + length:following]
            if between and between.strip("\r\n") == "":  # a bare line break inside the block
                kinds[source + length:following] = bytes([PROSE]) * len(between)
                blocks[source + length:following] = [block_id] * len(between)

    starts = [s[0] for s in segments]

    def to_source(at: int) -> int:
        index = bisect.bisect_right(starts, at) - 1
        start, source, length = segments[max(index, 0)]
        return source + min(at - start, length)

    spans: list = []
    inline_env = dict(env)
    inline_env[_SPANS] = spans
    md.inline.parse(content, md, inline_env, [])
    for match in _URL.finditer(content):
        end = match.end()
        while end > match.start() and content[end - 1] in _URL_TAIL:
            end -= 1
        spans.append((HIDDEN, match.start(), end))
    for kind, start, end in spans:
        source_start, source_end = to_source(start), to_source(end)
        kinds[source_start:source_end] = bytes([kind]) * (source_end - source_start)


# -- the parser: markdown-it-py with recording inline rules ---------------------------

_local = threading.local()  # a MarkdownIt instance per thread (the server lints in threads)


def _parser():
    md = getattr(_local, "md", None)
    if md is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        md.disable("inline")  # each inline block is parsed by _map_inline, to record its spans
        for name in ("backticks", "html_inline", "autolink", "image"):
            md.inline.ruler.at(name, _recording(md.inline.ruler, name, _hide_all))
        md.inline.ruler.at("link", _recording(md.inline.ruler, "link", _hide_destination))
        _local.md = md
    return md


def _hide_all(state, start: int, end: int, label_end: Optional[int]):
    return [(HIDDEN, start, end)]


def _hide_destination(state, start: int, end: int, label_end: Optional[int]):
    # `[text](url "title")` or `[text][ref]`: the text is prose, the brackets syntax,
    # the destination (or reference) hidden
    if label_end is None or label_end < 0:
        return [(HIDDEN, start, end)]
    return [(MARKUP, start, start + 1), (MARKUP, label_end, label_end + 1), (HIDDEN, label_end + 1, end)]


def _recording(ruler, name: str, spans_of):
    rule = next(entry.fn for entry in ruler.__rules__ if entry.name == name)

    def recorded(state, silent: bool) -> bool:
        start = state.pos
        label_end = None
        if name == "link" and not silent and state.src[start:start + 1] == "[":
            from markdown_it.helpers import parseLinkLabel

            label_end = parseLinkLabel(state, start, True)
        ok = rule(state, silent)
        record = state.env.get(_SPANS)
        if ok and not silent and record is not None:
            record.extend(spans_of(state, start, state.pos, label_end))
        return ok

    return recorded

