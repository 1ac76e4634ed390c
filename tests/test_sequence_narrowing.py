"""Narrowing the starts of a `sequence` pattern is only an optimisation.

The matcher rules out most starts before trying the pattern (set operations
on the gazetteer and the class positions, windows after a mention). A start
ruled out wrongly would be a missed finding that no rule example might
show, so every built-in sequence rule is run here both ways, with narrowing
and from every token, over damaged and clean documents: the findings must be
the same.
"""

from __future__ import annotations

import copy

import pytest
from workflow_support import shared_or_skip

from textlint.document import Document
from textlint.kinds.sequence import SequenceChecker
from textlint.ruleset import load_rules

# Shapes the narrowing reasons about: mentions at the end of the text, names
# that fill their run, phrases that recur across sentence ends, a name run
# that holds a second name, a glued "II".
CONSTRUCTED = (
    "The old man saw the old man. He did everything he Mayor Eric Garcetti to fight it, and "
    "they Mayor Eric Garcetti in the city. Dan Stein Mr. Stein said the old man Mr. Harding "
    "out. We took the cab home. In half an hour we were the cab in the sitting-room. "
    "Mr. Harding Mr. Harding. He was the Mr. Harding of the hospital. Nobody spoke I the matter. "
    "I ask you all, II asking every Democrat. "
    "the cab the cab"
)


class _EveryStart(SequenceChecker):
    def _starts(self, document):
        return range(len(document.lowers))


def _documents():
    texts = [CONSTRUCTED]
    for folder in ("bench/natural", "bench/tokenized", "corpus/clean", "seeds"):
        paths = sorted(shared_or_skip(*folder.split("/")).glob("*.txt"))
        texts += [p.read_text(encoding="utf-8") for p in paths[:25]]
    return texts


RULES = load_rules([])
SEQUENCE_RULES = [rule for rule in RULES.rules if isinstance(rule.checker, SequenceChecker)]


@pytest.fixture(scope="module")
def documents():
    return [Document(text, RULES.classes) for text in _documents()]


@pytest.mark.parametrize("rule", SEQUENCE_RULES, ids=lambda rule: rule.id)
def test_narrowing_finds_what_every_start_finds(rule, documents):
    exhaustive = copy.copy(rule.checker)
    exhaustive.__class__ = _EveryStart
    found = [list(rule.checker.check(document)) for document in documents]
    expected = [list(exhaustive.check(document)) for document in documents]
    assert found == expected
    # The comparison means something only if the rule finds something somewhere.
    assert any(found)


# Shapes a user's rule may have that the built-in pack does not: an optional
# or repeated first element, repeats before and after a mention, a mention
# that may be cut short, a comparison with a repeated element, a window wider
# than the narrowing looks.
USER_PATTERNS = [
    [{"words": ["the", "a"], "min": 0}, {"mention": "phrase", "flag": True}, {"class": "preposition"}],
    [{"is-word": True, "min": 1, "max": 3}, {"mention": "name", "flag": True}, {"words": ["said", "to"]}],
    [{"class": "subject-pronoun"}, {"is-word": True, "min": 0, "max": 2}, {"mention": "known-name", "flag": True}],
    [{"mention": "known-name", "flag": True}, {"is-word": True, "min": 0, "max": 2}, {"words": ["the"]}],
    [{"mention": "any", "min-tokens": 2, "flag": True}, {"case": "cap"}],
    [{"is-word": True, "min": 1, "max": 2}, {"is-word": True, "max": 3}, {"same-words-as": 0, "is-word": True, "min": 1, "max": 2, "flag": True}],
    [{"mention": "phrase"}, {"is-word": True, "min": 0, "max": 70}, {"mention": "phrase", "same-words-as": 0, "flag": True}],
    [{"case": "cap", "flag": True}, {"is-word": True, "min": 0, "max": 70}, {"words": ["police"]}],
]


@pytest.mark.parametrize("pattern", USER_PATTERNS, ids=lambda p: str(USER_PATTERNS.index(p)))
def test_narrowing_of_other_shapes_finds_what_every_start_finds(pattern, documents):
    from textlint.kinds import sequence

    checker = sequence.compile({"id": "entity-in-verb-position/user", "pattern": pattern}, "user.toml", RULES.classes)
    exhaustive = copy.copy(checker)
    exhaustive.__class__ = _EveryStart
    found = [list(checker.check(document)) for document in documents]
    assert found == [list(exhaustive.check(document)) for document in documents]
    assert any(found)
