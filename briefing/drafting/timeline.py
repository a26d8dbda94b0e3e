"""Dates mentioned in an article ("on Thursday", "2, 4, 6 years from now", "by 2030",
"April 23"), resolved relative to the article's date.

Candidate phrases are found with the regular expressions below, never by running dateparser's
``search_dates`` over the text; each phrase is then resolved once through ``briefing.dates``
(which imports dateparser only if a phrase needs it). The tense of the phrase's sentence decides
whether a bare weekday or month points back or forward.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from briefing.dates import Prefer, resolve_mention
from briefing.drafting.text import Reading

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:days?|weeks?|months?|years?)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_PHRASE = re.compile(
    "|".join(
        (
            rf"\b{_DAY}\s+{_MONTH},?\s+\d{{4}}\b",
            rf"\b{_MONTH}\s+{_DAY},?\s+\d{{4}}\b",
            r"\b\d{4}-\d{2}-\d{2}\b",
            rf"\b{_MONTH}\s+{_DAY}\b",
            rf"\b{_DAY}\s+{_MONTH}(?![a-z])",
            rf"\b{_MONTH}\s+\d{{4}}\b",
            rf"\b(?:(?:on|last|next|this|since|until|by|from|before|after)\s+)?{_WEEKDAY}\b",
            r"\b(?:yesterday|today|tomorrow)\b",
            r"\b(?:(?:later|earlier)\s+)?(?:last|next|this)\s+(?:week|month|year)\b",
            rf"\b{_COUNT}\s+{_UNIT}\s+ago\b",
            rf"\b\d+(?:,\s*\d+)*(?:,?\s*(?:and|or)\s*\d+)?\s+{_UNIT}\s+from now\b",
            rf"\b{_COUNT}\s+{_UNIT}\s+from now\b",
            rf"\bin\s+{_COUNT}\s+{_UNIT}\b",
            r"\b(?:in|by|since|until|till|through|before|after|from|early|late|mid-)\s*"
            r"(?:1[89]\d\d|20\d\d)\b(?![-\u2013/]\d|s\b)",
            rf"\b(?:in|by|since|until|before|after|from|early|late|mid-)\s*{_MONTH}(?![a-z\s]*\d)",
        )
    )
)
#: Words in front of the date part that dateparser must not see.
_OPERATOR = re.compile(
    r"^(?:on|since|until|till|through|by|from|before|after|in(?=\s+(?:\d{4}\b|[A-Z]))|early|late"
    r"|mid-"
    r"|later|earlier)\s*",
    re.IGNORECASE,
)
_LIST = re.compile(r"^(\d+)(?:,\s*\d+)*(?:,?\s*(?:and|or)\s*\d+)?")
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|would|intends?|aims?|is due|are due|expected|plans?|planned|"
    r"scheduled|next|upcoming|set to|going to|from now|in \d+)\b",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:was|were|had|did|ago|last|since|began)\b", re.IGNORECASE)
_AHEAD = re.compile(rf"(?:next\s|in\s+{_COUNT}\s+{_UNIT})")
_NUMBER_WORDS = {
    word: str(number)
    for number, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
} | {"a": "1", "an": "1"}
_CLAUSE = re.compile(r"[,;:()\u2014\u2013]|\s(?:and|but|while|or)\s")
#: "doubled in a month" (a duration), but not "will be reviewed in 2 years".
_PAST_VERB_BEFORE = re.compile(r"(?<!\bbe )(?<!\bbeen )\b\w+ed\s+$")
_HAS_YEAR = re.compile(r"\b\d{4}\b")


@dataclass
class FoundDate:
    text: str
    when: date


def _prefer(clause: str, phrase: str, today: date | None) -> Prefer:
    """Which way a phrase points, from its own words and then from its clause's tense.

    A bare weekday in news copy means the past week unless the clause speaks of the future;
    the article's own weekday means the article's day.
    """
    lower = phrase.lower()
    if _AHEAD.match(lower) or lower.endswith("from now"):
        return "future"
    if lower.startswith("last") or lower.endswith("ago"):
        return "past"
    weekday = re.search(_WEEKDAY, phrase)
    if _FUTURE.search(clause):
        return "future"
    if weekday:
        same_day = today is not None and today.strftime("%A") == weekday.group()
        return "current_period" if same_day else "past"
    if _PAST.search(clause):
        return "past"
    return "current_period"


def _date_part(phrase: str) -> str:
    core = _OPERATOR.sub("", phrase)
    core = re.sub(r"^(?:later|earlier)\s+", "", core, flags=re.IGNORECASE)
    listed = _LIST.match(core)
    if listed and re.search(r"from now", core):
        core = listed[1] + core[listed.end() :]
    if core.endswith("from now"):
        core = "in " + core[: -len("from now")].strip()
    return re.sub(
        r"\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?=\s+\w)",
        lambda word: _NUMBER_WORDS[word.group().lower()],
        core,
        flags=re.IGNORECASE,
    )


def find_dates(reading: Reading) -> list[FoundDate]:
    """Every distinct date phrase that resolves, with its date, in order of appearance."""
    today = reading.article.date
    found: list[FoundDate] = []
    seen: set[str] = set()
    cache: dict[tuple[str, Prefer], date | None] = {}
    body = reading.body
    for match in _PHRASE.finditer(body):
        phrase = match.group()
        key = phrase.casefold()
        if key in seen:
            continue
        core = _date_part(phrase)
        if phrase.startswith("in ") and _PAST_VERB_BEFORE.search(body[: match.start()][-30:]):
            continue  # "doubled in a month" is a duration, not a date
        if today is None and not _HAS_YEAR.search(core):
            continue
        prefer = _prefer(_clause(reading, match.start(), match.end()), phrase, today)
        if (core, prefer) not in cache:
            base = today or date(int(_HAS_YEAR.findall(core)[0]), 1, 1)
            cache[core, prefer] = resolve_mention(core, today=base, prefer=prefer)
        when = cache[core, prefer]
        if when is None:
            continue
        seen.add(key)
        found.append(FoundDate(phrase, when))
    return found


def _clause(reading: Reading, start: int, end: int) -> str:
    """The words around a phrase up to the nearest commas, within its sentence."""
    sentence_start, sentence_end = reading.sentences[reading.sentence_index(start)]
    body = reading.body
    left = [m.end() for m in _CLAUSE.finditer(body, sentence_start, start)]
    right = _CLAUSE.search(body, end, sentence_end)
    return body[left[-1] if left else sentence_start : right.start() if right else sentence_end]
