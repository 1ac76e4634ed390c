"""Regression floor for detection quality on the labelled development sets.

Runs the real CLI over ../shared/bench/{natural,tokenized} and scores the
JSON with the reference scorer (../shared/tools/score.py). The floors are
the issue's targets where the linter meets them, and the measured figure
(rounded down) where it does not yet (entity recall): a change that loses
quality fails here instead of slipping through.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workflow_support import SHARED, run_cli

FLOORS = {
    "duplicated-token": {"f1": 0.97},
    "trailing-junk": {"f1": 0.99},
    "entity-in-verb-position": {"precision": 0.92, "recall": 0.65},
}
MAX_FP_PER_10K_WORDS = 1.0


@pytest.fixture(scope="module", params=["natural", "tokenized"])
def scores(request, tmp_path_factory):
    docs = SHARED / "bench" / request.param
    if not docs.is_dir():
        pytest.skip(f"{docs} is not available")
    out = tmp_path_factory.mktemp(request.param)
    result = run_cli("check", docs, "--format", "json", "--no-progress", timeout=600)
    assert result.returncode == 1, result.stderr.decode()
    diagnostics = out / "diagnostics.json"
    diagnostics.write_bytes(result.stdout)
    report = out / "score.json"
    command = [
        sys.executable, str(SHARED / "tools" / "score.py"), str(docs), str(diagnostics),
        "--labels-dir", str(SHARED / "bench" / f"{request.param}-labels"),
        "--map", "duplicated-token=duplicated-token",
        "--map", "entity-in-verb-position=entity-in-verb-position",
        "--map", "trailing-junk=trailing-junk",
        "--json", str(report),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return json.loads(report.read_text())


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_category_meets_its_floor(scores, category):
    measured = scores["types"][category]
    for metric, floor in FLOORS[category].items():
        assert measured[metric] >= floor, f"{category} {metric} {measured[metric]:.3f} < {floor}"


def test_clean_documents_stay_clean(scores):
    total_fp = sum(t["fp_clean"] for t in scores["types"].values())
    rate = sum(t["fp_per_10k_words_clean"] for t in scores["types"].values())
    assert rate <= MAX_FP_PER_10K_WORDS, f"{total_fp} findings on clean documents: {rate:.2f} per 10k words"
