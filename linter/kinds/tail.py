"""`tail`: words after the document's last sentence, every one used earlier in the document.

The pipeline's bug appends the pastes whose stale offset fell past the end of
the shrunken token list, so they collect after the last sentence: one word
("funding"), a mention or two run together ("the treatment center", "office
the impeachment trial"). Such a tail has no sentence punctuation of its own,
and it is built only of mentions, so each of its words stood earlier in the
same document. Text a writer leaves after the last full stop (a sign-off, a
caption, a list item) almost always brings a word of its own, or markup.
"""

from __future__ import annotations

from typing import Iterator

import regex

from textlint.diagnostics import Edit
from textlint.kinds import Document, Match
from textlint.kinds.options import Options
from textlint.wordclasses import WordClasses

KEYS = {"max-words", "terminal", "closers", "markup"}
FIX = "delete the words after the last sentence"
PLACEHOLDERS = ()
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*")
# A line that is a Markdown or plain-text list item ("- the sea") ends many a
# document on purpose.
_LIST_ITEM = regex.compile(r"(?:[-+*•]|\d+[.)])\s")


class TailChecker:
    def __init__(self, max_words: int, terminal: str, closers: str, markup: str) -> None:
        self.max_words = max_words
        self.terminal = terminal
        self.closers = closers
        self.markup = frozenset(markup)

    def check(self, document: Document) -> Iterator[Match]:
        text = document.text
        end = len(text.rstrip())
        if end == 0 or text[end - 1] in self.terminal or text[end - 1] in self.closers:
            return
        # The last sentence ends at the last terminal mark (with any closing
        # quotes or brackets after it); the tail is what follows.
        cut = _last_mark(text, end, self.terminal)
        if cut <= 0:
            return
        cut += 1
        while cut < end and text[cut] in self.closers:
            cut += 1
        start = cut
        while start < end and text[start].isspace():
            start += 1
        tail = text[start:end]
        # Markup anywhere in the tail or in the word that holds the final mark
        # ("https://nodejs.org") says the ending is not a sentence's.
        word_start = max(text.rfind(" ", 0, cut), text.rfind("\n", 0, cut)) + 1
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        if not tail or any(ch in self.markup for ch in text[word_start:end]) or _LIST_ITEM.match(text, line_start):
            return
        words = _WORD.findall(tail)
        if not words or len(words) > self.max_words:
            return
        before = _words_before(text, cut)
        seen = sum(1 for w in words if _seen(w.lower(), before))
        if seen < len(words) and (len(words) < 2 or seen * 2 < len(words)):
            return
        yield Match(start, end, (Edit(cut, end, ""),))


# Characters of text searched at a time for the words before the tail.
_CHUNK = 1 << 16


def _words_before(text: str, cut: int) -> set:
    """The lower-case words of text[:cut], found a chunk at a time: a list of
    every word of a long document would be its largest transient (issue 14).
    A chunk ends at white space, which no word contains."""
    words: set = set()
    position = 0
    while position < cut:
        end = cut
        if cut - position > _CHUNK:
            end = text.find(" ", position + _CHUNK, cut)
            if end < 0:
                end = cut
        words.update(map(str.lower, _WORD.findall(text, position, end)))
        position = end
    return words


def _last_mark(text: str, end: int, terminal: str) -> int:
    """Offset of the last terminal mark before `end` that is not a decimal point ("3.10")."""
    position = end
    while True:
        position = max(text.rfind(mark, 0, position) for mark in terminal)
        if position <= 0 or not (text[position - 1].isdigit() and text[position + 1 : position + 2].isdigit()):
            return position


def _seen(word: str, before: set) -> bool:
    """`word` stood earlier, or is two earlier words glued together: a paste
    takes the space of the token it replaced, which can be none ("a deala deal")."""
    if word in before:
        return True
    return any(word[:k] in before and word[k:] in before for k in range(2, len(word)))


def compile(table: dict, path: str, classes: WordClasses) -> TailChecker:
    options = Options(table, path, table.get("id", "?"))
    max_words = options.get("max-words", int, 12)
    if max_words < 1:
        raise options.fail("max-words", "'max-words' must be at least 1")
    terminal = options.get("terminal", str, ".!?…")
    if not terminal:
        raise options.fail("terminal", "'terminal' must name at least one character")
    return TailChecker(
        max_words,
        terminal,
        options.get("closers", str, "\"”’')]»"),
        options.get("markup", str, "[]()<>{}#|*`_=@/\\:;~^"),
    )
