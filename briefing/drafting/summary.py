"""An extractive summary: the lead sentence plus the most informative others, in article order.

Sentences that are mostly quotation are left to the quotes pane. The rest are scored by the
figures and names they carry and how early they come; a sentence that repeats one already chosen
is skipped, and at most one more is taken from the lead's paragraph, so the summary is never the
first paragraph again. A dateline ("FRANKFURT, March 12 (Wire) -") is cut from the lead, and a
leading "He" or "She" is replaced by the person it stands for.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from briefing.drafting.people import People
from briefing.drafting.text import Reading
from briefing.drafting.vocabulary import SPEECH

POINTS = 3
MIN_WORDS = 8
MAX_WORDS = 50
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'\u2019-]{2,}(?:,\s[^-\u2014\u2013(]{0,30}?)?\s*(?:\([^)]{1,30}\)\s*)?"
    r"(?:--?|\u2014|\u2013)\s+"
)
_LEADING_PRONOUN = re.compile(r"^(He|She)\b")
_WORD = re.compile(r"[^\W_][\w'\u2019-]*")


def _quoted_share(reading: Reading, start: int, end: int) -> float:
    quoted = reading.masked.count("_", start, end)
    return quoted / max(end - start, 1)


def find_summary(reading: Reading, people: People, figure_starts: list[int]) -> list[str]:
    """Two or three sentences: the lead and the best of the rest."""
    candidates: list[tuple[int, int, int]] = []  # (index, start, end)
    for index, (start, end) in enumerate(reading.sentences):
        words = len(_WORD.findall(reading.body[start:end]))
        if words < MIN_WORDS or reading.in_quote(start):
            continue
        if _quoted_share(reading, start, end) > 0.4 or reading.body[start:end].endswith("?"):
            continue
        candidates.append((index, start, end))
    if not candidates:
        return []
    lead, rest = candidates[0], candidates[1:]
    total = len(reading.sentences)

    def score(candidate: tuple[int, int, int]) -> float:
        index, start, end = candidate
        figures = bisect_left(figure_starts, end) - bisect_right(figure_starts, start - 1)
        names = {m.text for m in people.in_window(start, end) if m.kind in ("person", "org")}
        words = len(_WORD.findall(reading.body[start:end]))
        value = 2.0 * figures + len(names) + (1.0 - index / total)
        if SPEECH.search(reading.masked, start, end):
            value += 0.5
        if words > MAX_WORDS:
            value -= 2
        return value

    chosen = [lead]
    lead_paragraph = reading.paragraph_number(lead[1])
    for candidate in sorted(rest, key=score, reverse=True):
        if len(chosen) == POINTS:
            break
        same_paragraph = sum(reading.paragraph_number(c[1]) == lead_paragraph for c in chosen)
        if reading.paragraph_number(candidate[1]) == lead_paragraph and same_paragraph >= 2:
            continue
        if any(_overlap(reading, candidate, other) > 0.5 for other in chosen):
            continue
        chosen.append(candidate)
    chosen.sort()
    return [_point(reading, people, start, end) for _, start, end in chosen]


def _overlap(reading: Reading, one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    first = {w.lower() for w in _WORD.findall(reading.body[one[1] : one[2]])}
    second = {w.lower() for w in _WORD.findall(reading.body[two[1] : two[2]])}
    return len(first & second) / max(min(len(first), len(second)), 1)


def _point(reading: Reading, people: People, start: int, end: int) -> str:
    text = " ".join(reading.body[start:end].split())
    text = _DATELINE.sub("", text, count=1)
    pronoun = _LEADING_PRONOUN.match(text)
    if pronoun:
        person = people.antecedent(start, "m" if pronoun[1] == "He" else "f")
        if person is not None:
            text = person.name + text[pronoun.end() :]
    return text[0].upper() + text[1:] if text else text
