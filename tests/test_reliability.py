"""Bad input and faults, through the real CLI: each ends in one clear line and a
documented exit code, or works; never a traceback, a hang or a lost byte.

Every case here was found by a fuzz and fault run against the CLI (issue 12);
each test fails on the code before its fix (a hang shows as the subprocess
timing out).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workflow_support import run_cli, shared_or_skip

DUP = "He called the the police."
JUNK = "Folks Folks Folks our communities and our families"
HANG = 30  # seconds: far more than any of these runs needs, far less than a hang


def no_traceback(result) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err


def one_error_line(result, *fragments) -> str:
    """The run exited 2 with one `textlint: ...` line holding every fragment."""
    err = no_traceback(result)
    assert result.returncode == 2, (result.returncode, err)
    lines = [line for line in err.splitlines() if all(f in line for f in fragments)]
    assert len(lines) == 1 and lines[0].startswith("textlint: "), err
    return lines[0]


def rule_file(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def text_file(tmp_path: Path, text: str = f"{DUP}\n", name: str = "s.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PATTERN_RULE = 'id = "custom/word"\nkind = "pattern"\nmessage = "{match}"\npattern = "\\\\w+"\n'


# -- hangs: only regular files are read ------------------------------------------------


def test_a_fifo_in_a_folder_is_skipped_and_a_named_one_is_an_error(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    text_file(folder, "Nothing wrong here.\n", "ok.txt")
    walked = run_cli("check", "--isolated", folder, timeout=HANG)
    assert walked.returncode == 0, no_traceback(walked)
    named = run_cli("check", "--isolated", folder / "pipe.txt", timeout=HANG)
    assert "pipe.txt: cannot read: not a regular file" in one_error_line(named, "pipe.txt")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_skipped_in_a_folder_and_an_error_when_named(tmp_path, device):
    folder = tmp_path / "d"
    folder.mkdir()
    os.symlink(device, folder / "a.txt")
    text_file(folder, f"{DUP}\n", "b.txt")
    walked = run_cli("check", "--isolated", "--format", "json", folder, timeout=HANG)
    assert walked.returncode == 1, no_traceback(walked)
    assert {Path(f["file"]).name for f in json.loads(walked.stdout)} == {"b.txt"}
    named = run_cli("check", "--isolated", folder / "a.txt", timeout=HANG)
    one_error_line(named, "a.txt", "not a regular file")


def test_a_baseline_that_is_a_device_is_an_error(tmp_path):
    result = run_cli("check", "--isolated", "--baseline", "/dev/zero", text_file(tmp_path), timeout=HANG)
    one_error_line(result, "/dev/zero", "cannot read baseline: not a regular file")


def test_a_rule_pack_holding_a_link_to_dev_zero_is_an_error(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    os.symlink("/dev/zero", pack / "zero.toml")
    result = run_cli("check", "--isolated", "--rules", pack, text_file(tmp_path), timeout=HANG)
    one_error_line(result, "zero.toml", "not a regular file")


# -- every user regex is bounded -------------------------------------------------------

RUNAWAY_TEXT = "word " + "a" * 40 + "b word\n"


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(PATTERN_RULE + 'exceptions = ["(a|aa)+c"]\n', id="pattern-exception"),
        pytest.param(PATTERN_RULE.replace('"\\\\w+"', '"(a|aa)+c"'), id="pattern"),
        pytest.param(
            'id = "custom/token"\nkind = "sequence"\nmessage = "{match}"\n'
            'pattern = [{ regex = "(a|aa)+c", flag = true }]\n',
            id="sequence-element-regex",
        ),
    ],
)
def test_a_runaway_user_regex_times_out_as_a_rule_failure(tmp_path, rule):
    rules = rule_file(tmp_path / "runaway.toml", rule)
    started = time.monotonic()
    result = run_cli("check", "--isolated", "--no-builtin-rules", "--rules", rules, text_file(tmp_path, RUNAWAY_TEXT), timeout=60)
    elapsed = time.monotonic() - started
    one_error_line(result, "s.txt", "failed: timed out")
    assert elapsed < HANG, elapsed


# -- tracebacks: load-time errors naming the file ---------------------------------------

DEEP = "[" * 100000 + "]" * 100000


@pytest.mark.parametrize(
    "name, content, args",
    [
        pytest.param("n.toml", f"x = {DEEP}\n", ("--isolated", "--rules", "n.toml"), id="rule-file"),
        pytest.param("textlint.toml", f"x = {DEEP}\n", (), id="textlint.toml"),
        pytest.param("pyproject.toml", f"[tool.textlint]\nx = {DEEP}\n", (), id="pyproject"),
    ],
)
def test_deeply_nested_toml_is_one_error(tmp_path, name, content, args):
    (tmp_path / name).write_text(content, encoding="utf-8")
    text_file(tmp_path)
    result = run_cli("check", *args, "s.txt", cwd=tmp_path)
    one_error_line(result, name, "nested too deeply")


def test_a_deeply_nested_baseline_is_one_error(tmp_path):
    (tmp_path / "base.json").write_text(DEEP, encoding="utf-8")
    result = run_cli("check", "--isolated", "--baseline", "base.json", text_file(tmp_path), cwd=tmp_path)
    one_error_line(result, "base.json", "nested too deeply")


def test_a_table_where_the_kind_belongs(tmp_path):
    rules = rule_file(tmp_path / "k.toml", 'id = "custom/kind"\nkind = { a = 1 }\nmessage = "m"\n')
    result = run_cli("check", "--isolated", "--rules", rules, text_file(tmp_path))
    assert "k.toml:2: rule 'custom/kind': unknown kind" in one_error_line(result, "k.toml")


@pytest.mark.parametrize(
    "message, problem",
    [
        ("{match.foo}", "unknown placeholder {match.foo}"),
        ("{x[a]}", "unknown placeholder {x[a]}"),
        ("{match:>99999999999}", "{match} takes no format"),
        ("{match:{x}}", "{match} takes no format"),
        ("{match!r}", "{match} takes no format or conversion"),
        ("{nope}", "unknown placeholder {nope}"),
        ("{copy}", "unknown placeholder {copy}"),  # a repetition rule's, not a pattern's
        ("{match", "expected '}'"),
    ],
)
def test_message_placeholders_are_checked_at_load_time(tmp_path, message, problem):
    body = PATTERN_RULE.replace('message = "{match}"', f'message = "{message}"')
    rules = rule_file(tmp_path / "m.toml", body)
    # the text does not match: the check happens at load time, not at the first finding
    result = run_cli("check", "--isolated", "--rules", rules, text_file(tmp_path, "!\n"))
    line = one_error_line(result, "m.toml:3:")
    assert "rule 'custom/word': bad placeholder in 'message'" in line and problem in line, line


def test_documented_placeholders_still_work(tmp_path):
    rules = rule_file(
        tmp_path / "r.toml",
        'id = "custom/again"\nkind = "repetition"\nmessage = "{copy} twice ({match}, {{literal}})"\n',
    )
    result = run_cli("check", "--isolated", "--no-builtin-rules", "--rules", rules, "--format", "json", text_file(tmp_path))
    assert result.returncode == 1, no_traceback(result)
    assert [f["message"] for f in json.loads(result.stdout)] == ["the twice (the the, {literal})"]


def _closing(fd: int):
    return lambda: os.close(fd)


def _cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "textlint", *map(str, args)], timeout=HANG, **kwargs)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_report_to_a_full_disk_is_one_error(tmp_path):
    target = text_file(tmp_path)
    to_file = _cli("check", "--isolated", target, "-o", "/dev/full", capture_output=True)
    one_error_line(to_file, "/dev/full: cannot write the report: No space left on device")
    with open("/dev/full", "wb") as full:
        to_stdout = _cli("check", "--isolated", target, stdout=full, stderr=subprocess.PIPE)
    line = one_error_line(to_stdout, "cannot write the report to standard output")
    assert "Exception ignored" not in to_stdout.stderr.decode()
    assert line.endswith("No space left on device")
    with open("/dev/full", "wb") as full:
        fixed = _cli("check", "--fix", "-", input=DUP.encode(), stdout=full, stderr=subprocess.PIPE)
    one_error_line(fixed, "cannot write the fixed text to standard output")


def test_closed_stdout_and_stdin_are_one_error(tmp_path):
    target = text_file(tmp_path)
    no_stdout = _cli("check", "--isolated", target, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_closing(1))
    one_error_line(no_stdout, "standard output is closed")
    written = _cli("check", "--isolated", target, "-o", tmp_path / "r.txt", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_closing(1))
    assert written.returncode == 1 and "the the" in (tmp_path / "r.txt").read_text(encoding="utf-8")
    no_stdin = _cli("check", "-", stdin=subprocess.DEVNULL, capture_output=True, preexec_fn=_closing(0))
    one_error_line(no_stdin, "-: cannot read standard input: it is closed")


def test_sarif_with_a_file_name_that_is_not_utf8(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    name = os.fsdecode(b"bad\xff.txt")
    (tmp_path / name).write_bytes(f"{DUP}\n".encode())
    for output in (("-o", "out.sarif"), ()):
        result = run_cli("check", "--isolated", "--format", "sarif", *output, ".", cwd=tmp_path)
        assert result.returncode == 1, no_traceback(result)
        raw = (tmp_path / "out.sarif").read_bytes() if output else result.stdout
        log = json.loads(raw.decode("utf-8"))  # valid UTF-8 JSON
        (uri,) = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
        assert uri == "bad%FF.txt"  # the name's bytes, percent-encoded
    schema = json.loads(shared_or_skip("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


def test_other_formats_to_a_file_with_a_name_that_is_not_utf8(tmp_path):
    (tmp_path / os.fsdecode(b"bad\xff.txt")).write_bytes(f"{DUP}\n".encode())
    for form in ("json", "junit", "text", "github", "json-lines"):
        result = run_cli("check", "--isolated", "--format", form, "-o", f"out.{form}", ".", cwd=tmp_path)
        assert result.returncode == 1, (form, no_traceback(result))
        assert b"bad\xff.txt" in (tmp_path / f"out.{form}").read_bytes()  # the name as on disk


def _sequence(elements: int) -> str:
    body = ",\n".join(["  { is-word = true, min = 0 }"] * elements + ['  { words = ["end"], flag = true }'])
    return f'id = "custom/long"\nkind = "sequence"\nmessage = "m"\npattern = [\n{body}\n]\n'


def test_a_sequence_pattern_too_deep_to_match_is_a_load_time_error(tmp_path):
    rules = rule_file(tmp_path / "seq.toml", _sequence(400))
    result = run_cli("check", "--isolated", "--rules", rules, text_file(tmp_path, "the " * 500 + "end.\n"))
    line = one_error_line(result, "seq.toml:4: rule 'custom/long': 'pattern' is too complex")
    assert "RecursionError" not in result.stderr.decode(), line


def test_a_long_sequence_of_single_tokens_is_fine(tmp_path):
    body = ",\n".join(['  { is-word = true }'] * 250 + ['  { words = ["end"], flag = true }'])
    rules = rule_file(tmp_path / "seq.toml", f'id = "custom/long"\nkind = "sequence"\nmessage = "m"\npattern = [\n{body}\n]\n')
    result = run_cli("check", "--isolated", "--no-builtin-rules", "--rules", rules, "--format", "json", text_file(tmp_path, "word " * 300 + "end.\n"))
    assert result.returncode == 1, no_traceback(result)
    assert [f["rule"] for f in json.loads(result.stdout)] == ["custom/long"]


# -- validation gaps --------------------------------------------------------------------


@pytest.mark.parametrize("replacement", ["\\\\9", "\\\\g<nope>", "\\\\q"])
def test_a_bad_replacement_is_a_load_time_error_naming_the_rule_file(tmp_path, replacement):
    rules = rule_file(tmp_path / "rep.toml", PATTERN_RULE + f'fix = true\nreplacement = "{replacement}"\n')
    result = run_cli("check", "--isolated", "--rules", rules, text_file(tmp_path, "!\n"))
    one_error_line(result, "rep.toml:6: rule 'custom/word': bad replacement")


def test_good_replacements_are_accepted(tmp_path):
    rules = rule_file(
        tmp_path / "rep.toml",
        PATTERN_RULE.replace('"\\\\w+"', '"colou(?P<plural>r(s?))"') + 'fix = true\nreplacement = "colo\\\\1\\\\g<plural>"\n',
    )
    target = text_file(tmp_path, "Two colours.\n")
    result = run_cli("check", "--isolated", "--no-builtin-rules", "--rules", rules, "--fix", target)
    assert result.returncode == 0, no_traceback(result)
    assert target.read_text(encoding="utf-8") == "Two colorsrs.\n"


@pytest.mark.parametrize("key, value", [("max-lines", -1), ("max-words", 0), ("min-words", -3)])
def test_negative_counts_are_rejected(tmp_path, key, value):
    rules = rule_file(
        tmp_path / "t.toml", f'id = "custom/junk"\nkind = "trailing"\nmessage = "m"\n{key} = {value}\n'
    )
    result = run_cli("check", "--isolated", "--rules", rules, text_file(tmp_path))
    one_error_line(result, f"t.toml:4: rule 'custom/junk': '{key}' must be at least")


def test_a_lexicon_that_is_not_utf8_is_an_error_even_if_unused(tmp_path):
    pack = tmp_path / "pack"
    rule_file(pack / "classes.toml", '# classes\n[classes.latin1]\ndescription = "x"\nfile = "words.txt"\n')
    (pack / "words.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    result = run_cli("check", "--isolated", "--rules", pack, text_file(tmp_path))
    line = one_error_line(result, "classes.toml:4: class 'latin1': lexicon file words.txt: not UTF-8 text")
    assert "byte 3" in line


@pytest.mark.parametrize(
    "body, line",
    [
        ('# a class\n\n[classes.mine]\nwords = ["a"]\ninclude = ["nowhere"]\n', 3),
        ('[classes]\nother = { words = ["b"] }\nmine = { include = ["nowhere"] }\n', 3),
        ('classes.mine = { include = ["nowhere"] }\n', 1),
    ],
)
def test_an_unknown_included_class_has_its_line(tmp_path, body, line):
    rules = rule_file(tmp_path / "c.toml", body)
    result = run_cli("check", "--isolated", "--rules", rules, text_file(tmp_path))
    one_error_line(result, f"c.toml:{line}: class 'mine' includes unknown class 'nowhere'")


def test_one_rule_id_in_two_files_of_a_pack_is_an_error_naming_both(tmp_path):
    pack = tmp_path / "pack"
    rule_file(pack / "a.toml", PATTERN_RULE)
    rule_file(pack / "b.toml", "# the same rule, copied\n" + PATTERN_RULE)
    result = run_cli("check", "--isolated", "--rules", pack, text_file(tmp_path))
    line = one_error_line(result, "b.toml:2: rule 'custom/word' is also defined in")
    assert line.endswith(str(pack / "a.toml"))


def test_a_later_pack_still_replaces_a_rule_on_purpose(tmp_path):
    first = rule_file(tmp_path / "one" / "a.toml", PATTERN_RULE)
    second = rule_file(tmp_path / "two" / "a.toml", PATTERN_RULE.replace("\\\\w+", "police"))
    result = run_cli("check", "--isolated", "--no-builtin-rules", "--rules", first.parent, "--rules", second.parent, "--format", "json", text_file(tmp_path))
    assert result.returncode == 1, no_traceback(result)
    assert [f["message"] for f in json.loads(result.stdout)] == ["police"]


def _without_root_reading():
    """For root: drop the capabilities that let it read any folder, in the child only
    (PR_CAPBSET_DROP of CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH before exec)."""
    if os.geteuid() != 0:
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2
    probe = subprocess.run(
        [sys.executable, "-c", "import ctypes,sys; l=ctypes.CDLL(None); sys.exit(l.prctl(24, 1, 0, 0, 0) != 0)"], timeout=30
    )
    if probe.returncode != 0:
        pytest.skip("running as root without CAP_SETPCAP: cannot make a folder unreadable")

    def drop() -> None:
        libc.prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0)
        libc.prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0)

    return drop


def test_an_unreadable_folder_is_a_warning(tmp_path):
    preexec = _without_root_reading()
    text_file(tmp_path, f"{DUP}\n", "a.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    text_file(locked, f"{DUP}\n", "b.txt")
    locked.chmod(0)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "textlint", "check", "--isolated", "--format", "json", "."],
            cwd=tmp_path, capture_output=True, timeout=120, preexec_fn=preexec,
        )
    finally:
        locked.chmod(0o755)
    err = no_traceback(result)
    assert result.returncode == 1, err
    assert [Path(f["file"]).name for f in json.loads(result.stdout)] == ["a.txt"]
    assert "textlint: ./locked: cannot read folder: Permission denied, skipped" in err.splitlines()


# -- --fix ------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_fix_as_root_keeps_the_owner_and_group(tmp_path):
    target = text_file(tmp_path, f"Intro.\n{DUP}\n")
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    result = run_cli("check", "--isolated", "--fix", target)
    assert result.returncode == 0, no_traceback(result)
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)
    assert target.read_text(encoding="utf-8") == "Intro.\nHe called the police.\n"


@pytest.mark.parametrize(
    "before, after",
    [
        (f"The mayor spoke on Monday.\n\n{JUNK}", "The mayor spoke on Monday."),
        (f"The mayor spoke on Monday.\r\n\r\n{JUNK}", "The mayor spoke on Monday."),
        (f"The mayor spoke on Monday.  \n \n{JUNK}  ", "The mayor spoke on Monday.  "),
        (f"The mayor spoke on Monday.\n\n{JUNK}\n", "The mayor spoke on Monday.\n\n"),
    ],
)
def test_deleting_junk_keeps_a_missing_final_newline_missing(tmp_path, before, after):
    target = tmp_path / "doc.txt"
    target.write_bytes(before.encode())
    result = run_cli("check", "--isolated", "--select", "trailing-junk", "--fix", target)
    assert result.returncode == 0, no_traceback(result)
    assert target.read_bytes() == after.encode()


@pytest.mark.parametrize("context", ["3", '"a [[marked]] span."'])
def test_an_examples_context_that_is_not_plain_text_names_its_line(tmp_path, context):
    body = PATTERN_RULE + f'\n[examples]\nbad = ["[[a]]"]\ngood = []\ncontext = {context}\n'
    rules = rule_file(tmp_path / "c.toml", body)
    result = run_cli("check", "--isolated", "--rules", rules, text_file(tmp_path))
    assert "rule 'custom/word': 'context' must be a string without [[marks]]" in one_error_line(result, "c.toml:9:")
