"""The contract between the engine and a rule kind: `Kind`, `Checker`, `Match`, `Document`.

A kind is a module (registered in `kind_modules`) that satisfies `Kind`;
`compile` returns a `Checker`, whose `check` reads a `Document` and yields
`Match`es. `check_kind` says, in one line, what a module lacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, AbstractSet, Dict, Iterator, NamedTuple, Optional, Protocol, Tuple, runtime_checkable

from textlint.diagnostics import Edit
from textlint.document import Document

if TYPE_CHECKING:
    from textlint.wordclasses import WordClasses

__all__ = ["Checker", "Document", "Kind", "Match", "check_kind"]


class Match(NamedTuple):
    """One flagged span: code-point offsets into `document.text`, the fix's
    edits (used when the rule has `fix = true`) and the kind's placeholders."""

    start: int
    end: int
    edits: Optional[Tuple[Edit, ...]] = None
    values: Optional[Dict[str, str]] = None


@runtime_checkable
class Checker(Protocol):
    """A compiled rule: it must pickle (worker processes and Dask get a copy),
    and its matches must depend only on the document's text and the rule."""

    def check(self, document: Document) -> Iterator[Match]: ...


@runtime_checkable
class Kind(Protocol):
    """What a kind module defines (see docs/adding-a-kind.md)."""

    KEYS: AbstractSet[str]        # rule keys it accepts besides ruleset.COMMON_KEYS
    FIX: Optional[str]            # the fix it can offer, in words, or None
    PLACEHOLDERS: Tuple[str, ...]  # message placeholders it fills besides {match}

    def compile(self, table: dict, path: str, classes: WordClasses) -> Checker: ...


def check_kind(name: str, module: object) -> None:
    """Raise TypeError naming what `module` lacks to be kind `name`."""
    missing = [member for member in ("KEYS", "FIX", "PLACEHOLDERS", "compile") if not hasattr(module, member)]
    if missing:
        raise TypeError(f"rule kind '{name}' ({getattr(module, '__name__', module)}) lacks {', '.join(missing)}")
    if not isinstance(module.KEYS, AbstractSet) or not all(isinstance(key, str) for key in module.KEYS):
        raise TypeError(f"rule kind '{name}': KEYS must be a set of key names")
    if module.FIX is not None and not isinstance(module.FIX, str):
        raise TypeError(f"rule kind '{name}': FIX must be a string or None")
    if not isinstance(module.PLACEHOLDERS, tuple) or not all(isinstance(p, str) for p in module.PLACEHOLDERS):
        raise TypeError(f"rule kind '{name}': PLACEHOLDERS must be a tuple of names")
    if not callable(module.compile):
        raise TypeError(f"rule kind '{name}': compile must be a function")
