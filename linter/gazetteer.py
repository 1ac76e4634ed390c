"""The per-document mention gazetteer: the names and noun phrases a document itself uses.

A coreference pipeline that shifts a replacement by a token or two leaves a
mention of the document's own cast standing where a verb, preposition or noun
should be. Knowing the cast (capitalised name runs, with titles and
particles, and lower-case noun phrases that recur) is what lets a rule tell
"he Mayor Eric Garcetti to fight" from ordinary prose.
"""

from __future__ import annotations

import bisect
from array import array
from collections import Counter
from itertools import compress
from operator import and_, not_, or_
from typing import Dict, List, Optional, Sequence, Tuple

from textlint.tokens import Tokens

MAX_PHRASE = 6
MIN_PHRASE_COUNT = 2  # a phrase is a mention when it stands this often within sentences


class Gazetteer:
    """Name runs and recurring phrases of one document, indexed by token position."""

    def __init__(
        self,
        tokens: Tokens,
        index: Dict[str, Sequence[int]],
        particles: frozenset,
        function_words: frozenset,
        cannot_open: frozenset = frozenset(),
        breakers: frozenset = frozenset(),
    ) -> None:
        self._cannot_open = cannot_open
        self._breakers = breakers
        self._index = index
        self._first_cache: Dict[Tuple[str, ...], int] = {}
        self._phrase_ends: Optional[Dict[int, int]] = None
        self._run_starts: Optional[List[int]] = None
        self.tokens = tokens
        self._lowers = tokens.lowers
        self._function_words = function_words
        self.run_end: Dict[int, int] = {}
        # Machine integers, one a token: -1 outside a name run.
        self.run_start_of = array("i", [-1]) * len(tokens)
        self._find_runs(particles, function_words)
        self.name_counts: Counter = Counter(self._key(s, e) for s, e in self.run_end.items())

    # -- capitalised name runs -------------------------------------------------
    def _find_runs(self, particles: frozenset, function_words: frozenset) -> None:
        tokens = self.tokens
        lowers = self._lowers
        sentence_start = tokens.sentence_start
        newline_before = tokens.newline_before
        can_be_name = self._can_be_name
        n = len(lowers)
        j = 0
        # Every run starts at a capitalised token: only those are visited.
        for i in tokens.capitalised:
            if i < j or not can_be_name(i):
                continue
            j = i + 1
            while j < n:
                # A line break between two capitalised words (a heading above a
                # paragraph) separates two runs.
                if not newline_before[j] and can_be_name(j) and not sentence_start[j]:
                    j += 1
                elif lowers[j] in particles and j + 1 < n and can_be_name(j + 1) and not sentence_start[j + 1]:
                    j += 2
                else:
                    break
            start = i
            # A sentence-initial function word ("The", "In", "He") is not part of a name.
            if sentence_start[start] and lowers[start] in function_words:
                start += 1
            if start < j:
                self.run_end[start] = j
                self.run_start_of[start:j] = array("i", [start]) * (j - start)

    def _can_be_name(self, i: int) -> bool:
        # "I", "He", "Their" are capitalised but never part of a name ("I Ken
        # Gude" is a pronoun and a name); an all-caps "US" may be one.
        if not self.tokens.is_cap[i]:
            return False
        if self._lowers[i] not in self._breakers:
            return True
        text = self.tokens.texts[i]
        return len(text) > 1 and text.isupper()

    def _key(self, start: int, end: int) -> Tuple[str, ...]:
        return tuple(self._lowers[start:end])

    @property
    def run_starts(self) -> List[int]:
        """Where the name runs start, in order."""
        if self._run_starts is None:
            self._run_starts = sorted(self.run_end)
        return self._run_starts

    def refers_back(self, start: int, end: int, window: int = 80) -> bool:
        """Whether the name tokens[start:end] ends with the same word as the nearest
        name run that ends before the token just ahead of it (within `window` tokens).

        That nearest name is the likeliest antecedent of a pronoun standing just
        before `start`; a name that repeats it ("Zinichev ... He Emergencies
        Minister Yevgeny Zinichev") is the pronoun's own referent, which English
        never names again inside the same clause.
        """
        starts = self.run_starts
        lowers = self._lowers
        last = lowers[end - 1]
        index = bisect.bisect_left(starts, start - 1) - 1
        while index >= 0 and starts[index] > start - 1 - window:
            run_start = starts[index]
            run_end = self.run_end[run_start]
            if run_end <= start - 1 and not self.tokens.headline[run_start]:
                return lowers[run_end - 1] == last
            index -= 1
        return False

    def run_at(self, index: int) -> Optional[Tuple[int, int]]:
        """The name run that contains token `index`, as (start, end)."""
        start = self.run_start_of[index] if 0 <= index < len(self.run_start_of) else -1
        if start < 0:
            return None
        return start, self.run_end[start]

    def is_known_name(self, start: int, end: int) -> bool:
        """Whether tokens[start:end] stands as a whole name run somewhere else in the document."""
        count = self.name_counts.get(self._key(start, end), 0)
        own = 1 if self.run_end.get(start) == end else 0
        return count - own > 0

    def seen_before(self, start: int, end: int) -> bool:
        """Whether tokens[start:end] already stood earlier in the document (as a name or phrase)."""
        return self._first_occurrence(self._key(start, end)) < start

    def _first_occurrence(self, key: Tuple[str, ...]) -> int:
        """Where the words of `key` first stand together (cached); every key given occurs."""
        found = self._first_cache.get(key)
        if found is not None:
            return found
        lowers = self._lowers
        size = len(key)
        firsts = self._index[key[0]]
        found = firsts[0]
        if size > 1:
            # Start from the rarer of the first two words, so that a phrase
            # opening with "the" is not compared with every "the" of a long
            # document: finding it stays close to linear in its length.
            seconds = self._index[key[1]]
            if len(seconds) < len(firsts):
                candidates = (p - 1 for p in seconds if p > 0 and lowers[p - 1] == key[0])
            else:
                candidates = iter(firsts)
            for i in candidates:
                if lowers[i : i + size] == list(key):
                    found = i
                    break
        self._first_cache[key] = found
        return found

    # -- recurring lower-case phrases -----------------------------------------------
    def phrase_end(self, index: int) -> Optional[int]:
        """End of the longest recurring noun-like phrase (2+ words) starting at `index`."""
        return self.phrase_ends.get(index)

    @property
    def phrase_ends(self) -> Dict[int, int]:
        """Start -> end of every recurring phrase, found once per document.

        The phrase from token i is the longest run of 2..MAX_PHRASE words
        within one sentence that opens with a word that may open one and
        whose words, up to each word that is not a function word, stand
        together at least MIN_PHRASE_COUNT times within sentences.
        """
        if self._phrase_ends is None:
            self._phrase_ends = self._find_phrase_ends()
        return self._phrase_ends

    def _find_phrase_ends(self) -> Dict[int, int]:
        # Every position is grown one word at a time, all positions at once:
        # each step counts the keys (the words so far) of the positions still
        # growing and keeps those whose key recurs. Every occurrence of a key
        # is among those positions (its shorter keys recur too), so the count
        # is the key's count in the document. Each step is a few C loops
        # (map, compress, Counter) over the positions: a Python loop per
        # token and step cost more than the rules that use the phrases.
        lowers = self._lowers
        is_word = self.tokens.is_word
        # Whether a phrase can go on through token j: a word, in the same sentence.
        goes_on = list(map(and_, is_word, map(not_, self.tokens.sentence_start))) + [False] * MAX_PHRASE
        joining = self._function_words
        cannot_open = self._cannot_open
        growing = list(compress(range(len(lowers)), map(and_, is_word, map(not_, map(cannot_open.__contains__, lowers)))))
        keys: List[object] = list(map(lowers.__getitem__, growing))
        best: Dict[int, int] = {}
        for length in range(1, MAX_PHRASE):
            ahead = list(map(goes_on.__getitem__, map(length.__add__, growing)))
            growing = list(compress(growing, ahead))
            if not growing:
                break
            words = list(map(lowers.__getitem__, map(length.__add__, growing)))
            # A key is (the shorter key's number, next word): hashing it stays cheap.
            longer = list(zip(compress(keys, ahead), words))
            counts = Counter(longer)
            recurs = list(map((MIN_PHRASE_COUNT - 1).__lt__, map(counts.__getitem__, longer)))
            joined = list(map(joining.__contains__, words))
            # A function word never ends a phrase; the phrase may run through it.
            ended = list(compress(growing, map(and_, recurs, map(not_, joined))))
            best.update(zip(ended, map((length + 1).__add__, ended)))
            keep = list(map(or_, recurs, joined))
            growing = list(compress(growing, keep))
            number = dict(zip(counts, range(len(counts))))
            keys = list(map(number.__getitem__, compress(longer, keep)))
        return dict(sorted(best.items()))

