"""What the linter finds on every development set, the clean corpus and the seed is pinned.

A refactor must leave the findings identical; a deliberate change in detection
updates the snapshot (`python tools/findings_snapshot.py --update`) in the same
commit, and the per-rule counts in its diff say what moved.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from workflow_support import REPO, SHARED

spec = importlib.util.spec_from_file_location("findings_snapshot", REPO / "tools" / "findings_snapshot.py")
findings_snapshot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(findings_snapshot)

STORED = json.loads(findings_snapshot.SNAPSHOT.read_text())


@pytest.mark.parametrize("name", sorted(findings_snapshot.SETS))
def test_findings_match_the_snapshot(name):
    folder = SHARED / findings_snapshot.SETS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not available")
    assert name in STORED, f"no snapshot for {name}: run tools/findings_snapshot.py --update"
    now = findings_snapshot.summary(folder)
    assert now["per_rule"] == STORED[name]["per_rule"], f"{name}: findings per rule moved"
    assert now == STORED[name], f"{name}: same counts per rule, but different findings"
