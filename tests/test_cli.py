"""`textlint check`, `rules` and the exit-code contract, through the real CLI in a subprocess."""

from __future__ import annotations

import json

import pytest

from workflow_support import REPO, run_cli

DAMAGED = "In a statement on Monday, Mayor Ada Kowalski said she Mayor Ada Kowalski to find the money.\n"
DUPLICATE = "The council called the the police on Monday.\n"
CLEAN = "The council met on Monday and agreed to keep the shelters open.\n"


def out(result) -> str:
    return result.stdout.decode("utf-8")


def err(result) -> str:
    return result.stderr.decode("utf-8")


def assert_no_traceback(result) -> None:
    assert "Traceback" not in err(result) and "Traceback" not in out(result)


def findings(result):
    return json.loads(out(result))


def test_clean_file_exits_0_and_says_so(tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", tmp_path / "clean.txt")
    assert result.returncode == 0, err(result)
    assert out(result) == "All checks passed!\n"
    assert err(result) == ""


def test_findings_exit_1_with_source_line_and_marker(tmp_path):
    path = tmp_path / "dup.txt"
    path.write_text(DUPLICATE, encoding="utf-8")
    result = run_cli("check", path)
    assert result.returncode == 1
    lines = out(result).splitlines()
    assert lines[0] == f"{path}:1:20: duplicated-token/repeated-words [*] “the” is repeated back to back"
    assert lines[1].endswith("| The council called the the police on Monday.")
    marker = lines[2]
    assert marker.index("^") - marker.index("|") - 2 == 19 and marker.count("^") == len("the the")
    assert "\033[" not in out(result), "no colour when stdout is not a terminal"
    assert lines[-1] == "Found 1 problem in 1 file (1 fixable with --fix)."


def test_json_has_the_documented_fields_in_unicode_columns(tmp_path):
    path = tmp_path / "quotes.txt"
    # Curly quotes and an emoji before the finding: columns count characters.
    path.write_text("“Well” 😀 she said the the end.\n", encoding="utf-8")
    result = run_cli("check", path, "--format", "json")
    assert result.returncode == 1
    [finding] = findings(result)
    assert finding["rule"] == "duplicated-token/repeated-words"
    assert finding["severity"] == "error"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 19, 1, 26)
    text = path.read_text(encoding="utf-8")
    assert text[finding["column"] - 1 : finding["end_column"] - 1] == "the the"
    assert finding["fix"]["safe"] is True
    assert finding["fix"]["edits"] == [{"line": 1, "column": 22, "end_line": 1, "end_column": 26, "replacement": ""}]
    assert set(finding) == {"file", "rule", "severity", "message", "line", "column", "end_line", "end_column", "fix"}


def test_entity_finding_covers_the_pasted_mention(tmp_path):
    path = tmp_path / "entity.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    [finding] = findings(run_cli("check", path, "--format", "json"))
    assert finding["rule"] == "entity-in-verb-position/after-subject-pronoun"
    assert DAMAGED[finding["column"] - 1 : finding["end_column"] - 1] == "Mayor Ada Kowalski"
    assert "fix" not in finding


def test_stdin_with_a_name(tmp_path):
    result = run_cli("check", "-", "--stdin-filename", "notes/today.txt", "--format", "json", input=DUPLICATE)
    assert result.returncode == 1
    assert [f["file"] for f in findings(result)] == ["notes/today.txt"]
    plain = run_cli("check", "-", input=CLEAN)
    assert plain.returncode == 0 and out(plain) == "All checks passed!\n"


