"""Configuration files: discovery, every key, precedence over the command line, errors."""

from __future__ import annotations

import json

import pytest

from workflow_support import run_cli

DUP = "He called the the police.\n"
JUNK = "The mayor spoke on Monday.\nFolks Folks Folks our communities and our families\n"
ENTITY = "In a statement she Mayor Ada Kowalski to find the money.\n"


def findings(result):
    assert result.returncode in (0, 1), result.stderr.decode()
    return json.loads(result.stdout)


def rules_found(cwd, *args):
    return sorted({(r["file"], r["rule"]) for r in findings(run_cli("check", "--format", "json", *args, cwd=cwd))})


@pytest.fixture
def project(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "dup.txt").write_text(DUP, encoding="utf-8")
    (tmp_path / "docs" / "entity.txt").write_text(ENTITY, encoding="utf-8")
    return tmp_path


def test_textlint_toml_select_and_ignore(project):
    (project / "textlint.toml").write_text('select = ["duplicated-token"]\n', encoding="utf-8")
    assert rules_found(project, "docs") == [("docs/dup.txt", "duplicated-token/repeated-words")]
    (project / "textlint.toml").write_text('ignore = ["duplicated-token"]\n', encoding="utf-8")
    assert [rule for _, rule in rules_found(project, "docs")] == ["entity-in-verb-position/after-subject-pronoun"]


def test_pyproject_tool_table_found_from_the_file_upward(project):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.textlint]\nselect = ["entity-in-verb-position"]\n\n[tool.other]\nselect = 3\n',
        encoding="utf-8",
    )
    elsewhere = project.parent
    # run from elsewhere: the configuration is found from the file's folder, not the cwd
    found = rules_found(elsewhere, project / "docs" / "dup.txt", project / "docs" / "entity.txt")
    assert [rule for _, rule in found] == ["entity-in-verb-position/after-subject-pronoun"]


