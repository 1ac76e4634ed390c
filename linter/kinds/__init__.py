"""Rule kinds: each module turns one kind of declarative rule into a checker.

A kind module exposes `KEYS` (the rule keys it accepts besides the common
ones), `FIX` (the fix it can offer, or None), optionally `PLACEHOLDERS`
(message placeholders it fills besides `{match}`) and `compile(table, path,
classes)`, which validates the table and returns an object whose
`check(document)` yields `Match`es. Kinds hold no word lists or thresholds
of their own: those come from the rule file.
"""

from __future__ import annotations

from typing import Dict, NamedTuple, Optional, Tuple

from textlint.diagnostics import Edit


class Match(NamedTuple):
    start: int
    end: int
    edits: Optional[Tuple[Edit, ...]] = None
    values: Optional[Dict[str, str]] = None


def kind_modules():
    from textlint.kinds import glued, pattern, repetition, sequence, tail, trailing

    return {
        "glued": glued,
        "pattern": pattern,
        "repetition": repetition,
        "sequence": sequence,
        "tail": tail,
        "trailing": trailing,
    }
