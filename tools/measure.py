#!/usr/bin/env python3
"""Per-rule precision and per-category recall on the labelled sets (a rule author's tool).

    python tools/measure.py [--shared ../shared] [--rules PATH] [--examples N]

For each rule: how many findings, how many hit a label of the rule's
category, precision; for each category and set: recall; and findings per
10,000 words on the clean corpus. `score.py` remains the reference scorer;
this tool answers "which rule costs precision, and what does it miss".
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor

import regex

from textlint.engine import lint
from textlint.ruleset import load_rules

WORD = regex.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_rules = None


def _init(paths):
    global _rules
    _rules = load_rules(paths)


def _lint(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return path, text, [(d.rule, d.start, d.end) for d in lint(text, _rules).diagnostics]


def run(paths, rule_paths, jobs):
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(rule_paths,)) as pool:
        yield from pool.map(_lint, paths, chunksize=8)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    parser.add_argument("--rules", action="append", default=[])
    parser.add_argument("--examples", type=int, default=0, help="print N false positives and misses per rule")
    parser.add_argument("--sets", default="natural,tokenized")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    rng = random.Random(1)
    for name in args.sets.split(","):
        folder = os.path.join(args.shared, "bench", name)
        labels_dir = folder + "-labels"
        docs = sorted(glob.glob(os.path.join(folder, "*.txt")))
        per_rule = Counter()
        hits = Counter()
        fps = defaultdict(list)
        recall_total = Counter()
        recall_hit = Counter()
        mech_total = Counter()
        mech_hit = Counter()
        misses = []
        for path, text, found in run(docs, args.rules, args.jobs):
            base = os.path.basename(path)[:-4]
            labels = json.load(open(os.path.join(labels_dir, base + ".labels.json"), encoding="utf-8"))
            labels = [l for l in labels if l["type"] != "preexisting-duplicate"]
            neutral = [l for l in json.load(open(os.path.join(labels_dir, base + ".labels.json"))) if l["type"] == "preexisting-duplicate"]
            for rule, start, end in found:
                category = rule.split("/")[0]
                if any(l["start"] < end and start < l["end"] for l in neutral):
                    continue
                per_rule[rule] += 1
                if any(l["type"] == category and l["start"] < end and start < l["end"] for l in labels):
                    hits[rule] += 1
                else:
                    fps[rule].append(text[max(0, start - 60) : start] + "[[" + text[start:end] + "]]" + text[end : end + 40])
            for l in labels:
                mechanism = ":".join(l.get("mechanism", "").split(":")[:3])
                recall_total[l["type"]] += 1
                mech_total[(l["type"], mechanism)] += 1
                if any(r.split("/")[0] == l["type"] and s < l["end"] and l["start"] < e for r, s, e in found):
                    recall_hit[l["type"]] += 1
                    mech_hit[(l["type"], mechanism)] += 1
                elif l["type"] == "entity-in-verb-position":
                    misses.append((mechanism, text[max(0, l["start"] - 60) : l["start"]] + "[[" + l["text"] + "]]" + text[l["end"] : l["end"] + 40]))
        print(f"== {name}")
        for rule in sorted(per_rule):
            n, h = per_rule[rule], hits[rule]
            print(f"  {rule:<58} {n:6d} findings  precision {h / n:.3f}  ({n - h} FP)")
        for category in sorted(recall_total):
            total = recall_total[category]
            tp = sum(hits[r] for r in hits if r.startswith(category))
            n = sum(per_rule[r] for r in per_rule if r.startswith(category))
            print(f"  {category:<30} recall {recall_hit[category] / total:.3f} ({recall_hit[category]}/{total})  precision {tp / max(1, n):.3f}")
        for key in sorted(mech_total):
            if key[0] == "entity-in-verb-position":
                print(f"     {key[1]:<24} recall {mech_hit[key] / mech_total[key]:.3f} of {mech_total[key]}")
        if args.examples:
            for rule in sorted(fps):
                for example in rng.sample(fps[rule], min(args.examples, len(fps[rule]))):
                    print(f"  FP {rule}: {example!r}")
            for mechanism, example in rng.sample(misses, min(args.examples * 3, len(misses))):
                print(f"  MISS {mechanism}: {example!r}")
    clean = sorted(glob.glob(os.path.join(args.shared, "corpus", "clean", "*.txt")))
    words = 0
    per_rule = Counter()
    examples = defaultdict(list)
    for path, text, found in run(clean, args.rules, args.jobs):
        words += len(WORD.findall(text))
        for rule, start, end in found:
            per_rule[rule] += 1
            examples[rule].append(text[max(0, start - 60) : start] + "[[" + text[start:end] + "]]" + text[end : end + 40])
    total = sum(per_rule.values())
    print(f"== clean corpus: {len(clean)} documents, {words} words, {total} findings, {total * 10000 / words:.2f} per 10k words")
    for rule in sorted(per_rule):
        print(f"  {rule:<58} {per_rule[rule]:5d}")
        for example in rng.sample(examples[rule], min(args.examples, len(examples[rule]))):
            print(f"     {example!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
