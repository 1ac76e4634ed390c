"""Incremental linting: after an edit, re-lint only what the edit can change.

`IncrementalLinter.lint(text, rules)` returns exactly what `engine.lint(text,
rules)` returns, for one document that changes a little between calls (the
language server keeps one per open document).

How the result stays exact. The document is split into paragraphs (runs of
text between blank lines). Tokens never span white space, sentences and
name runs never span a blank line, so a paragraph's tokens, sentence starts
and name runs are its own, given two facts from before it: whether a
straight quote is open (the tokenizer pairs them across the document) and
whether it is the document's last paragraph. What else a paragraph's
findings depend on is document-level state, kept here for the whole
document and updated by deltas:

- how often each name run stands (`known-name` mentions);
- how often each phrase stands within sentences (recurring phrases);
- where each word sequence first stands (`seen-before` mentions), answered
  by a search in the document's lower-case words joined by spaces.

A paragraph is linted in a window: the paragraphs before it (enough tokens
for `refers-back`, which looks 80 tokens back) and after it (for patterns
that run on past its end), tokenised as in the document, with the window's
gazetteer answering those three questions from the document-level state.
Its own findings (those starting inside it) are kept, in offsets relative to
its start. An edit re-lints the paragraphs it changed, those whose window
changed, and those where a document-level fact flipped: a phrase or name
count crossing the threshold a rule asks about, or the first occurrence of
a mention moving past one. Rule kinds that look at the whole text (the end
of the document, regular expressions that may cross paragraphs, any kind
not listed as paragraph-local) run on the whole text every time, which is
cheap for them; corroboration and the one-finding-per-problem merge run
over all findings every time, exactly as the engine does them. Where
exactness cannot be shown (a rule failed in a small window, a finding runs
to the end of its paragraph's window), the linter falls back to
`engine.lint` for good.

One difference is deliberate: a rule's time limit applies to each call, so
where the whole document makes a rule time out (a regular expression over
10 MB), the engine reports that failure and the incremental linter, which
then lints the document in smaller windows, reports the rule's findings.
The findings-per-paragraph argument rests on one bound, `REACH_TOKENS`: a
rule's match runs at most that many tokens past what it flags.
"""

from __future__ import annotations

import bisect
import re

import regex
import threading
from collections import Counter
from operator import attrgetter
from typing import Dict, List, Optional, Tuple

from textlint import engine
from textlint.diagnostics import Diagnostic, Edit, Fix
from textlint.document import (
    FUNCTION_WORD_CLASS,
    NAME_BREAKER_CLASS,
    PARTICLE_CLASS,
    Document,
    _cannot_open_phrase,
    _class_or_empty,
)
from textlint.gazetteer import MAX_PHRASE, MIN_PHRASE_COUNT, Gazetteer
from textlint.ruleset import RuleSet

# Kinds whose findings at a token depend only on the tokens near it and on
# the gazetteer: those run per paragraph. Every other kind runs on the whole text.
PARAGRAPH_KINDS = frozenset({"sequence", "repetition"})
# Context tokens on either side of a paragraph in its window: `refers-back`
# looks 80 tokens back; patterns that run on past a paragraph's end are short.
BEFORE_TOKENS = 96
AFTER_TOKENS = 64
# How far past what it flags a rule's match may run, in tokens.
REACH_TOKENS = 32
# Mention keys longer than this are searched for around an edit as if touched.
LONGEST_KEY = 16
# More flipped counts than this after one edit: re-lint every paragraph rather than search for each.
MANY_FLIPS = 200
# Dirty paragraphs this close are linted in one window, with those between.
RUN_GAP = 3
# A run of more paragraphs than this, in which a rule failed (timed out), is linted in halves.
SPLIT_AT = 16
# A blank line: white space holding two line breaks or more.
# (It starts at a line break, which the search finds fast; the white space
# before it is stripped from the paragraph.)
_SEPARATOR = re.compile(r"(?:\r\n|\r|\n)(?:[^\S\r\n]*(?:\r\n|\r|\n))+\s*")
_SENTINEL = "\n\nx"     # a paragraph after the window, so that its last token is not the document's
_OPEN_QUOTE = '"\n\n'   # a straight quote left open before the window


