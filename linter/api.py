"""The entry point front ends share: rules for a path, and checking a text.

The CLI and the language server both call `check_text`, so that they find
exactly the same problems in the same text with the same configuration:
the configuration file found for the path (`textlint.config`), then the
engine, then the suppressions (`<!-- textlint-disable -->` comments in
Markdown, `textlint.suppression`; the baseline of accepted findings,
`textlint.baseline`). Loaded rule packs, configurations and baselines are
cached and reloaded when their files change, so a long-running server picks
up edited rules and settings without a restart.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Sequence, Tuple

from textlint.config import Config, config_for
from textlint.engine import Report, lint
from textlint.errors import ConfigError, RuleError, TextlintError
from textlint.ruleset import RuleSet, builtin_rules_path, compile_rule, known_prefix, load_rules, prefix_length, rule_files


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line or by an editor; they win over configuration files.

    `select` replaces the configuration's selection; `ignore`, `extend_select`
    and `rules` add to it. `config` names the configuration file for every
    path; `isolated` ignores configuration files. `baseline` names a baseline
    file (instead of the configuration's); `use_baseline=False` reports the
    findings a baseline accepts. All fields are plain data: an `Overrides`
    is what worker processes get to rebuild the rules.
    """

    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    extend_select: Tuple[str, ...] = ()
    rules: Tuple[str, ...] = ()
    config: Optional[str] = None
    isolated: bool = False
    builtin: bool = True
    baseline: Optional[str] = None
    use_baseline: bool = True


# -- rule packs ----------------------------------------------------------------------

_cache: Dict[Tuple, Tuple[Tuple, RuleSet]] = {}
_checked: Dict[Tuple, float] = {}
_lock = threading.Lock()
# Seconds between checks of the rule files of one pack: 0 (every call) for a
# long-running server, raised by a one-shot CLI run.
STAMP_INTERVAL = 0.0


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


def load_rules_cached(paths: Sequence[str] = (), builtin: bool = True) -> RuleSet:
    """`load_rules(paths)`, reloaded only when one of the rule files changed."""
    key = (tuple(paths), builtin)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached is not None and now - _checked.get(key, 0) < STAMP_INTERVAL:
            return cached[1]
    stamp = _stamp(([builtin_rules_path()] if builtin else []) + list(paths))
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            _checked[key] = now
            return cached[1]
    rules = load_rules(paths, builtin=builtin)
    with _lock:
        _cache[key] = (stamp, rules)
        _checked[key] = now
    return rules


_packs: Dict[Tuple, Tuple[RuleSet, Config, RuleSet]] = {}


def _pack(config: Config, overrides: Overrides) -> RuleSet:
    """Every rule available under `config` (its rule packs, the overrides' packs), with its
    per-rule settings applied."""
    paths = (*config.rules, *overrides.rules)
    base = load_rules_cached(paths, overrides.builtin)  # a bad rule file is its own error
    key = (config.path, paths, overrides.builtin)
    with _lock:
        cached = _packs.get(key)
        if cached is not None and cached[0] is base and cached[1] is config:
            return cached[2]
    pack = _apply_settings(base, config)
    with _lock:
        _packs[key] = (base, config, pack)
    return pack


def _apply_settings(base: RuleSet, config: Config) -> RuleSet:
    if not config.rule_settings:
        return base
    from textlint.kinds import kind_modules

    by_id = base.by_id()
    modules = kind_modules()
    rules = []
    for rule_id, settings in config.rule_settings.items():
        if rule_id not in by_id:
            raise ConfigError(f"'rule.\"{rule_id}\"': no such rule (see `textlint rules`)", config.shown, config.line("rule", rule_id))
        rule = by_id[rule_id]
        allowed = {"severity", "corroboration"} | set(modules[rule.kind].KEYS)
        for key in settings:
            if key not in allowed:
                raise ConfigError(
                    f"'rule.\"{rule_id}\".{key}': not a setting of this rule (expected one of {', '.join(sorted(allowed))})",
                    config.shown, config.line("rule", rule_id, key),
                )
    for rule in base.rules:
        settings = config.rule_settings.get(rule.id)
        if settings and any(rule.table.get(k) != v for k, v in settings.items()):
            try:
                rule = compile_rule({**rule.table, **settings}, rule.path, base.classes)
            except RuleError as exc:
                named = [k for k in settings if f"'{k}'" in exc.message]
                raise ConfigError(
                    f"'rule.\"{rule.id}\"': {exc.message}", config.shown, config.line("rule", rule.id, *named[:1])
                ) from None
        rules.append(rule)
    return RuleSet(rules, base.classes)


# -- selection -----------------------------------------------------------------------

def _layer(pack: RuleSet, chosen: set, select, extend: Sequence[str], ignore: Sequence[str]) -> set:
    """Apply one layer of selection (configuration, then command line): `select` starts over,
    `extend` adds, `ignore` removes; between a selecting and an ignoring prefix the longer wins."""
    kept = set()
    for rule in pack.rules:
        if select is not None:
            picked = prefix_length(rule.id, [*select, *extend])
        else:
            picked = max(prefix_length(rule.id, extend), 0 if rule.id in chosen else -1)
        ignored = prefix_length(rule.id, ignore)
        if picked >= 0 and (ignored < 0 or ignored < picked):
            kept.add(rule.id)
    return kept


def _check_known(pack: RuleSet, prefixes: Iterable[str], fail) -> None:
    for prefix in prefixes:
        if not known_prefix(prefix, pack.rules):
            raise fail(prefix)


