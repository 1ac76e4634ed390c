"""Validation helpers shared by the rule kinds: every bad value names its key and line."""

from __future__ import annotations

from typing import Any, List, Optional

from textlint.errors import RuleError
from textlint.tomlload import key_line
from textlint.wordclasses import WordClasses, class_of


class Options:
    """Typed access to one rule table, raising RuleError at the offending key."""

    def __init__(
        self, table: dict, path: str, rule_id: str, where: str = "", at: Optional[str] = None, index: Optional[int] = None
    ) -> None:
        self.table = table
        self.path = path
        self.rule_id = rule_id
        self.where = where  # for a nested table: where it stands ("pattern[2]")
        self.at = at        # for a nested table: the rule key whose line errors point at
        self.index = index  # ... and its element in that key's array, if it is one

    def nested(self, table: dict, where: str, at: str, index: Optional[int] = None) -> "Options":
        """Options for a table inside the rule (a `sequence` element): errors
        say `where` it stands and point at the line of the rule key `at`
        (of element `index` of its array, when given)."""
        return Options(table, self.path, self.rule_id, where, at, index)

    def fail(self, key: str, message: str) -> RuleError:
        prefix = f"{self.where}: " if self.where else ""
        if self.at is None:
            line = key_line(self.path, "", key)
        else:
            line = key_line(self.path, "", self.at, *(() if self.index is None else (self.index,)))
        return RuleError(f"rule '{self.rule_id}': {prefix}{message}", self.path, line)

    def get(self, key: str, kind: type, default: Any = None, required: bool = False, minimum: Optional[int] = None) -> Any:
        if key not in self.table:
            if required:
                raise self.fail("kind", f"missing required key '{key}'")
            return default
        value = self.table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"'{key}' must be {_kind_name(kind)}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"'{key}' must be at least {minimum}")
        return value

    def string_list(self, key: str, default: Optional[List[str]] = None) -> List[str]:
        value = self.table.get(key, default if default is not None else [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"'{key}' must be a list of strings")
        return value

    def classes(self, key: str, classes: WordClasses, value: Any = None) -> List[str]:
        raw = self.table.get(key) if value is None else value
        if raw is None:
            return []
        names = class_of(raw)
        if names is None:
            raise self.fail(key, f"'{key}' must be a class name or a list of class names")
        for name in names:
            if name not in classes:
                raise self.fail(key, f"unknown word class '{name}'")
        return names


def _kind_name(kind: type) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false", list: "a list", dict: "a table"}.get(kind, kind.__name__)