def test_folders_are_searched_recursively_for_text_and_markdown(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(DUPLICATE, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.md").write_text(DUPLICATE, encoding="utf-8")
    (tmp_path / "a" / "b" / "three.py").write_text(DUPLICATE, encoding="utf-8")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "four.txt").write_text(DUPLICATE, encoding="utf-8")
    result = run_cli("check", tmp_path / "a", "--format", "json")
    files = sorted(f["file"] for f in findings(result))
    assert files == sorted([str(tmp_path / "a" / "b" / "two.md"), str(tmp_path / "a" / "one.txt")])
    named = run_cli("check", tmp_path / "a" / "b" / "three.py", "--format", "json")
    assert [f["file"] for f in findings(named)] == [str(tmp_path / "a" / "b" / "three.py")]


def test_select_and_ignore_by_prefix(tmp_path):
    path = tmp_path / "both.txt"
    path.write_text(DAMAGED + DUPLICATE, encoding="utf-8")

    def rules(*args):
        return sorted({f["rule"].split("/")[0] for f in findings(run_cli("check", path, "--format", "json", *args))})

    assert rules() == ["duplicated-token", "entity-in-verb-position"]
    assert rules("--select", "duplicated-token") == ["duplicated-token"]
    assert rules("--ignore", "duplicated-token/repeated-words") == ["entity-in-verb-position"]
    assert rules("--select", "entity-in-verb-position,duplicated-token", "--ignore", "entity-in-verb-position") == ["duplicated-token"]
    unknown = run_cli("check", path, "--select", "no-such-rule")
    assert unknown.returncode == 2 and "no-such-rule" in err(unknown)


def test_extra_rule_file_is_added_to_the_builtin_pack(tmp_path):
    rule = tmp_path / "rule.toml"
    rule.write_text(
        'id = "house-style/utilise"\nkind = "pattern"\nmessage = "say use"\npattern = "\\\\butilise\\\\b"\n'
        '[examples]\nbad = ["we [[utilise]] it"]\ngood = ["we use it"]\n',
        encoding="utf-8",
    )
    path = tmp_path / "doc.txt"
    path.write_text("We utilise the the budget.\n", encoding="utf-8")
    got = sorted(f["rule"] for f in findings(run_cli("check", path, "--rules", rule, "--format", "json")))
    assert got == ["duplicated-token/repeated-words", "house-style/utilise"]
    listed = out(run_cli("rules", "--rules", rule))
    assert "house-style/utilise" in listed and "duplicated-token/repeated-words" in listed


@pytest.mark.parametrize(
    "content, expected",
    [
        ('id = "x/y"\nkind = \n', "bad.toml:2: invalid TOML"),
        ('id = "x/y"\nkind = "nope"\nmessage = "m"\n', "bad.toml:2: rule 'x/y': unknown kind 'nope'"),
        ('id = "x/y"\nkind = "pattern"\nmessage = "m"\npattern = "(unclosed"\n', "bad.toml:4: rule 'x/y': bad regular expression"),
        ('id = "x/y"\nkind = "sequence"\nmessage = "m"\npattern = [{ class = "nosuch", flag = true }]\n', "bad.toml:4: rule 'x/y': pattern[0]: unknown word class 'nosuch'"),
        ('id = "x/y"\nkind = "pattern"\nmessage = "m"\npattern = "a"\ncolour = "red"\n', "bad.toml:5: rule 'x/y': unknown key 'colour'"),
        ('id = "x/y"\nkind = "sequence"\nmessage = "m"\npattern = [{ mention = "phrase" }, { same-words-as = 1, flag = true }]\n',
         "bad.toml:4: rule 'x/y': pattern[1]: 'same-words-as' must be the index of an earlier element"),
        # an error in a later element of a multi-line array names that element's line
        ('id = "x/y"\nkind = "sequence"\nmessage = "m"\npattern = [\n  { words = ["a"] },\n  { words = ["b"] },\n'
         '  # a comment, { not an element }\n  { words = "c", flag = true },\n]\n',
         "bad.toml:8: rule 'x/y': pattern[2]: 'words' must be a list of strings"),
        ('id = "x/y"\nkind = "sequence"\nmessage = "m"\npattern = [\n  { words = ["a"] },\n  { wrds = ["b"], flag = true },\n]\n',
         "bad.toml:6: rule 'x/y': pattern[1]: unknown element key 'wrds'"),
        # a class's key is found in that class's table, not at the first 'words =' of the file
        ('[classes.first]\nwords = ["a"]\n\n[classes.second]\nwords = "b"\n', "bad.toml:5: class 'second': 'words' must be a list of strings"),
    ],
)
def test_broken_rule_file_is_one_line_with_file_rule_and_line(tmp_path, content, expected):
    rule = tmp_path / "bad.toml"
    rule.write_text(content, encoding="utf-8")
    (tmp_path / "doc.txt").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", tmp_path / "doc.txt", "--rules", rule)
    assert result.returncode == 2
    assert_no_traceback(result)
    message = err(result).strip()
    assert "\n" not in message
    assert expected in message


def test_bad_input_is_reported_and_never_crashes_the_run(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "dup.txt").write_text(DUPLICATE, encoding="utf-8")
    result = run_cli("check", tmp_path, "--format", "json")
    assert_no_traceback(result)
    assert result.returncode == 2  # a file asked for and not linted fails the run
    assert f"textlint: {tmp_path / 'latin1.txt'}: not UTF-8 text (byte 3; use --encoding" in err(result)
    assert f"textlint: {tmp_path / 'image.txt'}: binary file\n" in err(result)
    assert [f["file"] for f in findings(result) if "rule" in f] == [str(tmp_path / "dup.txt")]
    assert sorted((f["file"], f["error"].split(" (")[0]) for f in findings(result) if "error" in f) == [
        (str(tmp_path / "image.txt"), "binary file"), (str(tmp_path / "latin1.txt"), "not UTF-8 text"),
    ]


def test_missing_path_exits_2_but_still_lints_the_rest(tmp_path):
    (tmp_path / "dup.txt").write_text(DUPLICATE, encoding="utf-8")
    result = run_cli("check", tmp_path / "nope.txt", tmp_path / "dup.txt", "--format", "json")
    assert result.returncode == 2
    assert "nope.txt" in err(result)
    assert len([f for f in findings(result) if "rule" in f]) == 1
    assert [f for f in findings(result) if "error" in f] == [{"file": str(tmp_path / "nope.txt"), "error": "no such file or directory"}]


def test_usage_errors_exit_2():
    for args in (["check", "--format", "yaml", "x"], ["check", "--jobs", "many"], ["frobnicate"]):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert_no_traceback(result)


def test_parallel_jobs_find_the_same_as_one_process(tmp_path):
    for index in range(12):
        (tmp_path / f"doc{index:02}.txt").write_text((DAMAGED if index % 2 else DUPLICATE) * (index + 1), encoding="utf-8")
    serial = findings(run_cli("check", tmp_path, "--format", "json", "--jobs", "1"))
    parallel = findings(run_cli("check", tmp_path, "--format", "json", "--jobs", "2"))
    assert serial == parallel
    assert {f["file"] for f in serial} == {str(p) for p in tmp_path.iterdir()}


def test_crlf_and_no_break_spaces(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("First line.\r\nThen Mr.\u00a0Mr.\u00a0Trump said so.\r\n".encode("utf-8"))
    [finding] = findings(run_cli("check", path, "--format", "json"))
    assert (finding["line"], finding["column"], finding["end_column"]) == (2, 6, 13)


def test_rules_lists_every_rule_with_a_summary():
    result = run_cli("rules")
    assert result.returncode == 0
    lines = out(result).splitlines()
    ids = [line.split()[0] for line in lines]
    assert "duplicated-token/repeated-words" in ids and "trailing-junk/fragment-lines" in ids
    assert all(len(line.split(None, 2)) == 3 for line in lines)
    rule_files = sorted((REPO / "rules").glob("*/*.toml"))
    assert len(ids) == len(rule_files)


def test_bundled_example_shows_all_three_categories():
    result = run_cli("check", REPO / "examples" / "damaged.txt", "--format", "json")
    assert result.returncode == 1
    assert {f["rule"].split("/")[0] for f in findings(result)} == {
        "duplicated-token", "entity-in-verb-position", "trailing-junk",
    }


def test_a_long_finding_on_a_long_line_prints_a_short_excerpt(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Intro. " * 200 + "word " * 5000 + "\n", encoding="utf-8")
    result = run_cli("check", path)
    assert result.returncode == 1
    lines = out(result).splitlines()
    assert lines[0].endswith("“word” is repeated back to back")
    assert all(len(line) < 200 for line in lines), [len(line) for line in lines]
    assert lines[1].lstrip().startswith("1 | …") and lines[2].count("^") == 80
