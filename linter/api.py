"""The entry point front ends share: rules for a path, and checking a text.

The CLI and the language server both call `check_text`, so that they find
exactly the same problems in the same text with the same configuration.
Loaded rule packs are cached and reloaded when a rule file changes, so a
long-running server picks up edited rules without a restart.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Tuple

from textlint.engine import Report, lint
from textlint.ruleset import RuleSet, builtin_rules_path, load_rules, rule_files


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line or by an editor; they win over configuration files."""

    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    extend_select: Tuple[str, ...] = ()
    rules: Tuple[str, ...] = ()


_cache: Dict[Tuple, Tuple[Tuple, RuleSet]] = {}
_lock = threading.Lock()


def _stamp(paths: Sequence[str]) -> Tuple:
    """A fingerprint of the rule files under `paths`: their names, sizes and mtimes."""
    stamp = []
    for path in paths:
        try:
            for name in rule_files(path):
                info = os.stat(name)
                stamp.append((name, info.st_mtime_ns, info.st_size))
        except Exception:
            stamp.append((path, None, None))
    return tuple(stamp)


def load_rules_cached(paths: Sequence[str] = ()) -> RuleSet:
    """`load_rules(paths)`, reloaded only when one of the rule files changed."""
    key = tuple(paths)
    stamp = _stamp([builtin_rules_path(), *paths])
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    rules = load_rules(paths)
    with _lock:
        _cache[key] = (stamp, rules)
    return rules


def rules_for(path: Optional[str], overrides: Overrides = Overrides()) -> RuleSet:
    """The rules in force for the file at `path` (None: no file, e.g. stdin)."""
    rules = load_rules_cached(overrides.rules)
    select = list(overrides.select) or None
    if select is not None and overrides.extend_select:
        select = select + list(overrides.extend_select)
    return rules.selected(select, overrides.ignore)


def check_text(text: str, path: Optional[str] = None, overrides: Overrides = Overrides()) -> Report:
    """Lint `text` as the file at `path` with the rules in force there."""
    return lint(text, rules_for(path, overrides))
