"""Output formats: each module renders lint results for one audience.

A format module exposes `render(results, rules, stream, options)`, where
`results` are `FileResult`s in input order. Positions are 1-based lines
and columns counted in Unicode characters, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from textlint.text import LineIndex


@dataclass(frozen=True)
class Position:
    line: int
    column: int
    end_line: int
    end_column: int


def positions(result, index: Optional[LineIndex] = None) -> List[Position]:
    """1-based positions of `result.diagnostics`, in the same order."""
    if not result.diagnostics:
        return []
    index = index or LineIndex(result.source.text)
    return [span_position(index, d.start, d.end) for d in result.diagnostics]


def span_position(index: LineIndex, start: int, end: int) -> Position:
    """1-based line and column (Unicode characters) of text[start:end], end exclusive."""
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return Position(line + 1, column + 1, end_line + 1, end_column + 1)


def format_names() -> List[str]:
    return sorted(_modules())


def get(name: str):
    return _modules()[name]


def _modules() -> Dict[str, str]:
    from textlint.formats import github, json_format, json_lines, junit, sarif, text

    return {
        "text": text,
        "json": json_format,
        "json-lines": json_lines,
        "github": github,
        "sarif": sarif,
        "junit": junit,
    }
