"""Accepting findings: Markdown disable comments and the baseline file, through the real CLI."""

from __future__ import annotations

import json

import pytest

from workflow_support import run_cli

DUP = "He called the the police."


def found_lines(cwd, *args):
    result = run_cli("check", "--format", "json", "--isolated", "--select", "duplicated-token", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr.decode()
    return [(r["file"], r["line"]) for r in json.loads(result.stdout)]


MARKDOWN = "\n".join([
    "# Title",                                              # 1
    DUP,                                                    # 2 reported
    "<!-- textlint-disable duplicated-token -->",           # 3
    DUP,                                                    # 4 accepted
    "<!-- textlint-enable duplicated-token -->",            # 5
    DUP,                                                    # 6 reported
    "<!-- textlint-disable -->",                            # 7
    DUP,                                                    # 8 accepted (all rules)
    "<!-- textlint-enable -->",                             # 9
    "<!-- textlint-disable entity-in-verb-position -->",    # 10 another rule: no effect
    DUP,                                                    # 11 reported
    "<!-- textlint-enable -->",                             # 12
    "<!-- textlint-disable-next-line duplicated-token/repeated-words -->",  # 13
    DUP,                                                    # 14 accepted
    DUP,                                                    # 15 reported
    "<!--textlint-disable   duplicated-token/repeated-words,trailing-junk-->",  # 16 to the end
    DUP,                                                    # 17 accepted
    "",
])


def test_markdown_disable_and_enable_comments(tmp_path):
    (tmp_path / "doc.md").write_text(MARKDOWN, encoding="utf-8")
    assert found_lines(tmp_path, "doc.md") == [("doc.md", 2), ("doc.md", 6), ("doc.md", 11), ("doc.md", 15)]


def test_comments_do_nothing_in_plain_text(tmp_path):
    (tmp_path / "doc.txt").write_text(MARKDOWN, encoding="utf-8")
    assert len(found_lines(tmp_path, "doc.txt")) == 8


def test_comments_apply_to_markdown_on_stdin_by_its_name(tmp_path):
    result = run_cli("check", "--format", "json", "--isolated", "--stdin-filename", "notes.md", "-", input=MARKDOWN, cwd=tmp_path)
    assert [r["line"] for r in json.loads(result.stdout) if r["rule"].startswith("duplicated-token")] == [2, 6, 11, 15]


def test_fix_leaves_accepted_findings_alone(tmp_path):
    target = tmp_path / "doc.md"
    target.write_text(f"{DUP}\n<!-- textlint-disable -->\n{DUP}\n", encoding="utf-8")
    result = run_cli("check", "--fix", "--isolated", target)
    assert result.returncode == 0, result.stdout.decode()
    assert target.read_text(encoding="utf-8") == f"He called the police.\n<!-- textlint-disable -->\n{DUP}\n"


def test_disable_comment_edit_for_the_language_server():
    from textlint.api import check_text
    from textlint.suppression import disable_comment_edit

    for text, newline in ((f"{DUP}\r\nMore.\r\n", "\r\n"), (f"{DUP}\n", "\n"), (DUP, "\n")):
        edit = disable_comment_edit(text, "duplicated-token/repeated-words")
        assert (edit.start, edit.end) == (0, 0)
        assert edit.replacement == f"<!-- textlint-disable duplicated-token/repeated-words -->{newline}"
        fixed = edit.replacement + text
        assert check_text(text, "doc.md").diagnostics
        assert not [d for d in check_text(fixed, "doc.md").diagnostics if d.rule == "duplicated-token/repeated-words"]
    front = "---\ntitle: x\n---\n" + DUP + "\n"
    edit = disable_comment_edit(front, "duplicated-token/repeated-words")
    assert edit.start == len("---\ntitle: x\n---\n")


# -- baseline ---------------------------------------------------------------------------

ORIGINAL = f"Intro.\n{DUP}\nIt was late.\nShe saw Mr. Mr. Smith.\n"


def test_baseline_accepts_old_findings_and_reports_new_ones(tmp_path):
    doc = tmp_path / "corpus" / "doc.txt"
    doc.parent.mkdir()
    doc.write_text(ORIGINAL, encoding="utf-8")
    assert len(found_lines(tmp_path, "corpus")) == 2

    added = run_cli("check", "--isolated", "--add-baseline", "--baseline", "textlint-baseline.json", "corpus", cwd=tmp_path)
    assert added.returncode == 0, added.stderr.decode()
    assert "recorded 2 findings of 1 file in textlint-baseline.json" in added.stderr.decode()
    data = json.loads((tmp_path / "textlint-baseline.json").read_text(encoding="utf-8"))
    assert {(f["file"], f["rule"], f["text"], f["count"]) for f in data["findings"]} == {
        ("corpus/doc.txt", "duplicated-token/repeated-words", "the the", 1),
        ("corpus/doc.txt", "duplicated-token/repeated-words", "Mr. Mr.", 1),
    }
    assert all("line" not in f for f in data["findings"])
    assert found_lines(tmp_path, "--baseline", "textlint-baseline.json", "corpus") == []

    # unrelated edits: lines added above, a paragraph re-wrapped, text appended
    doc.write_text("A new first line.\n\nIntro.\nHe called the the\npolice. It was late.\nShe saw Mr. Mr. Smith. And more.\n", encoding="utf-8")
    assert found_lines(tmp_path, "--baseline", "textlint-baseline.json", "corpus") == []

    # new damage is reported: a new copy elsewhere, and a second copy of an accepted one
    doc.write_text(ORIGINAL + f"Later the the council met.\n{DUP}\n", encoding="utf-8")
    assert found_lines(tmp_path, "--baseline", "textlint-baseline.json", "corpus") == [("corpus/doc.txt", 5), ("corpus/doc.txt", 6)]


def test_baseline_from_configuration_and_add_baseline_updates_it(tmp_path):
    (tmp_path / "textlint.toml").write_text('select = ["duplicated-token"]\nbaseline = "accepted.json"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"{DUP}\n", encoding="utf-8")
    assert run_cli("check", "--add-baseline", ".", cwd=tmp_path).returncode == 0
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0
    # a fix in a.txt, then re-recording a.txt only: b.txt's entries stay
    (tmp_path / "a.txt").write_text(ORIGINAL.replace("the the", "the"), encoding="utf-8")
    assert run_cli("check", "--add-baseline", "a.txt", cwd=tmp_path).returncode == 0
    data = json.loads((tmp_path / "accepted.json").read_text(encoding="utf-8"))
    assert sorted((f["file"], f["text"]) for f in data["findings"]) == [("a.txt", "Mr. Mr."), ("b.txt", "the the")]
    # --fix does not touch accepted findings
    assert run_cli("check", "--fix", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == f"{DUP}\n"
    # and the baseline can be set aside
    unfiltered = run_cli("check", "--format", "json", "--add-baseline", "--baseline", "other.json", "b.txt", cwd=tmp_path)
    assert unfiltered.returncode == 0


def test_add_baseline_needs_a_path(tmp_path):
    (tmp_path / "a.txt").write_text(ORIGINAL, encoding="utf-8")
    result = run_cli("check", "--isolated", "--add-baseline", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "textlint: --add-baseline needs --baseline PATH or a 'baseline' key in the configuration\n"


@pytest.mark.parametrize(
    "content, expected",
    [
        ("not json", "not a textlint baseline (invalid JSON"),
        ('{"findings": {}}', "not a textlint baseline (expected an object with a 'findings' list)"),
        ('{"version": 9, "findings": []}', "baseline version 9 is not supported"),
        ('{"version": 1, "findings": [{"file": "a.txt"}]}', "baseline finding 1 needs"),
    ],
)
def test_bad_baseline_is_a_one_line_error(tmp_path, content, expected):
    (tmp_path / "bl.json").write_text(content, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ORIGINAL, encoding="utf-8")
    result = run_cli("check", "--isolated", "--baseline", "bl.json", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith(f"textlint: {tmp_path / 'bl.json'}: {expected}") or err.startswith(f"textlint: bl.json: {expected}"), err
    assert err.count("\n") == 1


def test_missing_baseline_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(ORIGINAL, encoding="utf-8")
    result = run_cli("check", "--isolated", "--baseline", "nope.json", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "baseline file not found (create it with --add-baseline)" in result.stderr.decode()


def test_a_disable_comment_naming_no_rule_is_a_warning_with_its_line(tmp_path):
    # A typo in a disable comment would otherwise disable nothing, silently.
    (tmp_path / "a.md").write_text(
        "# Notes\n\n<!-- textlint-disable duplicated-tokn, entity-in-verb-position/after-modal -->\n" + DUP + "\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("<!-- textlint-disable duplicated-token ALL -->\n" + DUP + "\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("<!-- textlint-disable nothing-here -->\n", encoding="utf-8")
    result = run_cli("check", "--isolated", ".", cwd=tmp_path)
    stderr = result.stderr.decode()
    assert "a.md:3:1: warning: disable comment names no rule 'duplicated-tokn'" in stderr
    # Known ids and prefixes, ALL, and text that is not Markdown give no warning.
    assert stderr.count("warning:") == 1, stderr
    # A warning is not a finding: the exit code is the findings' (a.md's repeat is reported).
    assert result.returncode == 1
    assert b"a.md:4:" in result.stdout and b"b.md" not in result.stdout