def _line_free(source: str) -> bool:
    """Whether a regular expression can never match a line break, read conservatively:
    no `.`, no negated class or property, no escape that can stand for white space,
    no literal line break, no flags. A match of such an expression never spans a
    blank line, so it is found the same in a paragraph's window as in the document."""
    i, n = 0, len(source)
    in_class = False
    while i < n:
        ch = source[i]
        if ch in "\r\n\x0b\x0c\x85\u2028\u2029":
            return False
        if ch == "\\":
            following = source[i + 1 : i + 2]
            if following in ("p",) and source[i + 2 : i + 3] == "{" and source[i + 3 : i + 4] != "^":
                close = source.find("}", i)
                name = source[i + 3 : close]
                if close < 0 or not name.isalnum() or name[:1] in ("Z", "C"):
                    return False
                i = close + 1
                continue
            if following == "u" and source[i + 2 : i + 6] == "00a0":
                i += 6
                continue
            if following.isalnum() and following not in "dwbBAZ123456789g":
                return False
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            if source[i + 1 : i + 2] == "^":
                return False
            in_class = True
            if source[i + 1 : i + 2] == "]":
                i += 1
        elif ch == ".":
            return False
        elif ch == "(" and source[i + 1 : i + 2] == "?" and source[i + 2 : i + 3] not in ("P", ":", "=", "!", "<"):
            # Inline flags: only ignoring case leaves line breaks out.
            if source[i + 2 : i + 4] not in ("i:", "i)"):
                return False
        i += 1
    return True


def _paragraph_local(rule) -> bool:
    if rule.kind in PARAGRAPH_KINDS:
        return True
    if rule.kind == "pattern":
        compiled = getattr(rule.checker, "compiled", None)
        compiled = getattr(compiled, "compiled", compiled)  # a bounded UserRegex wraps the pattern
        return compiled is not None and not compiled.flags & (regex.VERBOSE | regex.DOTALL) and _line_free(compiled.pattern)
    return False


class _Fallback(Exception):
    """Exactness cannot be shown for this document: lint it whole."""


