"""`rules`, `explain` and `check` resolve rules with one algorithm.

A project's configuration names a rule pack of its own and ignores a
built-in rule; each command, run for real in that project, must agree on
which rules `check` runs, and an unknown prefix must read the same in all.
"""

from __future__ import annotations

import json

import pytest
from workflow_support import run_cli

PACK_RULE = """id = "custom/word"
kind = "pattern"
message = "{match}"
pattern = "\\\\bzzyzx\\\\b"
[examples]
bad = ["a [[zzyzx]] b"]
good = ["a b"]
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "word.toml").write_text(PACK_RULE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.textlint]\nrules = ["pack"]\nignore = ["duplicated-token/repeated-words"]\n', encoding="utf-8"
    )
    (tmp_path / "t.txt").write_text("the the zzyzx\n", encoding="utf-8")
    return tmp_path


def _listed(project, *args):
    result = run_cli("rules", "--format", "json", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return {rule["id"] for rule in json.loads(result.stdout)}


def test_rules_lists_the_configured_pack_and_leaves_out_what_it_ignores(project):
    listed = _listed(project)
    assert "custom/word" in listed
    assert "duplicated-token/repeated-words" not in listed
    assert "entity-in-verb-position/after-subject-pronoun" in listed


def test_what_rules_lists_is_what_check_runs(project):
    result = run_cli("check", "t.txt", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    reported = {finding["rule"] for finding in json.loads(result.stdout)}
    assert reported == {"custom/word"}  # "the the" is ignored by the configuration
    assert reported <= _listed(project)


def test_command_line_selection_narrows_rules_as_it_narrows_check(project):
    assert _listed(project, "--select", "custom") == {"custom/word"}
    result = run_cli("check", "t.txt", "--format", "json", "--select", "custom", "--extend-select", "duplicated-token", cwd=project)
    assert {f["rule"] for f in json.loads(result.stdout)} == {"custom/word", "duplicated-token/repeated-words"}


def test_explain_knows_the_configured_pack_and_says_when_a_rule_is_not_selected(project):
    result = run_cli("explain", "custom/word", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "custom/word" in result.stdout.decode()
    ignored = run_cli("explain", "duplicated-token/repeated-words", cwd=project)
    assert ignored.returncode == 0, ignored.stderr
    assert "Not selected" in ignored.stdout.decode()


@pytest.mark.parametrize("command", [("check", "t.txt"), ("rules",), ("explain", "repeated-words")])
def test_an_unknown_prefix_reads_the_same_in_every_command(project, command):
    result = run_cli(*command, "--select", "nope", cwd=project)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "textlint: --select/--ignore: no rule matches 'nope' (see `textlint rules`)"
