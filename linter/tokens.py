"""Tokenising prose in both of the styles the damaged corpora come in.

Written text ("Pelosi's", "don't", curly quotes, no-break spaces) and the
pipeline's one-line style ("Pelosi ’s", "do n't", " , ") must give the same
tokens, so that one rule serves both: clitics are split off the way the
pipeline split them, and an abbreviation keeps its period ("Mr.", "J.",
"U.S.") so that a title is one token in either style.
"""

from __future__ import annotations

from typing import AbstractSet, List

import regex

_WORD = r"[\p{L}\p{M}\p{N}]"
_TOKEN = regex.compile(
    rf"""
      (?P<clitic>(?i:n['’]t)(?!{_WORD})|['’](?i:s|re|ve|ll|d|m)(?!{_WORD}))
    | (?P<word>\p{{L}}+?(?=(?i:n['’]t)(?!{_WORD}))
        | {_WORD}+(?:[-.&]{_WORD}+|['’](?!(?i:s|re|ve|ll|d|m|t)(?!{_WORD})){_WORD}+)*)
    | (?P<punct>[^\s\p{{L}}\p{{M}}\p{{N}}])
    """,
    regex.VERBOSE,
)
_INITIALISM = regex.compile(r"\p{L}(?:\.\p{L})*")
_SENTENCE_END = frozenset(".!?")
_OPENERS = frozenset("“‘([{")
_CLOSERS = frozenset("”’)]}")
_QUOTES = frozenset("\"'“”‘’«»")


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
    search = _TOKEN.search
    position = 0
    while True:
        match = search(text, position)
        if match is None:
            break
        start, end = match.span()
        kind = match.lastgroup
        if kind == "word" and end < length and text[end] == ".":
            word = match.group()
            if word.lower() in abbreviations or (_INITIALISM.fullmatch(word) and (len(word) > 1 or word.isupper())):
                end += 1
        append(Token(text[start:end], start, end, kind != "punct"))
        position = end
    _mark_structure(text, tokens)
    return tokens


def _mark_structure(text: str, tokens: List[Token]) -> None:
    boundary = True
    open_straight_quote = False
    previous_end = 0
    line_tokens: List[Token] = []
    for token in tokens:
        gap = text[previous_end : token.start]
        if "\n" in gap or "\r" in gap:
            token.newline_before = True
            _mark_headline(line_tokens)
            line_tokens = []
            # A line break ends a sentence only where it plausibly does: after
            # end punctuation, at a blank line, or after a heading-like line.
            if not boundary and (gap.count("\n") + gap.count("\r") > 1 or _is_heading(tokens, token)):
                boundary = True
        line_tokens.append(token)
        previous_end = token.end
        text_ = token.text
        if token.is_word:
            if boundary:
                token.sentence_start = True
                boundary = False
            continue
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
