#!/usr/bin/env python3
"""Regenerate rules/lexicon/compound-words.txt from SCOWL's huge word lists.

A maintainer tool, not part of the linter. The `glued` rule kind must tell a
paste glued to its neighbour ("orderexpressions", "herselfRuby") from an
English word that happens to be two words run together ("windowsill",
"stepfather", "comfortless"). This list holds every word of SCOWL's
American and British "huge" lists (size 95, about 350k entries each,
proper names included) that splits into two other words of those lists,
each of two letters or more (or "a" / "i"): only such a word can ever look
glued, so only such words need listing.

Source: Debian's wamerican-huge and wbritish-huge 2020.12.07-2 (SCOWL by
Kevin Atkinson; permissive licence, see the package's copyright file:
"Permission to use, copy, modify, distribute and sell these word lists ...
is hereby granted without fee, provided that the above copyright notice
appears in all copies"). Both packages are pinned by sha256 below, fetched
with `apt-get download` and read with `dpkg-deb`, never installed.

Usage (from the repository root; needs apt-get and dpkg-deb):

    python3 tools/build_compounds.py [--cache DIR] [--out FILE]

Output is deterministic for the pinned inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
from pathlib import Path

PACKAGES = {
    "wamerican-huge": (
        "2020.12.07-2",
        "e7084d641d1de29699ad47d7467f921659d1ca57a6ad64a18f8b068aef0a56bc",
        "usr/share/dict/american-english-huge",
    ),
    "wbritish-huge": (
        "2020.12.07-2",
        "ee4a45b2a2a3c2626e9e92d170b46e7796f4dcdca15e1a4ccb3191684defb3fa",
        "usr/share/dict/british-english-huge",
    ),
}
HEADER = """\
# textlint lexicon: compound-words.txt -- English words that split into two other English words
# One lower-case word per line, sorted. Generated; do not edit by hand.
# Source: SCOWL size 95 word lists as packaged by Debian: wamerican-huge and wbritish-huge {version}
# Licence: SCOWL (c) 2000-2011 Kevin Atkinson and contributors; permission to use, copy, modify, distribute and sell granted (see the packages' copyright files)
# Regenerate: python3 tools/build_compounds.py
"""


def fetch(name: str, version: str, digest: str, cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    deb = cache / f"{name}_{version}_all.deb"
    if not deb.exists():
        subprocess.run(["apt-get", "download", f"{name}={version}"], cwd=cache, check=True)
    found = hashlib.sha256(deb.read_bytes()).hexdigest()
    if found != digest:
        sys.exit(f"{deb}: sha256 {found}, expected {digest}")
    return deb


def words_of(deb: Path, member: str, cache: Path) -> set:
    target = cache / deb.stem
    subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    text = (target / member).read_text(encoding="utf-8", errors="replace")
    return {w.lower() for w in text.split() if re.fullmatch(r"[A-Za-z]+", w)}


def compounds(words: set) -> list:
    def part(p: str) -> bool:
        return (len(p) >= 2 or p in ("a", "i")) and p in words

    return sorted(w for w in words if len(w) >= 4 and any(part(w[:k]) and part(w[k:]) for k in range(1, len(w))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/compounds-src"))
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "rules" / "lexicon" / "compound-words.txt")
    args = parser.parse_args()
    words: set = set()
    for name, (version, digest, member) in PACKAGES.items():
        words |= words_of(fetch(name, version, digest, args.cache), member, args.cache)
    found = compounds(words)
    args.out.write_text(HEADER.format(version=PACKAGES["wamerican-huge"][0]) + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(found)} words from {len(words)}")


if __name__ == "__main__":
    main()
