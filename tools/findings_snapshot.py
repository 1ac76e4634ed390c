"""A snapshot of every finding on the development sets, the clean corpus and the seed.

A refactor must not change what the linter finds; a rule change must change it
on purpose. This runs the real CLI over each set in ../shared, and reduces its
JSON report to, per set, the number of findings per rule and a SHA-256 of the
sorted findings (file relative to the set, span, rule, message and fix).

    python tools/findings_snapshot.py            # compare with the stored snapshot
    python tools/findings_snapshot.py --update   # store the new snapshot

`tests/test_findings_snapshot.py` runs the comparison. After a deliberate
change in detection, run `--update` and commit the snapshot with the rule
change: the per-rule counts in the diff say what moved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SNAPSHOT = REPO / "tests" / "fixtures" / "findings-snapshot.json"
SETS = {
    "natural": "bench/natural",
    "tokenized": "bench/tokenized",
    "replay-natural": "bench/replay-natural",
    "replay-tokenized": "bench/replay-tokenized",
    "clean": "corpus/clean",
    "seeds": "seeds",
}


def findings(folder: Path) -> list:
    command = [sys.executable, "-m", "textlint", "check", str(folder), "--format", "json", "--no-progress", "--isolated"]
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    result = subprocess.run(command, capture_output=True, timeout=900, env=env, cwd=REPO)
    if result.returncode not in (0, 1):
        raise SystemExit(f"textlint failed on {folder}: {result.stderr.decode(errors='replace')}")
    return json.loads(result.stdout)


def summary(folder: Path) -> dict:
    lines = []
    for record in findings(folder):
        record = dict(record)
        record["file"] = os.path.relpath(record["file"], folder)
        lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    lines.sort()
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    per_rule = Counter(json.loads(line)["rule"] for line in lines)
    return {"findings": len(lines), "sha256": digest, "per_rule": dict(sorted(per_rule.items()))}


def snapshot(names=None) -> dict:
    result = {}
    for name, where in SETS.items():
        if names and name not in names:
            continue
        folder = SHARED / where
        if folder.is_dir():
            result[name] = summary(folder)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the snapshot instead of comparing")
    parser.add_argument("sets", nargs="*", help=f"only these sets ({', '.join(SETS)})")
    args = parser.parse_args(argv)
    now = snapshot(args.sets)
    stored = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    if args.update:
        stored.update(now)
        SNAPSHOT.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n")
        print(f"wrote {SNAPSHOT.relative_to(REPO)}: " + ", ".join(f"{k} {v['findings']}" for k, v in now.items()))
        return 0
    changed = [name for name in now if stored.get(name) != now[name]]
    for name in changed:
        before = stored.get(name, {}).get("per_rule", {})
        after = now[name]["per_rule"]
        moved = {r: (before.get(r, 0), after.get(r, 0)) for r in sorted(set(before) | set(after)) if before.get(r, 0) != after.get(r, 0)}
        print(f"{name}: findings changed; per rule (before, after): {moved or 'same counts, different findings'}")
    if not changed:
        print("findings identical on " + ", ".join(now))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
