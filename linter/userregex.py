"""Regular expressions from rule files, run under a time budget.

A rule author's expression can backtrack for minutes on one unlucky line
(`(a|aa)+c` over forty a's). Every expression a rule file supplies (a
pattern's `pattern` and `exceptions`, a sequence element's `regex`) is a
`UserRegex`, and every call passes the `regex` module a `timeout=`: what is
left of the budget of the rule now running (`rule_budget`, set by the engine
around each rule), so that a rule that calls an expression once per token
cannot add its calls up to an hour either. Past the budget the call raises
`TimeoutError`, which the engine reports as the rule having timed out.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional

import regex

# Per rule and document: generous for a sane expression on a large document,
# short enough that a runaway one costs seconds, not the run.
BASE_SECONDS = 2.0
SECONDS_PER_MILLION_CHARACTERS = 2.0

_state = threading.local()  # each lint thread of the language server has its own budget


def budget_for(length: int) -> float:
    return BASE_SECONDS + SECONDS_PER_MILLION_CHARACTERS * length / 1_000_000


@contextmanager
def rule_budget(seconds: float) -> Iterator[None]:
    """Let the user expressions called in this block run `seconds` in all."""
    previous = getattr(_state, "deadline", None)
    _state.deadline = time.monotonic() + seconds
    try:
        yield
    finally:
        _state.deadline = previous


def _left() -> float:
    deadline: Optional[float] = getattr(_state, "deadline", None)
    if deadline is None:
        return BASE_SECONDS
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("regular expression time limit exceeded")
    return left


class UserRegex:
    """A compiled expression whose every call is bounded in time."""

    __slots__ = ("compiled",)

    def __init__(self, source: str, flags: int = 0) -> None:
        self.compiled = regex.compile(source, flags)  # raises regex.error for a bad expression

    @property
    def groupindex(self):
        return self.compiled.groupindex

    @property
    def groups(self) -> int:
        return self.compiled.groups

    def fullmatch(self, text: str):
        return self.compiled.fullmatch(text, timeout=_left())

    def search(self, text: str):
        return self.compiled.search(text, timeout=_left())

    def finditer(self, text: str):
        # `regex` applies the timeout to each step of the iteration: check the
        # budget between steps too, so that many slow steps cannot add up.
        for found in self.compiled.finditer(text, timeout=_left()):
            yield found
            _left()