def narrow(rules: RuleSet, select: Sequence[str] = (), ignore: Sequence[str] = (), fail=None) -> RuleSet:
    """`rules` narrowed by one more layer of selection, as `--select`/`--ignore` narrow the
    configuration's: `select` (if any) starts over among `rules`, `ignore` removes; the
    longer prefix wins. A prefix that matches no rule raises `fail(prefix)`."""
    _check_known(rules, (*select, *ignore), fail or (lambda p: TextlintError(
        f"--select/--ignore: no rule matches '{p}' (see `textlint rules`)")))
    chosen = _layer(rules, {r.id for r in rules.rules}, list(select) or None, (), ignore)
    return rules.subset(lambda r: r.id in chosen)


_selections: Dict[Tuple, Tuple[RuleSet, Config, RuleSet]] = {}


def rules_for(path: Optional[str], overrides: Overrides = Overrides()) -> RuleSet:
    """The rules `textlint check` runs on the file at `path` (None: no file, e.g. stdin):
    the configuration's rule packs and selection, then the overrides'. Every front end
    (check, rules, explain, the server, the library) asks this one function."""
    return _resolve(path, overrides)[0]


def available_rules(path: Optional[str], overrides: Overrides = Overrides()) -> RuleSet:
    """Every rule the selection for `path` chooses from: the built-in pack (unless
    `overrides.builtin` is false), the configuration's and the overrides' rule packs,
    with the configuration's per-rule settings applied."""
    return _pack(config_of(path, overrides), overrides)


def config_of(path: Optional[str], overrides: Overrides = Overrides()) -> Config:
    """The configuration in force for the file at `path`."""
    return config_for(path, overrides.config, overrides.isolated)


def _resolve(path: Optional[str], overrides: Overrides) -> Tuple[RuleSet, Config]:
    config = config_of(path, overrides)
    pack = _pack(config, overrides)
    file_ignores = config.ignores_for(path)
    key = (config.path, overrides, file_ignores)
    with _lock:
        cached = _selections.get(key)
    if cached is not None and cached[0] is pack and cached[1] is config:
        return cached[2], config
    if config.path:
        for name in ("select", "extend-select", "ignore"):
            values = getattr(config, name.replace("-", "_")) or ()
            _check_known(pack, values, lambda p, n=name: ConfigError(
                f"'{n}': no rule matches '{p}' (see `textlint rules`)", config.shown, config.line(n)))
        for glob, prefixes in config.per_file_ignores:
            _check_known(pack, prefixes, lambda p, g=glob: ConfigError(
                f"'per-file-ignores.\"{g}\"': no rule matches '{p}' (see `textlint rules`)",
                config.shown, config.line("per-file-ignores", g)))
    _check_known(pack, (*overrides.select, *overrides.ignore, *overrides.extend_select), lambda p: TextlintError(
        f"--select/--ignore: no rule matches '{p}' (see `textlint rules`)"))
    chosen = {r.id for r in pack.rules}
    chosen = _layer(pack, chosen, config.select, config.extend_select, config.ignore)
    chosen = _layer(pack, chosen, overrides.select or None, overrides.extend_select, overrides.ignore)
    if file_ignores:
        chosen = _layer(pack, chosen, None, (), file_ignores)
    rules = pack.subset(lambda r: r.id in chosen)
    with _lock:
        if len(_selections) > 512:
            _selections.clear()
        _selections[key] = (pack, config, rules)
    return rules, config


def baseline_path(path: Optional[str], overrides: Overrides = Overrides()) -> Optional[str]:
    """The baseline file for the file at `path`: `overrides.baseline`, else the configuration's."""
    return _baseline_of(config_of(path, overrides), overrides)


def _baseline_of(config: Config, overrides: Overrides) -> Optional[str]:
    return os.path.abspath(overrides.baseline) if overrides.baseline else config.baseline


def check_text(text: str, path: Optional[str] = None, overrides: Overrides = Overrides(), linter=None) -> Report:
    """Lint `text` as the file at `path` with the rules in force there, without the findings
    that a disable comment (Markdown) or the baseline accepts. A Markdown file's code, front
    matter, HTML and URLs are not linted (`textlint.markdown`).

    `linter` stands in for `engine.lint` with the same result: the language
    server passes an `incremental.IncrementalLinter`'s `lint` per document."""
    from textlint import suppression

    rules, config = _resolve(path, overrides)
    if suppression.is_markdown(path):
        # the rules see only the prose; the rest is blanked, so offsets stay the source's
        from textlint.markdown import prose_view

        view = prose_view(text)
        report = (linter or lint)(view.text, rules)
        report.diagnostics = view.keep(report.diagnostics)
    else:
        report = (linter or lint)(text, rules)
    if "textlint-" in text:
        if suppression.is_markdown(path):
            pack = _pack(config, overrides)
            report.warnings = [
                (offset, f"disable comment names no rule '{prefix}' (see `textlint rules`)")
                for offset, prefix in suppression.unknown_rules(text, lambda p: known_prefix(p, pack.rules))
            ]
        report.diagnostics = suppression.apply(text, path, report.diagnostics)
    if report.diagnostics and overrides.use_baseline:
        where = _baseline_of(config, overrides)
        if where:
            from textlint import baseline

            report.diagnostics = baseline.cached(where).filter(text, path, report.diagnostics)
    return report
