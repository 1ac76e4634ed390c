"""`sequence`'s matcher: a backtracking match of a pattern's elements from one token."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

from textlint.kinds.sequence_elements import Element

if TYPE_CHECKING:
    from textlint.document import Document


def match(document: Document, elements: List[Element], e: int, i: int, flag_start, flag_end, starts) -> Optional[Tuple]:
    """Backtracking match of elements[e:] from token i; returns the flagged token range.

    `starts` holds, for each element matched so far, the token where it began
    (for `same-as`).
    """
    tokens = document.tokens
    count = len(elements)
    # Single-token elements (most of them) need no backtracking: step through
    # them in a loop and recurse only for repeats and mentions.
    while e < count:
        element = elements[e]
        if not element.simple:
            return _repeat(document, elements, e, element, i, 0, flag_start, flag_end, starts + (i,))
        if i >= len(tokens.lowers) or not element.matches_token(tokens, i):
            return None
        if element.same_as is not None and tokens.lowers[i] != tokens.lowers[starts[element.same_as]]:
            return None
        if element.flag:
            if flag_start is None:
                flag_start = i
            flag_end = i + 1
        starts = starts + (i,)
        i += 1
        e += 1
    return flag_start, flag_end


def _repeat(document: Document, elements, e, element, i, count, flag_start, flag_end, starts):
    if count < element.max:
        same = element.same_as
        if same is None or (i < len(document.lowers) and document.lowers[i] == document.lowers[starts[same]]):
            for j in element.ends(document, i):
                if element.same_words_as is not None and not _same_words(document, starts, element.same_words_as, i, j):
                    continue
                fs, fe = flag_start, flag_end
                if element.flag:
                    fs = i if fs is None else fs
                    fe = j
                found = _repeat(document, elements, e, element, j, count + 1, fs, fe, starts)
                if found is not None:
                    return found
    if count >= element.min:
        return match(document, elements, e + 1, i, flag_start, flag_end, starts)
    return None


def _same_words(document: Document, starts, reference: int, i: int, j: int) -> bool:
    """Whether tokens[i:j] are the words element `reference` matched (it ends where the next element starts)."""
    lowers = document.lowers
    start, end = starts[reference], starts[reference + 1]
    return end - start == j - i and lowers[start:end] == lowers[i:j]

