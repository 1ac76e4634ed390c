"""Tokenising prose in both of the styles the damaged corpora come in.

Written text ("Pelosi's", "don't", curly quotes, no-break spaces) and the
pipeline's one-line style ("Pelosi ’s", "do n't", " , ") must give the same
tokens, so that one rule serves both: clitics are split off the way the
pipeline split them, and an abbreviation keeps its period ("Mr.", "J.",
"U.S.") so that a title is one token in either style.

A document's tokens are kept as parallel lists (`Tokens`), not as one object
per token: building those objects was about 40% of the linter's time, and a
rule reads only the lists it needs.

Tokenising runs on every document, so it is done by C loops (`str.split`,
`map`, `itertools`) wherever they can do it: Python looks only at the pieces
between spaces that are not a plain word, and only the uncommon ones among
those go through the token expression, which gives the rules of the split.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, not_
from sys import intern
from typing import AbstractSet, Iterator, List, Optional, Sequence

# Word characters are letters and digits (`[^\W_]`: the characters for which
# `str.isalnum` holds, which the splitter's fast paths use instead).
_W = r"[^\W_]"
_TOKEN = re.compile(
    rf"""
      (?P<clitic>(?<!{_W})[nN]['’][tT](?!{_W}))
    | (?P<bracketed>\[[^\W\d_]+\][^\W\d_]+)
    | (?P<word>{_W}+(?:[-.&]{_W}+|['’](?!(?:[sSdDmMtT]|re|RE|ve|VE|ll|LL)(?!{_W})){_W}+)*)
    | (?P<suffix>['’](?:[sSdDmM]|re|RE|ve|VE|ll|LL)(?!{_W}))
    | (?P<punct>\S)
    """,
    re.VERBOSE,
)
# Every character that `str.isspace` (and so the expression's `\s`) takes
# for white space, but the space itself (a test checks the list against this
# Python's Unicode tables).
_OTHER_SPACES = tuple(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_INITIALISM = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

_SENTENCE_END = frozenset(".!?")
_OPENERS = frozenset("“‘([{")
# The marks after which a sentence may start.
_SENTENCE_MARKS = _SENTENCE_END | _OPENERS | frozenset(':"')
_first_character = itemgetter(0)
# Offsets below this fit a 4-byte machine integer.
_INT_LIMIT = 1 << 31


class Token:
    """One token, as a plain object: what `Tokens[i]` returns (for tests and tools)."""

    __slots__ = (
        "text", "start", "end", "lower", "is_word", "is_cap", "is_upper",
        "sentence_start", "headline", "newline_before",
    )

    def __init__(self, tokens: "Tokens", i: int) -> None:
        self.text = tokens.texts[i]
        self.start = tokens.starts[i]
        self.end = tokens.ends[i]
        self.lower = tokens.lowers[i]
        self.is_word = bool(tokens.is_word[i])
        self.is_cap = bool(tokens.is_cap[i])
        self.is_upper = bool(tokens.is_upper[i])
        self.sentence_start = bool(tokens.sentence_start[i])
        self.headline = bool(tokens.headline[i])
        self.newline_before = bool(tokens.newline_before[i])

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Token({self.text!r}, {self.start}, {self.end})"


class Tokens:
    """A document's tokens, one entry per token in each list, in text order.

    A token is a word, a clitic ("n't", "’s"), a number or one punctuation
    mark; `is_word` is false only for punctuation. `is_cap`: a word whose
    first letter is upper case; `is_upper`: a word of two or more characters
    in capitals. `sentence_start`, `newline_before` and `headline` (the token
    stands on a title-case line) describe where it stands.
    """

    __slots__ = (
        "texts", "starts", "ends", "lowers", "is_word", "is_cap", "capitalised",
        "sentence_start", "headline", "newline_before", "_is_upper",
    )

    def __init__(self, texts: List[str], starts: Sequence[int], is_word: Sequence[bool]) -> None:
        # A document says the same few thousand words again and again: one
        # string object per distinct token instead of one per token keeps a
        # long document's tokens at a fraction of the memory (issue 14).
        texts = list(map(intern, texts))
        self.texts = texts
        n = len(texts)
        # Offsets as machine integers: a list would hold an int object per
        # token for each (36 bytes against 4); 8-byte ones only for a text
        # past 2 GiB code points.
        code = "i" if not starts or starts[-1] + len(texts[-1]) < _INT_LIMIT else "q"
        self.starts = array(code, starts)
        self.ends = array(code, map(add, starts, map(len, texts)))
        self.lowers: List[str] = list(map(intern, map(str.lower, texts)))
        # The per-token flags are bytes (0 or 1), one byte a token where a
        # list spends a pointer (8 bytes): a long document holds six of them.
        is_word = is_word if isinstance(is_word, bytearray) else bytearray(is_word)
        self.is_word = is_word
        # Few tokens start with a capital: C loops find them, keep the words
        # among them (punctuation can be upper case too, "Ⓐ"), and only those
        # are marked one by one in `is_cap`.
        upper_first = list(compress(range(n), map(str.isupper, map(_first_character, texts))))
        self.capitalised: List[int] = list(compress(upper_first, map(is_word.__getitem__, upper_first)))
        is_cap = bytearray(n)
        for i in self.capitalised:
            is_cap[i] = 1
        self.is_cap: bytearray = is_cap
        self.sentence_start = bytearray(n)
        self.headline = bytearray(n)
        self.newline_before = bytearray(n)
        self._is_upper: Optional[bytearray] = None

    @property
    def is_upper(self) -> bytearray:
        # Few rules ask, and only about some tokens: computed on first use.
        if self._is_upper is None:
            self._is_upper = bytearray(bool(w and len(t) > 1 and t.isupper()) for t, w in zip(self.texts, self.is_word))
        return self._is_upper

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Token:
        if i < 0:
            i += len(self.texts)
        if not 0 <= i < len(self.texts):
            raise IndexError("token index out of range")
        return Token(self, i)

    def __iter__(self) -> Iterator[Token]:
        return (Token(self, i) for i in range(len(self.texts)))


def tokenize(text: str, abbreviations: AbstractSet[str] = frozenset()) -> Tokens:
    """Split `text` into tokens and mark sentence starts and headline lines.

    `abbreviations` are lower-case words (without the period) that keep a
    following period as part of the token, such as "mr" or "calif".
    """
    tokens = Tokens(*_split(text, abbreviations))
    _mark_structure(text, tokens)
    return tokens


def _split(text: str, abbreviations: AbstractSet[str]):
    """The tokens' texts, start offsets and whether each is a word."""
    # Other white space (line breaks, tabs, no-break spaces) becomes a space,
    # so that splitting at spaces alone finds every piece without white space
    # in it. Offsets do not move, and no token contains white space, nor
    # tells one kind from another when looking past its end.
    spaced = text
    for space in _OTHER_SPACES:
        spaced = spaced.replace(space, " ")
    # Most pieces between two spaces are one plain word (always so in the
    # pipeline's tokenised style): those are cut and placed by C loops, and
    # only the others (with punctuation, or nothing between two spaces) are
    # looked at one by one.
    pieces = spaced.split(" ")
    # Piece k starts after the k pieces and k spaces before it. (`operator.add`
    # with `repeat(1)`: a bound `(1).__add__` costs twice as much per call.)
    piece_starts = list(accumulate(map(add, map(len, pieces), repeat(1)), initial=0))
    plain = list(map(str.isalnum, pieces))
    texts: List[str] = []
    starts: List[int] = []
    is_word: List[bool] = []
    done = 0
    for k in compress(range(len(pieces)), map(not_, plain)):
        piece = pieces[k]
        if len(piece) == 1:
            # One punctuation mark (" , " in the tokenised style) is one
            # token, not a word: as it stands in `pieces` and `plain`, so it
            # is copied with the plain pieces around it.
            continue
        texts += pieces[done:k]
        starts += piece_starts[done:k]
        is_word += plain[done:k]
        done = k + 1
        if not piece:
            continue
        start = piece_starts[k]
        # The commonest shape in written text: a word and one mark ("word,"
        # "word."), split here as the expression would split it. Only a
        # one-letter word can be an initialism ("J."); a longer one keeps its
        # period only if it is a listed abbreviation.
        word = piece[:-1]
        if word.isalnum():
            mark = piece[-1]
            if mark == "." and (word.lower() in abbreviations or (len(word) == 1 and _is_abbreviation(word, abbreviations))):
                texts.append(piece)
                starts.append(start)
                is_word.append(True)
            else:
                texts += (word, mark)
                starts += (start, start + len(word))
                is_word += (True, False)
        else:
            _split_piece(spaced, start, piece, abbreviations, texts, starts, is_word)
    texts += pieces[done:]
    starts += piece_starts[done : len(pieces)]
    is_word += plain[done:]
    return texts, starts, is_word


def _split_piece(text: str, start: int, piece: str, abbreviations, texts, starts, is_word) -> None:
    """Tokens of `piece` (not a plain word), which stands at text[start:] between white space."""
    # The common shapes left ("“word" "(word)," "word.”") are one word
    # with one mark before it and at most two after it: split here exactly
    # as the expression would split them. An apostrophe before the word
    # may make a clitic ("'s"): that goes the long way.
    lead = 0 if piece[0].isalnum() else 1
    if piece[-1].isalnum():
        trail = 0
    elif len(piece) > 1 and piece[-2].isalnum():
        trail = 1
    elif len(piece) > 2 and piece[-3].isalnum():
        trail = 2
    else:
        trail = -1
    word = piece[lead : len(piece) - trail]
    if trail < 0 or not word.isalnum() or piece[0] in "'’":
        _split_chunk(text, start, start + len(piece), abbreviations, texts, starts, is_word)
        return
    if lead:
        texts.append(piece[0])
        starts.append(start)
        is_word.append(False)
    marks = piece[len(piece) - trail :]
    if marks[:1] == "." and _is_abbreviation(word, abbreviations):
        word += "."
        marks = marks[1:]
    texts.append(word)
    starts.append(start + lead)
    is_word.append(True)
    position = start + lead + len(word)
    for mark in marks:
        texts.append(mark)
        starts.append(position)
        is_word.append(False)
        position += 1


def _is_abbreviation(word: str, abbreviations) -> bool:
    """Whether `word`, followed by a period, keeps it: "Mr.", "Calif.", "J.", "U.S."."""
    return word.lower() in abbreviations or bool(_INITIALISM.fullmatch(word) and (len(word) > 1 or word.isupper()))


def _split_chunk(text: str, chunk_start: int, chunk_end: int, abbreviations, texts, starts, is_word) -> None:
    # Searched token by token rather than with finditer: after a token that
    # takes more than the expression matched ("Mr" + ".", "do" + "n't") the
    # search must go on right after it ("don't-care" -> "do", "n't", "-",
    # "care"), not from the end of a match that started inside it.
    position = chunk_start
    while True:
        match = _TOKEN.search(text, position, chunk_end)
        if match is None:
            return
        start, end = match.span()
        position = end
        kind = match.lastgroup
        if kind != "word":
            texts.append(match.group())
            starts.append(start)
            is_word.append(kind != "punct")
            continue
        word = match.group()
        following = text[end : end + 3]
        if following[:1] == ".":
            if _is_abbreviation(word, abbreviations):
                texts.append(word + ".")
                starts.append(start)
                is_word.append(True)
                position = end + 1
                continue
        elif following[:1] in ("'", "’") and following[1:2] in ("t", "T") and word[-1] in "nN" and len(word) > 1:
            # "don't" -> "do" + "n't", as the pipeline split it.
            if end + 2 == len(text) or not text[end + 2].isalnum():
                texts += (word[:-1], text[end - 1 : end + 2])
                starts += (start, end - 1)
                is_word += (True, True)
                position = end + 2
                continue
        texts.append(word)
        starts.append(start)
        is_word.append(True)


def _mark_structure(text: str, tokens: Tokens) -> None:
    """Set `newline_before`, `sentence_start` and `headline`.

    A sentence starts at the first word at or after each of these points:
    the start of the text; a line start after a blank line or a heading-like
    line; the token after end punctuation or a colon; a capitalised word
    right after an opening quote or bracket. Words and other punctuation
    change nothing, so only line starts and those marks are visited.
    """
    n = len(tokens.texts)
    if not n:
        return
    texts, starts, is_word, is_cap = tokens.texts, tokens.starts, tokens.is_word, tokens.is_cap
    sentence_start, newline_before = tokens.sentence_start, tokens.newline_before
    # How many line breaks stand before each token that follows one (the
    # first token that starts after the break), counted by C loops; a break
    # after the last token belongs to none.
    crossed_before = Counter(map(bisect_right, repeat(starts), _line_breaks(text)))
    crossed_before.pop(n, None)
    line_starts = sorted(crossed_before)
    for i in line_starts:
        newline_before[i] = True
    points = [0]
    # A line break ends a sentence only where it plausibly does: at a blank
    # line, or after a heading-like line (after end punctuation the sentence
    # has ended anyway). A lower-case word after a single break continues a
    # wrapped line.
    for i in line_starts:
        if crossed_before[i] > 1 or (is_cap[i] and _is_heading(texts, i)):
            points.append(i)
    # The marks are found by one C loop over all the tokens.
    open_straight_quote = False
    for i in compress(range(n), map(_SENTENCE_MARKS.__contains__, texts)):
        mark = texts[i]
        if mark in _SENTENCE_END or mark == ":":
            points.append(i + 1)
        elif mark == '"':
            open_straight_quote = not open_straight_quote
            if open_straight_quote and _starts_quote(is_cap, i):
                points.append(i + 1)
        elif _starts_quote(is_cap, i):
            points.append(i + 1)
    # Two points with no word between them mark the same word: each stretch
    # of tokens is scanned once, in text order.
    points.sort()
    word = -1
    for point in points:
        if point <= word:
            continue
        word = point
        while word < n and not is_word[word]:
            word += 1
        if word == n:
            break
        sentence_start[word] = True
    line_starts.append(n)
    previous = 0
    for line_end in line_starts:
        _mark_headline(tokens, previous, line_end)
        previous = line_end


def _line_breaks(text: str) -> List[int]:
    """The offset of each line break: "\\r\\n", a lone "\\r" or "\\n"."""
    if "\r" in text:
        return [match.start() for match in _LINE_BREAK.finditer(text)]
    # Only "\n": a split finds them much faster than the expression. Break k
    # stands right after lines 0 to k and the k breaks between them.
    lines = text.split("\n")
    return list(accumulate(map(add, map(len, lines), repeat(1)), initial=-1))[1:-1]


def _starts_quote(is_cap: List[bool], opener: int) -> bool:
    """A capitalised word right after an opening quote starts a quoted sentence."""
    return opener + 1 < len(is_cap) and is_cap[opener + 1]


def _is_heading(texts: List[str], first_of_line: int) -> bool:
    # The last token of a document is never taken for the first of a heading's next line.
    return 0 < first_of_line < len(texts) - 1 and texts[first_of_line - 1] not in ",;"


def _mark_headline(tokens: Tokens, start: int, end: int) -> None:
    """Mark the tokens of a title-case line: rules about capitals do not apply there."""
    if end - start > 40 or end - start < 3:
        return
    texts = tokens.texts
    if texts[end - 1] in _SENTENCE_END:
        return
    # Whether each word of more than three characters is capitalised.
    capitals = [
        cap
        for text, word, cap in zip(texts[start:end], tokens.is_word[start:end], tokens.is_cap[start:end])
        if word and len(text) > 3
    ]
    if len(capitals) >= 3 and sum(capitals) >= 0.85 * len(capitals):
        tokens.headline[start:end] = b"\x01" * (end - start)
