"""Rule kinds: each module turns one kind of declarative rule into a checker.

A kind module satisfies `textlint.kinds.base.Kind`: `KEYS` (the rule keys it
accepts besides the common ones), `FIX` (the fix it can offer, or None),
`PLACEHOLDERS` (message placeholders it fills besides `{match}`) and
`compile(table, path, classes)`, which validates the table and returns a
`Checker`, whose `check(document)` yields `Match`es. Kinds hold no word
lists or thresholds of their own: those come from the rule file.
docs/adding-a-kind.md says how to add one.
"""

from __future__ import annotations

import functools
from typing import Dict

from textlint.kinds.base import Checker, Document, Kind, Match, check_kind

__all__ = ["Checker", "Document", "Kind", "Match", "check_kind", "kind_modules"]


@functools.lru_cache(maxsize=None)
def kind_modules() -> Dict[str, Kind]:
    """The registered kinds by name, each checked against `Kind` once."""
    from textlint.kinds import glued, pattern, repetition, sequence, tail, trailing

    modules: Dict[str, Kind] = {
        "glued": glued,
        "pattern": pattern,
        "repetition": repetition,
        "sequence": sequence,
        "tail": tail,
        "trailing": trailing,
    }
    for name, module in modules.items():
        check_kind(name, module)
    return modules
