"""Applying fixes: together, without overlapping edits, never touching other text."""

from __future__ import annotations

from typing import Iterable, List, Tuple

from textlint.diagnostics import Diagnostic, Edit


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> Tuple[str, int]:
    """Apply the fixes of `diagnostics` (safe ones, or all with `unsafe`).

    A fix whose edits overlap an edit already taken is skipped (the next
    lint pass reports what is left). Returns the new text and the number of
    fixes applied.
    """
    chosen: List[Edit] = []
    applied = 0
    for diagnostic in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        fix = diagnostic.fix
        if fix is None or (not fix.safe and not unsafe):
            continue
        if any(_overlaps(edit, taken) for edit in fix.edits for taken in chosen):
            continue
        chosen.extend(fix.edits)
        applied += 1
    pieces = []
    position = 0
    for edit in sorted(chosen, key=lambda e: (e.start, e.end)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces), applied


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions collide only at the same point
        return a.start == b.start
    return a.start < b.end and b.start < a.end
