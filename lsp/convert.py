"""Engine results to LSP objects: diagnostics and the edits of their fixes.

Spans from the engine are code-point offsets; every range goes through
`PositionMap`, so it lands on the right characters in the negotiated
encoding. Nothing here decides what is a problem.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple

from lsprotocol import types

from textlint.diagnostics import Diagnostic, Edit
from textlint.fixes import apply_fixes
from textlint.lsp.positions import PositionMap

SOURCE = "textlint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def _offsets(diagnostics: Iterable[Diagnostic]) -> List[int]:
    offsets = []
    for diagnostic in diagnostics:
        offsets += (diagnostic.start, diagnostic.end)
    return offsets


def to_lsp(diagnostics: Sequence[Diagnostic], positions: PositionMap, shift: int = 0) -> List[types.Diagnostic]:
    """LSP diagnostics for engine diagnostics of `positions.text[shift:]`."""
    table = positions.positions(o + shift for o in _offsets(diagnostics))
    result = []
    for diagnostic in diagnostics:
        result.append(
            types.Diagnostic(
                range=types.Range(start=table[diagnostic.start + shift], end=table[diagnostic.end + shift]),
                severity=SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
                code=diagnostic.rule,
                source=SOURCE,
                message=diagnostic.message,
                data={"fixable": diagnostic.fix is not None and diagnostic.fix.safe} if diagnostic.fix else None,
            )
        )
    return result


class ConversionCache:
    """`to_lsp` for one document, keeping the LSP diagnostics of its last conversion.

    An edit changes few of a long document's diagnostics, and building the
    LSP objects costs more than finding each one again by what it shows:
    rule, severity, message, fixability and range.
    """

    def __init__(self) -> None:
        self._last: dict = {}

    def to_lsp(self, diagnostics: Sequence[Diagnostic], positions: PositionMap, shift: int = 0) -> List[types.Diagnostic]:
        table = positions.line_units(o + shift for o in _offsets(diagnostics))
        last, kept, result = self._last, {}, []
        for diagnostic in diagnostics:
            fix = diagnostic.fix
            start, end = table[diagnostic.start + shift], table[diagnostic.end + shift]
            key = (diagnostic.rule, diagnostic.severity, diagnostic.message, None if fix is None else fix.safe, start, end)
            converted = last.get(key) or kept.get(key)
            if converted is None:
                converted = types.Diagnostic(
                    range=types.Range(start=types.Position(line=start[0], character=start[1]), end=types.Position(line=end[0], character=end[1])),
                    severity=SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
                    code=diagnostic.rule,
                    source=SOURCE,
                    message=diagnostic.message,
                    data={"fixable": fix.safe} if fix else None,
                )
            kept[key] = converted
            result.append(converted)
        self._last = kept
        return result


def text_edits(edits: Iterable[Edit], positions: PositionMap, shift: int = 0) -> List[types.TextEdit]:
    edits = list(edits)
    table = positions.positions(o + shift for e in edits for o in (e.start, e.end))
    return [
        types.TextEdit(range=types.Range(start=table[e.start + shift], end=table[e.end + shift]), new_text=e.replacement)
        for e in edits
    ]


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end


def _splice(text: str, edits: Sequence[Edit]) -> str:
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += (text[position : edit.start], edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def _common_prefix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:  # binary search on slice equality: C-speed comparisons
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def diff_edit(old: str, new: str) -> Edit:
    """The one edit that turns `old` into `new`: what lies between their common prefix and suffix."""
    prefix = _common_prefix(old, new)
    suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
    return Edit(prefix, len(old) - suffix, new[prefix : len(new) - suffix])


def fix_all_edits(text: str, diagnostics: Sequence[Diagnostic]) -> Tuple[List[Edit], int]:
    """The edits that `textlint.fixes.apply_fixes` makes to `text` (safe fixes), and the fix count.

    The edits are the rules' own, chosen the way `apply_fixes` chooses them;
    the result is checked against `apply_fixes` itself, and if they ever
    disagree the one edit between its output and the text is used instead.
    """
    fixed, applied = apply_fixes(text, diagnostics)
    if not applied or fixed == text:
        return [], 0
    chosen: List[Edit] = []
    for diagnostic in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        fix = diagnostic.fix
        if fix is None or not fix.safe:
            continue
        if any(_overlaps(edit, taken) for edit in fix.edits for taken in chosen):
            continue
        chosen.extend(fix.edits)
    chosen.sort(key=lambda e: (e.start, e.end))
    if _splice(text, chosen) != fixed:
        chosen = [diff_edit(text, fixed)]
    return chosen, applied


def ranges_touch(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> Tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def same_diagnostic(a: types.Diagnostic, b: types.Diagnostic) -> bool:
    return a.code == b.code and a.range == b.range


def workspace_edit(
    uri: str, version: Optional[int], edits: List[types.TextEdit], document_changes: bool
) -> types.WorkspaceEdit:
    if document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                    edits=edits,
                )
            ]
        )
    return types.WorkspaceEdit(changes={uri: edits})

