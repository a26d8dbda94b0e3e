"""The library filter: words and date expressions typed into the filter box.

``nato defence`` matches title, source and tags (every word must match);
``since:last week``, ``before:march 2026``, ``after:2026-01-01``, ``on:2026-02-26`` and a bare
``2026-02`` or ``2026`` filter by date. Date expressions are read relative to ``today``; a value
may be quoted (``since:"last month"``) or run to the next ``key:`` word. A month or year, in
figures or in words (``on:march 2026``, ``until:last month``), stands for the whole period, and
several date parts all hold at once.

Fields of the annotation and of the reader's notes narrow further: ``speaker:rutte`` (case-
and accent-insensitive, any part of the name), ``tag:key`` (the briefing's tags or yours),
``kind:figure`` (has an item of that kind), ``status:open`` (has an issue with that status)
and ``is:new`` / ``is:read`` / ``is:done``. Every part must hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from briefing.crosslib import person_key
from briefing.dates import parse_date
from briefing.library import Entry
from briefing.model import ISSUE_STATUSES

DATE_KEYS = ("since", "after", "before", "until", "on")
FIELD_KEYS = ("speaker", "tag", "kind", "status", "is")
KINDS = ("summary", "quote", "figure", "issue", "date")
READING = ("new", "read", "done")
_TOKEN = re.compile(r'(\w+):"([^"]*)"?|(\w+):(\S*)|"([^"]*)"?|(\S+)')
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
#: Expressions that name a whole month or year, read by ``parse_date`` as its first day.
_NAMED_MONTH = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?"
    r"|(?:last|this|next)\s+month)$",
    re.IGNORECASE,
)
_NAMED_YEAR = re.compile(r"^(?:last|this|next)\s+year$", re.IGNORECASE)


class FilterError(ValueError):
    """A filter that cannot be read; the message is shown under the filter box."""


@dataclass(frozen=True)
class ReaderMarks:
    """What the reader's notes say about one briefing, for the list and the filter."""

    tagged: int = 0
    reading: str = "new"
    #: Every tag the reader put on the briefing's items and passages.
    tags: frozenset[str] = frozenset()
    #: Issue statuses the reader set (they override the annotation's).
    statuses: frozenset[str] = frozenset()


NO_MARKS = ReaderMarks()
Check = Callable[[Entry, ReaderMarks], bool]


@dataclass
class Filter:
    words: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    #: Predicates from ``speaker:``, ``tag:``, ``kind:``, ``status:`` and ``is:``.
    checks: list[Check] = field(default_factory=list)

    def narrow(self, start: date | None, end: date | None) -> None:
        """Keep only dates also within ``start``..``end``: every date part must hold."""
        if start is not None:
            self.start = max(self.start, start) if self.start else start
        if end is not None:
            self.end = min(self.end, end) if self.end else end

    @property
    def empty(self) -> bool:
        return not (self.words or self.start or self.end or self.checks)

    def select(self, entries: list[Entry], marks: Mapping[Path, ReaderMarks]) -> list[Entry]:
        """The entries that match, in order. The common cases (nothing, or only words) skip
        the per-entry checks: at 10,000 briefings this runs on every keystroke."""
        if self.empty:
            return list(entries)
        if not (self.start or self.end or self.checks):
            # One word at a time: each pass is a tight loop over fewer entries.
            for word in self.words:
                entries = [e for e in entries if word in e.search_text]
            return entries
        return [e for e in entries if self.matches(e, marks.get(e.path, NO_MARKS))]

    def matches(self, entry: Entry, marks: ReaderMarks = NO_MARKS) -> bool:
        if self.start or self.end:
            if entry.date is None:
                return False
            if self.start and entry.date < self.start:
                return False
            if self.end and entry.date > self.end:
                return False
        if self.words:
            haystack = entry.search_text
            if not all(word in haystack for word in self.words):
                return False
        return all(check(entry, marks) for check in self.checks)


def _month(year: int, month: int) -> tuple[date, date]:
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


def _period(text: str) -> tuple[date, date] | None:
    """A bare ``YYYY`` or ``YYYY-MM`` as the whole period it names."""
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        return _month(year, month) if 1 <= month <= 12 else None
    if match := _YEAR.match(text):
        return date(int(match[1]), 1, 1), date(int(match[1]), 12, 31)
    return None


def _date_period(text: str, today: date | None) -> tuple[date, date] | None:
    """Any date expression as the period it names: a day, or a whole month or year."""
    period = _period(text)
    if period is not None:
        return period
    when = parse_date(text, today=today)
    if when is None:
        return None
    if _NAMED_MONTH.match(text):
        return _month(when.year, when.month)
    if _NAMED_YEAR.match(text):
        return date(when.year, 1, 1), date(when.year, 12, 31)
    return when, when


