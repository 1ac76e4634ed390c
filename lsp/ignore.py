"""The "ignore this rule for this file" action, through the switches the CLI honours.

- Markdown files: a `<!-- textlint-disable RULE -->` comment at the top
  (`textlint.suppression.disable_comment_edit`);
- other files: RULE added to `per-file-ignores` for the file in the
  configuration in force for it (`textlint.config.find_config`), or in a new
  `textlint.toml` next to the file (`textlint.tomledit.add_per_file_ignore`),
  written atomically (`write_config_edit`).

The server only turns these edits into LSP edits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from textlint import config as _config
from textlint import suppression, tomledit
from textlint.diagnostics import Edit
from textlint.errors import TextlintError

CONFIG_NAME = "textlint.toml"


def disable_comment_edit(text: str, rule: str) -> Edit:
    return suppression.disable_comment_edit(text, rule)


def uses_comments(path: Optional[str]) -> bool:
    """Whether disable comments work in the file at `path` (the CLI's test: a Markdown suffix)."""
    return suppression.is_markdown(path)


@dataclass
class ConfigEdit:
    path: str            # the configuration file to write
    create: bool         # whether it is new
    old: str             # its current content ("" when new)
    new: str             # its content with the rule ignored


def per_file_ignore_edit(file_path: str, rule: str, config_path: Optional[str] = None) -> Optional[ConfigEdit]:
    """How to ignore `rule` for `file_path`: the configuration file and its new content.

    None when it cannot be done safely (a broken configuration, an inline
    `per-file-ignores` table): the action is then not offered.
    """
    try:
        found = config_path or _config.find_config(file_path)
        if found is None:
            found = os.path.join(os.path.dirname(os.path.abspath(file_path)), CONFIG_NAME)
        create = not os.path.exists(found)
        root = os.path.dirname(os.path.abspath(found))
        glob = os.path.relpath(os.path.abspath(file_path), root).replace(os.sep, "/")
        old = ""
        if not create:
            with open(found, "rb") as handle:
                old = handle.read().decode("utf-8")
        new = tomledit.add_per_file_ignore(found, glob, rule)
    except (TextlintError, OSError, UnicodeDecodeError, ValueError):
        return None
    if new == old:
        return None
    return ConfigEdit(found, create, old, new)


def write_config_edit(change: ConfigEdit) -> None:
    """Write `change` to disk all at once (`files.write_atomic`): a reader sees the old
    configuration or the new one, and an existing file keeps its permission bits."""
    tomledit.write_config(change.path, change.new)
