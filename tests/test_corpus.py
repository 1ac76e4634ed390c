"""Corpus files (JSON lines, gzip, Parquet) through the real CLI: findings per record,
bad records, fixing in place and to --output with nothing else changed, the summary,
--jobs, and the usage errors."""

from __future__ import annotations

import gzip
import json
import os
import stat

import pytest

from workflow_support import run_cli, shared_or_skip

DUP = "He called the the police. It was late."
DUP_FIXED = "He called the police. It was late."
MR = "Mr. Mr. Smith came home."
MR_FIXED = "Mr. Smith came home."
JUNK = "The mayor spoke on Monday.\nFolks Folks Folks our communities and our families"
JUNK_FIXED = "The mayor spoke on Monday."
CLEAN = "All is well here."
SELECT = ("--isolated", "--select", "duplicated-token,trailing-junk")


def check(*args, cwd=None):
    return run_cli("check", *SELECT, *args, cwd=cwd)


def lines_of(result):
    return result.stderr.decode().splitlines()


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    return write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": "a", "text": DUP, "lang": "en"},
        {"id": "b", "text": CLEAN},
        {"id": "c", "text": MR},
    ])


def test_findings_per_record_in_text_json_and_json_lines(corpus, tmp_path):
    text = check("corpus.jsonl", cwd=tmp_path)
    assert text.returncode == 1, text.stderr
    heads = [line.split(" ")[0] for line in text.stdout.decode().splitlines() if line.startswith("corpus.jsonl")]
    assert heads == ["corpus.jsonl:a:1:11:", "corpus.jsonl:c:1:1:"]
    assert "Found 2 problems in 2 documents of 1 file" in text.stdout.decode()

    as_json = json.loads(check("--format", "json", "corpus.jsonl", cwd=tmp_path).stdout)
    assert [(d["file"], d["record"], d["line"], d["column"]) for d in as_json] == [
        ("corpus.jsonl", "a", 1, 11), ("corpus.jsonl", "c", 1, 1)]
    lines = check("--format", "json-lines", "corpus.jsonl", cwd=tmp_path).stdout.decode().splitlines()
    assert [json.loads(line) for line in lines] == as_json


def test_record_number_without_id_field_and_other_field_names(tmp_path):
    write_jsonl(tmp_path / "docs.ndjson", [{"body": CLEAN, "key": 7}, {"body": DUP, "key": 8}, {"body": MR}])
    by_number = json.loads(check("--format", "json", "--text-field", "body", "docs.ndjson", cwd=tmp_path).stdout)
    assert [d["record"] for d in by_number] == [2, 3]
    by_key = json.loads(check("--format", "json", "--text-field", "body", "--id-field", "key", "docs.ndjson", cwd=tmp_path).stdout)
    assert [d["record"] for d in by_key] == [8, 3]  # the third record has no key: its number


