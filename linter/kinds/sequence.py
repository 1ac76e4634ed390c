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
"""

from __future__ import annotations

from array import array
from collections import deque
from itertools import accumulate, chain, compress, repeat
from operator import sub
from typing import Iterator, List, Optional, Tuple

import regex

from textlint.kinds import Match
from textlint.kinds.options import Options
from textlint.userregex import UserRegex

KEYS = {"pattern", "exceptions", "skip-headlines", "not-after", "after"}
FIX = None
ELEMENT_KEYS = {
    "class", "not-class", "words", "not-words", "case", "is-word", "regex",
    "sentence-start", "mention", "run-start", "run-end", "min-tokens", "seen-before", "refers-back", "same-as", "same-words-as", "mention-in", "mention-not-in", "min", "max", "flag",
}
MENTIONS = ("name", "known-name", "phrase", "any")
CASES = ("cap", "lower", "upper", "any")
_NO_WORDS: frozenset = frozenset()
# Per-token lists for narrowing reach this far past the last token, so that a
# window near the end never needs a bounds check.
_PAD = 64


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

    def ends(self, document, i: int) -> List[int]:
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

    def _mention_ends(self, document, i: int) -> List[int]:
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


class SequenceChecker:
    def __init__(self, elements: List[Element], exceptions: List[List[Element]], skip_headlines: bool, not_after, after=None) -> None:
        self.not_after = not_after
        self.after = after
        self.elements = elements
        self.exceptions = exceptions
        self.skip_headlines = skip_headlines
        self.narrowing = _narrowing(elements)
        # The list of tokens the first element can match, if the document keeps one.
        first = elements[0]
        sources = _sources(first) if first.min >= 1 else []
        self.seed = sources[0] if sources else None

    def _starts(self, document):
        """The tokens where a match may start, in order."""
        seed = self.seed
        starts = _listed(document, seed) if seed is not None else range(len(document.lowers))
        # Trying the pattern at every start costs far more than ruling most
        # of them out at once: an element that must match a listed token in
        # a known window after the start (or after a mention) keeps only the
        # starts with such a token there (prefix counts, in C loops).
        for lo, hi, source, anchor in self.narrowing:
            if not starts:
                break
            starts = _narrow(document, starts, lo, hi, source, anchor)
        return starts

    def check(self, document) -> Iterator[Match]:
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
            found = _match(document, self.elements, 0, i, None, None, ())
            if found is None:
                continue
            flag_start, flag_end = found
            if flag_start is None:
                continue
            if any(_match(document, exception, 0, i, None, None, ()) is not None for exception in self.exceptions):
                continue
            yield Match(tokens.starts[flag_start], tokens.ends[flag_end - 1])


def _narrowing(elements: List[Element]) -> List[Tuple]:
    """(lo, hi, source, anchor) for each element that must match a token `lo`
    to `hi` tokens after a known place: a token listed by `source` (see
    `_listed`), or, for ("same-as", k), one with the same word as the token k
    after the start.

    The place is the start (`anchor` None) or, for the elements after the
    first mention, the end of that mention: (its distance from the start,
    the mention element). Where a mention can end is known only in the
    document, but from the gazetteer alone, before any token is tested:
    "a phrase, then a name" can start only at a phrase that ends where a
    name starts. Steps that compare words, or need the mention's end, come
    last: they look at one start at a time.
    """
    steps: List[Tuple] = []
    same: List[Tuple] = []
    after_mention: List[Tuple] = []
    lo = hi = 0
    anchor = None
    fixed = {}  # element index -> its distance from the start, when that is known
    for index, element in enumerate(elements):
        if anchor is None and lo == hi:
            fixed[index] = lo
        if element.min >= 1:
            if hi >= _PAD - 1:
                break  # (windows this far from the start are not worth narrowing)
            # The first element's first source gives the starts themselves.
            for source in _sources(element)[1 if index == 0 else 0 :]:
                (steps if anchor is None else after_mention).append((lo, hi, source, anchor))
            # Either comparison implies that the element's first word is that of the earlier element.
            reference = element.same_as if element.same_as is not None else element.same_words_as
            if reference is not None and reference in fixed and elements[reference].min >= 1:
                (same if anchor is None else after_mention).append((lo, hi, ("same-as", fixed[reference]), anchor))
        if element.mention is not None:
            if anchor is not None or lo != hi or lo >= _PAD or element.min != 1 or element.max != 1:
                break  # past a second mention, or a repeated one, nothing is known
            anchor = (lo, element)
            lo = hi = 0
            continue
        lo += element.min
        hi += element.max
    return steps + same + after_mention


def _sources(element: Element) -> List[tuple]:
    """The lists the document keeps of the tokens `element` can match (see `_listed`)."""
    sources = []
    if element.words is not None:
        sources.append(("words", element.words_key, element.words))
    if element.mention is not None:
        sources.append(("mentions", _mention_key(element), element))
    elif element.case == "cap":
        sources.append(("capitalised",))
    return sources


def _narrow(document, starts, lo: int, hi: int, source: tuple, anchor) -> List[int]:
    """The `starts` from which a token `lo` to `hi` tokens after the anchor can match `source`."""
    if anchor is not None:
        return _narrow_after_mention(document, starts, lo, hi, source, anchor)
    kind = source[0]
    lowers = document.lowers
    if kind == "same-as":
        reference = source[1]
        n = len(lowers)
        return [i for i in starts if i + reference < n and lowers[i + reference] in lowers[i + lo : i + hi + 1]]
    if kind in ("words", "capitalised") and _few(starts, lo, hi, lowers):
        # Looking at the few tokens in question is cheaper than listing every
        # token of a large class (or every capital) in the document.
        if kind == "words":
            words = source[2]
            return [i for i in starts if not words.isdisjoint(lowers[i + lo : i + hi + 1])]
        is_cap = document.tokens.is_cap
        return [i for i in starts if True in is_cap[i + lo : i + hi + 1]]
    return _with_listed(starts, _listed_counts(document, source), map(lo.__add__, starts), map((hi + 1).__add__, starts))


def _narrow_after_mention(document, starts, lo: int, hi: int, source: tuple, anchor) -> List[int]:
    offset, mention = anchor
    firsts, lasts, _ = _mention_end_bounds(document, mention)
    at_mention = list(map(firsts.__getitem__, map(offset.__add__, starts)))
    if source[0] == "same-as":
        # The word to compare depends on the start, not only on the mention.
        lowers = document.lowers
        reference = source[1]
        n = len(lowers)
        return [
            i for i, first in zip(starts, at_mention)
            if first < n and lowers[i + reference] in lowers[first + lo : lasts[i + offset] + hi + 1]
        ]
    if source[0] == "words" and _few(starts, lo, hi, document.lowers):
        lowers = document.lowers
        words = source[2]
        return [
            i for i, first in zip(starts, at_mention)
            if not words.isdisjoint(lowers[first + lo : lasts[i + offset] + hi + 1])
        ]
    ends = map((hi + 1).__add__, map(lasts.__getitem__, map(offset.__add__, starts)))
    return _with_listed(starts, _listed_counts(document, source), map(lo.__add__, at_mention), ends)


def _with_listed(starts, counts: List[int], firsts, ends) -> List[int]:
    """The starts whose window, from its first token up to its end (exclusive),
    holds a listed token: the count of listed tokens before the end minus that
    before the first, for all starts at once."""
    return list(compress(starts, map((0).__lt__, map(sub, map(counts.__getitem__, ends), map(counts.__getitem__, firsts)))))


def _few(starts, lo: int, hi: int, lowers) -> bool:
    """Whether the tokens `lo` to `hi` after each start are few beside the document."""
    return len(starts) * (hi - lo + 1) * 8 < len(lowers)


def _mention_key(element: Element) -> tuple:
    """What decides where a mention like `element` can start and end, before
    its tokens are tested: rules whose mentions agree on it share the bounds."""
    mention = element.mention
    if mention == "phrase":
        return (mention,)
    if mention == "known-name" and not element.run_end:
        return mention, element.run_start, element.min_tokens
    # A name, or a known name that fills the rest of its run, ends with the run.
    return ("any" if mention == "any" else "run"), element.run_start


def _mention_end_bounds(document, element: Element) -> Tuple[List[int], List[int], List[int]]:
    """For each token, the first and the last token where a mention like
    `element` starting there can end (exclusive), from the gazetteer alone,
    once per document; where none can start, an empty window past the end.
    Then the tokens where one can start, in order. `Element.ends` gives the
    exact ends."""
    key = ("mention end bounds", _mention_key(element))
    found = document.shared.get(key)
    if found is not None:
        return found
    gazetteer = document.gazetteer
    mention = element.mention
    n = len(document.lowers)
    # Machine integers: a list of per-token bounds would hold an int object
    # per entry, several times the memory of the tokens themselves.
    firsts = array("i", [n]) * (n + _PAD)
    lasts = array("i", [n]) * (n + _PAD)
    starts: List[int] = []
    if mention in ("name", "known-name", "any"):
        # known-name: the longest part of the run that the document also uses
        # as a name, at least `shortest` tokens, at most the rest of the run.
        shortest = element.min_tokens if mention == "known-name" and not element.run_end else None
        for start, end in gazetteer.run_end.items():
            stop = start + 1 if element.run_start else end  # where the mention may start
            if shortest is None:
                firsts[start:stop] = array("i", [end]) * (stop - start)
            else:
                stop = max(start, min(stop, end - shortest + 1))
                firsts[start:stop] = array("i", range(start + shortest, stop + shortest))
            lasts[start:stop] = array("i", [end]) * (stop - start)
            starts += range(start, stop)
    if mention in ("phrase", "any"):
        run_start_of = gazetteer.run_start_of
        for i, end in gazetteer.phrase_ends.items():
            # "any" is a name where one stands, a phrase elsewhere.
            if mention == "phrase" or run_start_of[i] < 0:
                firsts[i] = lasts[i] = end
                starts.append(i)
    found = document.shared[key] = (firsts, lasts, sorted(starts))
    return found


def _listed_counts(document, source: tuple) -> List[int]:
    """How many tokens listed by `source` stand before each token index (padded past the end)."""
    key = ("listed counts",) + source[:2]
    found = document.shared.get(key)
    if found is None:
        kind = source[0]
        if kind == "words":
            # One pass of set lookups: no need to list where the words stand.
            listed = map(source[2].__contains__, document.lowers)
        elif kind == "capitalised":
            listed = document.tokens.is_cap
        else:
            marks = [False] * len(document.lowers)
            starts = _listed(document, source)
            deque(map(marks.__setitem__, starts, repeat(True, len(starts))), maxlen=0)
            listed = marks
        # Machine integers: one prefix count per token, kept for the document.
        found = document.shared[key] = array("i", accumulate(chain(listed, repeat(False, _PAD)), initial=0))
    return found


def _listed(document, source: tuple) -> List[int]:
    """The tokens a source lists, in order: ("words", key, words), ("mentions",
    key, element) where a mention like `element` can start, ("capitalised",)."""
    kind = source[0]
    if kind == "words":
        return document.positions(source[2], source[1])
    if kind == "mentions":
        return _mention_end_bounds(document, source[2])[2]
    return document.capitalised


def _match(document, elements: List[Element], e: int, i: int, flag_start, flag_end, starts) -> Optional[Tuple]:
    """Backtracking match of elements[e:] from token i; returns the flagged token range.

    `starts` holds, for each element matched so far, the token where it began
    (for `same-as`).
    """
    tokens = document.tokens
    count = len(elements)
    # Single-token elements (most of them) need no backtracking: step through
    # them in a loop and recurse only for repeats and mentions.
    while e < count:
        element = elements[e]
        if not element.simple:
            return _repeat(document, elements, e, element, i, 0, flag_start, flag_end, starts + (i,))
        if i >= len(tokens.lowers) or not element.matches_token(tokens, i):
            return None
        if element.same_as is not None and tokens.lowers[i] != tokens.lowers[starts[element.same_as]]:
            return None
        if element.flag:
            if flag_start is None:
                flag_start = i
            flag_end = i + 1
        starts = starts + (i,)
        i += 1
        e += 1
    return flag_start, flag_end


def _repeat(document, elements, e, element, i, count, flag_start, flag_end, starts):
    if count < element.max:
        same = element.same_as
        if same is None or (i < len(document.lowers) and document.lowers[i] == document.lowers[starts[same]]):
            for j in element.ends(document, i):
                if element.same_words_as is not None and not _same_words(document, starts, element.same_words_as, i, j):
                    continue
                fs, fe = flag_start, flag_end
                if element.flag:
                    fs = i if fs is None else fs
                    fe = j
                found = _repeat(document, elements, e, element, j, count + 1, fs, fe, starts)
                if found is not None:
                    return found
    if count >= element.min:
        return _match(document, elements, e + 1, i, flag_start, flag_end, starts)
    return None


def _same_words(document, starts, reference: int, i: int, j: int) -> bool:
    """Whether tokens[i:j] are the words element `reference` matched (it ends where the next element starts)."""
    lowers = document.lowers
    start, end = starts[reference], starts[reference + 1]
    return end - start == j - i and lowers[start:end] == lowers[i:j]


def _element(raw, index: int, options: Options, classes, key: str) -> Element:
    where = f"{key}[{index}]"
    if not isinstance(raw, dict):
        raise options.fail(key, f"{where} must be a table")
    unknown = set(raw) - ELEMENT_KEYS
    if unknown:
        raise options.fail(key, f"{where}: unknown element key '{sorted(unknown)[0]}'")
    element = Element()
    words = None
    names = options.classes(key, classes, raw["class"]) if "class" in raw else []
    if names:
        words = classes.union(names)
    literal = raw.get("words")
    if literal is not None:
        if not isinstance(literal, list) or not all(isinstance(w, str) for w in literal):
            raise options.fail(key, f"{where}: 'words' must be a list of strings")
        words = (words or _NO_WORDS) | frozenset(w.lower() for w in literal)
    element.words = words
    element.words_key = "|".join(sorted(names) + sorted(w.lower() for w in literal or []))
    excluded = raw.get("not-words", [])
    if not isinstance(excluded, list) or not all(isinstance(w, str) for w in excluded):
        raise options.fail(key, f"{where}: 'not-words' must be a list of strings")
    not_words = frozenset(w.lower() for w in excluded)
    not_names = options.classes(key, classes, raw["not-class"]) if "not-class" in raw else []
    # Kept as separate sets: merging large classes costs start-up time on every run.
    element.not_words = tuple(classes.get(name) for name in not_names) + ((not_words,) if not_words else ())
    case = raw.get("case")
    if case is not None and case not in CASES:
        raise options.fail(key, f"{where}: 'case' must be one of {', '.join(CASES)}")
    element.case = None if case == "any" else case
    element.is_word = _optional_bool(raw, "is-word", options, key, where)
    element.sentence_start = _optional_bool(raw, "sentence-start", options, key, where)
    pattern = raw.get("regex")
    try:
        element.regex = UserRegex(pattern) if pattern is not None else None
    except (regex.error, TypeError) as exc:
        raise options.fail(key, f"{where}: bad regular expression: {exc}") from None
    mention = raw.get("mention")
    if mention is not None and mention not in MENTIONS:
        raise options.fail(key, f"{where}: 'mention' must be one of {', '.join(MENTIONS)}")
    element.mention = mention
    element.run_start = bool(raw.get("run-start", False))
    element.run_end = bool(raw.get("run-end", False))
    element.min_tokens = raw.get("min-tokens", 1)
    if not isinstance(element.min_tokens, int) or element.min_tokens < 1:
        raise options.fail(key, f"{where}: 'min-tokens' must be a positive integer")
    element.min = raw.get("min", 1)
    element.max = raw.get("max", max(1, element.min) if isinstance(element.min, int) else 1)
    if not isinstance(element.min, int) or not isinstance(element.max, int) or not 0 <= element.min <= element.max:
        raise options.fail(key, f"{where}: 'min' and 'max' must be integers with 0 <= min <= max")
    element.flag = bool(raw.get("flag", False))
    same = raw.get("same-as")
    if same is not None and (not isinstance(same, int) or isinstance(same, bool) or not 0 <= same < index):
        raise options.fail(key, f"{where}: 'same-as' must be the index of an earlier element")
    element.same_as = same
    same_words = raw.get("same-words-as")
    if same_words is not None and (not isinstance(same_words, int) or isinstance(same_words, bool) or not 0 <= same_words < index):
        raise options.fail(key, f"{where}: 'same-words-as' must be the index of an earlier element")
    element.same_words_as = same_words
    element.seen_before = _optional_bool(raw, "seen-before", options, key, where) or False
    element.refers_back = _optional_bool(raw, "refers-back", options, key, where) or False
    for name in ("mention-in", "mention-not-in"):
        value = raw.get(name)
        if value is not None and "mention" not in raw:
            raise options.fail(key, f"{where}: '{name}' needs 'mention'")
        names = options.classes(key, classes, value) if value is not None else None
        setattr(element, name.replace("-", "_"), classes.union(names) if names is not None else None)
    element.simple = element.mention is None and element.min == 1 and element.max == 1 and same_words is None
    return element


def _optional_bool(raw, name, options, key, where):
    value = raw.get(name)
    if value is not None and not isinstance(value, bool):
        raise options.fail(key, f"{where}: '{name}' must be true or false")
    return value


# The matcher backtracks by recursion: one call per repetition of an element
# that repeats or is a mention, two more per such element. This bounds the depth
# far below Python's recursion limit (the built-in rules need under 10).
MAX_BACKTRACKING_DEPTH = 200


def _elements(raw, options: Options, classes, key: str) -> List[Element]:
    if not isinstance(raw, list) or not raw:
        raise options.fail(key, f"'{key}' must be a non-empty list of element tables")
    elements = [_element(item, index, options, classes, key) for index, item in enumerate(raw)]
    depth = sum(element.max + 2 for element in elements if not element.simple)
    if depth > MAX_BACKTRACKING_DEPTH:
        raise options.fail(
            key,
            f"'{key}' is too complex: its repeated and mention elements add up to {depth} backtracking steps "
            f"(each counts its 'max' + 2; at most {MAX_BACKTRACKING_DEPTH})",
        )
    return elements


def compile(table: dict, path: str, classes) -> SequenceChecker:
    options = Options(table, path, table.get("id", "?"))
    elements = _elements(options.get("pattern", list, required=True), options, classes, "pattern")
    if not any(e.flag for e in elements):
        raise options.fail("pattern", "no element has 'flag = true': nothing would be flagged")
    raw_exceptions = options.get("exceptions", list, [])
    exceptions = [_elements(raw, options, classes, "exceptions") for raw in raw_exceptions]
    not_after = None
    if "not-after" in table:
        not_after = _element(options.get("not-after", dict), 0, options, classes, "not-after")
    after = None
    if "after" in table:
        after = _element(options.get("after", dict), 0, options, classes, "after")
    return SequenceChecker(elements, exceptions, options.get("skip-headlines", bool, True), not_after, after)
