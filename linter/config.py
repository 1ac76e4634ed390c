"""Project configuration: `textlint.toml`, or `[tool.textlint]` in `pyproject.toml`.

The configuration in force for a file is the first one found from the
file's folder upward (in each folder `textlint.toml` wins over a
`pyproject.toml`, and a `pyproject.toml` without `[tool.textlint]` is passed
over). `--config PATH` names one for every file, `--isolated` ignores them
all. Keys (in `textlint.toml` at the top level, without a `tool` table):

    select = ["duplicated-token", "trailing-junk"]   # rule ids or prefixes (default: all)
    extend-select = ["entity-in-verb-position/after-modal"]
    ignore = ["entity-in-verb-position/capitalised-determiner"]
    rules = ["style/rules"]            # extra rule packs, relative to this file
    include = ["*.txt", "*.md"]        # files found in folders (default: *.txt, *.md)
    exclude = ["drafts/*"]             # never linted, even when named (pre-commit names files)
    baseline = "textlint-baseline.json"  # accepted findings, relative to this file

    [per-file-ignores]                 # glob (relative to this file) -> rule prefixes
    "transcripts/*.txt" = ["entity-in-verb-position"]

    [rule."trailing-junk/fragment-lines"]   # per-rule settings: severity and the kind's keys
    severity = "warning"
    max-lines = 4

Command-line flags win over the configuration: `--select` replaces the
configuration's selection, `--ignore` and `--extend-select` add to it.
Unknown keys and bad values are a `ConfigError` naming the file, the key and
(where it can be found) the line.
"""

from __future__ import annotations

import fnmatch
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from textlint.diagnostics import SEVERITIES
from textlint.errors import ConfigError
from textlint.tomlload import key_line
from textlint.tomlload import load_toml

CONFIG_NAMES = ("textlint.toml", "pyproject.toml")
LIST_KEYS = ("select", "ignore", "extend-select", "rules", "include", "exclude")
KEYS = frozenset(LIST_KEYS + ("per-file-ignores", "rule", "baseline"))
DEFAULT_INCLUDE = ("*.txt", "*.md")


@dataclass
class Config:
    """One configuration file, validated; paths in it are made absolute."""

    path: Optional[str] = None                   # None: no configuration file (the defaults)
    root: str = field(default_factory=os.getcwd)  # the folder globs are relative to
    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    rules: Tuple[str, ...] = ()
    include: Tuple[str, ...] = DEFAULT_INCLUDE
    exclude: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    rule_settings: Dict[str, dict] = field(default_factory=dict)
    baseline: Optional[str] = None
    shown: Optional[str] = None                  # the path as error messages show it

    @property
    def section(self) -> str:
        return "tool.textlint" if self.path and os.path.basename(self.path) == "pyproject.toml" else ""

    def relative(self, path: str) -> str:
        """`path` relative to the configuration's folder, with `/` separators."""
        try:
            rel = os.path.relpath(os.path.abspath(path), self.root)
        except ValueError:  # another drive on Windows
            rel = os.path.abspath(path)
        return rel.replace(os.sep, "/")

    def is_included(self, path: str) -> bool:
        return glob_match(self.relative(path), self.include)

    def is_excluded(self, path: str) -> bool:
        return glob_match(self.relative(path), self.exclude)

    def ignores_for(self, path: Optional[str]) -> Tuple[str, ...]:
        """The rule prefixes `per-file-ignores` turns off for `path`."""
        if not path or not self.per_file_ignores:
            return ()
        rel = self.relative(path)
        found: List[str] = []
        for pattern, prefixes in self.per_file_ignores:
            if glob_match(rel, [pattern]):
                found.extend(prefixes)
        return tuple(found)

    def line(self, *keys: str) -> Optional[int]:
        return key_line(self.path, self.section, *keys) if self.path else None


