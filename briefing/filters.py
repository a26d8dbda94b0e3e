"""The library filter: words and date expressions typed into the filter box.

``nato defence`` matches title, source and tags (every word must match);
``since:last week``, ``before:march 2026``, ``after:2026-01-01``, ``on:2026-02-26`` and a bare
``2026-02`` or ``2026`` filter by date. Date expressions are read relative to ``today``; a value
may be quoted (``since:"last month"``) or run to the next ``key:`` word. A month or year, in
figures or in words (``on:march 2026``, ``until:last month``), stands for the whole period, and
several date parts all hold at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from briefing.dates import parse_date
from briefing.library import Entry

DATE_KEYS = ("since", "after", "before", "until", "on")
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


@dataclass
class Filter:
    words: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    #: Extra predicates from other keys (``is:``, ``tag:``), added by later layers.
    checks: list[Callable[[Entry], bool]] = field(default_factory=list)

    def narrow(self, start: date | None, end: date | None) -> None:
        """Keep only dates also within ``start``..``end``: every date part must hold."""
        if start is not None:
            self.start = max(self.start, start) if self.start else start
        if end is not None:
            self.end = min(self.end, end) if self.end else end

    @property
    def empty(self) -> bool:
        return not (self.words or self.start or self.end or self.checks)

    def matches(self, entry: Entry) -> bool:
        if self.start or self.end:
            if entry.date is None:
                return False
            if self.start and entry.date < self.start:
                return False
            if self.end and entry.date > self.end:
                return False
        if self.words:
            haystack = " ".join([entry.title, entry.source, *entry.tags]).casefold()
            if not all(word in haystack for word in self.words):
                return False
        return all(check(entry) for check in self.checks)


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


def parse_filter(query: str, today: date | None = None) -> Filter:
    """Read the filter box; raises ``FilterError`` naming the part that cannot be read."""
    result = Filter()
    for key, value in _tokens(query):
        if key in DATE_KEYS:
            if not value:
                raise FilterError(
                    f'{key}: needs a date, e.g. {key}:2026-02-01 or {key}:"last week"'
                )
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
        else:
            result.words.append(f"{key}:{value}".casefold())
    return result
