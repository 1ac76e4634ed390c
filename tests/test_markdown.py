"""Markdown read as Markdown: only prose is linted, positions are the source's, fixes touch prose only.

The fixture holds every kind of non-prose the issue names (front matter,
fenced and indented code, inline code, a link destination, a bare URL, an
HTML comment, a table) with the same damage inside, next to the same damage
in prose. It is linted and `--fix`ed by the real CLI; the expected fixed file
is compared byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workflow_support import run_cli

FIXTURES = Path(__file__).with_name("fixtures") / "markdown"
DAMAGED = (FIXTURES / "damaged.md").read_bytes()
FIXED = (FIXTURES / "damaged.fixed.md").read_bytes()


def findings(result):
    return [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in json.loads(result.stdout)]


def test_only_prose_is_linted_and_positions_are_the_sources(tmp_path):
    (tmp_path / "doc.md").write_bytes(DAMAGED)
    result = run_cli("check", "--isolated", "--format", "json", "doc.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert findings(result) == [
        ("duplicated-token/repeated-words", 4, 12, 4, 19),     # the heading
        ("duplicated-token/repeated-words", 6, 11, 6, 18),     # a paragraph
        ("duplicated-token/repeated-words", 6, 58, 6, 65),     # link text
        ("duplicated-token/repeated-words", 19, 20, 19, 27),   # a table cell
        ("duplicated-token/repeated-words", 22, 10, 22, 17),   # a block quote
        ("trailing-junk/fragment-lines", 28, 1, 28, 51),       # junk, not the comment after it
    ]
    lines = DAMAGED.decode().splitlines()
    for _, line, column, _, end_column in findings(result)[:5]:
        assert lines[line - 1][column - 1:end_column - 1] == "the the"


def test_fix_changes_prose_only_byte_for_byte(tmp_path):
    target = tmp_path / "doc.md"
    target.write_bytes(DAMAGED)
    result = run_cli("check", "--isolated", "--fix", "doc.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.read_bytes() == FIXED
    # the code, the front matter, the URL and the comments keep their damage
    for kept in (b"title: He called the the police", b"`the the`", b"https://example.com/the/the",
                 b"He called the the police.\n```", b"    He called the the police, indented.",
                 b"<!-- He called the the police. -->", b"| the | the |", b"<!-- end the the -->"):
        assert kept in target.read_bytes(), kept


def test_fix_keeps_crlf_and_a_toml_front_matter(tmp_path):
    source = DAMAGED.replace(b"---\ntitle: He called the the police\n---", b"+++\ntitle = 'the the'\n+++").replace(b"\n", b"\r\n")
    expected = FIXED.replace(b"---\ntitle: He called the the police\n---", b"+++\ntitle = 'the the'\n+++").replace(b"\n", b"\r\n")
    target = tmp_path / "doc.md"
    target.write_bytes(source)
    result = run_cli("check", "--isolated", "--fix", "doc.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.read_bytes() == expected


@pytest.mark.parametrize(
    "markdown",
    [
        "Use `the the` here.\n",
        "```\nthe the\n```\n",
        "~~~python\nx = 'the the'\n~~~\n",
        "    the the\n",
        "<div>\nthe the\n</div>\n",
        "A comment <!-- the the --> inline.\n",
        "See <https://example.com/the/the>.\n",
        "See https://example.com/the/the now.\n",
        "![the the](the.png)\n",
        "[a link](https://example.com/the/the \"the the\") here.\n",
        "[a link][the the]\n\n[the the]: https://example.com\n",
        "---\nkey: the the\n---\nFine prose.\n",
        "| the | the |\n|---|---|\n| a | b |\n",
        "Here is `the` the start.\n",   # the blank where the code was is not a word
    ],
)
def test_non_prose_is_not_linted(tmp_path, markdown):
    result = run_cli("check", "--isolated", "--format", "json", "-", "--stdin-filename", "doc.md", input=markdown)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == []


def test_plain_text_is_still_read_as_written(tmp_path):
    result = run_cli("check", "--isolated", "--format", "json", "-", "--stdin-filename", "doc.txt", input="Use `the the` here.\n")
    assert [f["rule"] for f in json.loads(result.stdout)] == ["duplicated-token/repeated-words"]


def test_disable_comments_keep_working_next_to_code(tmp_path):
    text = (
        "<!-- textlint-disable -->\n"
        "They flew to Bora Bora Bora.\n"
        "<!-- textlint-enable -->\n\n"
        "```\nthe the\n```\n\n"
        "He called the the police.\n"
    )
    result = run_cli("check", "--isolated", "--format", "json", "-", "--stdin-filename", "doc.md", input=text)
    assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)] == [("duplicated-token/repeated-words", 9)]


def test_a_fix_that_would_edit_syntax_is_not_offered(tmp_path):
    # the copy to delete sits right after inline code: the finding is real prose, but a fix
    # deleting across the code's blank would change the code, so it is dropped
    from textlint.diagnostics import Diagnostic, Edit, Fix
    from textlint.markdown import prose_view

    text = "He said `x` the the thing.\n"
    view = prose_view(text)
    start = text.index("the the")
    keep_fix = Diagnostic("d/r", "error", "m", start, start + 7, Fix("f", (Edit(start + 3, start + 7),)))
    over_code = Diagnostic("d/r", "error", "m", start, start + 7, Fix("f", (Edit(text.index("`"), start + 4),)))
    kept = view.keep([keep_fix, over_code])
    assert [d.fix is not None for d in kept] == [True, False]
    assert len(view.text) == len(text) and view.text.startswith("He said     the the")