def _tokens(query: str) -> list[tuple[str | None, str]]:
    """Split into (key, value) pairs; an unkeyed word after a date key continues its value
    while the value is not yet a date, or is still one with the word added ("march 2026")."""
    tokens: list[tuple[str | None, str]] = []
    for match in _TOKEN.finditer(query):
        key = (match[1] or match[3] or "").lower() or None
        value = match[2] if match[1] else match[4] if match[3] else match[5] or match[6] or ""
        if key is None and match[5] is None and tokens and tokens[-1][0] in DATE_KEYS:
            previous_key, previous = tokens[-1]
            joined = f"{previous} {value}".strip()
            if parse_date(previous) is None or parse_date(joined) is not None:
                tokens[-1] = (previous_key, joined)
                continue
        tokens.append((key, value))
    return tokens


def _field_check(key: str, value: str) -> Check:
    """The predicate of one ``key:value`` part, or ``FilterError`` for a value it cannot be."""
    wanted = value.strip().casefold()
    if not wanted:
        raise FilterError(f"{key}: needs a value, e.g. {key}:{_EXAMPLES[key]}")
    if key == "speaker":
        folded = person_key(wanted)
        return lambda entry, _marks: any(folded in person_key(s) for s in entry.speakers)
    if key == "tag":
        tag = wanted.lstrip("#")
        return lambda entry, marks: tag in {t.casefold() for t in entry.tags} or tag in marks.tags
    if key == "kind":
        kind = wanted[:-1] if wanted.endswith("s") and wanted[:-1] in KINDS else wanted
        if kind not in KINDS:
            raise FilterError(f"kind:{value} is not a kind of item; use one of {', '.join(KINDS)}")
        return lambda entry, _marks: kind in entry.kinds
    if key == "status":
        if wanted not in ISSUE_STATUSES:
            raise FilterError(f"status:{value}: use one of {', '.join(ISSUE_STATUSES)}")
        return lambda entry, marks: wanted in entry.statuses or wanted in marks.statuses
    if wanted not in READING:
        raise FilterError(f"is:{value}: use one of {', '.join(READING)}")
    return lambda _entry, marks: marks.reading == wanted


_EXAMPLES = {"speaker": "rutte", "tag": "key", "kind": "figure", "status": "open", "is": "new"}


def _add(result: Filter, key: str | None, value: str, today: date | None) -> None:
    """Add one ``key:value`` part (or a plain word) to ``result``; ``FilterError`` if unreadable."""
    if key in DATE_KEYS:
        if not value:
            raise FilterError(f'{key}: needs a date, e.g. {key}:2026-02-01 or {key}:"last week"')
        period = _date_period(value, today)
        if period is None:
            raise FilterError(f"cannot read the date {value!r} in {key}:")
        first, last = period
        if key == "since":
            result.narrow(first, None)
        elif key == "after":
            result.narrow(last + timedelta(days=1), None)
        elif key == "before":
            result.narrow(None, first - timedelta(days=1))
        elif key == "until":
            result.narrow(None, last)
        else:
            result.narrow(first, last)
    elif key is None and (period := _period(value)):
        result.narrow(*period)
    elif key is None:
        result.words.append(value.casefold())
    elif key in FIELD_KEYS:
        result.checks.append(_field_check(key, value))
    else:
        known = ", ".join(f"{k}:" for k in (*DATE_KEYS, *FIELD_KEYS))
        raise FilterError(f"unknown filter {key}: (known: {known})")


def needs_dateparser(query: str) -> bool:
    """True when reading ``query`` may take dateparser (slow the first time): a date key, or
    a word that is not plain letters. Plain words and fields are parsed in microseconds."""
    return any(
        key in DATE_KEYS or (key is None and not value.isalpha() and _period(value) is None)
        for key, value in _tokens(query)
        if key is None or key in DATE_KEYS
    )


def parse_filter(query: str, today: date | None = None) -> Filter:
    """Read the filter box; raises ``FilterError`` naming the part that cannot be read."""
    result = Filter()
    for key, value in _tokens(query):
        _add(result, key, value, today)
    return result


def parse_filter_leniently(query: str, today: date | None = None) -> tuple[Filter, str]:
    """The filter made of every part that can be read, and the first error ("" if none).

    The filter box uses this while you type: a part that cannot be read yet (``since:``,
    ``since:blorp``) is named under the box and left out, instead of emptying the list.
    """
    result = Filter()
    error = ""
    for key, value in _tokens(query):
        try:
            _add(result, key, value, today)
        except FilterError as problem:
            error = error or str(problem)
    return result, error
