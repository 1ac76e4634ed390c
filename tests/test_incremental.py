"""The language server's incremental linting finds exactly what a full lint finds.

Each test edits a document many times at random, the way typing does and
the way pasting does (words, blank lines, straight quotes, whole paragraphs,
the very end of the text), and after every edit compares
`IncrementalLinter.lint` with `engine.lint` over the same text: the same
findings, messages and fixes, in the same order.
"""

from __future__ import annotations

import os
import random

import pytest

from workflow_support import REPO, SHARED, shared_or_skip
from textlint.engine import lint
from textlint.incremental import IncrementalLinter, paragraphs, _line_free
from textlint.ruleset import load_rules


def _findings(report):
    return [(d.rule, d.start, d.end, d.severity, d.message, d.fix) for d in report.diagnostics]


def _source(limit: int) -> str:
    folder = SHARED / "bench" / "natural"
    names = sorted(folder.glob("*.txt"))[:60] if folder.is_dir() else []
    if names:
        text = "\n\n".join(path.read_text(encoding="utf-8") for path in names)
    else:
        text = (REPO / "examples" / "damaged.txt").read_text(encoding="utf-8")
    while len(text) < limit:
        text += "\n\n" + text
    return text[: text.rfind(" ", 0, limit)]


def _edit(rnd: random.Random, text: str, words) -> str:
    position = rnd.randrange(len(text) + 1)
    choice = rnd.random()
    if choice < 0.30:  # a word typed
        return text[:position] + " " + rnd.choice(words) + text[position:]
    if choice < 0.50:  # a stretch deleted
        return text[:position] + text[position + rnd.randrange(1, 40) :]
    if choice < 0.60:  # a paragraph split or two joined
        if rnd.random() < 0.5:
            return text[:position] + "\n\n" + text[position:]
        at = text.find("\n\n", position)
        return text if at < 0 else text[:at] + " " + text[at + 2 :]
    if choice < 0.68:  # a straight quote, which the tokenizer pairs across the document
        return text[:position] + '"' + text[position:]
    if choice < 0.78:  # a mention pasted from elsewhere in the document
        start = rnd.randrange(len(text))
        return text[:position] + " " + text[start : start + rnd.randrange(5, 60)] + text[position:]
    if choice < 0.86:  # the end of the document
        return text + rnd.choice([" " + rnd.choice(words), "\n\n" + " ".join(rnd.choice(words) for _ in range(4)), "."])
    if choice < 0.93:  # a whole paragraph pasted or cut
        spans = paragraphs(text)
        if not spans:
            return text + " " + rnd.choice(words)
        start, end = rnd.choice(spans)
        if rnd.random() < 0.5:
            return text[:start] + text[end:]
        return text[:position] + "\n\n" + text[start:end] + "\n\n" + text[position:]
    return text[:position] + rnd.choice([" the the ", " Mr. Mr. ", " he Mayor ", ", ", ". "]) + text[position:]


def _compare_after_edits(rules, text: str, seed: int, edits: int) -> None:
    rnd = random.Random(seed)
    words = text.split()
    linter = IncrementalLinter()
    assert _findings(linter.lint(text, rules)) == _findings(lint(text, rules))
    for step in range(edits):
        text = _edit(rnd, text, words)
        assert _findings(linter.lint(text, rules)) == _findings(lint(text, rules)), f"seed {seed}, edit {step}"
    assert not linter._broken, "the incremental linter fell back to full lints"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_matches_full_lint_after_random_edits(builtin_rules, seed):
    _compare_after_edits(builtin_rules, _source(12_000), seed, 60)


def test_incremental_relints_little_for_a_small_edit(builtin_rules):
    text = _source(60_000)
    linter = IncrementalLinter()
    linter.lint(text, builtin_rules)
    count = len(paragraphs(text))
    middle = text.rfind(" ", 0, len(text) // 2)
    edited = text[:middle] + " word" + text[middle:]
    assert _findings(linter.lint(edited, builtin_rules)) == _findings(lint(edited, builtin_rules))
    assert 0 < linter.relinted < count // 4, (linter.relinted, count)


def test_incremental_with_a_pattern_that_may_cross_paragraphs(tmp_path):
    # `\s` takes line breaks: such a rule runs over the whole text each time.
    (tmp_path / "cross.toml").write_text(
        'id = "duplicated-token/test-across-lines"\nkind = "pattern"\nseverity = "warning"\n'
        'message = "across"\ndescription = "a test rule"\npattern = \'\'\'\\b(\\w+)\\s+\\1\\b\'\'\'\n',
        encoding="utf-8",
    )
    rules = load_rules([str(tmp_path / "cross.toml")])
    text = _source(8_000) + "\n\nwater\n\nwater flows"
    _compare_after_edits(rules, text, 7, 25)


def test_line_free_reading_is_conservative():
    assert _line_free(r"(?<![\p{L}])(?P<w>the|an?)[ \u00a0]+(?i:(?P=w))(?!\p{Ll})")
    for crossing in (r"a.b", r"[^a]b", r"a\sb", r"a\Wb", r"\P{L}", r"\p{Zl}", r"(?s)a", r"(?x)a b", "a\nb", r"a\x0ab", r"\R"):
        assert not _line_free(crossing), crossing


@pytest.mark.parametrize("folder", ["bench/natural", "bench/tokenized", "bench/replay-natural", "bench/replay-tokenized", "corpus/clean"])
def test_incremental_matches_full_lint_on_the_development_sets(builtin_rules, folder):
    # The sets' documents, 40 at a time as one long document (as an editor
    # holds a long file): the incremental path finds what the engine finds.
    # The first 80 of each set by default; every document with
    # TEXTLINT_FULL_EQUIVALENCE=1 (a few minutes).
    names = sorted(shared_or_skip(*folder.split("/")).glob("*.txt"))
    assert names
    if not os.environ.get("TEXTLINT_FULL_EQUIVALENCE"):
        names = names[:80]
    for first in range(0, len(names), 40):
        text = "\n\n".join(path.read_text(encoding="utf-8") for path in names[first : first + 40])
        linter = IncrementalLinter()
        assert _findings(linter.lint(text, builtin_rules)) == _findings(lint(text, builtin_rules)), names[first]
        middle = text.rfind(" ", 0, len(text) // 2)
        edited = text[:middle] + " the the" + text[middle:]
        assert _findings(linter.lint(edited, builtin_rules)) == _findings(lint(edited, builtin_rules)), names[first]
        assert not linter._broken
