"""The conventions people expect of a command-line linter, tried through the real CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from workflow_support import UNSAFE_RULE, run_cli

DAMAGED = "He called the the police.\n"
ESCAPE = b"\x1b["


def run_with_env(*args, env, cwd=None, input=None, stdout_tty=False, stderr_tty=False):
    """The CLI with exactly these colour variables (run_cli drops NO_COLOR), optionally on a terminal."""
    import pty

    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    full.update(env)
    master = slave = None
    if stdout_tty or stderr_tty:
        master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "textlint", *map(str, args)], cwd=cwd, env=full,
            stdin=subprocess.PIPE, stdout=slave if stdout_tty else subprocess.PIPE,
            stderr=slave if stderr_tty else subprocess.PIPE,
        )
        if slave is not None:
            os.close(slave)
        captured = b""
        if master is not None:
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed: the process is done writing
                    break
                if not chunk:
                    break
                captured += chunk
        out, err = process.communicate(input, timeout=120)
    finally:
        if master is not None:
            os.close(master)
    return process.returncode, out or b"", err or b"", captured


@pytest.fixture
def damaged(tmp_path):
    (tmp_path / "doc.txt").write_text(DAMAGED, encoding="utf-8")
    return tmp_path


def test_colour_on_a_terminal_by_default(damaged):
    _, _, _, terminal = run_with_env("check", "--isolated", "doc.txt", env={"TERM": "xterm"}, cwd=damaged, stdout_tty=True)
    assert ESCAPE in terminal


@pytest.mark.parametrize("env", [{"NO_COLOR": "1", "TERM": "xterm"}, {"TERM": "dumb"}])
def test_no_color_and_a_dumb_terminal_turn_colour_off(damaged, env):
    code, _, _, terminal = run_with_env("check", "--isolated", "doc.txt", env=env, cwd=damaged, stdout_tty=True)
    assert code == 1 and b"duplicated-token/repeated-words" in terminal
    assert ESCAPE not in terminal


def test_force_color_colours_a_pipe(damaged):
    code, out, _, _ = run_with_env("check", "--isolated", "doc.txt", env={"FORCE_COLOR": "1"}, cwd=damaged)
    assert code == 1 and ESCAPE in out
    _, plain, _, _ = run_with_env("check", "--isolated", "doc.txt", env={"FORCE_COLOR": ""}, cwd=damaged)
    assert ESCAPE not in plain  # an empty value is unset, as the convention says


def test_the_flag_wins_over_the_environment(damaged):
    _, out, _, _ = run_with_env("check", "--isolated", "--color", "always", "doc.txt", env={"NO_COLOR": "1"}, cwd=damaged)
    assert ESCAPE in out
    _, out, _, _ = run_with_env("check", "--isolated", "--color", "never", "doc.txt", env={"FORCE_COLOR": "1"}, cwd=damaged)
    assert ESCAPE not in out


def test_stdin_filename_without_a_dash_reads_stdin(tmp_path):
    result = run_cli("check", "--isolated", "--stdin-filename", "notes.md", "--format", "json", input=DAMAGED, cwd=tmp_path)
    assert result.returncode == 1
    assert [(f["file"], f["rule"]) for f in json.loads(result.stdout)] == [("notes.md", "duplicated-token/repeated-words")]


def test_a_hint_names_the_unsafe_fixes_left_out(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mister.toml").write_text(UNSAFE_RULE, encoding="utf-8")
    (tmp_path / "doc.txt").write_text("He called the the police. Mister Smith and Mister Jones agreed.\n", encoding="utf-8")
    args = ("check", "--isolated", "--no-source", "--select", "duplicated-token", "--rules", "rules")
    result = run_cli(*args, "doc.txt", cwd=tmp_path)
    assert result.stdout.decode().endswith("Found 3 problems in 1 file (1 fixable with --fix, 2 more with --unsafe-fixes).\n")
    fixed = run_cli(*args, "--fix", "doc.txt", cwd=tmp_path)
    assert fixed.stdout.decode().endswith("Found 2 problems in 1 file (2 fixable with --fix --unsafe-fixes).\n")


def test_explain_finds_a_rule_by_its_name(tmp_path):
    result = run_cli("explain", "repeated-words")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("duplicated-token/repeated-words  (repetition, error)")
    typo = run_cli("explain", "repeted-words")
    assert typo.returncode == 2
    assert typo.stderr.decode() == "textlint: unknown rule 'repeted-words' (did you mean duplicated-token/repeated-words?)\n"


def test_rules_as_json(tmp_path):
    result = run_cli("rules", "--format", "json")
    assert result.returncode == 0
    listed = json.loads(result.stdout)
    text = run_cli("rules").stdout.decode().splitlines()
    assert [r["id"] for r in listed] == [line.split()[0] for line in text]
    repeated = next(r for r in listed if r["id"] == "duplicated-token/repeated-words")
    assert (repeated["category"], repeated["kind"], repeated["severity"], repeated["fix"]) == ("duplicated-token", "repetition", "error", "safe")
    assert repeated["summary"] and repeated["path"].endswith("repeated-words.toml")


def test_the_progress_bar_shows_a_rate_and_an_eta(tmp_path):
    for index in range(60):
        (tmp_path / f"doc{index:02}.txt").write_text(f"Document {index} is fine.\n", encoding="utf-8")
    code, _, _, terminal = run_with_env("check", "--isolated", "--jobs", "1", ".", env={}, cwd=tmp_path, stderr_tty=True)
    assert code == 0, terminal
    shown = terminal.decode()
    assert re.search(r"\] 60/60 files  \d+ files/s  ETA 0s", shown), shown
    assert re.search(r"\] 10/60 files  \d+ files/s  ETA (\d+s|\d+:\d\d)", shown), shown
