"""The engine: a pure function from (text, rules) to diagnostics.

The CLI, the language server and the tests all call `lint`; none of them
holds detection logic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

from textlint.diagnostics import Diagnostic, Fix
from textlint.document import Document
from textlint.ruleset import RuleSet


@dataclass(frozen=True)
class RuleFailure:
    """A rule that raised or timed out on this text: reported, never fatal to the others."""

    rule: str
    message: str


@dataclass
class Report:
    diagnostics: List[Diagnostic] = field(default_factory=list)
    failures: List[RuleFailure] = field(default_factory=list)


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _one_per_problem(found: List[Diagnostic]) -> List[Diagnostic]:
    """Overlapping findings of one category are one problem: keep the first.

    `found` is sorted by start; two rules that see the same pasted mention
    ("Dan Stein Mr. Stein" as a run of two names and as a repeated surname)
    would otherwise underline it twice.
    """
    kept: List[Diagnostic] = []
    last_end = {}
    for d in found:
        category = d.rule.split("/", 1)[0]
        if d.start < last_end.get(category, -1):
            continue
        last_end[category] = d.end
        kept.append(d)
    return kept


def _matches(rule_id: str, prefixes) -> bool:
    return any(rule_id == p or rule_id.startswith(p.rstrip("/") + "/") for p in prefixes)


def lint(text: str, rules: RuleSet) -> Report:
    """Run every rule in `rules` over `text`; spans are offsets into `text`."""
    report = Report()
    if not rules.rules or not text:
        return report
    document = Document(text, rules.classes)
    found: List[Diagnostic] = []
    masks = []
    for rule in rules.rules:
        try:
            matches = list(rule.checker.check(document))
        except Exception as exc:  # a rule must never take the others down
            detail = "timed out" if isinstance(exc, TimeoutError) else f"{type(exc).__name__}: {exc}"
            report.failures.append(RuleFailure(rule.id, detail))
            continue
        for match in matches:
            values = _Values(match.values or {})
            values["match"] = text[match.start : match.end]
            fix = None
            if rule.fix and match.edits:
                fix = Fix(rule.fix, match.edits, rule.fix_safe)
            found.append(
                Diagnostic(rule.id, rule.severity, rule.message.format_map(values), match.start, match.end, fix)
            )
            if rule.masks:
                masks.append((match.start, match.end, rule.masks))
    if masks:
        found = [d for d in found if not any(s <= d.start and d.end <= e and _matches(d.rule, m) for s, e, m in masks)]
    found.sort(key=lambda d: (d.start, d.end, d.rule))
    report.diagnostics = _one_per_problem(found)
    return report
