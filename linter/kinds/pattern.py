"""`pattern`: a regular expression over the text, with exceptions.

The expression may name word classes as `{{class-name}}`; it may mark the
flagged part with a group named `flag` (otherwise the whole match is
flagged). Expressions use the `regex` module and run under the rule's time
budget (`textlint.userregex`), so that no user pattern can hang the tool.
"""

from __future__ import annotations

from typing import Iterator, Optional

import regex

from textlint.diagnostics import Edit
from textlint.kinds import Document, Match
from textlint.kinds.options import Options
from textlint.userregex import UserRegex
from textlint.wordclasses import WordClasses

KEYS = {"pattern", "ignore-case", "exceptions", "replacement"}
FIX = "replace the flagged text"
PLACEHOLDERS = ()
_CLASS_REF = regex.compile(r"\{\{([a-z0-9-]+)\}\}")


class PatternChecker:
    def __init__(self, compiled, exceptions, replacement) -> None:
        self.compiled = compiled
        self.exceptions = exceptions
        self.replacement = replacement

    def check(self, document: Document) -> Iterator[Match]:
        for match in self.compiled.finditer(document.text):
            if "flag" in self.compiled.groupindex and match.start("flag") >= 0:
                start, end = match.span("flag")
            else:
                start, end = match.span()
            if start == end:
                continue
            matched = match.group()
            if any(e.fullmatch(matched) for e in self.exceptions):
                continue
            edits = None
            if self.replacement is not None:
                edits = (Edit(start, end, match.expand(self.replacement)),)
            yield Match(start, end, edits)


def compile(table: dict, path: str, classes: WordClasses) -> PatternChecker:
    options = Options(table, path, table.get("id", "?"))
    source = options.get("pattern", str, required=True)
    flags = regex.IGNORECASE if options.get("ignore-case", bool, False) else 0

    def expand(found) -> str:
        name = found.group(1)
        if name not in classes:
            raise options.fail("pattern", f"unknown word class '{name}'")
        words = sorted(classes.get(name), key=len, reverse=True)
        # Class words are lower-case; match them in any case without
        # changing the case rules of the rest of the expression.
        return "(?i:" + "|".join(regex.escape(w) for w in words) + ")"

    expanded = _CLASS_REF.sub(expand, source)
    try:
        compiled = UserRegex(expanded, flags)
    except regex.error as exc:
        raise options.fail("pattern", f"bad regular expression: {exc}") from None
    exceptions = []
    for index, exception in enumerate(options.string_list("exceptions")):
        try:
            exceptions.append(UserRegex(exception, flags))
        except regex.error as exc:
            raise options.fail("exceptions", f"exceptions[{index}]: bad regular expression: {exc}") from None
    replacement = options.get("replacement", str)
    if replacement is not None:
        problem = replacement_problem(compiled.compiled, replacement)
        if problem:
            raise options.fail("replacement", f"bad replacement: {problem}")
    return PatternChecker(compiled, exceptions, replacement)


def replacement_problem(compiled, replacement: str) -> Optional[str]:
    """What is wrong with `replacement` for `compiled`, or None.

    `regex` reads a replacement only when it first expands it, at the first
    match of the first document: expand it now against an empty match of an
    expression with the same groups (numbers and names), so that `\\9` or
    `\\g<nope>` is an error of the rule file, at load time.
    """
    names = {index: name for name, index in compiled.groupindex.items()}
    probe = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, compiled.groups + 1))
    try:
        regex.compile(probe).match("").expand(replacement)
    except (regex.error, IndexError) as exc:
        return str(exc)
    return None
