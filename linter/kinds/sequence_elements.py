"""`sequence`'s element language: one element of a pattern, its validation and its test of a token.

An element matches one token (or, for `mention`, a whole mention from the
gazetteer); the keys are listed in `textlint.kinds.sequence`'s docstring and
in the README. `parse_elements` turns a rule file's list of element tables
into `Element`s, raising a `RuleError` at the rule's key for a bad value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List

import regex

from textlint.kinds.options import Options
from textlint.userregex import UserRegex
from textlint.wordclasses import WordClasses

if TYPE_CHECKING:
    from textlint.document import Document

ELEMENT_KEYS = {
    "class", "not-class", "words", "not-words", "case", "is-word", "regex",
    "sentence-start", "mention", "run-start", "run-end", "min-tokens", "seen-before", "refers-back", "same-as", "same-words-as", "mention-in", "mention-not-in", "min", "max", "flag",
}
MENTIONS = ("name", "known-name", "phrase", "any")
CASES = ("cap", "lower", "upper", "any")
_NO_WORDS: frozenset = frozenset()


class Element:
    __slots__ = (
        "words", "not_words", "case", "is_word", "regex", "sentence_start",
        "mention", "run_start", "run_end", "min_tokens", "seen_before", "refers_back", "same_as", "same_words_as", "simple", "mention_in", "mention_not_in", "min", "max", "flag", "words_key",
    )

    def matches_token(self, tokens, i: int) -> bool:
        """Whether token `i` of `tokens` meets this element's own conditions."""
        lower = tokens.lowers[i]
        if self.words is not None and lower not in self.words:
            return False
        for excluded in self.not_words:
            if lower in excluded:
                return False
        if self.is_word is not None and tokens.is_word[i] != self.is_word:
            return False
        case = self.case
        if case is not None:
            if case == "cap" and not tokens.is_cap[i]:
                return False
            if case == "lower" and (tokens.is_cap[i] or not tokens.is_word[i]):
                return False
            if case == "upper" and not tokens.is_upper[i]:
                return False
        if self.sentence_start is not None and tokens.sentence_start[i] != self.sentence_start:
            return False
        if self.regex is not None and not self.regex.fullmatch(tokens.texts[i]):
            return False
        return True

    def ends(self, document: Document, i: int) -> List[int]:
        """Token indices where one occurrence of this element starting at `i` can end."""
        tokens = document.tokens
        mention = self.mention
        # Most tokens start no mention: say so from the gazetteer's indexes
        # before testing the token, which the matcher does at every step.
        if mention == "phrase" and i not in document.gazetteer.phrase_ends:
            return []
        if i >= len(tokens.lowers):
            return []
        if self.run_start and mention in ("name", "known-name") and document.gazetteer.run_start_of[i] != i:
            return []
        if not self.matches_token(tokens, i):
            return []
        if mention is None:
            return [i + 1]
        ends = [j for j in self._mention_ends(document, i) if j - i >= self.min_tokens]
        if ends and self.seen_before:
            ends = [j for j in ends if document.gazetteer.seen_before(i, j)]
        if ends and self.refers_back:
            ends = [j for j in ends if document.gazetteer.refers_back(i, j)]
        if ends and (self.mention_in is not None or self.mention_not_in is not None):
            ends = [j for j in ends if self._mention_allowed(" ".join(document.lowers[i:j]))]
        return ends

    def _mention_allowed(self, phrase: str) -> bool:
        if self.mention_in is not None and phrase not in self.mention_in:
            return False
        return self.mention_not_in is None or phrase not in self.mention_not_in

    def _mention_ends(self, document: Document, i: int) -> List[int]:
        gazetteer = document.gazetteer
        mention = self.mention
        run = gazetteer.run_at(i)
        if mention in ("name", "known-name") or (mention == "any" and run is not None):
            if run is None or (self.run_start and run[0] != i):
                return []
            start, end = run
            if mention == "known-name":
                # The longest part of the run from here that the document
                # also uses as a whole name; with run-end, only the whole rest.
                for j in range(end, i, -1):
                    if gazetteer.is_known_name(i, j):
                        return [j] if (j == end or not self.run_end) else []
                return []
            return [end]
        end = gazetteer.phrase_end(i)
        if end is None:
            return []
        # A phrase that stops inside a name ("the office at the New" of "New
        # York") is not a mention of anything.
        inside = gazetteer.run_at(end - 1)
        if inside is not None and inside[1] > end:
            return []
        return [end]