def test_sarif_names_the_record_as_a_logical_location(corpus, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared_or_skip("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    (tmp_path / "plain.txt").write_text(DUP + "\n", encoding="utf-8")
    result = check("--format", "sarif", "plain.txt", "corpus.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1  # the .txt file
    records = [r for r in results if "logicalLocations" in r["locations"][0]]
    assert [r["locations"][0]["logicalLocations"][0]["name"] for r in records] == ["a", "c"]
    assert [r["properties"]["record"] for r in records] == ["a", "c"]
    assert records[0]["properties"]["region"] == {"startLine": 1, "startColumn": 11, "endLine": 1, "endColumn": 18}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "corpus.jsonl" for r in records)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert len({r["partialFingerprints"]["textlint/v1"] for r in results}) == len(results)


def test_bad_records_are_one_line_each_and_exit_2(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"".join([
        json.dumps({"id": 1, "text": DUP}).encode() + b"\n",
        json.dumps({"id": 2, "body": "no text field"}).encode() + b"\n",
        json.dumps({"id": 3, "text": 42}).encode() + b"\n",
        json.dumps({"id": 4, "text": None}).encode() + b"\n",
        b"{not json\n",
        b"[1, 2]\n",
        b"\xff\xfe broken bytes\n",
        json.dumps({"id": 8, "text": MR}).encode() + b"\n",
    ]))
    result = check("--format", "json", "bad.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert [d["record"] for d in json.loads(result.stdout)] == [1, 8]  # the good records are still linted
    errors = [line for line in lines_of(result) if "record" in line and "documents read" not in line]
    assert errors == [
        "textlint: bad.jsonl: record 2: no 'text' field",
        "textlint: bad.jsonl: record 3: 'text' is a number, not a string",
        "textlint: bad.jsonl: record 4: 'text' is null, not a string",
        "textlint: bad.jsonl: record 5: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "textlint: bad.jsonl: record 6: not a JSON object but an array",
        "textlint: bad.jsonl: record 7: not UTF-8 (byte 1 of the line)",
    ]
    assert lines_of(result)[-1] == (
        "textlint: bad.jsonl: 8 documents read, 2 damaged, 6 not linted; findings: duplicated-token 2")


def test_fix_in_place_changes_only_the_text_of_damaged_records(tmp_path):
    # odd but valid JSON lines: spacing, key order, escapes, numbers, CRLF, blank lines, a bad
    # record, no final newline; every byte but the damaged texts must survive
    lines = [
        b'{"id": 1,   "text": "He called the the police. It was late.", "score": 1.50, "tags": ["x"]}\n',
        b'{ "text" : "All is well here.", "id":2 }\r\n',
        b"\n",
        b'{"meta": {"text": "the the nested"}, "id": 3, "text": "caf\\u00e9 the the end. \\"Quoted\\" \\/ ok."}\n',
        b'{"id": 4, "body": "no text: kept as it is"}\n',
        ('{"id": 5, "text": "' + JUNK.replace("\n", "\\n") + '", "n": 1e3}').encode(),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"".join(lines))
    os.chmod(path, 0o640)
    result = check("--fix", "corpus.jsonl", cwd=tmp_path)
    assert result.returncode == 2, result.stderr  # record 4 has no text
    after = path.read_bytes().splitlines(keepends=True)
    assert after[0] == b'{"id": 1,   "text": "He called the police. It was late.", "score": 1.50, "tags": ["x"]}\n'
    assert after[1:3] == lines[1:3]
    assert after[3] == b'{"meta": {"text": "the the nested"}, "id": 3, "text": "caf\\u00e9 the end. \\"Quoted\\" / ok."}\n'
    assert after[4] == lines[4]
    assert after[5] == ('{"id": 5, "text": "' + JUNK_FIXED + '", "n": 1e3}').encode()  # the last record stays
    assert json.loads(after[3])["text"] == "café the end. \"Quoted\" / ok."
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["corpus.jsonl"]  # no temporary file left
    summary = lines_of(result)[-1]
    assert summary == ("textlint: corpus.jsonl: 5 documents read, 3 damaged, 1 not linted; "
                       "findings: duplicated-token 2, trailing-junk 1; 3 records fixed")
    again = check("--fix", "corpus.jsonl", cwd=tmp_path)
    assert path.read_bytes() == b"".join(after)
    assert "0 damaged" in lines_of(again)[-1]


def test_fix_with_nothing_to_fix_leaves_the_file_alone(tmp_path):
    path = write_jsonl(tmp_path / "clean.jsonl", [{"id": 1, "text": CLEAN}] * 3)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    result = check("--fix", "clean.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert os.stat(path).st_mtime == 1_000_000_000


def test_fix_to_output_leaves_the_input_untouched(corpus, tmp_path):
    before = corpus.read_bytes()
    os.utime(corpus, (1_000_000_000, 1_000_000_000))
    result = check("--fix", "corpus.jsonl", "--output", "out/fixed.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # everything found was fixed
    assert corpus.read_bytes() == before and os.stat(corpus).st_mtime == 1_000_000_000
    fixed = [json.loads(line) for line in (tmp_path / "out" / "fixed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert fixed == [{"id": "a", "text": DUP_FIXED, "lang": "en"}, {"id": "b", "text": CLEAN}, {"id": "c", "text": MR_FIXED}]
    assert lines_of(result)[-1].endswith("; 2 records fixed, written to out/fixed.jsonl")
    assert "Fixed 2 problems in 2 documents; nothing left." in result.stdout.decode()


def test_gzip_corpus_is_read_and_fixed_as_gzip(tmp_path):
    raw = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate([CLEAN, DUP, MR], 1)).encode()
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(raw))
    found = json.loads(check("--format", "json", "corpus.jsonl.gz", cwd=tmp_path).stdout)
    assert [d["record"] for d in found] == [2, 3]
    assert check("--fix", "corpus.jsonl.gz", cwd=tmp_path).returncode == 0
    assert gzip.decompress(path.read_bytes()) == raw.replace(DUP.encode(), DUP_FIXED.encode()).replace(MR.encode(), MR_FIXED.encode())


def test_a_damaged_gzip_file_is_one_error(tmp_path):
    (tmp_path / "broken.jsonl.gz").write_bytes(gzip.compress(b'{"text": "the the"}\n' * 50)[:-30])
    (tmp_path / "plain.jsonl.gz").write_bytes(b'{"text": "not compressed"}\n')
    result = check("broken.jsonl.gz", "plain.jsonl.gz", cwd=tmp_path)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    errors = [line for line in lines_of(result) if "cannot read" in line]
    assert errors == [
        "textlint: broken.jsonl.gz: cannot read: not a gzip file or a damaged one",
        "textlint: plain.jsonl.gz: cannot read: not a gzip file or a damaged one",
    ]


def test_jobs_keep_the_input_order(tmp_path):
    texts = [DUP, CLEAN, MR, JUNK]
    write_jsonl(tmp_path / "big.jsonl", [{"id": f"doc-{i}", "text": texts[i % 4]} for i in range(400)])
    one = check("--format", "json-lines", "--jobs", "1", "big.jsonl", cwd=tmp_path)
    two = check("--format", "json-lines", "--jobs", "2", "big.jsonl", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    records = [json.loads(line)["record"] for line in one.stdout.decode().splitlines()]
    assert records == [f"doc-{i}" for i in range(400) if i % 4 != 1]
    assert lines_of(two)[-1] == (
        "textlint: big.jsonl: 400 documents read, 300 damaged; findings: duplicated-token 200, trailing-junk 100")


def test_plain_files_and_corpora_in_one_run(corpus, tmp_path):
    (tmp_path / "notes.txt").write_text(DUP + "\n", encoding="utf-8")
    found = json.loads(check("--format", "json", "notes.txt", "corpus.jsonl", "missing.jsonl", cwd=tmp_path).stdout)
    assert [(d["file"], d.get("record")) for d in found] == [("notes.txt", None), ("corpus.jsonl", "a"), ("corpus.jsonl", "c")]


@pytest.mark.parametrize("args, message", [
    (("--output", "x.jsonl", "corpus.jsonl"), "--output applies with --fix"),
    (("--fix", "--output", "x.parquet", "corpus.jsonl"), "must be a corpus of the input's kind (jsonl)"),
    (("--fix", "--output", "x.jsonl", "corpus.jsonl", "other.jsonl"), "--output needs exactly one corpus file"),
    (("--format", "junit", "corpus.jsonl"), "--format junit is not available for corpus files"),
    (("--diff", "corpus.jsonl"), "--diff does not apply to corpus files"),
    # the data loss: a corpus on stdin would be linted as one text and --fix would cut its last record
    (("--fix", "--stdin-filename", "corpus.jsonl", "-"), "a corpus is read from its file, not from stdin"),
    (("corpus.jsonl", "-"), "a corpus is read from its file, not from stdin"),
])
def test_usage_errors(corpus, tmp_path, args, message):
    write_jsonl(tmp_path / "other.jsonl", [{"text": DUP}])
    before = corpus.read_bytes()
    result = run_cli("check", *SELECT, *args, cwd=tmp_path, input=before)
    assert result.returncode == 2
    assert len(lines_of(result)) == 1 and lines_of(result)[0].startswith("textlint: ")
    assert message in lines_of(result)[0]
    assert result.stdout == (before if "-" in args and "--fix" in args else b"")  # stdin is passed through
    assert corpus.read_bytes() == before


# -- Parquet ----------------------------------------------------------------------------

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture
def parquet(tmp_path):
    table = pa.table({
        "doc_id": pa.array([10, 11, 12, 13, 14], pa.int64()),
        "text": pa.array([DUP, CLEAN, None, MR, JUNK], pa.string()),
        "score": pa.array([0.5, 1.0, 1.5, 2.0, 2.5], pa.float32()),
        "tags": pa.array([["a"], [], ["b", "c"], None, ["d"]], pa.list_(pa.string())),
    }, metadata={b"origin": b"pipeline-7"})
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path, compression="zstd", row_group_size=2)
    return path, table


def test_parquet_findings_and_a_null_text(parquet, tmp_path):
    result = check("--format", "json", "--id-field", "doc_id", "corpus.parquet", cwd=tmp_path)
    assert result.returncode == 2  # record 12 has no text
    assert [(d["record"], d["rule"]) for d in json.loads(result.stdout)] == [
        (10, "duplicated-token/repeated-words"), (13, "duplicated-token/repeated-words"), (14, "trailing-junk/fragment-lines")]
    assert "textlint: corpus.parquet: record 12: 'text' is null, not a string" in lines_of(result)
    assert lines_of(result)[-1] == (
        "textlint: corpus.parquet: 5 documents read, 3 damaged, 1 not linted; findings: duplicated-token 2, trailing-junk 1")


def test_parquet_fix_keeps_every_other_column_the_schema_and_the_order(parquet, tmp_path):
    path, _ = parquet
    table = pq.read_table(path)  # as Parquet gives it back (list items are called 'element')
    result = check("--fix", "--id-field", "doc_id", "corpus.parquet", "--output", "fixed.parquet", cwd=tmp_path)
    assert result.returncode == 2  # the null text
    assert pq.read_table(path).equals(table)  # the input is untouched
    fixed = pq.read_table(tmp_path / "fixed.parquet")
    assert fixed.schema.equals(table.schema, check_metadata=True)
    assert fixed.drop_columns(["text"]).equals(table.drop_columns(["text"]))
    assert fixed.column("text").to_pylist() == [DUP_FIXED, CLEAN, None, MR_FIXED, JUNK_FIXED]
    assert pq.ParquetFile(tmp_path / "fixed.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    # in place, too
    assert check("--fix", "corpus.parquet", cwd=tmp_path).returncode == 2
    assert pq.read_table(path).equals(fixed)


@pytest.mark.parametrize("make, message", [
    (lambda p: pq.write_table(pa.table({"body": ["x"]}), p), "no column 'text' (columns: body)"),
    (lambda p: pq.write_table(pa.table({"text": [1, 2]}), p), "column 'text' holds int64, not strings"),
    (lambda p: p.write_bytes(b"PAR1 this is not parquet"), "not a Parquet file"),
])
def test_parquet_file_errors(tmp_path, make, message):
    make(tmp_path / "bad.parquet")
    result = check("bad.parquet", cwd=tmp_path)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert lines_of(result)[0].startswith(f"textlint: bad.parquet: {message}")


def test_statistics_for_a_corpus(corpus, tmp_path):
    result = check("--statistics", "corpus.jsonl", cwd=tmp_path)
    assert result.stdout.decode().splitlines() == ["2  duplicated-token/repeated-words  [*]  error", "Found 2 problems."]
    machine = check("--statistics", "--format", "json", "corpus.jsonl", cwd=tmp_path)
    assert len(json.loads(machine.stdout)) == 2
    assert "2  duplicated-token/repeated-words  [*]  error" in lines_of(machine)


def test_findings_are_written_while_the_corpus_is_still_being_linted(tmp_path):
    # 2,000 long damaged documents take seconds to lint; the first findings must be out
    # long before that, and a killed run must leave the corpus as it was
    folder = shared_or_skip("bench", "replay-natural")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:50]]
    path = write_jsonl(tmp_path / "long.jsonl", [{"id": i, "text": DUP + " " + texts[i % 50]} for i in range(2000)])
    before = path.read_bytes()
    import subprocess
    import sys

    process = subprocess.Popen(
        # all rules: the entity findings have no fix, so they are reported even with --fix
        [sys.executable, "-m", "textlint", "check", "--isolated", "--format", "json-lines", "--jobs", "1", "--fix", "long.jsonl"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = json.loads(process.stdout.readline())
        still_running = process.poll() is None
    finally:
        process.kill()
        process.wait()
    assert first["record"] < 100 and first["rule"].startswith("entity-in-verb-position/")
    assert still_running
    assert path.read_bytes() == before
    # a killed run leaves at most its hidden temporary file, never a changed or half-written corpus
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["long.jsonl"]


def test_github_annotations_name_the_record(corpus, tmp_path):
    result = check("--format", "github", "corpus.jsonl", cwd=tmp_path)
    assert result.stdout.decode().splitlines() == [
        "::error file=corpus.jsonl,title=duplicated-token/repeated-words::record a, line 1, column 11: “the” is repeated back to back",
        "::error file=corpus.jsonl,title=duplicated-token/repeated-words::record c, line 1, column 1: “Mr.” is repeated back to back",
    ]
