"""`sequence`'s start narrowing: ruling out, at once, the tokens where a pattern cannot start.

Trying the pattern at every token costs far more than ruling most of them
out first. An element that must match a token listed by the document (the
positions of a word class, the capitals, where a mention can start) in a
known window after the start, or after a mention, keeps only the starts
with such a token there. The counting is done with prefix counts in C
loops (`map`, `compress`, `accumulate`) rather than Python loops, which is
why some code here reads unlike the rest.

This is only an optimisation: `tests/test_sequence_narrowing.py` checks that
every pattern finds with narrowing what it finds from every token.
"""

from __future__ import annotations

from array import array
from collections import deque
from itertools import accumulate, chain, compress, repeat
from operator import sub
from typing import TYPE_CHECKING, Dict, FrozenSet, Hashable, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from textlint.kinds.sequence_elements import Element

if TYPE_CHECKING:
    from textlint.document import Document

# Per-token lists for narrowing reach this far past the last token, so that a
# window near the end never needs a bounds check.
PAD = 64

# What a `Source` lists.
WORDS = "words"              # tokens whose lower-case form is in `words`
MENTIONS = "mentions"        # tokens where a mention like `mention` can start
CAPITALISED = "capitalised"  # capitalised word tokens
SAME_AS = "same-as"          # (no list) a token with the word of the token `reference` after the start


class Source(NamedTuple):
    """Where an element can match, as the document can tell before any token is tested.

    `key` names the list among those the document caches: rules whose
    elements agree on it share the list.
    """

    kind: str
    key: Hashable = None
    words: FrozenSet[str] = frozenset()
    mention: Optional[Element] = None
    reference: int = 0


class Anchor(NamedTuple):
    """The end of the pattern's first mention, `offset` tokens after the start."""

    offset: int
    mention: Element


class Step(NamedTuple):
    """Keep the starts with a token matching `source` `lo` to `hi` tokens after
    the start (no anchor) or after the end of the anchor's mention."""

    lo: int
    hi: int
    source: Source
    anchor: Optional[Anchor] = None


class MentionBounds(NamedTuple):
    """For each token, the first and the last token (exclusive) where a mention
    starting there can end; then the tokens where one can start, in order."""

    firsts: Sequence[int]  # array("i"), padded past the end
    lasts: Sequence[int]   # array("i"), padded past the end
    starts: List[int]


class NarrowingTables:
    """What narrowing derives from one document, shared by all its sequence rules
    (kept by the document: see `Document.cache_for`)."""

    __slots__ = ("mention_bounds", "listed_counts")

    def __init__(self) -> None:
        self.mention_bounds: Dict[Hashable, MentionBounds] = {}
        self.listed_counts: Dict[Tuple[str, Hashable], Sequence[int]] = {}


def narrowing(elements: List[Element]) -> List[Step]:
    """A step for each element that must match a token `lo` to `hi` tokens
    after a known place: a token listed by a source, or, for a same-as
    source, one with the same word as an earlier token.

    The place is the start (no anchor) or, for the elements after the first
    mention, the end of that mention. Where a mention can end is known only
    in the document, but from the gazetteer alone, before any token is
    tested: "a phrase, then a name" can start only at a phrase that ends
    where a name starts. Steps that compare words, or need the mention's
    end, come last: they look at one start at a time.
    """
    steps: List[Step] = []
    same: List[Step] = []
    after_mention: List[Step] = []
    lo = hi = 0
    anchor: Optional[Anchor] = None
    fixed = {}  # element index -> its distance from the start, when that is known
    for index, element in enumerate(elements):
        if anchor is None and lo == hi:
            fixed[index] = lo
        if element.min >= 1:
            if hi >= PAD - 1:
                break  # (windows this far from the start are not worth narrowing)
            # The first element's first source gives the starts themselves.
            for source in sources(element)[1 if index == 0 else 0 :]:
                (steps if anchor is None else after_mention).append(Step(lo, hi, source, anchor))
            # Either comparison implies that the element's first word is that of the earlier element.
            reference = element.same_as if element.same_as is not None else element.same_words_as
            if reference is not None and reference in fixed and elements[reference].min >= 1:
                compared = Source(SAME_AS, reference=fixed[reference])
                (same if anchor is None else after_mention).append(Step(lo, hi, compared, anchor))
        if element.mention is not None:
            if anchor is not None or lo != hi or lo >= PAD or element.min != 1 or element.max != 1:
                break  # past a second mention, or a repeated one, nothing is known
            anchor = Anchor(lo, element)
            lo = hi = 0
            continue
        lo += element.min
        hi += element.max
    return steps + same + after_mention


