"""Read TOML with `tomllib` (3.11+) or `tomli`, turning syntax errors into one-line errors."""

from __future__ import annotations

import re
import sys
from typing import Any, Dict, Optional, Type

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


def line_of(path: str, key: str) -> Optional[int]:
    """The first line of `path` that assigns `key` or opens table `key`, for error
    messages; a dotted `key` ("classes.name") matches a table header or a dotted key."""
    dotted = r"\s*\.\s*".join(rf"[\"']?{re.escape(part)}[\"']?" for part in key.split("."))
    pattern = re.compile(rf"^\s*(?:\[+\s*)?{dotted}\s*(?:=|\]|\.)")
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if pattern.match(line):
                    return number
    except (OSError, UnicodeDecodeError):
        return None
    return None
