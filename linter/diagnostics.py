"""What the engine returns: diagnostics with optional fixes, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple

SEVERITIES = ("error", "warning", "info", "hint")


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (code-point offsets) by `replacement`."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class Fix:
    description: str
    edits: Tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True)
class Diagnostic:
    """One finding: `rule` flagged text[start:end]."""

    rule: str
    severity: str
    message: str
    start: int
    end: int
    fix: Optional[Fix] = field(default=None, compare=False)
