"""`textlint explain RULE`: the rule's description, its examples and its fix."""

from __future__ import annotations

import pytest

from workflow_support import run_cli
from textlint.cli import main
from textlint.ruleset import load_rules

RULES = load_rules()


def test_explain_a_rule_with_a_safe_fix():
    rule = RULES.by_id()["duplicated-token/repeated-words"]
    result = run_cli("explain", rule.id)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.startswith(f"{rule.id}  (repetition, {rule.severity})\n")
    assert " ".join(rule.description.split()[:8]) in " ".join(out.split())
    assert "Fix: delete the repeated copy (safe)" in out
    assert "Flagged:\n" in out and "Not flagged:\n" in out
    assert "[[Mr. Mr.]]" in out  # the flagged span is marked
    assert "fixed: 'But as Mr. Trump prepares to take office'" in out
    assert "He said that that was the end of it." in out
    assert f"Defined in {rule.path}" in out


def test_explain_a_rule_without_a_fix():
    rule = next(r for r in RULES.rules if r.fix is None)
    result = run_cli("explain", rule.id)
    assert result.returncode == 0
    assert "Fix: none (the right repair is not certain)" in result.stdout.decode()


def test_explain_an_unsafe_fix_from_an_extra_rule_pack(tmp_path):
    (tmp_path / "mister.toml").write_text(
        'id = "duplicated-token/mister"\nkind = "pattern"\nmessage = "Mister"\n'
        'description = "Spelled-out honorific."\nfix = true\nfix-safety = "unsafe"\n'
        'pattern = "\\\\bMister\\\\b"\nreplacement = "Mr."\n'
        '[examples]\nbad = [{ text = "[[Mister]] Smith", fixed = "Mr. Smith" }]\ngood = ["Mr. Smith"]\n',
        encoding="utf-8",
    )
    result = run_cli("explain", "--rules", tmp_path, "duplicated-token/mister")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "Spelled-out honorific." in out
    assert "(unsafe: applied only with --unsafe-fixes)" in out
    assert "fixed: 'Mr. Smith'" in out


def test_unknown_rule_is_a_one_line_error_with_suggestions():
    result = run_cli("explain", "duplicated-token")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "textlint: unknown rule 'duplicated-token' (did you mean "
        + ", ".join(r.id for r in RULES.rules if r.id.startswith("duplicated-token"))
        + "?)\n"
    )
    assert run_cli("explain", "nothing-like-it").stderr.decode() == "textlint: unknown rule 'nothing-like-it' (see `textlint rules`)\n"


@pytest.mark.parametrize("rule", RULES.rules, ids=[r.id for r in RULES.rules])
def test_every_rule_explains_itself(rule, capsys):
    assert main(["explain", rule.id]) == 0
    out = capsys.readouterr().out
    assert " ".join(rule.description.split()) in " ".join(out.split())
    assert "Fix: " in out
    for example in rule.bad:
        assert repr(example.text[: example.spans[0][0]] + "[[")[1:-1] in out
    for example in rule.good:
        assert repr(example) in out
