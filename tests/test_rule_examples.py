"""Every example of every rule, run through the real engine (LanguageTool's way).

A bad example must be flagged by its rule at exactly the marked spans (and,
when it names a fixed text, the rule's fix must produce it); a good example
must not be flagged by its rule. A rule without examples fails the suite.
A rule with `corroboration` runs with the pack's certain rules, which find
the damage its examples carry as evidence; only its own findings count.
Such a rule states that evidence once, as its examples' `context`; each bad
example must then also go unflagged without the context, which shows that
the rule waits for the evidence. Test ids name the rule file, so a failure
says where to look. Set TEXTLINT_EXTRA_RULES (paths separated by os.pathsep) to run the examples
of your own rule packs too.
"""

from __future__ import annotations

import os

import pytest

from textlint.engine import lint
from textlint.fixes import apply_fixes
from textlint.ruleset import RuleSet, load_rules

EXTRA = [p for p in os.environ.get("TEXTLINT_EXTRA_RULES", "").split(os.pathsep) if p]
RULES = load_rules(EXTRA)


def _only(rule) -> RuleSet:
    if rule.corroboration is None:
        return RuleSet([rule], RULES.classes)
    certain = [r for r in RULES.rules if r.corroboration is None]
    return RuleSet(certain + [rule], RULES.classes)


def _found(text, rule):
    return [d for d in lint(text, _only(rule)).diagnostics if d.rule == rule.id]


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _file(rule) -> str:
    path = os.path.abspath(rule.path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def _cases():
    for rule in RULES.rules:
        for index, example in enumerate(rule.bad):
            yield pytest.param(rule, example, id=f"{_file(rule)}::bad-{index}")


def _good_cases():
    for rule in RULES.rules:
        for index, example in enumerate(rule.good):
            yield pytest.param(rule, example, id=f"{_file(rule)}::good-{index}")


def _bare_cases():
    for rule in RULES.rules:
        if rule.corroboration is not None and rule.example_context:
            for index, example in enumerate(rule.bad):
                yield pytest.param(rule, example, id=f"{_file(rule)}::bad-{index}-without-context")


@pytest.mark.parametrize("rule", RULES.rules, ids=[_file(r) for r in RULES.rules])
def test_rule_has_examples_and_description(rule):
    assert rule.bad, f"{rule.id} has no bad examples"
    assert rule.good, f"{rule.id} has no good examples"
    assert rule.description, f"{rule.id} says nothing about why it exists"
    if not EXTRA:
        assert rule.category in ("duplicated-token", "entity-in-verb-position", "trailing-junk")


@pytest.mark.parametrize("rule, example", list(_cases()))
def test_bad_example_is_flagged_at_the_marked_span(rule, example):
    found = _found(example.text, rule)
    spans = sorted((d.start, d.end) for d in found)
    flagged = [example.text[s:e] for s, e in spans]
    expected = [example.text[s:e] for s, e in example.spans]
    assert spans == sorted(example.spans), f"flagged {flagged}, expected {expected}"
    if example.fixed is not None:
        # `fixed` shows what the rule's fix does, safe or not.
        fixed, applied = apply_fixes(example.text, found, unsafe=True)
        assert applied == len(example.spans)
        assert fixed == example.fixed


@pytest.mark.parametrize("rule, example", list(_good_cases()))
def test_good_example_is_not_flagged(rule, example):
    found = _found(example, rule)
    assert [example[d.start : d.end] for d in found] == []


@pytest.mark.parametrize("rule, example", list(_bare_cases()))
def test_corroborated_bad_example_needs_its_context(rule, example):
    bare = example.text[len(rule.example_context) :]
    found = _found(bare, rule)
    assert [bare[d.start : d.end] for d in found] == [], "flagged without the evidence its context gives"
