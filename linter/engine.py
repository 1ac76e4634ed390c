"""The engine: a pure function from (text, rules) to diagnostics.

The CLI, the language server and the tests all call `lint`; none of them
holds detection logic of its own.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import List, Tuple

from textlint.diagnostics import Diagnostic, Fix
from textlint.document import Document
from textlint.ruleset import RuleSet, covers
from textlint.userregex import budget_for, rule_budget


@dataclass(frozen=True)
class RuleFailure:
    """A rule that raised or timed out on this text: reported, never fatal to the others."""

    rule: str
    message: str


@dataclass
class Report:
    diagnostics: List[Diagnostic] = field(default_factory=list)
    failures: List[RuleFailure] = field(default_factory=list)
    # (offset, message): what is wrong with the text's own directives, such as
    # a disable comment that names no rule; never a finding, never fatal.
    warnings: List[Tuple[int, str]] = field(default_factory=list)


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


class _SortedMasks(list):
    """Masking spans (start, end, rule prefixes), sorted by start for quick containment tests."""

    def __init__(self, masks) -> None:
        super().__init__(sorted(masks, key=lambda m: m[0]))
        self.starts = [m[0] for m in self]
        self.longest = max((m[1] - m[0] for m in self), default=0)

    def contains(self, d: Diagnostic) -> bool:
        index = bisect.bisect_right(self.starts, d.start) - 1
        while index >= 0 and self[index][0] >= d.start - self.longest:
            start, end, prefixes = self[index]
            if d.end <= end and covers(prefixes, d.rule):
                return True
            index -= 1
        return False


def lint(text: str, rules: RuleSet) -> Report:
    """Run every rule in `rules` over `text`; spans are offsets into `text`.

    Rules without `corroboration` run first. A rule with it runs only when
    enough of their findings (after masks, one per problem) come from the
    rules it names, so that its findings depend on evidence in this very
    document and on nothing else: `lint` stays a function of text and rules.
    """
    report = Report()
    if not rules.rules or not text:
        return report
    document = Document(text, rules.classes)
    found: List[Diagnostic] = []
    masks: list = []
    corroborated = []
    for rule in rules.rules:
        if rule.corroboration is None:
            _run(rule, document, text, found, masks, report)
        else:
            corroborated.append(rule)
    if corroborated:
        unreported = {rule.id for rule in rules.evidence}
        for rule in rules.evidence:
            _run(rule, document, text, found, [], report)
        evidence = _problems(found, masks)
        words = sum(document.tokens.is_word)
        for rule in corroborated:
            if rule.corroboration.holds(sum(1 for d in evidence if rule.corroboration.counts(d.rule)), words):
                _run(rule, document, text, found, masks, report)
        if unreported:
            found = [d for d in found if d.rule not in unreported]
    report.diagnostics = _problems(found, masks)
    return report


def _run(rule, document: Document, text: str, found: List[Diagnostic], masks: list, report: Report) -> None:
    try:
        with rule_budget(budget_for(len(text))):
            matches = list(rule.checker.check(document))
    except Exception as exc:  # a rule must never take the others down
        detail = "timed out" if isinstance(exc, TimeoutError) else f"{type(exc).__name__}: {exc}"
        report.failures.append(RuleFailure(rule.id, detail))
        return
    for match in matches:
        values = _Values(match.values or {})
        values["match"] = text[match.start : match.end]
        fix = None
        if rule.fix and match.edits:
            fix = Fix(rule.fix, match.edits, rule.fix_safe)
        found.append(Diagnostic(rule.id, rule.severity, rule.message.format_map(values), match.start, match.end, fix))
        if rule.masks:
            masks.append((match.start, match.end, rule.masks))


def _problems(found: List[Diagnostic], masks: list) -> List[Diagnostic]:
    """The findings no mask hides, sorted, one per problem."""
    if masks:
        sorted_masks = _SortedMasks(masks)
        found = [d for d in found if not sorted_masks.contains(d)]
    return _one_per_problem(sorted(found, key=lambda d: (d.start, d.end, d.rule)))
