"""The per-document mention gazetteer: the names and noun phrases a document itself uses.

A coreference pipeline that shifts a replacement by a token or two leaves a
mention of the document's own cast standing where a verb, preposition or noun
should be. Knowing the cast (capitalised name runs, with titles and
particles, and lower-case noun phrases that recur) is what lets a rule tell
"he Mayor Eric Garcetti to fight" from ordinary prose.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from textlint.tokens import Tokens

MAX_PHRASE = 6
MIN_PHRASE_COUNT = 2  # a phrase is a mention when it stands this often within sentences


class Gazetteer:
    """Name runs and recurring phrases of one document, indexed by token position."""

    def __init__(
        self,
        tokens: Tokens,
        index: Dict[str, List[int]],
        particles: frozenset,
        function_words: frozenset,
        phrase_starts: frozenset,
        breakers: frozenset = frozenset(),
        not_phrase_start: frozenset = frozenset(),
    ) -> None:
        self._not_phrase_start = not_phrase_start
        self._breakers = breakers
        self._index = index
        self._occurrence_cache: Dict[Tuple, List[int]] = {}
        self._phrase_ends: Optional[Dict[int, int]] = None
        self._run_starts: Optional[List[int]] = None
        self.tokens = tokens
        self._lowers = tokens.lowers
        self._function_words = function_words
        self._phrase_starts = phrase_starts
        self.run_end: Dict[int, int] = {}
        self.run_start_of: List[int] = [-1] * len(tokens)
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
                self.run_start_of[start:j] = [start] * (j - start)

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
        occurrences = self._occurrences(self._key(start, end), within_sentence=False)
        return bool(occurrences) and occurrences[0] < start

    def _occurrences(self, key: Tuple[str, ...], within_sentence: bool) -> List[int]:
        """Where the words of `key` stand together, in order (cached)."""
        cache_key = (key, within_sentence)
        found = self._occurrence_cache.get(cache_key)
        if found is not None:
            return found
        lowers = self._lowers
        sentence_start = self.tokens.sentence_start
        size = len(key)
        firsts = self._index.get(key[0], ())
        if size == 1:
            found = list(firsts)
        else:
            found = []
            # Start from the rarer of the first two words, so that a phrase
            # opening with "the" is not compared with every "the" of a long
            # document: finding it stays close to linear in its length.
            seconds = self._index.get(key[1], ())
            if len(seconds) < len(firsts):
                candidates = [p - 1 for p in seconds if p > 0 and lowers[p - 1] == key[0]]
            else:
                candidates = firsts
            for i in candidates:
                if i + size > len(lowers):
                    break
                for k in range(1, size):
                    if lowers[i + k] != key[k] or (within_sentence and sentence_start[i + k]):
                        break
                else:
                    found.append(i)
        self._occurrence_cache[cache_key] = found
        return found

    # -- recurring lower-case phrases -----------------------------------------------
    def _phrase_count(self, key: Tuple[str, ...]) -> int:
        """How often the words of `key` stand together within one sentence."""
        return len(self._occurrences(key, within_sentence=True))

    def phrase_end(self, index: int) -> Optional[int]:
        """End of the longest recurring noun-like phrase (2+ words) starting at `index`."""
        return self.phrase_ends.get(index)

    @property
    def phrase_starts(self) -> List[int]:
        """Where a recurring phrase starts, in order: where a rule that begins
        with a phrase needs to look, instead of at every token."""
        return list(self.phrase_ends)

    @property
    def phrase_ends(self) -> Dict[int, int]:
        """Start -> end of every recurring phrase, found once per document."""
        if self._phrase_ends is None:
            lowers = self._lowers
            pairs = Counter(zip(lowers, lowers[1:]))
            joining, opening, never = self._function_words, self._phrase_starts, self._not_phrase_start
            # A phrase recurs only if its first two words do (unless the second
            # is a function word the phrase runs through), and it opens with a
            # determiner or a word that may start one: tests on plain strings
            # that most tokens fail, before any phrase is looked up.
            candidates = [
                i for i, (first, second) in enumerate(zip(lowers, lowers[1:]))
                if (second in joining or pairs[(first, second)] >= MIN_PHRASE_COUNT)
                and (first in opening or (first not in joining and first not in never))
            ]
            ends = {}
            for i in candidates:
                end = self._phrase_end_from(i)
                if end is not None:
                    ends[i] = end
            self._phrase_ends = ends
        return self._phrase_ends

    def _phrase_end_from(self, index: int) -> Optional[int]:
        lowers = self._lowers
        is_word = self.tokens.is_word
        sentence_start = self.tokens.sentence_start
        if not is_word[index]:
            return None
        first = lowers[index]
        best = None
        key: Tuple[str, ...] = (first,)
        for j in range(index + 1, min(len(lowers), index + MAX_PHRASE)):
            if not is_word[j] or sentence_start[j]:
                break
            word = lowers[j]
            key = key + (word,)
            if word in self._function_words:
                continue
            if self._phrase_count(key) >= MIN_PHRASE_COUNT:
                best = j + 1
            else:
                break  # a longer phrase cannot recur more often than its prefix
        return best