def paragraphs(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each paragraph: the text between blank lines, without the white space around it."""
    spans = []
    position = 0
    for match in _SEPARATOR.finditer(text):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < len(text):
        spans.append((position, len(text)))
    # White space at the very start or end (without a blank line) is no paragraph.
    result = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            result.append((start + lead, start + lead + len(stripped)))
    return result


class _Paragraph:
    """One paragraph's text, the facts it adds to the document, and its cached findings."""

    __slots__ = (
        "text", "odd", "last", "tokens", "words", "joined", "quotes", "names", "phrases",
        "found", "window", "start", "moved", "moved_to",
    )

    def __init__(self, text: str, odd: bool, last: bool, classes) -> None:
        self.text = text
        self.odd = odd          # a straight quote is open before it
        self.last = last        # the document's last paragraph
        self.found: Optional[list] = None   # (group, local Diagnostic, masks) once linted
        self.window: Optional[tuple] = None
        self.start = 0
        self.moved: list = []
        self.moved_to: Optional[int] = None
        document = Document(_OPEN_QUOTE * odd + text + ("" if last else _SENTINEL), classes)
        tokens = document.tokens
        lo, hi = (1 if odd else 0), len(tokens) - (0 if last else 1)
        lowers = tokens.lowers
        self.tokens = hi - lo
        self.words = sum(tokens.is_word[lo:hi])  # for corroboration's evidence per 1,000 words
        self.joined = " ".join(lowers[lo:hi])
        self.quotes = tokens.texts[lo:hi].count('"')
        gazetteer = document.gazetteer
        self.names = Counter(" ".join(lowers[s:e]) for s, e in gazetteer.run_end.items() if lo <= s < hi)
        self.phrases = _phrase_counts(tokens, lo, hi, classes.derived("words that cannot open a phrase", _cannot_open_phrase))


def _phrase_counts(tokens, lo: int, hi: int, cannot_open) -> Counter:
    """Each word sequence of 2..MAX_PHRASE words within a sentence, from a word that
    may open a phrase: the occurrences the gazetteer counts when it looks for recurring phrases."""
    lowers, is_word, sentence_start = tokens.lowers, tokens.is_word, tokens.sentence_start
    counts: Counter = Counter()
    for i in range(lo, hi):
        if not is_word[i] or lowers[i] in cannot_open:
            continue
        key = lowers[i]
        k = i + 1
        while k < hi and k - i < MAX_PHRASE and is_word[k] and not sentence_start[k]:
            key = key + " " + lowers[k]
            counts[key] += 1
            k += 1
    return counts


class _Context:
    """What a window's gazetteer asks the whole document."""

    def __init__(self, state: "IncrementalLinter", base: int, lo: int, hi: int, lowers: List[str], whole: bool) -> None:
        self.state = state
        # The window is the whole document: its own counts are the document's.
        self.whole = whole
        self.lo, self.hi = lo, hi
        self.base = base          # offset in the joined words of the window's first token
        self.lowers = lowers
        self._offsets: Optional[List[int]] = None

    def space_before(self, token: int) -> int:
        """Offset in the document's joined words of the space before window token `token`."""
        if not self.lo <= token < self.hi:
            raise _Fallback("a mention outside the document's tokens")
        if self._offsets is None:
            offsets = [self.base - 1]
            for word in self.lowers[self.lo : self.hi]:
                offsets.append(offsets[-1] + len(word) + 1)
            self._offsets = offsets
        return self._offsets[token - self.lo]


class _WindowGazetteer(Gazetteer):
    """A window's gazetteer that answers document-level questions for the whole document."""

    context: _Context

    def is_known_name(self, start: int, end: int) -> bool:
        if self.context.whole:
            return super().is_known_name(start, end)
        key = " ".join(self._lowers[start:end])
        own = 1 if self.run_end.get(start) == end else 0
        return self.context.state.name_counts.get(key, 0) - own > 0

    def seen_before(self, start: int, end: int) -> bool:
        needle = " " + " ".join(self._lowers[start:end]) + " "
        state = self.context.state
        state.note_seen(needle)
        if self.context.whole:
            return super().seen_before(start, end)
        limit = self.context.space_before(start)
        return state.joined.find(needle, 0, limit + len(needle) - 1) >= 0

    def _find_phrase_ends(self) -> Dict[int, int]:
        # The engine's growth rule, with each sequence's count taken from the
        # whole document: a phrase grows through a word while the words so far
        # recur (or the word is a function word) and ends at a recurring one
        # that is not a function word.
        if self.context.whole:
            return super()._find_phrase_ends()
        lowers = self._lowers
        is_word = self.tokens.is_word
        sentence_start = self.tokens.sentence_start
        joining = self._function_words
        cannot_open = self._cannot_open
        counts = self.context.state.phrase_counts
        n = len(lowers)
        best: Dict[int, int] = {}
        for i in range(n):
            if not is_word[i] or lowers[i] in cannot_open:
                continue
            key = lowers[i]
            for length in range(1, MAX_PHRASE):
                k = i + length
                if k >= n or not is_word[k] or sentence_start[k]:
                    break
                key = key + " " + lowers[k]
                recurs = counts.get(key, 0) >= MIN_PHRASE_COUNT
                joined = lowers[k] in joining
                if recurs and not joined:
                    best[i] = k + 1
                if not (recurs or joined):
                    break
        return best


class _WindowDocument(Document):
    def __init__(self, text: str, classes, context: _Context) -> None:
        super().__init__(text, classes)
        self._context = context

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            classes = self.classes
            gazetteer = _WindowGazetteer.__new__(_WindowGazetteer)
            gazetteer.context = self._context
            gazetteer.__init__(
                self.tokens,
                self.index,
                particles=_class_or_empty(classes, PARTICLE_CLASS),
                function_words=_class_or_empty(classes, FUNCTION_WORD_CLASS),
                cannot_open=classes.derived("words that cannot open a phrase", _cannot_open_phrase),
                breakers=_class_or_empty(classes, NAME_BREAKER_CLASS),
            )
            self._gazetteer = gazetteer
        return self._gazetteer


class _TextDocument:
    """The document for a kind that reads the whole text: tokenised only if the kind asks."""

    def __init__(self, text: str, classes) -> None:
        self.text = text
        self._classes = classes
        self._full: Optional[Document] = None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._full is None:
            self._full = Document(self.text, self._classes)
        return getattr(self._full, name)


# Which list of the engine's a finding goes to (see `engine.lint`).
_PLAIN, _EVIDENCE, _CORROBORATED = 0, 1, 2


class IncrementalLinter:
    """`engine.lint` for one document that changes between calls; keeps what it can."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: Optional[RuleSet] = None
        self._broken = False
        self._paragraphs: List[_Paragraph] = []
        self._text: Optional[str] = None  # the text the paragraphs are of
        self.name_counts: Counter = Counter()
        self.phrase_counts: Counter = Counter()
        self.joined = "  "
        self._offsets: List[int] = []     # joined-words offset of each paragraph's first word
        self._seen: Dict[str, set] = {}   # first word -> mention keys a rule searched earlier occurrences of
        self._long_seen: set = set()      # those keys longer than LONGEST_KEY words
        self.relinted = 0                 # paragraphs linted by the last call (for tests and timings)

    def lint(self, text: str, rules: RuleSet) -> engine.Report:
        with self._lock:
            if rules is not self._rules:
                self._start(rules)
            if self._broken or not rules.rules or not text:
                return engine.lint(text, rules)
            try:
                return self._update(text)
            except _Fallback:
                self._broken = True
                self._paragraphs = []
                self._text = None
                return engine.lint(text, rules)

    # -- set-up ----------------------------------------------------------------------
    def _start(self, rules: RuleSet) -> None:
        self._rules = rules
        self._broken = False
        self._paragraphs = []
        self._text = None
        self.name_counts = Counter()
        self.phrase_counts = Counter()
        self._seen = {}
        self._long_seen = set()
        self._groups = []
        for rule in rules.rules:
            self._groups.append((rule, _PLAIN if rule.corroboration is None else _CORROBORATED))
        corroborated = any(rule.corroboration is not None for rule in rules.rules)
        if corroborated:
            self._groups += [(rule, _EVIDENCE) for rule in rules.evidence]
        self._local = [(rule, group) for rule, group in self._groups if _paragraph_local(rule)]
        self._whole = [(rule, group) for rule, group in self._groups if not _paragraph_local(rule)]

    def note_seen(self, needle: str) -> None:
        if needle.count(" ") - 1 > LONGEST_KEY:
            self._long_seen.add(needle)
        first = needle[1 : needle.index(" ", 1)]
        self._seen.setdefault(first, set()).add(needle)

    # -- one call ----------------------------------------------------------------------
    def _changed(self, text: str) -> Tuple[int, int, List[Tuple[int, int]]]:
        """How many paragraphs at the start and at the end the edit left alone, and
        the spans of the paragraphs between, found by splitting only the changed part."""
        old = self._paragraphs
        before = self._text
        if before is None or not old:
            return 0, 0, paragraphs(text)
        prefix = _common_prefix(before, text)
        suffix = _common_suffix(before, text, min(len(before), len(text)) - prefix)
        # A paragraph is left alone when the text from its start to the next
        # paragraph's (or from the previous one's end to its end) is.
        starts = [p.start for p in old]
        head = max(bisect.bisect_right(starts, prefix) - 1, 0)
        changed_end = len(before) - suffix
        ends = [p.start + len(p.text) for p in old]
        tail = len(old) - min(bisect.bisect_left(ends, changed_end) + 1, len(old))
        tail = min(tail, len(old) - head)
        region_start = ends[head - 1] if head else 0
        region_end = starts[len(old) - tail] + len(text) - len(before) if tail else len(text)
        middle = [(s + region_start, e + region_start) for s, e in paragraphs(text[region_start:region_end])]
        return head, tail, middle

    def _update(self, text: str) -> engine.Report:
        classes = self._rules.classes
        old = self._paragraphs
        head, tail, middle = self._changed(text)
        shift = len(text) - (len(self._text) if self._text is not None else 0)
        self._text = text
        removed = old[head : len(old) - tail]
        kept = old[:head] + [None] * len(middle) + old[len(old) - tail :]
        for paragraph in old[len(old) - tail :]:
            paragraph.start += shift
        # A paragraph left alone is replaced all the same when what it depends
        # on from before it changed (an open quote, being the last).
        new: List[_Paragraph] = []
        added: List[int] = []
        odd = False
        for index, paragraph in enumerate(kept):
            last = index == len(kept) - 1
            if paragraph is None:
                start, end = middle[index - head]
                paragraph = _Paragraph(text[start:end], odd, last, classes)
                paragraph.start = start
                added.append(index)
            elif paragraph.odd != odd or paragraph.last != last:
                removed.append(paragraph)
                start = paragraph.start
                paragraph = _Paragraph(paragraph.text, odd, last, classes)
                paragraph.start = start
                added.append(index)
            new.append(paragraph)
            if paragraph.quotes % 2:
                odd = not odd

        # Document-level facts, by delta.
        name_changes: Counter = Counter()
        phrase_changes: Counter = Counter()
        for paragraph in removed:
            name_changes.subtract(paragraph.names)
            phrase_changes.subtract(paragraph.phrases)
        for index in added:
            name_changes.update(new[index].names)
            phrase_changes.update(new[index].phrases)
        self._paragraphs = new
        self.joined = " " + " ".join(p.joined for p in new) + " "
        offsets, position = [], 1
        for paragraph in new:
            offsets.append(position)
            position += len(paragraph.joined) + 1
        self._offsets = offsets

        dirty = set(added)
        if added and len(added) == len(new):
            flipped = None  # everything is linted anew: nothing to look for
        else:
            flipped = []
        for key, delta in name_changes.items():
            if delta:
                before = self.name_counts.get(key, 0)
                after = before + delta
                self._set(self.name_counts, key, after)
                # A rule asks whether the count, less one (the run asked about), is above zero.
                if flipped is not None and min(before, after) <= 1:
                    flipped.append(key)
        for key, delta in phrase_changes.items():
            if delta:
                before = self.phrase_counts.get(key, 0)
                after = before + delta
                self._set(self.phrase_counts, key, after)
                if flipped is not None and (before >= MIN_PHRASE_COUNT) != (after >= MIN_PHRASE_COUNT):
                    flipped.append(key)
        if flipped is not None:
            if len(flipped) > MANY_FLIPS:
                dirty.update(range(len(new)))
            else:
                for key in flipped:
                    self._mark_occurrences(" " + key + " ", dirty, 0)
            if added:
                # Paragraphs between two changed ones are changed text for what follows.
                dirty.update(range(min(added), max(added) + 1))
            self._mark_seen(old, removed, added, new, head, dirty)
        # Windows: any paragraph whose window is no longer the same paragraphs.
        near: set = set()
        for index in added:
            self._mark_around(index, near)
        if removed and new:
            self._mark_around(min(head, len(new) - 1), near)
            if head > 0:
                self._mark_around(head - 1, near)
        for index in near:
            if new[index].window != self._window(index):
                dirty.add(index)
        self.relinted = len(dirty)
        # Nearby paragraphs are linted together: one window costs less than two.
        run_start = previous = None
        for index in sorted(dirty):
            if previous is not None and index - previous > RUN_GAP:
                self._lint_run(run_start, previous, text)
                run_start = None
            if run_start is None:
                run_start = index
            previous = index
        if run_start is not None:
            self._lint_run(run_start, previous, text)
        return self._combine(text)

    @staticmethod
    def _set(counter: Counter, key: str, value: int) -> None:
        if value:
            counter[key] = value
        else:
            counter.pop(key, None)

    def _paragraph_at(self, offset: int) -> int:
        return bisect.bisect_right(self._offsets, offset) - 1

    def _mark_occurrences(self, needle: str, dirty: set, start: int, first_only: bool = False) -> None:
        """Mark the paragraphs whose window holds an occurrence of `needle` in the joined words from `start`."""
        joined = self.joined
        found = joined.find(needle, start)
        while found >= 0:
            self._mark_around(self._paragraph_at(found + 1), dirty)
            if first_only:
                return
            found = joined.find(needle, found + 1)

    def _mark_around(self, index: int, dirty: set) -> None:
        """Every paragraph whose window holds paragraph `index`."""
        new = self._paragraphs
        dirty.add(index)
        seen = 0
        k = index
        while k > 0 and seen < AFTER_TOKENS:
            k -= 1
            dirty.add(k)
            seen += new[k].tokens
        seen = 0
        k = index
        while k < len(new) - 1 and seen < BEFORE_TOKENS:
            k += 1
            dirty.add(k)
            seen += new[k].tokens

    def _mark_seen(self, old, removed, added, new, head, dirty) -> None:
        """Where a mention's first occurrence may have moved past a rule's question.

        Only the first occurrence after the changed text, of a key that stands
        (or stood) in it, can change its answer: every later one has an
        earlier occurrence outside the change, before and after it.
        """
        if not self._seen:
            return
        # The changed paragraphs, in the new list and in the old one, with the
        # same unchanged neighbours around both.
        if added:
            new_lo, new_hi = min(added), max(added)
        else:
            new_lo, new_hi = head, head - 1
        old_hi = len(old) - (len(new) - new_hi - 1) - 1
        regions = [_region(old, new_lo, old_hi), _region(new, new_lo, new_hi)]
        if new_hi >= new_lo:
            after = self._offsets[new_hi] + len(new[new_hi].joined)
        else:
            after = self._offsets[head] - 1 if head < len(new) else len(self.joined)
        words = set()
        for region in regions:
            words.update(region.split())
        needles = set(self._long_seen)
        for word in words:
            for needle in self._seen.get(word, ()):
                # A key that stands in the changed text before and after the
                # edit (or in neither) changes no later answer.
                if (needle in regions[0]) != (needle in regions[1]):
                    needles.add(needle)
        for needle in needles:
            self._mark_occurrences(needle, dirty, max(after - 1, 0), first_only=True)

    def _window(self, index: int) -> tuple:
        a, b = self._window_bounds(index)
        return tuple(self._paragraphs[a : b + 1])

    def _window_bounds(self, index: int) -> Tuple[int, int]:
        new = self._paragraphs
        a, seen = index, 0
        while a > 0 and seen < BEFORE_TOKENS:
            a -= 1
            seen += new[a].tokens
        b, seen = index, 0
        while b < len(new) - 1 and seen < AFTER_TOKENS:
            b += 1
            seen += new[b].tokens
        return a, b

    def _lint_run(self, first: int, last: int, text: str) -> None:
        """Lint paragraphs first..last in one window that holds each one's own window."""
        paragraphs = self._paragraphs
        a = self._window_bounds(first)[0]
        b = self._window_bounds(last)[1]
        head, tail = paragraphs[a], paragraphs[b]
        prefix = _OPEN_QUOTE if head.odd else ("\n\n" if a > 0 else "")
        suffix = "" if tail.last else _SENTINEL
        window_text = prefix + text[head.start : tail.start + len(tail.text)] + suffix
        shift = head.start - len(prefix)
        whole = a == 0 and tail.last
        document = _WindowDocument(window_text, self._rules.classes, None)
        tokens = document.tokens
        lo, hi = (1 if head.odd else 0), len(tokens) - (0 if tail.last else 1)
        document._context = _Context(self, self._offsets[a], lo, hi, tokens.lowers, whole)
        report = engine.Report()
        found: list = []
        for rule, group in self._local:
            rule_found: list = []
            masks: list = []
            engine._run(rule, document, window_text, rule_found, masks, report)
            if report.failures:
                if last - first >= SPLIT_AT:
                    # A rule's time limit is per call: a window of many paragraphs
                    # (the whole document, on opening it) is linted in halves.
                    middle = (first + last) // 2
                    self._lint_run(first, middle, text)
                    self._lint_run(middle + 1, last, text)
                    return
                raise _Fallback(f"rule {rule.id} failed in a window")
            for d in rule_found:
                found.append((d.start, group, d, rule.masks or None))
        found.sort(key=lambda item: item[0])
        starts = [item[0] for item in found]
        for index in range(first, last + 1):
            paragraph = paragraphs[index]
            own_start = paragraph.start - shift
            own_end = own_start + len(paragraph.text)
            window = self._window_bounds(index)
            # A pattern may run on across a blank line; what it flags must end
            # REACH_TOKENS before its paragraph's own window does (unless that
            # is the document's end), so that the window held all it matched.
            end_of_window = paragraphs[window[1]]
            if end_of_window.last:
                cut_off = len(window_text)
            else:
                last_token = bisect.bisect_left(tokens.starts, end_of_window.start - shift + len(end_of_window.text)) - 1
                cut_off = tokens.starts[max(last_token - REACH_TOKENS, 0)]
            own = []
            for k in range(bisect.bisect_left(starts, own_start), bisect.bisect_left(starts, own_end)):
                _, group, d, rule_masks = found[k]
                if d.end > cut_off:
                    raise _Fallback(f"a finding runs to the end of its window: {d.rule}")
                own.append((group, _moved(d, -own_start), rule_masks))
            paragraph.found = own
            paragraph.moved_to = None
            paragraph.window = tuple(paragraphs[window[0] : window[1] + 1])

    def _combine(self, text: str) -> engine.Report:
        """The engine's last steps over every finding: corroboration, masks, one per problem."""
        report = engine.Report()
        plain: list = []
        plain_masks: list = []
        evidence_found: list = []
        corroborated_found: Dict[str, list] = {}
        corroborated_masks: Dict[str, list] = {}
        document = _TextDocument(text, self._rules.classes)
        for rule, group in self._whole:
            rule_found: list = []
            rule_masks: list = []
            engine._run(rule, document, text, rule_found, rule_masks, report)
            if group == _PLAIN:
                plain += rule_found
                plain_masks += rule_masks
            elif group == _EVIDENCE:
                evidence_found += rule_found
            else:
                corroborated_found.setdefault(rule.id, []).extend(rule_found)
                corroborated_masks.setdefault(rule.id, []).extend(rule_masks)
        if report.failures:
            raise _Fallback("a rule over the whole text failed")
        for paragraph in self._paragraphs:
            if not paragraph.found:
                continue
            start = paragraph.start
            if paragraph.moved_to != start:
                # Findings in document offsets, made again only when the paragraph moved.
                paragraph.moved = [(group, _moved(d, start), masks) for group, d, masks in paragraph.found]
                paragraph.moved_to = start
            for group, d, rule_masks in paragraph.moved:
                if group == _PLAIN:
                    plain.append(d)
                    if rule_masks:
                        plain_masks.append((d.start, d.end, rule_masks))
                elif group == _EVIDENCE:
                    evidence_found.append(d)
                else:
                    corroborated_found.setdefault(d.rule, []).append(d)
                    if rule_masks:
                        corroborated_masks.setdefault(d.rule, []).append((d.start, d.end, rule_masks))
        rules = self._rules
        found = plain
        all_masks = plain_masks
        corroborated = [rule for rule in rules.rules if rule.corroboration is not None]
        if corroborated:
            unreported = {rule.id for rule in rules.evidence}
            found = found + evidence_found
            per_rule = Counter(d.rule for d in _problems(found, all_masks))
            words = sum(paragraph.words for paragraph in self._paragraphs)
            for rule in corroborated:
                needed = rule.corroboration
                if needed.holds(sum(count for rule_id, count in per_rule.items() if needed.counts(rule_id)), words):
                    found += corroborated_found.get(rule.id, [])
                    all_masks = all_masks + corroborated_masks.get(rule.id, [])
            if unreported:
                found = [d for d in found if d.rule not in unreported]
        report.diagnostics = _problems(found, all_masks)
        return report


_ORDER = attrgetter("start", "end", "rule")


def _problems(found: List[Diagnostic], masks: list) -> List[Diagnostic]:
    """`engine._problems`, sorting by a C key: the findings come nearly in order."""
    if masks:
        sorted_masks = engine._SortedMasks(masks)
        found = [d for d in found if not sorted_masks.contains(d)]
    return engine._one_per_problem(sorted(found, key=_ORDER))


_CHUNK = 1 << 16


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of `a` and `b` (compared a chunk at a time, in C)."""
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i : i + _CHUNK] == b[i : i + _CHUNK]:
        i += _CHUNK
    lo, hi = i, min(i + _CHUNK, n)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[i:mid] == b[i:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix of `a` and `b`, at most `limit`."""
    la, lb = len(a), len(b)
    k = 0
    while k < limit and a[la - min(k + _CHUNK, limit) : la - k] == b[lb - min(k + _CHUNK, limit) : lb - k]:
        k = min(k + _CHUNK, limit)
    lo, hi = k, min(k + _CHUNK, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - k] == b[lb - mid : lb - k]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _region(paragraphs: List[_Paragraph], first: int, last: int) -> str:
    """The joined words of paragraphs[first:last + 1] and of neighbours holding
    LONGEST_KEY words on either side (for keys that straddle a boundary)."""
    seen = 0
    while first > 0 and seen < LONGEST_KEY:
        first -= 1
        seen += paragraphs[first].tokens
    seen = 0
    while last < len(paragraphs) - 1 and seen < LONGEST_KEY:
        last += 1
        seen += paragraphs[last].tokens
    return " " + " ".join(p.joined for p in paragraphs[first : last + 1]) + " "


def _moved(d: Diagnostic, by: int) -> Diagnostic:
    """`d` with every offset moved by `by`."""
    fix = d.fix
    if fix is not None:
        fix = Fix(fix.description, tuple(Edit(e.start + by, e.end + by, e.replacement) for e in fix.edits), fix.safe)
    return Diagnostic(d.rule, d.severity, d.message, d.start + by, d.end + by, fix)
