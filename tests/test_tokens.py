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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("don't-care", ["do", "n't", "-", "care"]),
        ("don't.x", ["do", "n't", ".", "x"]),
        ("won't-stop it", ["wo", "n't", "-", "stop", "it"]),
        ("Mr.-led", ["Mr.", "-", "led"]),
    ],
)
def test_text_after_a_split_clitic_or_abbreviation_is_kept(text, expected):
    assert words(text) == expected


def test_every_character_but_white_space_is_in_a_token():
    # A rule can only see what the tokeniser keeps: a lost character is text
    # the linter never checks (and a --fix that could not be trusted).
    import glob
    import os

    shared = os.path.join(os.path.dirname(__file__), "..", "..", "shared")
    texts = [
        "don't-care, can't.x and won't—ever; Mr.Smith’s U.S.-led [Mr]Smith 'tis o'clock n't",
        "He said “don’t”… (it’s) 3.5% of the U.S.A.'s GDP\u00a0today — ok?!\r\nNew line\u2028next 😀 end",
    ]
    for folder in ("seeds", "bench/natural", "bench/tokenized"):
        texts += [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(shared, folder, "*.txt")))[:40]]
    for text in texts:
        tokens = tokenize(text, ABBREVIATIONS)
        covered = bytearray(len(text))
        for token in tokens:
            assert text[token.start : token.end] == token.text
            covered[token.start : token.end] = b"\x01" * (token.end - token.start)
        lost = [i for i, ch in enumerate(text) if not covered[i] and not ch.isspace()]
        assert not lost, (text[max(0, lost[0] - 20) : lost[0] + 20], lost[:5])