# The matcher backtracks by recursion: one call per repetition of an element
# that repeats or is a mention, two more per such element. This bounds the depth
# far below Python's recursion limit (the built-in rules need under 10).
MAX_BACKTRACKING_DEPTH = 200


def parse_elements(raw, options: Options, classes: WordClasses, key: str) -> List[Element]:
    if not isinstance(raw, list) or not raw:
        raise options.fail(key, f"'{key}' must be a non-empty list of element tables")
    elements = [parse_element(item, index, options, classes, key) for index, item in enumerate(raw)]
    depth = sum(element.max + 2 for element in elements if not element.simple)
    if depth > MAX_BACKTRACKING_DEPTH:
        raise options.fail(
            key,
            f"'{key}' is too complex: its repeated and mention elements add up to {depth} backtracking steps "
            f"(each counts its 'max' + 2; at most {MAX_BACKTRACKING_DEPTH})",
        )
    return elements


def parse_element(raw, index: int, options: Options, classes: WordClasses, key: str) -> Element:
    where = f"{key}[{index}]"
    if not isinstance(raw, dict):
        raise options.fail(key, f"{where} must be a table")
    # The element's keys are read like a rule's, with errors at the element's line.
    keys = options.nested(raw, where, key, index)
    unknown = set(raw) - ELEMENT_KEYS
    if unknown:
        raise keys.fail(key, f"unknown element key '{sorted(unknown)[0]}'")
    element = Element()
    words = None
    names = keys.classes("class", classes)
    if names:
        words = classes.union(names)
    literal = keys.string_list("words") if "words" in raw else None
    if literal is not None:
        words = (words or _NO_WORDS) | frozenset(w.lower() for w in literal)
    element.words = words
    element.words_key = "|".join(sorted(names) + sorted(w.lower() for w in literal or []))
    not_words = frozenset(w.lower() for w in keys.string_list("not-words"))
    not_names = keys.classes("not-class", classes)
    # Kept as separate sets: merging large classes costs start-up time on every run.
    element.not_words = tuple(classes.get(name) for name in not_names) + ((not_words,) if not_words else ())
    case = raw.get("case")
    if case is not None and case not in CASES:
        raise keys.fail("case", f"'case' must be one of {', '.join(CASES)}")
    element.case = None if case == "any" else case
    element.is_word = keys.get("is-word", bool)
    element.sentence_start = keys.get("sentence-start", bool)
    pattern = raw.get("regex")
    try:
        element.regex = UserRegex(pattern) if pattern is not None else None
    except (regex.error, TypeError) as exc:
        raise keys.fail("regex", f"bad regular expression: {exc}") from None
    mention = raw.get("mention")
    if mention is not None and mention not in MENTIONS:
        raise keys.fail("mention", f"'mention' must be one of {', '.join(MENTIONS)}")
    element.mention = mention
    element.run_start = keys.get("run-start", bool, False)
    element.run_end = keys.get("run-end", bool, False)
    element.min_tokens = keys.get("min-tokens", int, 1, minimum=1)
    element.min = keys.get("min", int, 1, minimum=0)
    element.max = keys.get("max", int, max(1, element.min))
    if element.min > element.max:
        raise keys.fail("max", "'min' and 'max' must be integers with 0 <= min <= max")
    element.flag = keys.get("flag", bool, False)
    same = raw.get("same-as")
    if same is not None and (not isinstance(same, int) or isinstance(same, bool) or not 0 <= same < index):
        raise keys.fail("same-as", "'same-as' must be the index of an earlier element")
    element.same_as = same
    same_words = raw.get("same-words-as")
    if same_words is not None and (not isinstance(same_words, int) or isinstance(same_words, bool) or not 0 <= same_words < index):
        raise keys.fail("same-words-as", "'same-words-as' must be the index of an earlier element")
    element.same_words_as = same_words
    element.seen_before = keys.get("seen-before", bool, False)
    element.refers_back = keys.get("refers-back", bool, False)
    for name in ("mention-in", "mention-not-in"):
        value = raw.get(name)
        if value is not None and "mention" not in raw:
            raise keys.fail(name, f"'{name}' needs 'mention'")
        names = keys.classes(name, classes) if value is not None else None
        setattr(element, name.replace("-", "_"), classes.union(names) if names is not None else None)
    element.simple = element.mention is None and element.min == 1 and element.max == 1 and same_words is None
    return element

