"""The server's conversion cache gives the LSP diagnostics `to_lsp` gives, edit after edit."""

from __future__ import annotations

import random

import pytest
from lsprotocol import types

from textlint.engine import lint
from textlint.lsp.convert import ConversionCache, to_lsp
from textlint.lsp.positions import UTF8, UTF16, UTF32, PositionMap
from textlint.ruleset import load_rules

TEXT = (
    "“Quoted” text 𝄞 first. In a statement she Mayor Ada Kowalski to find the money.\r\n"
    "the the police came. Mr. Mr. Trump said\u00a0so.\n\n"
    "He Mayor Ada Kowalski to fight the the cuts, said the the mayor."
)


def _plain(diagnostics):
    return [
        (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code, d.message, d.severity, d.data)
        for d in diagnostics
    ]


@pytest.mark.parametrize("encoding", [UTF16, UTF8, UTF32])
def test_conversion_cache_matches_to_lsp_after_edits(encoding):
    rules = load_rules()
    cache = ConversionCache()
    text = TEXT
    rnd = random.Random(5)
    reused = 0
    previous: list = []  # kept alive, so that ids are not reused
    for _ in range(30):
        diagnostics = lint(text, rules).diagnostics
        assert diagnostics
        converted = cache.to_lsp(diagnostics, PositionMap(text, encoding))
        assert _plain(converted) == _plain(to_lsp(diagnostics, PositionMap(text, encoding)))
        assert all(isinstance(d, types.Diagnostic) for d in converted)
        before = {id(d) for d in previous}
        reused += sum(1 for d in converted if id(d) in before)
        previous = converted
        at = rnd.randrange(len(text))
        text = text[:at] + rnd.choice([" ", "x", "\n", "🙂", " the the"]) + text[at:]
    assert reused > 0  # unchanged diagnostics are the same objects as before
