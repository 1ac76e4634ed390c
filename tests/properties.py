"""Random text for the property tests, and the hypothesis profiles they run under.

The text is what a hostile or unlucky corpus holds: any Unicode, CRLF and CR
line ends, a byte-order mark, NUL, and passages damaged the way the
coreference pipeline damages them (../shared/bench/README.md): an earlier
phrase pasted again a few tokens late, or a known snippet spliced in.

Profiles: `default` keeps the normal test run fast; `ci` (select it with
HYPOTHESIS_PROFILE=ci, as .ci/run does) runs many more examples.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Examples per test that runs a subprocess per example: a fraction of the profile's.
SLOW_FRACTION = 20


def slow_examples() -> int:
    return max(5, settings().max_examples // SLOW_FRACTION)


PROSE = [
    "The mayor spoke on Monday.",
    "He called the police after the storm.",
    "In a statement she said the city would find the money.",
    "Mayor Eric Garcetti announced the plan.",
    "Mr. Trump told reporters he would sign it.",
    "Bill de Blasio visited the shelters.",
    "“We are ready,” she said, and they left.",
    "The council voted 7 - 2 , and it do n't matter ’s what they said .",
    "Folks Folks Folks our communities and our families",
    "Emergencies Minister Yevgeny Zinichev would take over.",
]
SNIPPETS = ["Mr. Mr. Trump", "he Mayor Eric Garcetti to", "the the", "Mr. de Mr. de Blasio", "their the victims", "Folks Folks Folks"]
BREAKS = ["\n", "\r\n", "\r", "\n\n", " ", "  ", "\t"]
ODD = ["\x00", "\ufeff", "\u2028", "\u00a0", "\u200b", "é", "😀", "\ud7ff", "\x0c", "\u0301", "İ", "ß", "ﬁ", "\U0010ffff"]

_TOKEN = re.compile(r"\S+")


def pasted_late(text: str, phrase_start: int, length: int, shift: int) -> str:
    """The pipeline's bug: an earlier phrase of `length` tokens pasted again `shift` tokens later."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < 2:
        return text
    start = phrase_start % len(tokens)
    phrase = tokens[start : start + max(1, length)]
    at = min(len(tokens), start + len(phrase) + shift)
    return " ".join(tokens[:at] + phrase + tokens[at:])


@st.composite
def damaged_text(draw) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PROSE),
                st.sampled_from(SNIPPETS),
                st.sampled_from(BREAKS),
                st.sampled_from(ODD),
                st.text(max_size=12),
            ),
            max_size=24,
        )
    )
    text = "".join(draw(st.sampled_from([" ", "", "\n"])) + piece for piece in pieces)
    if draw(st.booleans()):
        text = pasted_late(text, draw(st.integers(0, 60)), draw(st.integers(1, 4)), draw(st.integers(0, 5)))
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def encodable(text: str) -> str:
    """`text` without lone surrogates, which no UTF-8 file can hold."""
    return text.encode("utf-8", "replace").decode("utf-8")
