"""The tokeniser gives the same tokens for written and pipeline-tokenised text."""

from __future__ import annotations

import pytest

from textlint.tokens import tokenize

ABBREVIATIONS = frozenset({"mr", "mrs", "calif"})


def words(text):
    return [t.text for t in tokenize(text, ABBREVIATIONS)]


@pytest.mark.parametrize(
    "written, tokenised",
    [
        ("Pelosi's office", "Pelosi 's office"),
        ("don't expect", "do n't expect"),
        ("the city’s residents", "the city ’s residents"),
        ("they’re here", "they ’re here"),
        ("can't", "ca n't"),
    ],
)
def test_clitics_split_as_the_pipeline_split_them(written, tokenised):
    assert words(written) == words(tokenised)


def test_abbreviations_keep_their_period():
    assert words("Mr. Mr. Trump of Oakland, Calif. and Donald J. Trump in the U.S. today.") == [
        "Mr.", "Mr.", "Trump", "of", "Oakland", ",", "Calif.", "and", "Donald", "J.", "Trump",
        "in", "the", "U.S.", "today", ".",
    ]


def test_no_break_space_separates_tokens():
    assert words("Mr.\u00a0Trump") == ["Mr.", "Trump"]


def test_sentence_starts_in_both_styles():
    for text in ("He left. The end.", "He left . The end ."):
        starts = [t.text for t in tokenize(text, ABBREVIATIONS) if t.sentence_start]
        assert starts == ["He", "The"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_one_line_break_does_not_end_a_sentence_but_a_blank_line_does(newline):
    wrapped = tokenize(f"the mayor said that{newline}he would go{newline}{newline}Then it ended", ABBREVIATIONS)
    starts = [t.text for t in wrapped if t.sentence_start]
    assert starts == ["the", "Then"]
    assert [t.text for t in wrapped if t.newline_before] == ["he", "Then"]


def test_title_case_lines_are_headlines():
    tokens = tokenize("Magnitogorsk Apartment Building Collapses After Explosion\nIt happened on Monday.", ABBREVIATIONS)
    assert {t.text for t in tokens if t.headline} == {"Magnitogorsk", "Apartment", "Building", "Collapses", "After", "Explosion"}


def test_every_kind_of_white_space_separates_tokens():
    # The splitter turns a fixed list of characters into spaces: it must hold
    # every character this Python's Unicode tables call white space (else a
    # lone one, or one after a word, would be taken for punctuation).
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    for space in spaces:
        tokens = tokenize(f"Mr.{space}Trump{space} {space} n't{space}J.{space}", ABBREVIATIONS)
        assert [t.text for t in tokens] == ["Mr.", "Trump", "n't", "J."], repr(space)
        assert [t.start for t in tokens] == [0, 4, 13, 17], repr(space)
