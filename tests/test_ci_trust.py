"""A CI result you can trust: a file that was asked for and not linted fails the run, in every
format; a clean run says so; a run that matched nothing warns."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from workflow_support import run_cli

LATIN1 = "Caf\xe9 au lait. He called the the police.\n".encode("latin-1")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "latin1.txt").write_bytes(LATIN1)
    (tmp_path / "clean.txt").write_text("Nothing is wrong here.\n", encoding="utf-8")
    return tmp_path


def test_an_undecodable_file_named_fails_the_run(project):
    result = run_cli("check", "--isolated", "latin1.txt", "clean.txt", cwd=project)
    assert result.returncode == 2
    assert result.stderr.decode() == "textlint: latin1.txt: not UTF-8 text (byte 3; use --encoding if it is in another encoding)\n"
    assert b"All checks passed" not in result.stdout


def test_an_undecodable_file_matched_in_a_folder_fails_the_run(project):
    result = run_cli("check", "--isolated", ".", cwd=project)
    assert result.returncode == 2
    assert "latin1.txt: not UTF-8 text" in result.stderr.decode()


def test_json_and_json_lines_carry_the_error(project):
    for name in ("json", "json-lines"):
        result = run_cli("check", "--isolated", "--format", name, "latin1.txt", cwd=project)
        assert result.returncode == 2
        text = result.stdout.decode()
        records = json.loads(text) if name == "json" else [json.loads(line) for line in text.splitlines()]
        assert records == [{"file": "latin1.txt", "error": "not UTF-8 text (byte 3; use --encoding if it is in another encoding)"}]


def test_sarif_says_the_run_did_not_succeed(project):
    result = run_cli("check", "--isolated", "--format", "sarif", "latin1.txt", "clean.txt", cwd=project)
    assert result.returncode == 2
    [invocation] = json.loads(result.stdout)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"].startswith("latin1.txt: not UTF-8 text")


def test_junit_has_an_erroring_case(project):
    result = run_cli("check", "--isolated", "--format", "junit", "latin1.txt", "clean.txt", cwd=project)
    assert result.returncode == 2
    root = ET.fromstring(result.stdout)
    assert root.get("errors") == "1"
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "latin1.txt")
    assert suite.get("errors") == "1"
    error = suite.find("testcase/error")
    assert error is not None and error.get("message").startswith("not UTF-8 text")


def test_github_annotates_the_file(project):
    result = run_cli("check", "--isolated", "--format", "github", "latin1.txt", cwd=project)
    assert result.returncode == 2
    assert result.stdout.decode().startswith("::error file=latin1.txt,title=textlint::not UTF-8 text (byte 3")


def test_encoding_reads_and_fixes_a_latin1_file_byte_for_byte(project):
    result = run_cli("check", "--isolated", "--encoding", "latin-1", "--format", "json", "latin1.txt", cwd=project)
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)
    assert (finding["rule"], finding["line"], finding["column"]) == ("duplicated-token/repeated-words", 1, 25)
    fixed = run_cli("check", "--isolated", "--encoding", "latin-1", "--fix", "latin1.txt", cwd=project)
    assert fixed.returncode == 0, fixed.stderr
    assert (project / "latin1.txt").read_bytes() == "Caf\xe9 au lait. He called the police.\n".encode("latin-1")


def test_an_unknown_encoding_is_a_usage_error(project):
    result = run_cli("check", "--encoding", "no-such-codec", "clean.txt", cwd=project)
    assert result.returncode == 2
    assert result.stderr.decode() == "textlint: --encoding: unknown encoding 'no-such-codec'\n"


def test_a_clean_run_says_so(project):
    result = run_cli("check", "--isolated", "clean.txt", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"All checks passed!\n", b"")


def test_a_run_that_matched_no_files_warns_and_exits_0(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "code.py").write_text("x = 1\n", encoding="utf-8")
    result = run_cli("check", "--isolated", "docs", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.decode() == "textlint: warning: no files to lint in docs (see 'include' and the ignore files)\n"
    assert result.stdout == b""  # not "All checks passed!": nothing was checked
