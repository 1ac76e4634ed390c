"""The "ignore this rule for this file" action: the same switches the CLI honours.

- Markdown: a `<!-- textlint-disable RULE -->` comment as the document's first
  line (after YAML front matter, which must stay first);
- other files: RULE added to `per-file-ignores` for the file in the nearest
  configuration file (`textlint.toml`, or a `pyproject.toml` with a
  `[tool.textlint]` table), or in a new `textlint.toml` next to the file.

The edits are plain text edits, checked by parsing the result; an edit that
would not parse, or not list the rule, is not offered.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple


try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore

CONFIG_NAME = "textlint.toml"


def disable_comment(rule: str) -> str:
    return f"<!-- textlint-disable {rule} -->"


def markdown_insert_offset(text: str) -> int:
    """Where the disable comment goes: offset 0, or after YAML front matter."""
    start = 1 if text.startswith("\ufeff") else 0
    match = re.match(r"---[ \t]*\r?\n(?:.*?\r?\n)?---[ \t]*(?:\r?\n|$)", text[start:], re.DOTALL)
    return start + match.end() if match else start


def find_config(path: str) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """The nearest configuration file above `path` and the table path of textlint's settings in it."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        candidate = os.path.join(folder, CONFIG_NAME)
        if os.path.isfile(candidate):
            return candidate, ()
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject):
            try:
                with open(pyproject, "rb") as handle:
                    if isinstance(tomllib.load(handle).get("tool", {}).get("textlint"), dict):
                        return pyproject, ("tool", "textlint")
            except (OSError, tomllib.TOMLDecodeError):
                pass
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _quote(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _listed(content: str, table: Tuple[str, ...], key: str, rule: str) -> Optional[bool]:
    """Whether `rule` is in per-file-ignores[key] (None: the TOML does not parse)."""
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError:
        return None
    for part in table + ("per-file-ignores",):
        data = data.get(part) if isinstance(data, dict) else None
    value = data.get(key) if isinstance(data, dict) else None
    return isinstance(value, list) and rule in value


def add_per_file_ignore(content: str, table: Tuple[str, ...], key: str, rule: str, newline: str = "\n") -> Optional[str]:
    """`content` with `rule` added to per-file-ignores[key], or None when no safe text edit exists."""
    state = _listed(content, table, key, rule)
    if state is None or state:
        return None
    header = ".".join(table + ("per-file-ignores",))
    entry = f"{_quote(key)} = [{_quote(rule)}]"
    lines = content.splitlines(keepends=True)
    header_re = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(p) for p in header.split(".")) + r"\s*\]\s*(#.*)?$")
    candidates: List[str] = []
    for number, line in enumerate(lines):
        if not header_re.match(line.rstrip("\r\n")):
            continue
        end = number + 1
        while end < len(lines) and not re.match(r"^\s*\[", lines[end]):
            end += 1
        key_re = re.compile(r"^(\s*(?:" + "|".join(re.escape(k) for k in (_quote(key), f"'{key}'", key)) + r")\s*=\s*\[)(.*)\](\s*(?:#.*)?)$")
        for inner in range(number + 1, end):
            body = lines[inner].rstrip("\r\n")
            match = key_re.match(body)
            if match:
                items = match.group(2).rstrip().rstrip(",")
                items = f"{items}, {_quote(rule)}" if items.strip() else _quote(rule)
                rewritten = f"{match.group(1)}{items}]{match.group(3)}" + lines[inner][len(body):]
                candidates.append("".join(lines[:inner] + [rewritten] + lines[inner + 1 :]))
        line_end = lines[number][len(lines[number].rstrip("\r\n")):] or newline
        if not lines[number].endswith(("\n", "\r")):
            lines_copy = lines[:number] + [lines[number] + newline]
        else:
            lines_copy = lines[: number + 1]
        candidates.append("".join(lines_copy + [entry + line_end] + lines[number + 1 :]))
        break
    else:
        tail = content
        if tail and not tail.endswith(("\n", "\r")):
            tail += newline
        candidates.append(tail + (newline if tail else "") + f"[{header}]{newline}{entry}{newline}")
    for candidate in candidates:
        if _listed(candidate, table, key, rule):
            return candidate
    return None


@dataclass
class ConfigEdit:
    path: str            # the configuration file to write
    create: bool         # whether it is new
    old: str             # its current content ("" when new)
    new: str             # its content with the rule ignored


def per_file_ignore_edit(
    file_path: str, rule: str, read: Callable[[str], Optional[str]]
) -> Optional[ConfigEdit]:
    """How to ignore `rule` for `file_path` in the nearest configuration (read through `read`)."""
    found = find_config(file_path)
    if found is None:
        config, table, create = os.path.join(os.path.dirname(os.path.abspath(file_path)), CONFIG_NAME), (), True
        content = ""
    else:
        (config, table), create = found, False
        content = read(config)
        if content is None:
            return None
    key = os.path.relpath(os.path.abspath(file_path), os.path.dirname(config)).replace(os.sep, "/")
    newline = "\r\n" if "\r\n" in content else "\n"
    new = add_per_file_ignore(content, table, key, rule, newline)
    if new is None:
        return None
    return ConfigEdit(config, create, content, new)
