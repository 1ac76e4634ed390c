"""Corroborated rules: ambiguous shapes reported only where certain rules found damage.

Through the real CLI, because what matters is what a user sees: the same
sentence is left alone in clean prose and reported in a damaged document,
choosing which rules to see never changes what the others find, and the
threshold is a setting like any other.
"""

from __future__ import annotations

import json

from workflow_support import run_cli

# "two people Kyle Rittenhouse were": a name pasted over "who", right after a noun.
AMBIGUOUS = "Kyle Rittenhouse was charged. He shot two people Kyle Rittenhouse were protesting.\n"
# Two pasted mentions that no reading of English allows: the evidence.
DAMAGE = "He did everything he Mayor Eric Garcetti to fight it, and they Mayor Eric Garcetti in the city.\n"
AFTER_NOUN = "entity-in-verb-position/name-after-noun"
AFTER_PRONOUN = "entity-in-verb-position/after-subject-pronoun"


def findings(tmp_path, text, *args):
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    result = run_cli("check", "--format", "json", "doc.txt", *args, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr.decode()
    return [(d["rule"], d["line"], d["column"]) for d in json.loads(result.stdout)]


def test_ambiguous_shape_alone_is_not_reported(tmp_path):
    assert findings(tmp_path, AMBIGUOUS) == []


def test_ambiguous_shape_in_a_damaged_document_is_reported(tmp_path):
    found = findings(tmp_path, DAMAGE + AMBIGUOUS)
    assert (AFTER_NOUN, 2, 50) in found
    assert [r for r, _, _ in found].count(AFTER_PRONOUN) == 2


def test_selecting_a_rule_keeps_its_evidence_unreported(tmp_path):
    assert findings(tmp_path, DAMAGE + AMBIGUOUS, "--select", AFTER_NOUN) == [(AFTER_NOUN, 2, 50)]


def test_ignoring_the_evidence_rule_does_not_change_the_others(tmp_path):
    found = findings(tmp_path, DAMAGE + AMBIGUOUS, "--ignore", AFTER_PRONOUN)
    assert (AFTER_NOUN, 2, 50) in found
    assert AFTER_PRONOUN not in [r for r, _, _ in found]


def test_threshold_is_a_per_rule_setting(tmp_path):
    (tmp_path / "textlint.toml").write_text(
        f'[rule."{AFTER_NOUN}"]\ncorroboration = {{ min-findings = 3 }}\n', encoding="utf-8"
    )
    assert AFTER_NOUN not in [r for r, _, _ in findings(tmp_path, DAMAGE + AMBIGUOUS)]


def test_user_rule_can_be_corroborated_by_any_category(tmp_path):
    (tmp_path / "rule.toml").write_text(
        'id = "style/colour"\nkind = "pattern"\nmessage = "m"\npattern = "colour"\n'
        'corroboration = { min-findings = 1, from = ["duplicated-token"] }\n'
        'examples = { bad = ["the the [[colour]]"], good = ["colour"] }\n',
        encoding="utf-8",
    )
    assert findings(tmp_path, "A colour.\n", "--rules", "rule.toml") == []
    found = findings(tmp_path, "A colour of the the day.\n", "--rules", "rule.toml")
    assert ("style/colour", 1, 3) in found


def test_bad_corroboration_is_one_line_naming_file_rule_and_line(tmp_path):
    (tmp_path / "rule.toml").write_text(
        'id = "x/y"\nkind = "pattern"\nmessage = "m"\npattern = "a"\ncorroboration = { min-findings = 0 }\n',
        encoding="utf-8",
    )
    (tmp_path / "doc.txt").write_text("a\n", encoding="utf-8")
    result = run_cli("check", "doc.txt", "--rules", "rule.toml", cwd=tmp_path)
    assert result.returncode == 2
    message = result.stderr.decode().strip()
    assert "\n" not in message and "Traceback" not in message
    assert "rule.toml:5: rule 'x/y': 'corroboration.min-findings' must be a whole number" in message
