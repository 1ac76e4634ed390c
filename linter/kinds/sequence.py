"""`sequence`: a token pattern over word classes and the document's own mentions.

A pattern is a list of elements; each matches one token (or, for `mention`,
a whole mention from the gazetteer) and may repeat (`min`/`max`). Elements
marked `flag = true` make up the flagged span. This is how the rules say
"a subject pronoun, then a name from this document, then a word that cannot
follow a name", which is what an entity in verb position looks like.

`not-after` is one more element: the match is dropped when the token just
before it matches (an inverted question, "Is he a friend?", is no damage).
`after` is its opposite: the token just before the match must match it. The
two keep the match from starting at every token, which is what makes a
pattern that opens with "any lower-case word" slow.

Element keys:
  class / not-class     word class name(s) the token's lower-case form is (not) in
  words / not-words     literal lower-case words
  case                  "cap" (first letter upper), "lower", "upper" (all caps), "any"
  is-word               true: a word or number; false: punctuation
  regex                 the token text must match this expression in full
  sentence-start        whether the token starts a sentence
  mention               "name": the rest of the capitalised name run from here;
                        "known-name": the longest part of the run from here that
                        the document also uses as a whole name elsewhere;
                        "phrase": a lower-case phrase the document repeats;
                        "any": a name if one starts here, else a phrase
  run-start             with mention: the mention must start its name run
  run-end               with mention: the mention must end its name run
  min-tokens            with mention: the mention has at least this many tokens
  seen-before           with mention: the same words already stood earlier in
                        the document (a pasted mention copies an earlier one)
  mention-in / mention-not-in
                        with mention: the whole mention, lower-case words joined
                        by spaces, is (not) an entry of these classes
  refers-back           with mention: the name ends with the same word as the nearest
                        name before the token ahead of it (the antecedent of a
                        pronoun there)
  same-as               the token is the same word as the first token of element N
  same-words-as         the element (a mention, or a token) is the same words as
                        all that element N matched ("the crash was the crash")
  min / max             how many times the element repeats (default 1 / 1)
  flag                  the element is part of the flagged span

This module is the kind (its keys, its checker, `compile`); the element
language is `sequence_elements`, the backtracking matcher `sequence_match`,
and ruling out starts before the matcher runs `sequence_narrowing`.
"""

from __future__ import annotations

from typing import Iterator, List, Optional

from textlint.kinds import Document, Match
from textlint.kinds.options import Options
from textlint.kinds.sequence_elements import Element, parse_element, parse_elements
from textlint.kinds.sequence_match import match
from textlint.kinds.sequence_narrowing import listed_tokens, narrow, narrowing, sources
from textlint.wordclasses import WordClasses

KEYS = {"pattern", "exceptions", "skip-headlines", "not-after", "after"}
FIX = None
PLACEHOLDERS = ()


class SequenceChecker:
    def __init__(
        self, elements: List[Element], exceptions: List[List[Element]], skip_headlines: bool,
        not_after: Optional[Element], after: Optional[Element] = None,
    ) -> None:
        self.not_after = not_after
        self.after = after
        self.elements = elements
        self.exceptions = exceptions
        self.skip_headlines = skip_headlines
        self.narrowing = narrowing(elements)
        # The list of tokens the first element can match, if the document keeps one.
        first = elements[0]
        first_sources = sources(first) if first.min >= 1 else []
        self.seed = first_sources[0] if first_sources else None

    def _starts(self, document: Document):
        """The tokens where a match may start, in order."""
        seed = self.seed
        starts = listed_tokens(document, seed) if seed is not None else range(len(document.lowers))
        # Most starts are ruled out at once, before the pattern is tried at
        # any (see `sequence_narrowing`).
        for step in self.narrowing:
            if not starts:
                break
            starts = narrow(document, starts, step)
        return starts

    def check(self, document: Document) -> Iterator[Match]:
        tokens = document.tokens
        # Overlapping matches need no check here: the engine keeps one finding
        # per overlapping span and category.
        for i in self._starts(document):
            if self.skip_headlines and tokens.headline[i]:
                continue
            if self.not_after is not None and i > 0 and self.not_after.matches_token(tokens, i - 1):
                continue
            if self.after is not None and (i == 0 or not self.after.matches_token(tokens, i - 1)):
                continue
            found = match(document, self.elements, 0, i, None, None, ())
            if found is None:
                continue
            flag_start, flag_end = found
            if flag_start is None:
                continue
            if any(match(document, exception, 0, i, None, None, ()) is not None for exception in self.exceptions):
                continue
            yield Match(tokens.starts[flag_start], tokens.ends[flag_end - 1])


def compile(table: dict, path: str, classes: WordClasses) -> SequenceChecker:
    options = Options(table, path, table.get("id", "?"))
    elements = parse_elements(options.get("pattern", list, required=True), options, classes, "pattern")
    if not any(e.flag for e in elements):
        raise options.fail("pattern", "no element has 'flag = true': nothing would be flagged")
    raw_exceptions = options.get("exceptions", list, [])
    exceptions = [parse_elements(raw, options, classes, "exceptions") for raw in raw_exceptions]
    not_after = None
    if "not-after" in table:
        not_after = parse_element(options.get("not-after", dict), 0, options, classes, "not-after")
    after = None
    if "after" in table:
        after = parse_element(options.get("after", dict), 0, options, classes, "after")
    return SequenceChecker(elements, exceptions, options.get("skip-headlines", bool, True), not_after, after)
