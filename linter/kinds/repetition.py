"""`repetition`: the same run of 1..N tokens twice (or more) back to back.

"the the police", "Mr. Mr. Trump", "Mr. de Mr. de Blasio". English repeats
some words on purpose ("that that", "had had") and some names are
reduplicated ("Sirhan Sirhan", "Bora Bora"): the rule names classes of such
words, and they are not flagged. The fix deletes every copy but the first.
"""

from __future__ import annotations

from itertools import compress
from operator import eq
from typing import Iterator, List

from textlint.diagnostics import Edit
from textlint.kinds import Document, Match
from textlint.kinds.options import Options
from textlint.wordclasses import WordClasses

KEYS = {"max-tokens", "allow", "allow-names", "allow-unit-ending", "ignore-numbers", "min-letters"}
FIX = "delete the repeated copy"
PLACEHOLDERS = ("copy",)  # the repeated text, besides {match}


class RepetitionChecker:
    def __init__(self, max_tokens: int, allowed: frozenset, names: frozenset, ignore_numbers: bool, min_letters: int, in_unit: frozenset = frozenset()) -> None:
        self.in_unit = in_unit
        self.max_tokens = max_tokens
        self.allowed = allowed
        self.names = names
        self.ignore_numbers = ignore_numbers
        self.min_letters = min_letters

    def check(self, document: Document) -> Iterator[Match]:
        tokens = document.tokens
        lowers = tokens.lowers
        starts, ends = tokens.starts, tokens.ends
        text = document.text
        n = len(lowers)
        resume = 0
        for i in self._candidates(lowers):
            if i < resume:
                continue
            found = self._repeat_at(tokens, lowers, i, n)
            if found is None:
                continue
            size, copies = found
            first_end = ends[i + size - 1]
            last_end = ends[i + copies * size - 1]
            yield Match(
                starts[i],
                last_end,
                (Edit(first_end, last_end, ""),),
                {"copy": text[starts[i] : first_end]},
            )
            resume = i + copies * size

    def _candidates(self, lowers: List[str]) -> List[int]:
        """Where a word meets its own lower-case form again within `max_tokens`, in order.

        Only there can a repeat start; the comparisons run in C, so most
        tokens are never looked at one by one.
        """
        found = set()
        positions = range(len(lowers))
        for size in range(1, self.max_tokens + 1):
            found.update(compress(positions, map(eq, lowers, lowers[size:])))
        return sorted(found)

    def _repeat_at(self, tokens, lowers, i: int, n: int):
        if not tokens.is_word[i]:
            return None
        word = lowers[i]
        for size in range(1, self.max_tokens + 1):
            if i + 2 * size > n:
                return None
            # Cheap test first: most tokens never meet their own first word again.
            if lowers[i + size] != word or lowers[i : i + size] != lowers[i + size : i + 2 * size]:
                continue
            if not self._same(tokens, i, i + size, size):
                continue
            if not self._worth_flagging(tokens, i, size):
                return None
            copies = 2
            while i + (copies + 1) * size <= n and self._same(tokens, i, i + copies * size, size):
                copies += 1
            return size, copies
        return None

    @staticmethod
    def _same(tokens, a: int, b: int, size: int) -> bool:
        lowers, texts = tokens.lowers, tokens.texts
        for k in range(size):
            left, right = a + k, b + k
            if lowers[left] != lowers[right] or tokens.newline_before[right]:
                return False
            # Case must agree too, except where the first copy is capitalised
            # only because it starts a sentence ("The the police").
            if texts[left] != texts[right] and not (k == 0 and tokens.sentence_start[left]):
                return False
        return True

    def _worth_flagging(self, tokens, i: int, size: int) -> bool:
        unit = range(i, i + size)
        texts = tokens.texts
        # A unit with punctuation inside is rhetoric ("No, no,"), not a pasted mention.
        if not all(tokens.is_word[k] for k in unit):
            return False
        letters = sum(1 for k in unit for ch in texts[k] if ch.isalpha())
        if letters < self.min_letters:
            return False
        if self.ignore_numbers and all(texts[k][0].isdigit() for k in unit):
            return False
        if size > 1 and tokens.lowers[i + size - 1] in self.in_unit:
            return False
        if size == 1:
            word = tokens.lowers[i]
            if word in self.allowed or word in self.names:
                return False
        return True


def compile(table: dict, path: str, classes: WordClasses) -> RepetitionChecker:
    options = Options(table, path, table.get("id", "?"))
    max_tokens = options.get("max-tokens", int, 4)
    if not 1 <= max_tokens <= 12:
        raise options.fail("max-tokens", "'max-tokens' must be between 1 and 12")
    return RepetitionChecker(
        max_tokens,
        classes.union(options.classes("allow", classes)),
        classes.union(options.classes("allow-names", classes)),
        options.get("ignore-numbers", bool, True),
        options.get("min-letters", int, 1, minimum=0),
        classes.union(options.classes("allow-unit-ending", classes)),
    )
