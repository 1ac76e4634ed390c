"""A baseline: findings a project has accepted, so that only new damage is reported.

Plain text has no comments to suppress a finding in place, and an old corpus
may hold thousands of findings nobody will review at once. `textlint check
--add-baseline` records the current findings in a JSON file; later runs with
that baseline (`--baseline PATH` or `baseline = "..."` in the configuration)
report only findings it does not hold.

An entry is keyed so that it survives unrelated edits: the file (relative to
the baseline's folder), the rule id, the flagged text and a few words of
context on each side (whitespace collapsed), with a count, never a line
number. Adding or removing text elsewhere in the file, re-wrapping a
paragraph or moving it keeps the finding accepted; a second copy of the same
damage in the same words is reported (the count is exceeded), and so is the
same damage in a new place.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import regex

from textlint.diagnostics import Diagnostic
from textlint.errors import ConfigError

VERSION = 1
CONTEXT_WORDS = 3
_SPACE = regex.compile(r"\s+")
_WORD = regex.compile(r"\S+")

Key = Tuple[str, str, str, str]  # (file, rule, text, context)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str, diagnostic: Diagnostic) -> Tuple[str, str]:
    """(the flagged text, the flagged text with up to three words either side), whitespace collapsed."""
    flagged = _squash(text[diagnostic.start : diagnostic.end])
    before = _WORD.findall(text[max(0, diagnostic.start - 200) : diagnostic.start])
    after = _WORD.findall(text[diagnostic.end : diagnostic.end + 200])
    # the words touching the span may be cut by it: keep only whole words around it
    if diagnostic.start > 0 and before and not text[diagnostic.start - 1].isspace():
        before = before[:-1]
    if diagnostic.end < len(text) and after and not text[diagnostic.end].isspace():
        after = after[1:]
    context = " ".join([*before[-CONTEXT_WORDS:], "[[" + flagged + "]]", *after[:CONTEXT_WORDS]])
    return flagged, context


def _sides(flagged: str, context: str) -> Tuple[str, str]:
    """The words before and after the flagged text in a context string."""
    marker = "[[" + flagged + "]]"
    at = context.find(marker)
    if at < 0:
        return context, context
    return context[:at].strip(), context[at + len(marker):].strip()


def file_key(baseline_path: str, path: str) -> str:
    """`path` relative to the baseline's folder, `/`-separated."""
    folder = os.path.dirname(os.path.abspath(baseline_path))
    try:
        rel = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


@dataclass
class Baseline:
    path: str
    entries: Counter  # Key -> count

    def filter(self, text: str, path: Optional[str], diagnostics: List[Diagnostic]) -> List[Diagnostic]:
        """`diagnostics` without those the baseline accepts.

        Each entry accepts `count` findings of its rule and flagged text in its
        file: first those whose context is unchanged, then those whose context
        is unchanged on one side (an edit touched the other side). A finding
        whose words around it changed on both sides, or one more copy than
        recorded, is reported.
        """
        if not diagnostics or not path or path == "-" or not self.entries:
            return diagnostics
        name = file_key(self.path, path)
        left = Counter({k: n for k, n in self.entries.items() if k[0] == name and n > 0})
        if not left:
            return diagnostics
        keys = [(name, d.rule, *fingerprint(text, d)) for d in diagnostics]
        accepted = [False] * len(diagnostics)
        for index, key in enumerate(keys):
            if left[key] > 0:
                left[key] -= 1
                accepted[index] = True
        for index, key in enumerate(keys):
            if accepted[index]:
                continue
            before, after = _sides(key[2], key[3])
            for other, count in left.items():
                if count > 0 and other[:3] == key[:3]:
                    other_before, other_after = _sides(other[2], other[3])
                    if before == other_before or after == other_after:
                        left[other] -= 1
                        accepted[index] = True
                        break
        return [d for d, ok in zip(diagnostics, accepted) if not ok]

    def replace_file(self, path: str, text: str, diagnostics: Sequence[Diagnostic]) -> None:
        """Make the baseline hold exactly `diagnostics` for the file at `path`."""
        name = file_key(self.path, path)
        for key in [k for k in self.entries if k[0] == name]:
            del self.entries[key]
        for diagnostic in diagnostics:
            self.entries[(name, diagnostic.rule, *fingerprint(text, diagnostic))] += 1

    def dumps(self) -> str:
        findings = [
            {"file": f, "rule": r, "text": t, "context": c, "count": n}
            for (f, r, t, c), n in sorted(self.entries.items())
            if n > 0
        ]
        return json.dumps({"version": VERSION, "tool": "textlint", "findings": findings}, ensure_ascii=False, indent=2) + "\n"

    def save(self) -> None:
        from textlint.files import write_atomic

        write_atomic(self.path, self.dumps().encode("utf-8"))


_cache: Dict[str, Tuple[Tuple, Baseline]] = {}
_lock = threading.Lock()


def load(path: str, missing_ok: bool = False) -> Baseline:
    """Read the baseline at `path` (cached until it changes); a bad file is a ConfigError."""
    from textlint.config import display_path

    path = os.path.abspath(path)
    shown = display_path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if missing_ok:
            return Baseline(path, Counter())
        raise ConfigError("baseline file not found (create it with --add-baseline)", shown) from None
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror or exc}", shown) from None
    stamp = (info.st_mtime_ns, info.st_size)
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return Baseline(path, Counter(cached[1].entries))
    from textlint.files import read_regular

    try:
        raw = read_regular(path)
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror or exc}", shown) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise ConfigError(f"not a textlint baseline (invalid JSON: {detail})", shown) from None
    entries = Counter()
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError("not a textlint baseline (expected an object with a 'findings' list)", shown)
    if data.get("version") != VERSION:
        raise ConfigError(f"baseline version {data.get('version')!r} is not supported (expected {VERSION})", shown)
    for number, item in enumerate(data["findings"]):
        fields = ("file", "rule", "text", "context")
        if (
            not isinstance(item, dict)
            or not all(isinstance(item.get(k), str) for k in fields)
            or not isinstance(item.get("count", 1), int)
            or isinstance(item.get("count", 1), bool)
        ):
            raise ConfigError(f"baseline finding {number + 1} needs string 'file', 'rule', 'text', 'context' and an integer 'count'", shown)
        entries[tuple(item[k] for k in fields)] += item.get("count", 1)
    baseline = Baseline(path, entries)
    with _lock:
        _cache[path] = (stamp, baseline)
    return Baseline(path, Counter(entries))


def cached(path: str) -> Baseline:
    """The baseline at `path` for filtering (not to be modified)."""
    load(path)
    with _lock:
        return _cache[os.path.abspath(path)][1]