def _quote(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() else f'"{key}"'


def glob_match(relative: str, patterns: Sequence[str]) -> bool:
    """Does a `/`-separated relative path match a glob? A pattern without `/` matches the
    file name in any folder; `dir/` or `dir` matches everything under that folder; `**/`
    matches any number of folders."""
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.replace("\\", "/").lstrip("./") if pattern.startswith("./") else pattern.replace("\\", "/")
        if pattern.endswith("/"):
            pattern += "*"
        if "/" not in pattern:
            if fnmatch.fnmatchcase(name, pattern) or any(
                fnmatch.fnmatchcase(part, pattern) for part in relative.split("/")[:-1]
            ):
                return True
            continue
        candidates = {pattern, pattern.replace("**/", "")}
        if pattern.startswith("**/"):
            candidates.add("*/" + pattern[3:])
        if any(fnmatch.fnmatchcase(relative, c) or fnmatch.fnmatchcase(relative, c.rstrip("/") + "/*") for c in candidates):
            return True
    return False


# -- finding and loading ------------------------------------------------------------

_cache: Dict[str, Tuple[Tuple, Optional[Config]]] = {}
_lock = threading.Lock()


def display_path(path: str) -> str:
    """`path` relative to the working directory when it lies below it, else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def _stamp(path: str) -> Optional[Tuple[int, int]]:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


_found: Dict[str, Tuple[float, Optional[str]]] = {}
# Seconds a folder's answer is reused. 0 for a long-running server (a configuration
# file created a moment ago counts at once); a one-shot CLI run raises it.
FIND_INTERVAL = 0.0


def find_config(path: Optional[str]) -> Optional[str]:
    """The configuration file for the file (or folder) at `path`: the first found upward."""
    start = os.path.abspath(path) if path and path != "-" else os.getcwd()
    folder = start if os.path.isdir(start) else os.path.dirname(start)
    now = time.monotonic()
    with _lock:
        cached = _found.get(folder)
    if cached is not None and now - cached[0] < FIND_INTERVAL:  # never true with 0
        return cached[1]
    found = _find_upward(folder)
    with _lock:
        if len(_found) > 4096:
            _found.clear()
        _found[folder] = (now, found)
    return found


def _find_upward(folder: str) -> Optional[str]:
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and load_config(candidate) is not None:
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_config(path: str) -> Optional[Config]:
    """The configuration in `path`, cached until the file changes; None for a
    `pyproject.toml` without `[tool.textlint]`."""
    path = os.path.abspath(path)
    stamp = _stamp(path)
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp and stamp is not None:
            return cached[1]
    shown = display_path(path)
    if stamp is None:
        raise ConfigError("configuration file not found", shown)
    table = load_toml(shown, ConfigError)
    if os.path.basename(path) == "pyproject.toml":
        tool = table.get("tool", {})
        table = tool.get("textlint") if isinstance(tool, dict) else None
        if table is None:
            config = None
        elif not isinstance(table, dict):
            raise ConfigError("'tool.textlint' must be a table", shown, key_line(path, "tool", "textlint"))
        else:
            config = parse_config(table, path)
    else:
        config = parse_config(table, path)
    with _lock:
        _cache[path] = (stamp, config)
    return config


def parse_config(table: dict, path: str) -> Config:
    """Validate a configuration table (keys as in `textlint.toml`) read from `path`."""
    path = os.path.abspath(path)
    shown = display_path(path)
    config = Config(path=path, root=os.path.dirname(path), shown=shown)
    section = config.section

    def fail(message: str, *keys: str) -> ConfigError:
        name = ".".join(_quote(k) for k in keys)
        return ConfigError(f"'{name}': {message}", shown, key_line(path, section, *keys))

    for key in table:
        if key not in KEYS:
            close = [k for k in sorted(KEYS) if k.replace("-", "_") == key.replace("-", "_")]
            hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of {', '.join(sorted(KEYS))})"
            raise ConfigError(f"unknown key '{key}'{hint}", shown, key_line(path, section, key))

    def strings(key: str, value) -> Tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail("must be a list of strings", key)
        return tuple(v.strip() for v in value)

    for key in LIST_KEYS:
        if key in table:
            value = strings(key, table[key])
            if key == "rules":
                value = tuple(os.path.normpath(os.path.join(config.root, v)) for v in value)
                for rule_path in value:
                    if not os.path.exists(rule_path):
                        raise fail(f"rule path not found: {rule_path}", key)
            setattr(config, key.replace("-", "_"), value)
    if "baseline" in table:
        value = table["baseline"]
        if not isinstance(value, str) or not value.strip():
            raise fail("must be a path (a string)", "baseline")
        config.baseline = os.path.normpath(os.path.join(config.root, value))
    ignores = table.get("per-file-ignores", {})
    if not isinstance(ignores, dict):
        raise fail("must be a table of glob = [rule prefixes]", "per-file-ignores")
    config.per_file_ignores = tuple((glob, strings_in(glob, value, fail)) for glob, value in ignores.items())
    settings = table.get("rule", {})
    if not isinstance(settings, dict) or not all(isinstance(v, dict) for v in settings.values()):
        raise fail("must be a table of rule id -> table of settings", "rule")
    for rule_id, values in settings.items():
        if "severity" in values and values["severity"] not in SEVERITIES:
            raise fail(f"must be one of {', '.join(SEVERITIES)}", "rule", rule_id, "severity")
    config.rule_settings = {k: dict(v) for k, v in settings.items()}
    return config


def strings_in(glob: str, value, fail) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail("must be a list of rule ids or prefixes", "per-file-ignores", glob)
    return tuple(v.strip() for v in value)


_defaults: Dict[str, Config] = {}


def _default_config() -> Config:
    """The defaults, one object per working folder: the rule selection of
    each file is cached by its configuration's identity, so a fresh object
    for every file without one would recompute it for each of them."""
    root = os.getcwd()
    config = _defaults.get(root)
    if config is None:
        config = _defaults[root] = Config(root=root)
    return config


def config_for(path: Optional[str], config_path: Optional[str] = None, isolated: bool = False) -> Config:
    """The configuration in force for the file at `path`."""
    if isolated:
        return _default_config()
    if config_path:
        if os.path.isdir(config_path):
            raise ConfigError("--config must name a file (textlint.toml or pyproject.toml), not a folder", config_path)
        if not os.path.isfile(config_path):
            raise ConfigError("--config: no such file", config_path)
        config = load_config(config_path)
        if config is None:
            raise ConfigError("--config: no [tool.textlint] table in this pyproject.toml", config_path)
        return config
    found = find_config(path)
    if found is None:
        return _default_config()
    return load_config(found)  # type: ignore[return-value]
