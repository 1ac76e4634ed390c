"""One document as the rules see it: its text, tokens, class positions and gazetteer.

Everything is computed lazily and at most once, so a rule pays only for the
analysis it uses.
"""

from __future__ import annotations

from array import array
from itertools import chain
from typing import Dict, FrozenSet, Hashable, Iterable, List, Optional, Sequence, Type, TypeVar

from textlint.gazetteer import Gazetteer
from textlint.tokens import Tokens, tokenize
from textlint.wordclasses import WordClasses

# Classes the engine itself consults; a rule pack defines their words.
ABBREVIATION_CLASS = "abbreviation"
PARTICLE_CLASS = "name-particle"
FUNCTION_WORD_CLASS = "function-word"
PHRASE_START_CLASS = "phrase-start"
NAME_BREAKER_CLASS = "not-in-name"
NOT_PHRASE_START_CLASS = "not-phrase-start"

Cache = TypeVar("Cache")


def positions_of(keys: Iterable[Hashable]) -> Dict[Hashable, Sequence[int]]:
    """Each key -> the indices where it occurs, in order (as machine integers)."""
    index: Dict[Hashable, Sequence[int]] = {}
    # Arrays rather than lists: a list holds an int object per token (36
    # bytes against 4), which made the index the largest thing a long
    # document keeps (issue 14). `get` rather than `setdefault`, which builds
    # and drops an empty one for every key already seen. (Grouping by sort, C
    # pipelines of `map` and a defaultdict all measured slower than this
    # plain loop.)
    get = index.get
    for i, key in enumerate(keys):
        found = get(key)
        if found is None:
            index[key] = array("i", (i,))
        else:
            found.append(i)
    return index


class Document:
    def __init__(self, text: str, classes: WordClasses) -> None:
        self.text = text
        self.classes = classes
        abbreviations = classes.derived("abbreviations without their period", _abbreviations)
        self.tokens: Tokens = tokenize(text, abbreviations)
        self.lowers: List[str] = self.tokens.lowers
        self._index: Optional[Dict[str, Sequence[int]]] = None
        self._positions: Dict[str, List[int]] = {}
        self._gazetteer: Optional[Gazetteer] = None
        # What rule kinds derive from the document and share between rules:
        # one object per kind's cache class (see `cache_for`).
        self._caches: Dict[type, object] = {}

    def cache_for(self, cache: Type[Cache]) -> Cache:
        """The document's one instance of `cache`, made on first use: where a
        kind keeps what it derives from the document for all its rules
        (`sequence_narrowing.NarrowingTables`)."""
        found = self._caches.get(cache)
        if found is None:
            found = self._caches[cache] = cache()
        return found  # type: ignore[return-value]

    @property
    def index(self) -> Dict[str, Sequence[int]]:
        """Lower-case form -> the indices of its tokens, in order."""
        if self._index is None:
            self._index = positions_of(self.lowers)
        return self._index

    def positions(self, words: FrozenSet[str], key: str) -> List[int]:
        """Indices of tokens whose lower-case form is in `words` (cached under `key`)."""
        found = self._positions.get(key)
        if found is None:
            index = self.index
            # The words of both that stand in the document, found by a C loop
            # over the smaller: a large class (thousands of nouns) against the
            # document's few hundred words, or a few pronouns against those.
            present = words.intersection(index) if len(words) >= len(index) else [w for w in words if w in index]
            found = sorted(chain.from_iterable(map(index.__getitem__, present)))
            self._positions[key] = found
        return found

    @property
    def capitalised(self) -> List[int]:
        """Indices of capitalised word tokens: where any name must start."""
        return self.tokens.capitalised

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(
                self.tokens,
                self.index,
                particles=_class_or_empty(self.classes, PARTICLE_CLASS),
                function_words=_class_or_empty(self.classes, FUNCTION_WORD_CLASS),
                cannot_open=self.classes.derived("words that cannot open a phrase", _cannot_open_phrase),
                breakers=_class_or_empty(self.classes, NAME_BREAKER_CLASS),
            )
        return self._gazetteer


def _abbreviations(classes: WordClasses) -> FrozenSet[str]:
    return frozenset(w.rstrip(".") for w in _class_or_empty(classes, ABBREVIATION_CLASS))


def _cannot_open_phrase(classes: WordClasses) -> FrozenSet[str]:
    # A phrase may open with a listed phrase start ("the"), never with another
    # function word or a word listed as not opening one.
    opening = _class_or_empty(classes, PHRASE_START_CLASS)
    never = _class_or_empty(classes, FUNCTION_WORD_CLASS) | _class_or_empty(classes, NOT_PHRASE_START_CLASS)
    return never - opening


def _class_or_empty(classes: WordClasses, name: str) -> FrozenSet[str]:
    return classes.get(name) if name in classes else frozenset()
