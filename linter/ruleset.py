"""Loading rule packs: folders of TOML rule files and word classes.

A rule is one TOML file (ruff's "one rule, one file, one id"): an `id` whose
first part is its category, a `kind`, a `message`, a `severity`, a
`description` that says why the rule exists, the kind's own keys, and
`examples` of bad text (the flagged part between `[[` and `]]`) and good
text, which the test suite runs. A file may also define word classes in
`[classes.NAME]` tables. Rule packs load in order; a later rule with the
same id replaces an earlier one, and a later class replaces a class of the
same name, so a user pack can tune the built-in one without copying it.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import regex

from textlint.diagnostics import SEVERITIES
from textlint.errors import RuleError
from textlint.kinds import Checker, kind_modules
from textlint.tomlload import key_line, load_toml
from textlint.wordclasses import WordClasses

COMMON_KEYS = {
    "id", "kind", "message", "severity", "description", "fix", "fix-safety", "examples", "classes", "masks",
    "summary", "corroboration",
}
_ID = regex.compile(r"[a-z][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)+")
_SENTENCE_END = regex.compile(r"(?<=\p{Ll}{2}[”\"’')]?[.!?][”\"’']?)\s+(?=\p{Lu})")
_MARKED = regex.compile(r"\[\[(.+?)\]\]", regex.DOTALL)


def builtin_rules_path() -> str:
    import textlint.rules

    return os.path.dirname(os.path.abspath(textlint.rules.__file__))


@dataclass(frozen=True)
class BadExample:
    text: str                      # the example with its markers removed
    spans: Tuple[Tuple[int, int], ...]
    fixed: Optional[str] = None    # the text after the rule's fix, when given


@dataclass(frozen=True)
class Corroboration:
    """A rule that reports only where certain rules already found damage in the document.

    The pipeline's damage is dense: a document it touched has many pasted
    mentions, and a document it did not touch has none. A shape that is
    ambiguous on its own ("the old man Mr. Harding out") is then likely
    damage in a document where certain rules already found some, and is left
    alone in one where they found none, which keeps clean text clean.
    """

    min_findings: int
    sources: Tuple[str, ...]       # rule-id prefixes whose findings count as evidence
    # Evidence per 1,000 words of the document. A damaged document carries
    # dozens of pastes per 1,000 words; a long clean one (a technical manual)
    # can gather a few stray findings without being damaged.
    min_per_1000_words: float = 0.0

    def counts(self, rule_id: str) -> bool:
        return covers(self.sources, rule_id)

    def holds(self, evidence: int, words: int) -> bool:
        """Whether `evidence` findings in a document of `words` words are enough."""
        return evidence >= self.min_findings and evidence * 1000 >= self.min_per_1000_words * max(words, 1)


@dataclass
class Rule:
    id: str
    kind: str
    message: str
    severity: str
    description: str
    path: str
    checker: Checker
    fix: Optional[str] = None      # what the fix does, or None
    fix_safe: bool = True
    short: str = ""                # the rule's own one-line summary, if it has one
    masks: Tuple[str, ...] = ()    # rule-id prefixes whose findings inside ours are dropped
    corroboration: Optional["Corroboration"] = None
    bad: List[BadExample] = field(default_factory=list)
    good: List[str] = field(default_factory=list)
    # Text every example is run after (joined by a space), so that a corroborated rule's
    # examples share one statement of the document-level evidence instead of pasting it.
    example_context: str = ""
    table: dict = field(default_factory=dict, repr=False, compare=False)  # the raw TOML, to recompile with settings

    @property
    def category(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def summary(self) -> str:
        """One line for listings: the rule's `summary`, else its description's first sentence."""
        if self.short:
            return self.short
        text = " ".join(self.description.split())
        end = _SENTENCE_END.search(text)
        return text if end is None else text[: end.start()]


class RuleSet:
    """The rules in force and the word classes they use."""

    def __init__(self, rules: Sequence[Rule], classes: WordClasses, evidence: Sequence[Rule] = ()) -> None:
        self.rules = list(rules)
        self.classes = classes
        # Certain rules that are not selected but that a selected rule takes as
        # evidence: they run, and their findings are counted, never reported,
        # so choosing what to see never changes what the others find.
        self.evidence = list(evidence)

    def subset(self, keep) -> "RuleSet":
        """The rules `keep` accepts, with the unselected rules they take as evidence."""
        kept = [r for r in self.rules if keep(r)]
        needs = [r.corroboration for r in kept if r.corroboration is not None]
        chosen = {r.id for r in kept}
        evidence = [
            r for r in self.rules + self.evidence
            if r.id not in chosen and r.corroboration is None and any(c.counts(r.id) for c in needs)
        ]
        return RuleSet(kept, self.classes, evidence)

    def by_id(self) -> Dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}


@functools.lru_cache(maxsize=4096)
def covers(prefixes: Tuple[str, ...], rule_id: str) -> bool:
    """Whether one of `prefixes` selects `rule_id`. Asked for every finding
    (masks, corroboration), always about the same few rules: remembered."""
    return prefix_length(rule_id, prefixes) >= 0


def prefix_length(rule_id: str, prefixes: Iterable[str]) -> int:
    """Length of the longest of `prefixes` that selects `rule_id` ('ALL' counts 0); -1 if none does."""
    best = -1
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif rule_id == prefix or rule_id.startswith(prefix.rstrip("/") + "/"):
            best = max(best, len(prefix))
    return best


def known_prefix(prefix: str, rules: Iterable[Rule]) -> bool:
    return prefix == "ALL" or any(prefix_length(r.id, [prefix]) >= 0 for r in rules)


def rule_files(path: str) -> List[str]:
    """The TOML files of a rule pack: a file, or every *.toml under a folder, in a stable order."""
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise RuleError("rule path not found", path)
    found = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".toml"))
    return found


def load_rules(extra_paths: Sequence[str] = (), builtin: bool = True) -> RuleSet:
    """Load the built-in pack (unless `builtin` is false), then each extra path in order."""
    paths = ([builtin_rules_path()] if builtin else []) + list(extra_paths)
    files = [(pack, f) for pack, p in enumerate(paths) for f in rule_files(p)]
    tables = [(f, load_toml(f, RuleError)) for _, f in files]
    classes = WordClasses()
    for path, table in tables:
        defined = table.get("classes", {})
        if not isinstance(defined, dict):
            raise RuleError("'classes' must be a table of classes", path, key_line(path, "", "classes"))
        for name, spec in defined.items():
            classes.define(name, spec, path)
    classes.check_references()
    rules: Dict[str, Rule] = {}
    pack_of: Dict[str, int] = {}
    for (pack, _), (path, table) in zip(files, tables):
        if "id" not in table and "kind" not in table:
            if "classes" in table:
                continue
            raise RuleError("neither a rule (no 'id') nor word classes", path)
        rule = compile_rule(table, path, classes)
        # A later pack replaces a rule on purpose (that is how a built-in rule is
        # tuned); two files of one pack with one id is a copy that forgot its rename.
        if pack_of.get(rule.id) == pack:
            raise RuleError(f"rule '{rule.id}' is also defined in {rules[rule.id].path}", path, key_line(path, "", "id"))
        rules[rule.id] = rule
        pack_of[rule.id] = pack
    return RuleSet(sorted(rules.values(), key=lambda r: r.id), classes)


def compile_rule(table: dict, path: str, classes: WordClasses) -> Rule:
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise RuleError(
            "'id' must look like 'category/name' (lower case, digits and hyphens)", path, key_line(path, "", "id")
        )
    where = f"rule '{rule_id}'"
    kind = table.get("kind")
    modules = kind_modules()
    if not isinstance(kind, str) or kind not in modules:
        raise RuleError(
            f"{where}: unknown kind {kind!r} (expected one of {', '.join(sorted(modules))})", path, key_line(path, "", "kind")
        )
    module = modules[kind]
    unknown = set(table) - COMMON_KEYS - module.KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise RuleError(f"{where}: unknown key '{key}' for kind '{kind}'", path, key_line(path, "", key))
    message = table.get("message")
    if not isinstance(message, str) or not message.strip():
        raise RuleError(f"{where}: 'message' must be a non-empty string", path, key_line(path, "", "message") or key_line(path, "", "id"))
    problem = _placeholder_problem(message, ("match",) + module.PLACEHOLDERS)
    if problem:
        raise RuleError(f"{where}: bad placeholder in 'message': {problem}", path, key_line(path, "", "message")) from None
    severity = table.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)}", path, key_line(path, "", "severity"))
    summary = table.get("summary", "")
    if not isinstance(summary, str) or "\n" in summary.strip():
        raise RuleError(f"{where}: 'summary' must be one line of text", path, key_line(path, "", "summary"))
    description = table.get("description", "")
    if not isinstance(description, str):
        raise RuleError(f"{where}: 'description' must be a string", path, key_line(path, "", "description"))
    fix = table.get("fix", False)
    if not isinstance(fix, bool):
        raise RuleError(f"{where}: 'fix' must be true or false", path, key_line(path, "", "fix"))
    if fix and module.FIX is None:
        raise RuleError(f"{where}: kind '{kind}' has no fix", path, key_line(path, "", "fix"))
    safety = table.get("fix-safety", "safe")
    if safety not in ("safe", "unsafe"):
        raise RuleError(f"{where}: 'fix-safety' must be 'safe' or 'unsafe'", path, key_line(path, "", "fix-safety"))
    masks = table.get("masks", [])
    if not isinstance(masks, list) or not all(isinstance(m, str) for m in masks):
        raise RuleError(f"{where}: 'masks' must be a list of rule ids or prefixes", path, key_line(path, "", "masks"))
    corroboration = _corroboration(table.get("corroboration"), rule_id, path, where)
    checker = module.compile(table, path, classes)
    bad, good, context = _examples(table.get("examples", {}), path, where)
    return Rule(
        id=rule_id, kind=kind, message=message.strip(), severity=severity, description=description.strip(),
        path=path, checker=checker, fix=module.FIX if fix else None, fix_safe=safety == "safe",
        masks=tuple(masks), short=summary.strip(), corroboration=corroboration, bad=bad, good=good,
        example_context=context, table=dict(table),
    )


def _corroboration(raw, rule_id: str, path: str, where: str) -> Optional[Corroboration]:
    if raw is None:
        return None
    line = key_line(path, "", "corroboration")
    if not isinstance(raw, dict) or set(raw) - {"min-findings", "from", "min-per-1000-words"}:
        raise RuleError(
            f"{where}: 'corroboration' must be a table with 'min-findings', 'from' and 'min-per-1000-words'", path, line
        )
    count = raw.get("min-findings", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise RuleError(f"{where}: 'corroboration.min-findings' must be a whole number of at least 1", path, line)
    sources = raw.get("from", [rule_id.split("/", 1)[0]])
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s for s in sources):
        raise RuleError(f"{where}: 'corroboration.from' must be a list of rule ids or prefixes", path, line)
    density = raw.get("min-per-1000-words", 0)
    if isinstance(density, bool) or not isinstance(density, (int, float)) or density < 0:
        raise RuleError(f"{where}: 'corroboration.min-per-1000-words' must be a number of at least 0", path, line)
    return Corroboration(count, tuple(sources), float(density))


def _placeholder_problem(message: str, allowed: Tuple[str, ...]) -> Optional[str]:
    """What is wrong with the `{...}` placeholders of `message`, or None.

    Only the kind's own names are allowed, bare: a format spec or an attribute
    would run `str.format` machinery on the document's text at lint time
    (`{match:>99999999999}` asks for gigabytes, `{match.foo}` raises)."""
    import string

    expected = ", ".join("{" + name + "}" for name in allowed)
    try:
        fields = list(string.Formatter().parse(message))
    except ValueError as exc:
        return f"{exc} (write a literal brace as {{{{ or }}}})"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed:
            return f"unknown placeholder {{{name}}} (expected {expected})"
        if spec or conversion:
            return f"{{{name}}} takes no format or conversion"
    return None


def _examples(raw, path: str, where: str) -> Tuple[List[BadExample], List[str], str]:
    if not isinstance(raw, dict) or set(raw) - {"bad", "good", "context"}:
        raise RuleError(
            f"{where}: 'examples' must be a table with 'bad' and 'good' lists and an optional 'context'",
            path, key_line(path, "", "examples"),
        )
    context = raw.get("context", "")
    if not isinstance(context, str) or "[[" in context:
        raise RuleError(f"{where}: 'context' must be a string without [[marks]]", path, key_line(path, "examples", "context"))
    prefix = context.strip() + " " if context.strip() else ""
    bad: List[BadExample] = []
    for item in raw.get("bad", []):
        fixed = None
        if isinstance(item, dict):
            fixed = item.get("fixed")
            item = item.get("text")
        if not isinstance(item, str) or (fixed is not None and not isinstance(fixed, str)):
            raise RuleError(f"{where}: a bad example is a string or a table with 'text' and 'fixed'", path, key_line(path, "examples", "bad"))
        example = parse_marked(prefix + item, path, where)
        bad.append(BadExample(example.text, example.spans, None if fixed is None else prefix + fixed))
    good = raw.get("good", [])
    if not isinstance(good, list) or not all(isinstance(g, str) for g in good):
        raise RuleError(f"{where}: 'good' examples must be a list of strings", path, key_line(path, "examples", "good"))
    return bad, [prefix + g for g in good], prefix


def parse_marked(marked: str, path: str = "", where: str = "") -> BadExample:
    """Split "he [[Mayor Eric Garcetti]] to" into plain text and the marked spans."""
    spans = []
    plain = []
    position = 0
    length = 0
    for match in _MARKED.finditer(marked):
        before = marked[position : match.start()]
        plain.append(before)
        length += len(before)
        inner = match.group(1)
        spans.append((length, length + len(inner)))
        plain.append(inner)
        length += len(inner)
        position = match.end()
    plain.append(marked[position:])
    if not spans:
        raise RuleError(f"{where}: bad example has no [[marked]] span: {marked!r}", path, key_line(path, "examples", "bad"))
    return BadExample("".join(plain), tuple(spans))
