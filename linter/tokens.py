"""Tokenising prose in both of the styles the damaged corpora come in.

Written text ("Pelosi's", "don't", curly quotes, no-break spaces) and the
pipeline's one-line style ("Pelosi ’s", "do n't", " , ") must give the same
tokens, so that one rule serves both: clitics are split off the way the
pipeline split them, and an abbreviation keeps its period ("Mr.", "J.",
"U.S.") so that a title is one token in either style.
"""

from __future__ import annotations

from typing import AbstractSet, List

import re

# Word characters are letters and digits (`[^\W_]`); the stdlib engine is used
# because this one expression runs over every byte the linter reads.
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
_CHUNK = re.compile(r"\S+")
_INITIALISM = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")


_SENTENCE_END = frozenset(".!?")
_OPENERS = frozenset("“‘([{")


class Token:
    """One token: a word, a clitic ("n't", "’s"), a number or one punctuation mark."""

    __slots__ = (
        "text", "start", "end", "lower", "is_word", "is_cap", "is_upper",
        "sentence_start", "headline", "newline_before",
    )

    def __init__(self, text: str, start: int, end: int, is_word: bool) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.lower = text.lower()
        self.is_word = is_word
        first = text[0]
        self.is_cap = is_word and first.isupper()
        self.is_upper = is_word and text.isupper() and len(text) > 1
        self.sentence_start = False
        self.headline = False
        self.newline_before = False

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokenize(text: str, abbreviations: AbstractSet[str] = frozenset()) -> List[Token]:
    """Split `text` into tokens and mark sentence starts and headline lines.

    `abbreviations` are lower-case words (without the period) that keep a
    following period as part of the token, such as "mr" or "calif".
    """
    tokens: List[Token] = []
    append = tokens.append
    length = len(text)
    for chunk in _CHUNK.finditer(text):
        # Most space-separated chunks are a plain word (always so in the
        # pipeline's tokenised style): only the others need the expression.
        piece = chunk.group()
        if piece.isalnum():
            append(Token(piece, chunk.start(), chunk.end(), True))
        else:
            _split_chunk(text, chunk.start(), chunk.end(), length, abbreviations, append)
    _mark_structure(text, tokens)
    return tokens


def _split_chunk(text: str, chunk_start: int, chunk_end: int, length: int, abbreviations, append) -> None:
    resume = 0
    for match in _TOKEN.finditer(text, chunk_start, chunk_end):
        start = match.start()
        if start < resume:
            continue
        end = match.end()
        kind = match.lastgroup
        if kind != "word":
            append(Token(match.group(), start, end, kind != "punct"))
            continue
        word = match.group()
        following = text[end : end + 3]
        if following[:1] == ".":
            # An abbreviation keeps its period: "Mr.", "Calif.", "J.", "U.S.".
            if word.lower() in abbreviations or (
                _INITIALISM.fullmatch(word) and (len(word) > 1 or word.isupper())
            ):
                append(Token(word + ".", start, end + 1, True))
                resume = end + 1
                continue
        elif following[:1] in ("'", "’") and following[1:2] in ("t", "T") and word[-1] in "nN" and len(word) > 1:
            # "don't" -> "do" + "n't", as the pipeline split it.
            if end + 2 == length or not text[end + 2].isalnum():
                append(Token(word[:-1], start, end - 1, True))
                append(Token(text[end - 1 : end + 2], end - 1, end + 2, True))
                resume = end + 2
                continue
        append(Token(word, start, end, True))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _mark_structure(text: str, tokens: List[Token]) -> None:
    boundary = True
    open_straight_quote = False
    line_tokens: List[Token] = []
    # Line breaks and tokens are both in text order: walk them together.
    breaks = [m.start() for m in _LINE_BREAK.finditer(text)]
    next_break = 0
    total_breaks = len(breaks)
    for token in tokens:
        crossed = 0
        while next_break < total_breaks and breaks[next_break] < token.start:
            next_break += 1
            crossed += 1
        if crossed:
            token.newline_before = True
            _mark_headline(line_tokens)
            line_tokens = []
            # A line break ends a sentence only where it plausibly does: after
            # end punctuation, at a blank line, or after a heading-like line.
            # (A lower-case word after a single break continues a wrapped line.)
            if not boundary and (crossed > 1 or (token.is_cap and _is_heading(tokens, token))):
                boundary = True
        line_tokens.append(token)
        if token.is_word:
            if boundary:
                token.sentence_start = True
                boundary = False
            continue
        text_ = token.text
        if text_ in _SENTENCE_END:
            boundary = True
        elif text_ == '"':
            open_straight_quote = not open_straight_quote
            if open_straight_quote:
                boundary = boundary or _starts_quote(tokens, token)
        elif text_ in _OPENERS:
            boundary = boundary or _starts_quote(tokens, token)
        elif text_ == ":":
            boundary = True
    _mark_headline(line_tokens)


def _starts_quote(tokens: List[Token], opener: Token) -> bool:
    """A capitalised word right after an opening quote starts a quoted sentence."""
    # Cheap look-ahead through the token list: openers are rare.
    index = _index_after(tokens, opener)
    return index is not None and tokens[index].is_cap


def _index_after(tokens: List[Token], token: Token):
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start <= token.start:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(tokens) else None


def _is_heading(tokens: List[Token], first_of_line: Token) -> bool:
    index = _index_after(tokens, first_of_line)
    previous = tokens[index - 2] if index is not None and index >= 2 else None
    return previous is not None and previous.text not in ",;"


def _mark_headline(line: List[Token]) -> None:
    """Mark the tokens of a title-case line: rules about capitals do not apply there."""
    words = [t for t in line if t.is_word and len(t.text) > 3]
    if len(words) < 3 or len(line) > 40:
        return
    if line[-1].text in _SENTENCE_END:
        return
    if sum(1 for t in words if t.is_cap) >= 0.85 * len(words):
        for token in line:
            token.headline = True
