"""Edit a textlint configuration in place: add a rule to `per-file-ignores` for a glob.

The rest of the file is kept as it is (comments, order, line endings, a BOM);
the result is parsed back before it is returned, and `write_config` replaces
the file atomically (`files.write_atomic`), so an editor or a running check
never reads half a configuration.
"""

from __future__ import annotations

import os
from typing import List, Optional, Sequence, Tuple

from textlint.tomlload import split_key
from textlint.errors import ConfigError
from textlint.files import write_atomic


def write_config(config_path: str, text: str) -> None:
    """Write the edited configuration `text` to `config_path` all at once."""
    write_atomic(config_path, text.encode("utf-8"))


def add_per_file_ignore(config_path: str, file_glob: str, rule_id: str) -> str:
    """The content of `config_path` with `rule_id` added to `per-file-ignores` for `file_glob`.

    The rest of the file is kept as it is (comments, order, line endings). A
    `pyproject.toml` gets `[tool.textlint.per-file-ignores]`, any other file a
    top-level `[per-file-ignores]` table. A file that does not exist yet is
    treated as empty: the caller writes the returned content. Nothing is
    written here.
    """
    try:
        with open(config_path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", config_path) from None
    pyproject = os.path.basename(config_path) == "pyproject.toml"
    prefix = ["tool", "textlint"] if pyproject else []
    current = _parse_text(text, config_path)
    existing = _dig(current, prefix + ["per-file-ignores"])
    if existing is not None and not isinstance(existing, dict):
        raise ConfigError("'per-file-ignores' must be a table", config_path)
    if existing and rule_id in (existing.get(file_glob) or []):
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = text.startswith("\ufeff")
    lines = text[1:].splitlines(keepends=False) if bom else text.splitlines(keepends=False)
    header = [*prefix, "per-file-ignores"]
    key = _toml_string(file_glob)
    start, end = _table_span(lines, header)
    if start is not None:
        # the table exists: rewrite the glob's list as one line, or add a line for the glob
        value = list((existing or {}).get(file_glob, []))
        for first in range(start + 1, end):
            if "=" in lines[first] and split_key(lines[first].split("=", 1)[0]) == [file_glob]:
                last = first
                while last + 1 < end and "]" not in lines[last].split("#", 1)[0]:
                    last += 1  # a multi-line array
                lines[first : last + 1] = [f"{key} = {_toml_list([*value, rule_id])}"]
                break
        else:
            index = end
            while index > start + 1 and not lines[index - 1].strip():
                index -= 1
            lines.insert(index, f"{key} = {_toml_list([rule_id])}")
        return _finish(lines, newline, bom, text, config_path, prefix, file_glob, rule_id)
    if existing is not None:
        raise ConfigError("'per-file-ignores' is written inline: add the entry by hand", config_path)
    block = [f"[{'.'.join(header)}]", f"{key} = {_toml_list([rule_id])}"]
    insert_at = len(lines)
    if pyproject:
        # after the last [tool.textlint...] table, if there is one
        owner = _last_table_end(lines, prefix)
        if owner is not None:
            insert_at = owner
    while insert_at > 0 and not lines[insert_at - 1].strip():
        insert_at -= 1
    if insert_at > 0:
        block = [""] + block
    if insert_at < len(lines) and lines[insert_at].strip():
        block = block + [""]
    lines[insert_at:insert_at] = block
    return _finish(lines, newline, bom, text, config_path, prefix, file_glob, rule_id)


def _parse_text(text: str, path: str) -> dict:
    from textlint.tomlload import tomllib

    try:
        return tomllib.loads(text.lstrip("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None


def _dig(table: dict, keys: Sequence[str]):
    for key in keys:
        if not isinstance(table, dict) or key not in table:
            return None
        table = table[key]
    return table


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def _header(line: str) -> Optional[List[str]]:
    stripped = line.strip()
    if stripped.startswith("[") and not stripped.startswith("[["):
        return split_key(stripped[1:].split("]", 1)[0])
    if stripped.startswith("[["):
        return split_key(stripped[2:].split("]]", 1)[0]) + ["[]"]
    return None


def _table_end(lines: List[str], index: int) -> int:
    """The index after the last line of the table whose header is at `index`."""
    end = index + 1
    while end < len(lines) and _header(lines[end]) is None:
        end += 1
    return end


def _table_span(lines: List[str], header: List[str]) -> Tuple[Optional[int], int]:
    """(header line index, index after the table's last line) of table `header`, or (None, 0)."""
    for index, line in enumerate(lines):
        if _header(line) == header:
            return index, _table_end(lines, index)
    return None, 0


def _last_table_end(lines: List[str], prefix: List[str]) -> Optional[int]:
    """The index after the last table under `prefix` (`[tool.textlint...]`), or None."""
    found = None
    for index, line in enumerate(lines):
        header = _header(line)
        if header is not None and header[: len(prefix)] == prefix:
            found = _table_end(lines, index)
    return found


def _finish(lines, newline, bom, original, path, prefix, file_glob, rule_id) -> str:
    text = newline.join(lines)
    if original.endswith(("\n", "\r")) or not original:
        text += newline
    if bom:
        text = "\ufeff" + text
    parsed = _dig(_parse_text(text, path), [*prefix, "per-file-ignores", file_glob])
    if not isinstance(parsed, list) or rule_id not in parsed:
        raise ConfigError("could not add the per-file ignore: edit the file by hand", path)
    return text
