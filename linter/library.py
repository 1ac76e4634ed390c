"""The Python API: `check`, `fix` and a reusable, picklable `Linter`.

    import textlint

    for d in textlint.check("He called the the police."):
        print(d.line, d.column, d.rule, d.message)
    textlint.fix("He called the the police.")        # 'He called the police.'

    linter = textlint.Linter(ignore=["entity-in-verb-position"])   # rules loaded once
    linter.check(text); linter.fix(text)

A `Linter` holds its compiled rules, so it is built once and reused for
every document; pickled, it carries those rules with it (no rule file needs
to exist where it is unpickled), which is how a corpus run or a cluster job
hands one copy to each worker. Nothing here looks for a configuration file
unless asked to (`Linter(config=PATH)`): library code must not change its
results with the folder the process happens to run in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterable, List, Optional, Sequence, Tuple, Union

from textlint import diagnostics
from textlint.engine import lint
from textlint.fixes import apply_fixes
from textlint.ruleset import RuleSet
from textlint.text import LineIndex

PathLike = Union[str, "os.PathLike[str]"]
# A fix can uncover or unblock another (two overlapping duplicates): lint the
# fixed text again, as `textlint check --fix` does, this many times at most.
MAX_FIX_PASSES = 10


@dataclass(frozen=True)
class Diagnostic(diagnostics.Diagnostic):
    """A finding with its place both as offsets and as lines and columns.

    `start`/`end` are offsets into the text (Python string indexes, code
    points); `line`, `column`, `end_line`, `end_column` are 1-based, columns
    in code points, the end exclusive (the CLI's JSON coordinates). It is an
    engine `textlint.diagnostics.Diagnostic`, so code that takes one takes
    this too.
    """

    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def as_dict(self) -> dict:
        """Plain data (JSON-ready): rule, severity, message, offsets, positions, fix."""
        data = {
            "rule": self.rule, "severity": self.severity, "message": self.message,
            "start": self.start, "end": self.end, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
        }
        if self.fix is not None:
            data["fix"] = {
                "description": self.fix.description, "safe": self.fix.safe,
                "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in self.fix.edits],
            }
        return data


def _require_text(text: object, caller: str) -> str:
    if isinstance(text, str):
        return text
    hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
    raise TypeError(f"{caller} expects the text as a str, got {type(text).__name__}{hint}")


def _strings(values: Union[None, str, Iterable[str]], name: str) -> Tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    result = tuple(values)
    for value in result:
        if not isinstance(value, str):
            raise TypeError(f"{name} expects rule ids or prefixes as str, got {type(value).__name__}")
    return result


def with_positions(text: str, found: Sequence[diagnostics.Diagnostic]) -> List[Diagnostic]:
    """`found` (offsets into `text`) as public `Diagnostic`s that also carry lines and columns."""
    if not found:
        return []
    index = LineIndex(text)
    result = []
    for d in found:
        line, column = index.position(d.start)
        end_line, end_column = index.position(d.end)
        result.append(Diagnostic(
            d.rule, d.severity, d.message, d.start, d.end, d.fix,
            line + 1, column + 1, end_line + 1, end_column + 1,
        ))
    return result


def fix_repeatedly(
    text: str,
    check: Callable[[str], List[diagnostics.Diagnostic]],
    unsafe: bool = False,
    found: Optional[List[diagnostics.Diagnostic]] = None,
) -> Tuple[str, List[diagnostics.Diagnostic], int]:
    """Apply fixes and lint again until nothing more can be fixed; `found`: what
    `check(text)` already returned. Returns (fixed text, the findings left in it,
    fixes applied)."""
    if found is None:
        found = check(text)
    applied_total = 0
    for _ in range(MAX_FIX_PASSES):
        new, applied = apply_fixes(text, found, unsafe=unsafe)
        if not applied or new == text:
            break
        text, applied_total = new, applied_total + applied
        found = check(text)
    return text, found, applied_total


class Linter:
    """The rules, loaded and compiled once; `check` and `fix` any number of texts with them.

    select, ignore: rule ids or prefixes (as `--select`/`--ignore`); rules:
    extra rule files or folders; builtin=False: only those; config: a
    `textlint.toml` or `pyproject.toml` whose selection and per-rule settings
    apply (its `per-file-ignores` and `baseline` are about files and do not).
    Errors in rule or configuration files raise `textlint.errors.TextlintError`
    (with the file and line) here, when the Linter is built.
    """

    def __init__(
        self,
        select: Union[None, str, Iterable[str]] = None,
        ignore: Union[None, str, Iterable[str]] = None,
        *,
        rules: Union[None, PathLike, Iterable[PathLike]] = None,
        builtin: bool = True,
        config: Optional[PathLike] = None,
    ) -> None:
        from textlint.api import Overrides, rules_for

        if rules is None:
            rule_paths: Tuple[str, ...] = ()
        elif isinstance(rules, (str, os.PathLike)):
            rule_paths = (os.path.abspath(os.fspath(rules)),)
        else:
            rule_paths = tuple(os.path.abspath(os.fspath(p)) for p in rules)
        overrides = Overrides(
            select=_strings(select, "select"), ignore=_strings(ignore, "ignore"), rules=rule_paths,
            config=os.fspath(config) if config is not None else None, isolated=config is None,
            builtin=builtin, use_baseline=False,
        )
        self.rules: RuleSet = rules_for(None, overrides)

    @classmethod
    def from_rules(cls, rules: RuleSet) -> "Linter":
        """A Linter over an already loaded `RuleSet`."""
        linter = cls.__new__(cls)
        linter.rules = rules
        return linter

    # Pickled, a Linter is its compiled rules (about 2 MB): a worker that
    # unpickles it needs neither the rule files nor time to compile them.
    def __getstate__(self) -> dict:
        return {"rules": self.rules}

    def __setstate__(self, state: dict) -> None:
        self.rules = state["rules"]

    def __dask_tokenize__(self) -> Tuple[str, int]:
        # Dask hashes task arguments; hashing 2 MB of rules per partition is waste.
        return ("textlint.Linter", id(self))

    @property
    def rule_ids(self) -> List[str]:
        return [rule.id for rule in self.rules.rules]

    def check(self, text: str) -> List[Diagnostic]:
        """The findings in `text`, sorted by position."""
        text = _require_text(text, "Linter.check()")
        return with_positions(text, lint(text, self.rules).diagnostics)

    def fix(self, text: str, *, unsafe: bool = False) -> str:
        """`text` with the safe fixes applied (all fixes with `unsafe=True`); nothing else changes."""
        text = _require_text(text, "Linter.fix()")
        return fix_repeatedly(text, self._found, unsafe)[0]

    def check_and_fix(self, text: str, *, unsafe: bool = False) -> Tuple[str, List[Diagnostic], List[Diagnostic]]:
        """(fixed text, findings in the original text, findings left in the fixed text)."""
        text = _require_text(text, "Linter.check_and_fix()")
        found = self._found(text)
        fixed, left, _ = fix_repeatedly(text, self._found, unsafe, found)
        return fixed, with_positions(text, found), with_positions(fixed, left)

    def _found(self, text: str) -> List[diagnostics.Diagnostic]:
        return lint(text, self.rules).diagnostics


_default: Optional[Linter] = None


def default_linter() -> Linter:
    """The built-in rules, all of them, no configuration: what `check` and `fix` use."""
    global _default
    if _default is None:
        _default = Linter()
    return _default


def check(
    text: str,
    select: Union[None, str, Iterable[str]] = None,
    ignore: Union[None, str, Iterable[str]] = None,
    *,
    linter: Optional[Linter] = None,
) -> List[Diagnostic]:
    """The findings in `text` (built-in rules, or `linter`'s; `select`/`ignore` narrow them)."""
    text = _require_text(text, "textlint.check()")
    return _chosen(linter, select, ignore).check(text)


def fix(
    text: str,
    select: Union[None, str, Iterable[str]] = None,
    ignore: Union[None, str, Iterable[str]] = None,
    *,
    unsafe: bool = False,
    linter: Optional[Linter] = None,
) -> str:
    """`text` with the safe fixes applied (all with `unsafe=True`); nothing else is changed."""
    text = _require_text(text, "textlint.fix()")
    return _chosen(linter, select, ignore).fix(text, unsafe=unsafe)


def _chosen(linter: Optional[Linter], select, ignore) -> Linter:
    base = linter or default_linter()
    if select is None and ignore is None:
        return base
    from textlint.api import narrow
    from textlint.errors import TextlintError

    return Linter.from_rules(narrow(
        base.rules, _strings(select, "select"), _strings(ignore, "ignore"),
        lambda p: TextlintError(f"select/ignore: no rule matches '{p}' (see `textlint rules`)"),
    ))