def test_pyproject_without_tool_table_is_passed_over(project):
    (project / "textlint.toml").write_text('select = ["duplicated-token"]\n', encoding="utf-8")
    (project / "docs" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert [rule for _, rule in rules_found(project, "docs")] == ["duplicated-token/repeated-words"]


def test_nearest_configuration_wins_and_textlint_toml_beats_pyproject(project):
    (project / "textlint.toml").write_text('select = ["entity-in-verb-position"]\n', encoding="utf-8")
    (project / "docs" / "pyproject.toml").write_text('[tool.textlint]\nselect = ["ALL"]\n', encoding="utf-8")
    (project / "docs" / "textlint.toml").write_text('select = ["duplicated-token"]\n', encoding="utf-8")
    assert [rule for _, rule in rules_found(project, ".")] == ["duplicated-token/repeated-words"]


def test_command_line_overrides_configuration(project):
    (project / "textlint.toml").write_text('select = ["duplicated-token"]\n', encoding="utf-8")
    everything = rules_found(project, "--select", "ALL", "docs")
    assert len(everything) == 2
    extended = rules_found(project, "--extend-select", "entity-in-verb-position", "docs")
    assert len(extended) == 2
    ignored = rules_found(project, "--ignore", "duplicated-token", "docs")
    assert ignored == []
    isolated = rules_found(project, "--isolated", "docs")
    assert len(isolated) == 2


def test_explicit_config_option(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere") / "strict.toml"
    other.write_text('select = ["entity-in-verb-position"]\n', encoding="utf-8")
    (project / "textlint.toml").write_text('select = ["duplicated-token"]\n', encoding="utf-8")
    found = rules_found(project, "--config", other, "docs")
    assert [rule for _, rule in found] == ["entity-in-verb-position/after-subject-pronoun"]


def test_include_exclude_and_explicit_files(project):
    (project / "docs" / "notes.rst").write_text(DUP, encoding="utf-8")
    (project / "docs" / "drafts").mkdir()
    (project / "docs" / "drafts" / "draft.txt").write_text(DUP, encoding="utf-8")
    (project / "textlint.toml").write_text(
        'select = ["duplicated-token"]\ninclude = ["*.txt", "*.rst"]\nexclude = ["docs/drafts/"]\n', encoding="utf-8"
    )
    assert [f for f, _ in rules_found(project, ".")] == ["docs/dup.txt", "docs/notes.rst"]
    # pre-commit names files: an excluded file stays excluded
    assert rules_found(project, "docs/drafts/draft.txt") == []


def test_per_file_ignores(project):
    (project / "docs" / "transcripts").mkdir()
    (project / "docs" / "transcripts" / "t.txt").write_text(DUP + ENTITY, encoding="utf-8")
    (project / "textlint.toml").write_text(
        # a glob with a folder is anchored at the configuration's folder; a bare name matches anywhere
        '[per-file-ignores]\n"docs/transcripts/*.txt" = ["entity-in-verb-position"]\n"dup.txt" = ["duplicated-token/repeated-words"]\n'
        '"transcripts/*.txt" = ["duplicated-token"]\n',
        encoding="utf-8",
    )
    found = rules_found(project, "docs")
    assert found == [
        ("docs/entity.txt", "entity-in-verb-position/after-subject-pronoun"),
        ("docs/transcripts/t.txt", "duplicated-token/repeated-words"),
    ]


def test_per_rule_settings_severity_and_kind_options(tmp_path):
    (tmp_path / "junk.txt").write_text(JUNK, encoding="utf-8")
    found = findings(run_cli("check", "--format", "json", "junk.txt", cwd=tmp_path))
    assert [(r["rule"], r["severity"]) for r in found] == [("trailing-junk/fragment-lines", "error")]
    (tmp_path / "textlint.toml").write_text(
        'select = ["trailing-junk"]\n[rule."trailing-junk/fragment-lines"]\nseverity = "info"\n', encoding="utf-8"
    )
    found = findings(run_cli("check", "--format", "json", "junk.txt", cwd=tmp_path))
    assert [(r["rule"], r["severity"]) for r in found] == [("trailing-junk/fragment-lines", "info")]
    # a threshold: a junk block may have at most max-lines lines; 0 lets the one-line block pass
    (tmp_path / "textlint.toml").write_text(
        'select = ["trailing-junk"]\n[rule."trailing-junk/fragment-lines"]\nmax-lines = 0\n', encoding="utf-8"
    )
    assert findings(run_cli("check", "--format", "json", "junk.txt", cwd=tmp_path)) == []


def test_extra_rule_paths_are_relative_to_the_config_file(tmp_path):
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "mister.toml").write_text(
        'id = "duplicated-token/mister"\nkind = "pattern"\nmessage = "Mister"\ndescription = "Test rule."\n'
        'pattern = "\\\\bMister\\\\b"\n[examples]\nbad = ["[[Mister]] Smith"]\ngood = ["Mr. Smith"]\n',
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.txt").write_text("Mister Smith came.\n", encoding="utf-8")
    (tmp_path / "textlint.toml").write_text('rules = ["style"]\nselect = ["duplicated-token/mister"]\n', encoding="utf-8")
    assert rules_found(tmp_path / "sub", "doc.txt") == [("doc.txt", "duplicated-token/mister")]


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("textlint.toml", 'selct = ["ALL"]\n', "textlint.toml:1: unknown key 'selct'"),
        ("textlint.toml", 'extend_select = ["ALL"]\n', "textlint.toml:1: unknown key 'extend_select' (did you mean 'extend-select'?)"),
        ("textlint.toml", '\nignore = "duplicated-token"\n', "textlint.toml:2: 'ignore': must be a list of strings"),
        ("textlint.toml", 'select = ["no-such-rule"]\n', "textlint.toml:1: 'select': no rule matches 'no-such-rule'"),
        ("textlint.toml", '[per-file-ignores]\n"*.txt" = ["nope"]\n', "textlint.toml:2: 'per-file-ignores.\"*.txt\"': no rule matches 'nope'"),
        ("textlint.toml", '[per-file-ignores]\n"*.txt" = "duplicated-token"\n', "textlint.toml:2: 'per-file-ignores.\"*.txt\"': must be a list"),
        ("textlint.toml", '[rule."a/b"]\nseverity = "error"\n', "textlint.toml:1: 'rule.\"a/b\"': no such rule"),
        ("textlint.toml", '[rule."trailing-junk/fragment-lines"]\nseverity = "fatal"\n', "textlint.toml:2: 'rule.\"trailing-junk/fragment-lines\".severity': must be one of"),
        ("textlint.toml", '[rule."trailing-junk/fragment-lines"]\n\nmax-lnes = 3\n', "textlint.toml:3: 'rule.\"trailing-junk/fragment-lines\".max-lnes': not a setting of this rule"),
        ("textlint.toml", '[rule."trailing-junk/fragment-lines"]\nmax-lines = "many"\n', "textlint.toml:2: 'rule.\"trailing-junk/fragment-lines\"': rule 'trailing-junk/fragment-lines': 'max-lines'"),
        ("textlint.toml", 'rules = ["missing-folder"]\n', "textlint.toml:1: 'rules': rule path not found"),
        ("textlint.toml", 'select = [\n', "textlint.toml"),
        ("pyproject.toml", '[tool.other]\nselect = 1\n[tool.textlint]\nselect = 1\n', "pyproject.toml:4: 'select': must be a list of strings"),
        ("pyproject.toml", '[tool.textlint]\nbaseline = 3\n', "pyproject.toml:2: 'baseline': must be a path"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_and_key(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "doc.txt").write_text(DUP, encoding="utf-8")
    result = run_cli("check", "doc.txt", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert result.stdout == b""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("textlint: " + expected), err


def test_missing_config_option_file(tmp_path):
    (tmp_path / "doc.txt").write_text(DUP, encoding="utf-8")
    result = run_cli("check", "--config", "nope.toml", "doc.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "textlint: nope.toml: --config: no such file\n"


def test_api_honours_configuration(tmp_path):
    from textlint.api import Overrides, check_text, rules_for

    (tmp_path / "textlint.toml").write_text(
        'select = ["duplicated-token/repeated-words"]\n[rule."duplicated-token/repeated-words"]\nseverity = "hint"\n', encoding="utf-8"
    )
    path = str(tmp_path / "doc.txt")
    assert [r.id for r in rules_for(path).rules] == ["duplicated-token/repeated-words"]
    report = check_text(DUP + ENTITY, path)
    assert [(d.rule, d.severity) for d in report.diagnostics] == [("duplicated-token/repeated-words", "hint")]
    assert len(rules_for(path, Overrides(isolated=True)).rules) > 1
    # edited configuration is picked up by a long-running process
    (tmp_path / "textlint.toml").write_text('select = ["entity-in-verb-position"]\n# changed\n', encoding="utf-8")
    assert all(r.id.startswith("entity-in-verb-position/") for r in rules_for(path).rules)


def test_add_per_file_ignore_edits_only_what_it_must(tmp_path):
    from textlint.tomledit import add_per_file_ignore
    from textlint.tomlload import tomllib

    pyproject = tmp_path / "pyproject.toml"
    original = '[project]\r\nname = "x"  # keep me\r\n\r\n[tool.textlint]\r\nselect = ["ALL"]\r\n\r\n[tool.ruff]\r\nline-length = 80\r\n'
    pyproject.write_bytes(original.encode())
    first = add_per_file_ignore(str(pyproject), "docs/*.md", "duplicated-token/repeated-words")
    assert first.startswith('[project]\r\nname = "x"  # keep me\r\n\r\n[tool.textlint]\r\nselect = ["ALL"]\r\n')
    assert "\n" not in first.replace("\r\n", "")
    parsed = tomllib.loads(first)
    assert parsed["tool"]["textlint"]["per-file-ignores"] == {"docs/*.md": ["duplicated-token/repeated-words"]}
    assert parsed["tool"]["ruff"] == {"line-length": 80}
    pyproject.write_bytes(first.encode())
    second = add_per_file_ignore(str(pyproject), "docs/*.md", "trailing-junk")
    assert tomllib.loads(second)["tool"]["textlint"]["per-file-ignores"]["docs/*.md"] == [
        "duplicated-token/repeated-words", "trailing-junk",
    ]
    assert add_per_file_ignore(str(pyproject), "docs/*.md", "duplicated-token/repeated-words") == first  # already there
    fresh = add_per_file_ignore(str(tmp_path / "textlint.toml"), "*.txt", "trailing-junk")
    assert tomllib.loads(fresh) == {"per-file-ignores": {"*.txt": ["trailing-junk"]}}
    # and the result is a configuration textlint accepts
    (tmp_path / "textlint.toml").write_text(fresh, encoding="utf-8")
    (tmp_path / "a.txt").write_text(JUNK, encoding="utf-8")
    assert run_cli("check", "--select", "trailing-junk", "a.txt", cwd=tmp_path).returncode == 0
