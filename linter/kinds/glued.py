"""`glued`: one token that is two of the document's own words run together.

A paste takes the whitespace of the token it replaced, and a token before
punctuation has none, so in the as-written style a pasted mention is often
glued to its neighbour: "areasshowing", "herselfRuby", "Decemberits". Such
a token splits into two words that each stand on their own elsewhere in the
same document, while the token itself stands nowhere else and is no English
word ("windowsill" and "stepfather" split the same way, so the rule file
names a class of such words to leave alone).
"""

from __future__ import annotations

from collections import Counter
from itertools import compress
from typing import FrozenSet, Iterator, List, Optional

from textlint.kinds import Document, Match
from textlint.kinds.options import Options
from textlint.wordclasses import WordClasses

KEYS = {"known-words", "short-parts", "min-part-letters", "min-letters"}
FIX = None
PLACEHOLDERS = ()


class WordCounts:
    """How often the document says each lower-case form (kept by the document: see
    `Document.cache_for`). The rule asks only how often, never where, and on a whole
    long document counting in C costs a fraction of `Document.index`'s lists (issue 14:
    the language server runs this rule over the whole text on every edit)."""

    def __init__(self) -> None:
        self.counts: Optional[Counter] = None
        self.once: Optional[List[int]] = None
        self.texts: Optional[FrozenSet[str]] = None

    def of(self, document: Document) -> Counter:
        if self.counts is None:
            self.counts = Counter(document.lowers)
        return self.counts

    def distinct_texts(self, document: Document) -> FrozenSet[str]:
        if self.texts is None:
            self.texts = frozenset(document.tokens.texts)
        return self.texts

    def said_once(self, document: Document) -> List[int]:
        """The tokens whose lower-case form the document says only there, in order:
        the only ones a rule looks at, found by C loops once for all its rules."""
        if self.once is None:
            counts = self.of(document)
            single = {word for word, count in counts.items() if count == 1}
            self.once = list(compress(range(len(document.lowers)), map(single.__contains__, document.lowers)))
        return self.once


class GluedChecker:
    def __init__(self, classes, known: list, short: list, min_part: int, min_letters: int) -> None:
        self.classes = classes
        # Class names, resolved on first use: the known-word list is large and
        # only a document with a candidate token needs it.
        self.known = known
        self.short = short
        self.min_part = min_part
        self.min_letters = min_letters

    def check(self, document: Document) -> Iterator[Match]:
        tokens = document.tokens
        texts, starts, is_word = tokens.texts, tokens.starts, tokens.is_word
        cache = document.cache_for(WordCounts)
        counts = cache.of(document)
        standalone = cache.distinct_texts(document)
        short = self.classes.union(self.short)
        known = None
        # A form the document says more than once is a word of its own there.
        for i in cache.said_once(document):
            text = texts[i]
            if not is_word[i] or len(text) < self.min_letters or not text.isalpha():
                continue
            lower = text.lower()
            if not self._splits(text, counts, standalone, short):
                continue
            if known is None:
                known = self.classes.union(self.known)
            if lower in known:
                continue
            yield Match(starts[i], starts[i] + len(text))

    def _splits(self, text: str, counts, standalone, short) -> bool:
        """Whether `text` splits into two words that the document uses on their own."""
        return any(
            self._part(text[:k], counts, standalone, short) and self._part(text[k:], counts, standalone, short)
            # Two capitalised halves ("TypeError", "ReadStream") are how
            # identifiers are written, in technical prose above all.
            and not (text[0].isupper() and text[k].isupper() and k > 1)
            for k in range(1, len(text))
        )

    def _part(self, part: str, counts, standalone, short) -> bool:
        if part.lower() not in counts:
            return False
        if len(part) >= self.min_part:
            return True
        # A short part is a small word ("of", "our") or a capitalised word the
        # document uses on its own ("I", "Mr"); short pieces of words
        # ("in", "less") would split half the dictionary.
        return part.lower() in short or (part[:1].isupper() and part in standalone)


def compile(table: dict, path: str, classes: WordClasses) -> GluedChecker:
    options = Options(table, path, table.get("id", "?"))
    min_part = options.get("min-part-letters", int, 4)
    min_letters = options.get("min-letters", int, 4)
    if min_part < 1 or min_letters < 2:
        raise options.fail("min-part-letters", "'min-part-letters' must be at least 1 and 'min-letters' at least 2")
    return GluedChecker(
        classes,
        options.classes("known-words", classes),
        options.classes("short-parts", classes),
        min_part,
        min_letters,
    )
