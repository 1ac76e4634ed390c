"""The Python API, called directly: textlint.check, textlint.fix, textlint.Linter."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path

import pytest

import textlint
from textlint import diagnostics
from textlint.errors import TextlintError

REPO = Path(__file__).resolve().parent.parent
TEXT = "Intro line.\nHe called 😀 the the police.\n😀😀 said Mr. Mr. Smith.\n"


def test_check_gives_offsets_and_lines_and_columns():
    found = textlint.check(TEXT, select="duplicated-token")
    assert [(d.rule, d.line, d.column, d.end_line, d.end_column) for d in found] == [
        ("duplicated-token/repeated-words", 2, 13, 2, 20),
        ("duplicated-token/repeated-words", 3, 9, 3, 16),
    ]
    assert [TEXT[d.start:d.end] for d in found] == ["the the", "Mr. Mr."]
    assert all(isinstance(d, diagnostics.Diagnostic) for d in found)  # still an engine Diagnostic
    data = found[0].as_dict()
    assert (data["line"], data["column"], data["start"], data["fix"]["safe"]) == (2, 13, 24, True)


def test_fix_changes_only_the_flagged_text():
    assert textlint.fix(TEXT) == "Intro line.\nHe called 😀 the police.\n😀😀 said Mr. Smith.\n"
    assert textlint.fix("All is well.\r\n") == "All is well.\r\n"
    assert textlint.fix("") == "" and textlint.check("") == []


def test_the_cli_and_the_api_agree(tmp_path, cli):
    import json

    sample = (REPO / "examples" / "damaged.txt").read_text(encoding="utf-8")
    (tmp_path / "doc.txt").write_text(sample, encoding="utf-8")
    from_cli = json.loads(cli("check", "--isolated", "--format", "json", "doc.txt", cwd=tmp_path).stdout)
    from_api = textlint.check(sample)
    assert [(d["rule"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in from_cli] == [
        (d.rule, d.line, d.column, d.end_line, d.end_column) for d in from_api]


@pytest.mark.parametrize("value, kind", [(None, "NoneType"), (b"the the", "bytes"), (42, "int")])
def test_non_text_is_a_clear_type_error(value, kind):
    for call, name in ((textlint.check, "textlint.check()"), (textlint.fix, "textlint.fix()"),
                       (textlint.Linter().check, "Linter.check()"), (textlint.Linter().fix, "Linter.fix()")):
        with pytest.raises(TypeError, match=rf"^{name.replace('(', '[(]').replace(')', '[)]')} expects the text as a str, got {kind}"):
            call(value)


def test_select_and_ignore():
    damaged = "She Mayor Ada Kowalski spoke. He called the the police."
    assert {d.rule.split("/")[0] for d in textlint.check(damaged)} == {"entity-in-verb-position", "duplicated-token"}
    assert {d.rule.split("/")[0] for d in textlint.check(damaged, ignore=["duplicated-token"])} == {"entity-in-verb-position"}
    assert {d.rule for d in textlint.check(damaged, select="duplicated-token")} == {"duplicated-token/repeated-words"}
    with pytest.raises(TextlintError, match="no rule matches 'no-such-rule'"):
        textlint.check(damaged, select="no-such-rule")


def test_no_configuration_is_read_from_the_current_folder_unless_asked(tmp_path, monkeypatch):
    config = tmp_path / "textlint.toml"
    config.write_text('ignore = ["duplicated-token"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [d.rule for d in textlint.check("the the end")] == ["duplicated-token/repeated-words"]
    assert textlint.Linter(config=config).check("the the end") == []
    assert textlint.Linter(config=str(config)).fix("the the end") == "the the end"


def test_a_bad_configuration_or_rule_file_raises_naming_the_file(tmp_path):
    bad = tmp_path / "textlint.toml"
    bad.write_text('ignore = ["duplicated-token"]\nselct = []\n', encoding="utf-8")
    with pytest.raises(TextlintError, match="textlint.toml"):
        textlint.Linter(config=bad)
    rule = tmp_path / "broken.toml"
    rule.write_text('id = "x/y"\nkind = "nope"\n', encoding="utf-8")
    with pytest.raises(TextlintError, match="broken.toml"):
        textlint.Linter(rules=rule)


def test_own_rules_and_no_builtin_rules(tmp_path):
    rule = tmp_path / "my-rules" / "cats.toml"
    rule.parent.mkdir()
    rule.write_text(
        'id = "style/no-cats"\nkind = "pattern"\npattern = "\\\\bcats?\\\\b"\nmessage = "no {match}"\n'
        '[examples]\nbad = ["I like [[cats]]."]\ngood = ["I like dogs."]\n', encoding="utf-8")
    linter = textlint.Linter(rules=[rule.parent], builtin=False)
    assert linter.rule_ids == ["style/no-cats"]
    assert [(d.message, d.column) for d in linter.check("Two cats, the the end.")] == [("no cats", 5)]
    assert [d.rule for d in textlint.check("the the", linter=linter)] == []


def _check_in_worker(linter, text):
    return [(d.rule, d.line, d.column) for d in linter.check(text)], linter.fix(text)


def test_a_linter_pickles_with_its_rules_and_works_in_another_process(tmp_path):
    rule = tmp_path / "cats.toml"
    rule.write_text('id = "style/no-cats"\nkind = "pattern"\npattern = "cats"\nmessage = "no {match}"\n', encoding="utf-8")
    linter = textlint.Linter(rules=rule, ignore="entity-in-verb-position")
    copy = pickle.loads(pickle.dumps(linter))
    text = "He called the the police about cats."
    assert copy.check(text) == linter.check(text)
    rule.unlink()  # the worker must not need the rule file: the Linter carries its rules
    import multiprocessing

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        found, fixed = pool.submit(_check_in_worker, linter, text).result(timeout=60)
    assert found == [("duplicated-token/repeated-words", 1, 11), ("style/no-cats", 1, 32)]
    assert fixed == "He called the police about cats."


def test_check_and_fix_reports_before_and_after():
    fixed, before, after = textlint.Linter().check_and_fix("He called the the police. She Mayor Ada Kowalski spoke.")
    assert fixed == "He called the police. She Mayor Ada Kowalski spoke."
    assert [d.rule.split("/")[0] for d in before] == ["duplicated-token", "entity-in-verb-position"]
    assert [d.rule.split("/")[0] for d in after] == ["entity-in-verb-position"]
    assert (after[0].line, after[0].column) == (1, 27)


def test_the_package_is_typed():
    assert resources.files("textlint").joinpath("py.typed").is_file()
    assert set(textlint.__all__) >= {"check", "fix", "Linter", "Diagnostic"}
