"""Machine formats for CI (github, sarif, junit, json-lines), --statistics, --output-file and
the exit-code options, through the real CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from workflow_support import run_cli, shared_or_skip

# line 2: "the the" at columns 13-20 (code points); line 3: non-BMP characters before "Mr. Mr."
TEXT = "Intro line.\nHe called 😀 the the police.\n😀😀 said Mr. Mr. Smith.\n"


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("All is well.\n", encoding="utf-8")
    return path


def check(tmp_path, *args):
    return run_cli("check", "--isolated", "--select", "duplicated-token", *args, cwd=tmp_path)


def test_github_workflow_commands(doc, tmp_path):
    result = check(tmp_path, "--format", "github", "doc.txt")
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines == [
        "::error file=doc.txt,line=2,col=13,endLine=2,endColumn=20,title=duplicated-token/repeated-words::“the” is repeated back to back",
        "::error file=doc.txt,line=3,col=9,endLine=3,endColumn=16,title=duplicated-token/repeated-words::“Mr.” is repeated back to back",
    ]


def test_github_escapes_properties_and_data(tmp_path):
    from textlint.formats.github import escape_data, escape_property

    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    (tmp_path / "a,b.txt").write_text("the the end\n", encoding="utf-8")
    out = check(tmp_path, "--format", "github", "a,b.txt").stdout.decode()
    assert out.startswith("::error file=a%2Cb.txt,line=1,")


def test_sarif_is_valid_and_counts_code_points(doc, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared_or_skip("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    result = run_cli("check", "--isolated", "--format", "sarif", "doc.txt", "clean.txt", cwd=tmp_path)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(log)  # raises with the failing path

    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    listed = run_cli("rules").stdout.decode().splitlines()
    assert [r["id"] for r in rules] == sorted(line.split()[0] for line in listed)  # every rule in force
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "Fix:" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    found = [r for r in run["results"] if r["ruleId"] == "duplicated-token/repeated-words"]
    assert len(found) == 2
    first = found[0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    assert first["level"] == "error"
    assert first["message"]["text"] == "“the” is repeated back to back"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "doc.txt"
    # "He called 😀 " is 12 code points (13 UTF-16 units): the region starts at column 13
    assert location["region"] == {"startLine": 2, "startColumn": 13, "endLine": 2, "endColumn": 20}
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == ""
    assert first["partialFingerprints"]["textlint/v1"]


def test_sarif_of_a_clean_run_is_valid(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared_or_skip("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    (tmp_path / "clean.txt").write_text("All is well.\n", encoding="utf-8")
    result = run_cli("check", "--isolated", "--format", "sarif", "clean.txt", cwd=tmp_path)
    assert result.returncode == 0
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["results"] == []


def test_junit(doc, tmp_path):
    result = check(tmp_path, "--format", "junit", "doc.txt", "clean.txt")
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert suites["doc.txt"].get("failures") == "2"
    failure = suites["doc.txt"].find("testcase/failure")
    assert failure.get("type") == "duplicated-token/repeated-words"
    assert "doc.txt:2:13" in failure.text
    clean = suites["clean.txt"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None


def test_json_lines_has_the_json_records(doc, tmp_path):
    lines = check(tmp_path, "--format", "json-lines", "doc.txt").stdout.decode().splitlines()
    records = [json.loads(line) for line in lines]
    as_json = json.loads(check(tmp_path, "--format", "json", "doc.txt").stdout)
    assert records == as_json
    assert [(r["line"], r["column"]) for r in records] == [(2, 13), (3, 9)]


def test_statistics_text_and_machine_formats(doc, tmp_path):
    result = run_cli("check", "--isolated", "--statistics", "doc.txt", cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "2  duplicated-token/repeated-words" in out
    assert "doc.txt:2:" not in out  # counts instead of the findings
    machine = check(tmp_path, "--statistics", "--format", "json", "doc.txt")
    assert len(json.loads(machine.stdout)) == 2  # stdout stays parseable
    assert "2  duplicated-token/repeated-words" in machine.stderr.decode()


def test_output_file(doc, tmp_path):
    result = check(tmp_path, "--format", "sarif", "--output-file", "reports/out.sarif", "doc.txt")
    assert result.returncode == 1
    assert result.stdout == b""
    log = json.loads((tmp_path / "reports" / "out.sarif").read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == 2


def test_output_file_that_cannot_be_written(doc, tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    result = check(tmp_path, "--output-file", "taken/out.txt", "doc.txt")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith("textlint: ") and "taken/out.txt" in err and "Traceback" not in err


def test_exit_zero_and_fail_level(doc, tmp_path):
    assert check(tmp_path, "doc.txt").returncode == 1
    assert check(tmp_path, "--exit-zero", "doc.txt").returncode == 0
    # the entity rules are warnings: with --fail-level error they are reported but pass
    (tmp_path / "warn.txt").write_text("In a statement she Mayor Ada Kowalski to find the money.\n", encoding="utf-8")
    warned = run_cli("check", "--isolated", "--select", "entity-in-verb-position", "--fail-level", "error", "warn.txt", cwd=tmp_path)
    assert warned.returncode == 0
    assert b"entity-in-verb-position" in warned.stdout
    assert run_cli("check", "--isolated", "--fail-level", "error", "doc.txt", cwd=tmp_path).returncode == 1
    # errors are never hidden by --exit-zero
    assert run_cli("check", "--exit-zero", "missing.txt", cwd=tmp_path).returncode == 2


def test_unknown_format_is_a_one_line_error(doc, tmp_path):
    result = check(tmp_path, "--format", "xml", "doc.txt")
    assert result.returncode == 2
    assert result.stderr.decode().strip().startswith("textlint: unknown format 'xml' (expected one of github, json, json-lines, junit, sarif, text)")


def test_sarif_reports_input_errors_as_notifications(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared_or_skip("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    result = run_cli("check", "--isolated", "--format", "sarif", "missing.txt", cwd=tmp_path)
    assert result.returncode == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "missing.txt: no such file or directory"
    assert log["runs"][0]["tool"]["driver"]["rules"]  # the rules in force are still described
