"""`textlint check --fix / --unsafe-fixes / --diff`, through the real CLI.

No data loss: only the flagged text changes (compared byte for byte, with
CRLF, CR, a BOM and no final newline), the file is replaced atomically with
its mode kept, and a second `--fix` changes nothing.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest

from workflow_support import UNSAFE_RULE, run_cli

DUP = "He called the the police."
DUP_FIXED = "He called the police."
JUNK = "Folks Folks Folks our communities and our families"
SELECT = ("--isolated", "--select", "duplicated-token,trailing-junk")


def fix(path, *extra):
    return run_cli("check", "--fix", "--no-source", *SELECT, *extra, path)


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param(f"Intro.\n{DUP}\nThe end.\n", f"Intro.\n{DUP_FIXED}\nThe end.\n", id="lf"),
        pytest.param(f"Intro.\r\n{DUP}\r\nThe end.\r\n", f"Intro.\r\n{DUP_FIXED}\r\nThe end.\r\n", id="crlf"),
        pytest.param(f"Intro.\r{DUP}\rThe end.\r", f"Intro.\r{DUP_FIXED}\rThe end.\r", id="cr"),
        pytest.param(f"Intro.\n{DUP}", f"Intro.\n{DUP_FIXED}", id="no-final-newline"),
        pytest.param(f"\ufeffIntro.\r\n{DUP}\r\n", f"\ufeffIntro.\r\n{DUP_FIXED}\r\n", id="bom-crlf"),
        pytest.param(
            f"The mayor spoke on Monday.\r\n{DUP}\r\n{JUNK}\r\n",
            f"The mayor spoke on Monday.\r\n{DUP_FIXED}\r\n",
            id="junk-crlf",
        ),
        pytest.param(
            f"\ufeffThe mayor spoke on Monday.\n{JUNK}", "\ufeffThe mayor spoke on Monday.", id="junk-bom-no-final-newline"
        ),
        pytest.param("Tabs\tand  double  spaces, é and 😀 stay.\n" + DUP + "  \n",
                     "Tabs\tand  double  spaces, é and 😀 stay.\n" + DUP_FIXED + "  \n", id="unicode-and-spacing"),
    ],
)
def test_fix_changes_only_the_flagged_bytes(tmp_path, before, after):
    target = tmp_path / "doc.txt"
    target.write_bytes(before.encode("utf-8"))
    result = fix(target)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert target.read_bytes() == after.encode("utf-8")
    assert b"Fixed" in result.stdout

    again = fix(target)  # idempotent: nothing left to fix, nothing written
    assert again.returncode == 0
    assert target.read_bytes() == after.encode("utf-8")
    assert b"Fixed" not in again.stdout


def test_fix_keeps_mode_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_text(f"{DUP}\n", encoding="utf-8")
    os.chmod(target, 0o640)
    inode = os.stat(target).st_ino
    assert fix(target).returncode == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert os.stat(target).st_ino != inode  # replaced by rename, not rewritten in place
    assert sorted(os.listdir(tmp_path)) == ["doc.txt"]
    assert target.read_text(encoding="utf-8") == f"{DUP_FIXED}\n"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_fix_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(f"{DUP}\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert fix(link).returncode == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == f"{DUP_FIXED}\n"


def test_fix_reports_what_is_left_and_exits_1(tmp_path):
    target = tmp_path / "doc.txt"
    # the entity finding has no fix: it is what is left after --fix
    target.write_text(f"{DUP}\nIn a statement she Mayor Ada Kowalski to find the money.\n", encoding="utf-8")
    result = run_cli("check", "--fix", "--no-source", "--isolated", target)
    out = result.stdout.decode()
    assert result.returncode == 1, out
    assert "duplicated-token" not in out
    assert "entity-in-verb-position" in out
    assert "Fixed 1 problem in 1 file; 1 left." in out
    assert target.read_text(encoding="utf-8").startswith(DUP_FIXED + "\n")


def test_several_fixes_in_one_file_and_nested_repeats(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_text("the the police and the the mayor. But as Mr. Mr. Trump said.\n", encoding="utf-8")
    assert fix(target).returncode == 0
    assert target.read_text(encoding="utf-8") == "the police and the mayor. But as Mr. Trump said.\n"


def test_diff_shows_changes_without_writing(tmp_path):
    target = tmp_path / "doc.txt"
    original = f"Intro.\n{DUP}\nThe end.".encode()
    target.write_bytes(original)
    result = run_cli("check", "--diff", *SELECT, target, cwd=tmp_path)
    assert result.returncode == 1
    assert target.read_bytes() == original
    diff = result.stdout.decode()
    assert diff.startswith("--- a/doc.txt\n+++ b/doc.txt\n")
    assert f"-{DUP}\n+{DUP_FIXED}\n" in diff
    assert "Would fix 1 problem in 1 file." in result.stderr.decode()


def test_diff_of_a_clean_file_is_empty_and_exits_0(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_text("All is well.\n", encoding="utf-8")
    result = run_cli("check", "--diff", *SELECT, target)
    assert result.returncode == 0
    assert result.stdout == b""


def test_diff_marks_a_missing_final_newline(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_bytes(DUP.encode())
    result = run_cli("check", "--diff", *SELECT, target, cwd=tmp_path)
    assert result.stdout.decode().endswith(f"-{DUP}\n\\ No newline at end of file\n+{DUP_FIXED}\n\\ No newline at end of file\n")


def test_fix_on_stdin_writes_the_fixed_text_to_stdout_and_the_report_to_stderr():
    raw = f"\ufeffIntro.\r\n{DUP}\r\nShe Mayor Ada Kowalski to find it.".encode()
    result = run_cli("check", "--fix", "--isolated", "-", input=raw)
    assert result.stdout == f"\ufeffIntro.\r\n{DUP_FIXED}\r\nShe Mayor Ada Kowalski to find it.".encode()
    assert b"Fixed 1 problem" in result.stderr
    assert result.returncode in (0, 1)


def test_fix_on_stdin_passes_undecodable_input_through():
    raw = b"caf\xe9 the the\n"
    result = run_cli("check", "--fix", "--isolated", "-", input=raw)
    assert result.stdout == raw
    assert b"not UTF-8" in result.stderr


def test_unsafe_fixes_only_with_unsafe_fixes(tmp_path):
    rule = tmp_path / "rules" / "mister.toml"
    rule.parent.mkdir()
    rule.write_text(UNSAFE_RULE, encoding="utf-8")
    target = tmp_path / "doc.txt"
    target.write_text(f"{DUP} Mister Smith agreed.\n", encoding="utf-8")
    args = ("--no-source", "--isolated", "--select", "duplicated-token", "--rules", rule.parent)

    safe = run_cli("check", "--fix", *args, target)
    assert target.read_text(encoding="utf-8") == f"{DUP_FIXED} Mister Smith agreed.\n", safe.stderr.decode()
    assert safe.returncode == 1  # the unsafe fix is left

    unsafe = run_cli("check", "--fix", "--unsafe-fixes", *args, target)
    assert unsafe.returncode == 0, unsafe.stdout.decode() + unsafe.stderr.decode()
    assert target.read_text(encoding="utf-8") == f"{DUP_FIXED} Mr. Smith agreed.\n"


def test_unsafe_fixes_without_fix_is_a_usage_error(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_text(DUP, encoding="utf-8")
    result = run_cli("check", "--unsafe-fixes", target)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "textlint: --unsafe-fixes applies with --fix or --diff"


def test_fix_in_parallel_over_a_folder(tmp_path):
    for index in range(12):
        (tmp_path / f"doc{index:02}.txt").write_text(f"Intro {index}.\n{DUP}\n", encoding="utf-8")
    result = run_cli("check", "--fix", "--jobs", "2", *SELECT, tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    for index in range(12):
        assert (tmp_path / f"doc{index:02}.txt").read_text(encoding="utf-8") == f"Intro {index}.\n{DUP_FIXED}\n"
    assert "Fixed 12 problems in 12 files" in result.stdout.decode()


def test_a_read_only_folder_is_an_error_not_a_loss(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "doc.txt"
    target.write_text(f"{DUP}\n", encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        result = fix(target)
    finally:
        os.chmod(folder, 0o755)
    assert result.returncode == 2
    assert "cannot write the fixed file" in result.stderr.decode()
    assert target.read_text(encoding="utf-8") == f"{DUP}\n"
