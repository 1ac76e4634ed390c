"""Errors a user can act on: each renders as one line naming the file (and line)."""

from __future__ import annotations

from typing import Optional


class TextlintError(Exception):
    """A configuration, rule or input problem; the CLI prints it and exits 2."""

    def __init__(self, message: str, path: Optional[str] = None, line: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class RuleError(TextlintError):
    """A rule or word-class file that cannot be loaded."""


class ConfigError(TextlintError):
    """A configuration file with an unknown key or a bad value."""
