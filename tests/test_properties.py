"""Property tests over random, damaged text (see tests/properties.py for the text
and the profiles): spans are in range, `--fix` changes only what the reported
edits change and is idempotent, the CLI agrees with the engine, and no input
gives a traceback.

The engine properties run in process on many examples; the CLI ones write a
batch of files per example and run the real CLI on them, on fewer examples.
"""

from __future__ import annotations

import json
import re
from typing import List, Tuple

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from properties import damaged_text, encodable, slow_examples

from textlint.api import Overrides, check_text
from textlint.files import SourceText
from textlint.runner import Task, check_source
from workflow_support import run_cli

ISOLATED = Overrides(isolated=True)
FIX = Task(ISOLATED, fix=True)


def safe_edits_applied(text: str, edits: List[Tuple[int, int, str]]) -> str:
    """The oracle: the reported safe edits applied (in order of their fix's start; a fix
    overlapping one already taken waits for the next pass), written out plainly."""
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


def chosen_edits(diagnostics) -> List[Tuple[int, int, str]]:
    taken: List[Tuple[int, int, str]] = []
    for d in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        if d.fix is None or not d.fix.safe:
            continue
        edits = [(e.start, e.end, e.replacement) for e in d.fix.edits]
        if any(_overlap(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
    return taken


def _overlap(a, b) -> bool:
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


# -- the engine, in process --------------------------------------------------------------


@given(damaged_text())
def test_every_span_and_edit_is_in_range(text):
    report = check_text(text, None, ISOLATED)
    for d in report.diagnostics:
        assert 0 <= d.start < d.end <= len(text), d
        if d.fix is not None:
            for edit in d.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), (d, edit)
            spans = sorted((e.start, e.end) for e in d.fix.edits)
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), d


@given(damaged_text())
def test_fix_changes_only_the_reported_edits_and_is_idempotent(text):
    fixed = check_source(SourceText("doc.txt", text), FIX)
    expected = text
    for _ in range(10):  # the runner's passes, replayed with the oracle
        report = check_text(expected, None, ISOLATED)
        edits = chosen_edits(report.diagnostics)
        if not edits:
            break
        expected = safe_edits_applied(expected, edits)
    assert fixed.source.text == expected
    again = check_source(SourceText("doc.txt", expected), FIX)
    assert again.source.text == expected and again.fixed == 0


# -- the CLI, a batch of files per example -------------------------------------------------

_BREAK = re.compile(r"\r\n|\r|\n")


def offset_of(text: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    return starts[line - 1] + column - 1


@hsettings(max_examples=slow_examples())
@given(st.lists(damaged_text(), min_size=1, max_size=4))
def test_cli_spans_fixes_and_no_traceback(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("docs")
    originals = {}
    for index, text in enumerate(texts):
        data = encodable(text).encode("utf-8")
        (folder / f"doc{index}.txt").write_bytes(data)
        originals[f"doc{index}.txt"] = data

    report = run_cli("check", "--isolated", "--format", "json", ".", cwd=folder)
    err = report.stderr.decode("utf-8", "replace")
    # A file with NUL bytes is binary: the run fails (exit 2) with one line per such file.
    binary = sorted(name for name, data in originals.items() if b"\x00" in data[:8192])
    assert "Traceback" not in err and report.returncode == (2 if binary else report.returncode) and report.returncode in (0, 1, 2), err
    assert [line.split(": ")[1] for line in err.splitlines() if line.endswith("binary file")] == binary, err
    findings = [f for f in json.loads(report.stdout) if "error" not in f]
    edits_by_file = {}
    for f in findings:
        name = f["file"].replace("\\", "/").split("/")[-1]
        raw = originals[name].decode("utf-8")
        text = raw[1:] if raw.startswith("\ufeff") else raw
        start, end = offset_of(text, f["line"], f["column"]), offset_of(text, f["end_line"], f["end_column"])
        assert 0 <= start < end <= len(text), f
        if f.get("fix") and f["fix"]["safe"]:
            edits = [(offset_of(text, e["line"], e["column"]), offset_of(text, e["end_line"], e["end_column"]), e["replacement"]) for e in f["fix"]["edits"]]
            taken = edits_by_file.setdefault(name, [])
            if not any(_overlap(e, t) for e in edits for t in taken):
                taken.extend(edits)

    fixed = run_cli("check", "--isolated", "--fix", "--exit-zero", ".", cwd=folder)
    assert fixed.returncode == (2 if binary else 0) and "Traceback" not in fixed.stderr.decode("utf-8", "replace")
    for name, data in originals.items():
        raw = data.decode("utf-8")
        bom = raw.startswith("\ufeff")
        text = raw[1:] if bom else raw
        if "\x00" in text[:8192]:
            assert (folder / name).read_bytes() == data  # binary: skipped, untouched
            continue
        # the reported edits, then the passes they make possible, as the engine does them
        expected = safe_edits_applied(text, edits_by_file.get(name, []))
        expected = check_source(SourceText(name, expected), FIX).source.text
        assert (folder / name).read_bytes() == (("\ufeff" if bom else "") + expected).encode("utf-8"), name

    once = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = run_cli("check", "--isolated", "--fix", "--exit-zero", ".", cwd=folder)
    assert again.returncode == (2 if binary else 0) and b"Fixed" not in again.stdout
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == once  # idempotent


# -- rule files: any value under any key is an error naming it, never a crash ------------

ODD_VALUES = [
    None, 1, -1, 0, 2**70, 1.5, True, "x", "", "{match.x}", "(", "\\9", [], [1], ["a"], [{}], [[]], {}, {"a": 1},
    [{"class": 5}], [{"words": "abc"}], [{"regex": 5}], [{"min": -1}], [{"not-words": 5}], [{"case": {}}], [{"mention": []}],
]
RULE_KEYS = ["kind", "message", "severity", "fix", "fix-safety", "masks", "corroboration", "examples", "pattern",
             "exceptions", "replacement", "not-after", "after", "allow", "max-tokens", "max-lines", "min-letters"]
ELEMENT_KEYS = ["min", "max", "regex", "words", "not-words", "class", "not-class", "mention", "mention-in", "same-as", "same-words-as", "case", "flag"]


@given(st.data())
def test_any_value_in_a_rule_is_a_rule_error_not_a_crash(builtin_rules, data):
    import copy

    from textlint.errors import RuleError
    from textlint.ruleset import compile_rule

    rule = data.draw(st.sampled_from(builtin_rules.rules))
    table = copy.deepcopy(rule.table)
    elements = table.get("pattern") if isinstance(table.get("pattern"), list) else []
    for _ in range(data.draw(st.integers(1, 3))):
        if elements and data.draw(st.booleans()):  # a sequence element's key
            element = data.draw(st.sampled_from(elements))
            element[data.draw(st.sampled_from(ELEMENT_KEYS))] = data.draw(st.sampled_from(ODD_VALUES))
            continue
        key = data.draw(st.sampled_from(RULE_KEYS + [k for k in table if k != "id"]))
        table[key] = data.draw(st.sampled_from(ODD_VALUES))
    try:
        compile_rule(table, rule.path, builtin_rules.classes)
    except RuleError as error:
        assert str(error).startswith(rule.path) and "\n" not in str(error)
