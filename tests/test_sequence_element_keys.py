"""A `sequence` element key of the wrong type stops the run with one line naming file and line.

`run-start = "yes"` and `min-tokens = true` used to be accepted (truthy, and
a bool is an int); each element key is now read through `Options` like a
rule key. The rule file goes through the real CLI, which exits 2 (a broken
rule file, README "Exit codes").
"""

from __future__ import annotations

import pytest
from workflow_support import run_cli

HEAD = 'id = "custom/seq"\nkind = "sequence"\nmessage = "m"\n'


def _check(tmp_path, element: str):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "seq.toml").write_text(HEAD + f"pattern = [\n  {{ words = [\"he\"] }},\n  {element},\n]\n", encoding="utf-8")
    text = tmp_path / "s.txt"
    text.write_text("He Mr. Harding went home.\n", encoding="utf-8")
    return run_cli("check", "--isolated", "--rules", rules, text)


@pytest.mark.parametrize(
    "element, message",
    [
        ('{ mention = "name", run-start = "yes", flag = true }', "'run-start' must be true or false"),
        ('{ mention = "name", run-end = 1, flag = true }', "'run-end' must be true or false"),
        ('{ mention = "name", min-tokens = true, flag = true }', "'min-tokens' must be an integer"),
        ('{ mention = "name", min-tokens = 0, flag = true }', "'min-tokens' must be at least 1"),
        ('{ mention = "name", seen-before = "no", flag = true }', "'seen-before' must be true or false"),
        ('{ case = "cap", flag = "yes" }', "'flag' must be true or false"),
        ('{ case = "cap", min = true, flag = true }', "'min' must be an integer"),
        ('{ case = "cap", min = 2, max = 1, flag = true }', "'min' and 'max' must be integers with 0 <= min <= max"),
        ('{ words = "Harding", flag = true }', "'words' must be a list of strings"),
        ('{ words = ["Harding", 3], flag = true }', "'words' must be a list of strings"),
        ('{ not-words = "x", case = "cap", flag = true }', "'not-words' must be a list of strings"),
    ],
)
def test_a_wrong_element_value_is_one_line_with_file_and_line(tmp_path, element, message):
    result = _check(tmp_path, element)
    err = result.stderr.decode("utf-8", "replace") if isinstance(result.stderr, bytes) else result.stderr
    assert result.returncode == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("textlint: "), err
    # The pattern key is on line 4 of the rule file; the element, the second, on line 6.
    assert "seq.toml:6: rule 'custom/seq': pattern[1]: " + message in lines[0], err


def test_the_same_rule_with_right_types_loads_and_finds(tmp_path):
    result = _check(tmp_path, '{ mention = "name", run-start = true, min-tokens = 2, flag = true }')
    out = result.stdout.decode("utf-8", "replace") if isinstance(result.stdout, bytes) else result.stdout
    assert result.returncode == 1, result.stderr
    assert "custom/seq" in out
