"""Editor settings (initializationOptions, workspace/didChangeConfiguration) to `Overrides`.

Accepted keys, in either the options object itself or under a `textlint` key (or
`textlintCoref`, the VS Code extension's section, apart from npm textlint's `textlint.*`):

- `select`, `ignore`, `extendSelect` (or `extend-select`): rule ids or prefixes
  (a list, or one comma-separated string);
- `rules`: extra rule files or folders (relative paths are taken from the
  workspace root);
- `config`: one configuration file for every document (like `--config`);
  `isolated`: true to ignore configuration files (like `--isolated`);
- `debounce`: milliseconds to wait after a change before linting (default 120).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

from textlint.api import Overrides

DEFAULT_DEBOUNCE_MS = 120
MAX_DEBOUNCE_MS = 5000


@dataclass(frozen=True)
class Settings:
    overrides: Overrides = Overrides()
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    problems: Tuple[str, ...] = field(default=(), compare=False)  # what could not be understood


def _strings(value: Any, name: str, problems: List[str]) -> Tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        problems.append(f"setting '{name}' must be a list of strings")
        return ()
    return tuple(part.strip() for v in value for part in v.split(",") if part.strip())


def parse_settings(options: Any, root: Optional[str] = None) -> Settings:
    """Settings from an editor's options object; anything malformed is reported, not fatal."""
    problems: List[str] = []
    if options is None:
        return Settings()
    if not isinstance(options, dict):
        return Settings(problems=("settings must be an object",))
    for section in ("textlint", "textlintCoref"):
        if isinstance(options.get(section), dict):
            options = options[section]
            break
    select = _strings(options.get("select"), "select", problems)
    ignore = _strings(options.get("ignore"), "ignore", problems)
    extend = _strings(options.get("extendSelect", options.get("extend-select")), "extendSelect", problems)
    def absolute(path: str) -> str:
        path = os.path.expanduser(path)
        if not os.path.isabs(path) and root:
            path = os.path.join(root, path)
        return os.path.normpath(path)

    rules = [absolute(path) for path in _strings(options.get("rules"), "rules", problems)]
    config = options.get("config")
    if config == "":  # an editor's empty text setting: none
        config = None
    if config is not None and (not isinstance(config, str) or not config.strip()):
        problems.append("setting 'config' must be a path")
        config = None
    isolated = options.get("isolated", False)
    if not isinstance(isolated, bool):
        problems.append("setting 'isolated' must be true or false")
        isolated = False
    debounce = options.get("debounce", DEFAULT_DEBOUNCE_MS)
    if isinstance(debounce, bool) or not isinstance(debounce, (int, float)) or debounce < 0:
        problems.append("setting 'debounce' must be a number of milliseconds")
        debounce = DEFAULT_DEBOUNCE_MS
    overrides = Overrides(
        select=select,
        ignore=ignore,
        extend_select=extend,
        rules=tuple(rules),
        config=absolute(config) if config else None,
        isolated=isolated,
    )
    return Settings(overrides, int(min(debounce, MAX_DEBOUNCE_MS)), tuple(problems))
