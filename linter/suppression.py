"""Accepting findings in place: `<!-- textlint-disable RULE -->` comments in Markdown.

Markdown has comments that readers never see, so a finding can be accepted
where it stands:

    <!-- textlint-disable duplicated-token -->
    ... text that keeps its "Bora Bora Bora" ...
    <!-- textlint-enable duplicated-token -->

`textlint-disable` without rule ids turns every rule off, `textlint-enable`
without rule ids turns every rule back on; ids are rule ids or prefixes
(`entity-in-verb-position` covers the whole category), separated by commas
or spaces. A disable without a matching enable lasts to the end of the file.
`<!-- textlint-disable-next-line [RULE, ...] -->` covers the following line only.

Plain text has no comments: its findings are accepted in a baseline file
(`textlint.baseline`). Suppression runs after the engine (`textlint.api.check_text`),
so the engine stays a pure function of text and rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

import regex

from textlint.diagnostics import Diagnostic, Edit
from textlint.ruleset import covers

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")

_COMMENT = regex.compile(
    r"<!--\s*textlint-(disable-next-line|disable|enable)\b((?:(?!-->).)*?)\s*-->", regex.DOTALL | regex.IGNORECASE
)
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_FRONT_MATTER = regex.compile(r"\A(?:---|\+\+\+)[ \t]*(\r\n|\r|\n).*?(?:\r\n|\r|\n)(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", regex.DOTALL)
ALL = "ALL"


def is_markdown(path: Optional[str]) -> bool:
    return bool(path) and os.path.splitext(path)[1].lower() in MARKDOWN_SUFFIXES


@dataclass(frozen=True)
class Region:
    """Rules matching `prefixes` (ALL: every rule) are off in text[start:end]."""

    start: int
    end: int
    prefixes: Tuple[str, ...]


def _ids(raw: str) -> Tuple[str, ...]:
    return tuple(part for part in regex.split(r"[\s,]+", raw.strip()) if part)


def regions(text: str) -> List[Region]:
    """The disabled regions the comments in `text` define, in order."""
    found: List[Region] = []
    open_all: Optional[int] = None                # where a bare disable began
    open_ids: dict = {}                           # prefix -> where its disable began
    for match in _COMMENT.finditer(text):
        action, ids = match.group(1).lower(), _ids(match.group(2))
        if action == "disable-next-line":
            line_end = _LINE_BREAK.search(text, match.end())
            start = line_end.end() if line_end else len(text)
            following = _LINE_BREAK.search(text, start)
            end = following.start() if following else len(text)
            found.append(Region(start, end, ids or (ALL,)))
        elif action == "disable":
            if not ids:
                if open_all is None:
                    open_all = match.end()
            else:
                for prefix in ids:
                    open_ids.setdefault(prefix, match.end())
        else:  # enable
            if not ids:
                if open_all is not None:
                    found.append(Region(open_all, match.start(), (ALL,)))
                    open_all = None
                for prefix, start in open_ids.items():
                    found.append(Region(start, match.start(), (prefix,)))
                open_ids.clear()
            else:
                for prefix in ids:
                    start = open_ids.pop(prefix, None)
                    if start is not None:
                        found.append(Region(start, match.start(), (prefix,)))
    if open_all is not None:
        found.append(Region(open_all, len(text), (ALL,)))
    for prefix, start in open_ids.items():
        found.append(Region(start, len(text), (prefix,)))
    return found


def unknown_rules(text: str, is_known: Callable[[str], bool]) -> List[Tuple[int, str]]:
    """(offset, id) of each rule id in a comment that names no rule: a typo
    there would otherwise silently disable nothing."""
    unknown = []
    for match in _COMMENT.finditer(text):
        for prefix in _ids(match.group(2)):
            if prefix != ALL and not is_known(prefix):
                unknown.append((match.start(), prefix))
    return unknown


def suppressed(diagnostic: Diagnostic, found: Sequence[Region]) -> bool:
    return any(
        r.start <= diagnostic.start < r.end and covers(r.prefixes, diagnostic.rule) for r in found
    )


def apply(text: str, path: Optional[str], diagnostics: List[Diagnostic]) -> List[Diagnostic]:
    """`diagnostics` without those a disable comment accepts (Markdown files only)."""
    if not diagnostics or not is_markdown(path) or "textlint-" not in text:
        return diagnostics
    found = regions(text)
    if not found:
        return diagnostics
    return [d for d in diagnostics if not suppressed(d, found)]


def line_ending(text: str) -> str:
    """The file's line ending (its first line break), LF when it has none."""
    found = _LINE_BREAK.search(text)
    return found.group(0) if found else "\n"


def disable_comment_edit(text: str, rule_id: str) -> Edit:
    """The edit that accepts `rule_id` in the whole Markdown file: a disable comment at the top.

    The comment is inserted as a line of its own, with the file's line ending,
    at the start of the file or right after a front-matter block (`---` ... `---`),
    which must stay first.
    """
    newline = line_ending(text)
    at = 0
    front = _FRONT_MATTER.match(text)
    if front:
        at = front.end()
        if not text[:at].endswith(("\n", "\r")):  # front matter closes at the end of the file
            return Edit(at, at, f"{newline}<!-- textlint-disable {rule_id} -->{newline}")
    return Edit(at, at, f"<!-- textlint-disable {rule_id} -->{newline}")