def sources(element: Element) -> List[Source]:
    """The lists the document keeps of the tokens `element` can match."""
    found = []
    if element.words is not None:
        found.append(Source(WORDS, element.words_key, words=element.words))
    if element.mention is not None:
        found.append(Source(MENTIONS, _mention_key(element), mention=element))
    elif element.case == "cap":
        found.append(Source(CAPITALISED))
    return found


def narrow(document: Document, starts, step: Step) -> List[int]:
    """The `starts` that pass `step`."""
    lo, hi, source, anchor = step
    if anchor is not None:
        return _narrow_after_mention(document, starts, lo, hi, source, anchor)
    kind = source.kind
    lowers = document.lowers
    if kind == SAME_AS:
        reference = source.reference
        n = len(lowers)
        return [i for i in starts if i + reference < n and lowers[i + reference] in lowers[i + lo : i + hi + 1]]
    if kind in (WORDS, CAPITALISED) and _few(starts, lo, hi, lowers):
        # Looking at the few tokens in question is cheaper than listing every
        # token of a large class (or every capital) in the document.
        if kind == WORDS:
            words = source.words
            return [i for i in starts if not words.isdisjoint(lowers[i + lo : i + hi + 1])]
        is_cap = document.tokens.is_cap
        return [i for i in starts if True in is_cap[i + lo : i + hi + 1]]
    return _with_listed(starts, _listed_counts(document, source), map(lo.__add__, starts), map((hi + 1).__add__, starts))


def _narrow_after_mention(document: Document, starts, lo: int, hi: int, source: Source, anchor: Anchor) -> List[int]:
    offset = anchor.offset
    firsts, lasts, _ = _mention_end_bounds(document, anchor.mention)
    at_mention = list(map(firsts.__getitem__, map(offset.__add__, starts)))
    if source.kind == SAME_AS:
        # The word to compare depends on the start, not only on the mention.
        lowers = document.lowers
        reference = source.reference
        n = len(lowers)
        return [
            i for i, first in zip(starts, at_mention)
            if first < n and lowers[i + reference] in lowers[first + lo : lasts[i + offset] + hi + 1]
        ]
    if source.kind == WORDS and _few(starts, lo, hi, document.lowers):
        lowers = document.lowers
        words = source.words
        return [
            i for i, first in zip(starts, at_mention)
            if not words.isdisjoint(lowers[first + lo : lasts[i + offset] + hi + 1])
        ]
    ends = map((hi + 1).__add__, map(lasts.__getitem__, map(offset.__add__, starts)))
    return _with_listed(starts, _listed_counts(document, source), map(lo.__add__, at_mention), ends)


def _with_listed(starts, counts: Sequence[int], firsts: Iterable[int], ends: Iterable[int]) -> List[int]:
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


def _mention_end_bounds(document: Document, element: Element) -> MentionBounds:
    """Where a mention like `element` can start and end, from the gazetteer
    alone, once per document; where none can start, an empty window past the
    end. `Element.ends` gives the exact ends."""
    tables = document.cache_for(NarrowingTables).mention_bounds
    key = _mention_key(element)
    found = tables.get(key)
    if found is not None:
        return found
    gazetteer = document.gazetteer
    mention = element.mention
    n = len(document.lowers)
    # Machine integers: a list of per-token bounds would hold an int object
    # per entry, several times the memory of the tokens themselves.
    firsts = array("i", [n]) * (n + PAD)
    lasts = array("i", [n]) * (n + PAD)
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
    found = tables[key] = MentionBounds(firsts, lasts, sorted(starts))
    return found


def _listed_counts(document: Document, source: Source) -> Sequence[int]:
    """How many tokens listed by `source` stand before each token index (padded past the end)."""
    tables = document.cache_for(NarrowingTables).listed_counts
    key = (source.kind, source.key)
    found = tables.get(key)
    if found is None:
        kind = source.kind
        if kind == WORDS:
            # One pass of set lookups: no need to list where the words stand.
            listed = map(source.words.__contains__, document.lowers)
        elif kind == CAPITALISED:
            listed = document.tokens.is_cap
        else:
            marks = [False] * len(document.lowers)
            starts = listed_tokens(document, source)
            deque(map(marks.__setitem__, starts, repeat(True, len(starts))), maxlen=0)
            listed = marks
        # Machine integers: one prefix count per token, kept for the document.
        found = tables[key] = array("i", accumulate(chain(listed, repeat(False, PAD)), initial=0))
    return found


def listed_tokens(document: Document, source: Source) -> List[int]:
    """The tokens a (listing) source lists, in order."""
    kind = source.kind
    if kind == WORDS:
        return document.positions(source.words, source.key)
    if kind == MENTIONS:
        return _mention_end_bounds(document, source.mention).starts
    return document.capitalised
