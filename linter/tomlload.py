"""Read TOML with `tomllib` (3.11+) or `tomli`, turning syntax errors into one-line errors."""

from __future__ import annotations

import re
import sys
from typing import Any, Dict, List, Optional, Tuple, Type, Union

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

from textlint.errors import TextlintError
from textlint.files import read_regular

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def load_toml(path: str, error: Type[TextlintError] = TextlintError) -> Dict[str, Any]:
    try:
        raw = read_regular(path)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error("not UTF-8 text", path) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT_LINE.search(message)
        line: Optional[int] = int(found.group(1)) if found else None
        message = _AT_LINE.sub("", message).strip()
        raise error(f"invalid TOML: {message}", path, line) from None
    except RecursionError:  # the parser recurses once per nested array or table
        raise error("invalid TOML: arrays or tables nested too deeply", path) from None


def split_key(raw: str) -> List[str]:
    """`tool.textlint.rule."a/b"` -> ['tool', 'textlint', 'rule', 'a/b']."""
    parts, current, quote = [], "", None
    for ch in raw.strip():
        if quote:
            if ch == quote:
                quote = None
            else:
                current += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return parts


def key_line(path: Optional[str], section: str, *keys: Union[str, int]) -> Optional[int]:
    """The line of `path` that defines `section.keys` (as a key or as a table header),
    for error messages; the one locator for configurations and rule files alike.

    `section` is a dotted table name ("tool.textlint", "" for the top level). A
    key missing from the file gives the line of its nearest enclosing key. An int
    key after a key names an element of that key's array (`"pattern", 3`: the line
    on which `pattern[3]` starts, in an inline array or the fourth `[[pattern]]`).
    """
    if not path:
        return None
    names = [key for key in keys if isinstance(key, str)]
    index = keys[len(names)] if len(names) < len(keys) else None
    target = (split_key(section) if section else []) + names
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    best: Optional[Tuple[int, int]] = None  # (matched length, line)
    table: List[str] = []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inner = stripped.strip("[]").split("#")[0]
            table = split_key(inner)
            full = table
        elif "=" in stripped and not stripped.startswith("#"):
            full = table + split_key(stripped.split("=", 1)[0])
        else:
            continue
        length = 0
        for a, b in zip(full, target):
            if a != b:
                break
            length += 1
        if length > len(split_key(section) if section else []) or (not keys and length == len(target)):
            if best is None or length > best[0]:
                best = (length, number)
                if length == len(target):
                    break
    if best is None:
        return None
    if index is not None and best[0] == len(target):
        return _element_line(lines, best[1], index) or best[1]
    return best[1]


def _element_line(lines: List[str], number: int, index: int) -> Optional[int]:
    """The line on which element `index` of the array that line `number` opens starts:
    the array after its `=`, or the index-th repeat of its `[[header]]`."""
    first = lines[number - 1].strip()
    if first.startswith("[["):
        repeats = [n for n, line in enumerate(lines, 1) if line.strip().split("#")[0].strip() == first.split("#")[0].strip()]
        return repeats[index] if index < len(repeats) else None
    depth, element, quote, started = 0, -1, "", False
    for at in range(number - 1, len(lines)):
        line = lines[at]
        column = line.index("=") + 1 if at == number - 1 else 0
        while column < len(line):
            ch = line[column]
            if quote:
                if ch == "\\" and quote == '"':
                    column += 1
                elif ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif depth == 1 and ch not in " \t,]" and not started:
                element += 1  # the first character of the next element
                started = True
                if element == index:
                    return at + 1
            if not quote:
                if ch in "[{":
                    depth += 1
                elif ch in "]}":
                    depth -= 1
                    if depth == 0:
                        return None
                elif ch == "," and depth == 1:
                    started = False
            column += 1
    return None
