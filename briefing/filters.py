"""The library filter: words and date expressions typed into the filter box.

``nato defence`` matches title, source and tags (every word must match);
``since:last week``, ``before:march 2026``, ``after:2026-01-01``, ``on:2026-02-26`` and a bare
``2026-02`` or ``2026`` filter by date. Date expressions are read relative to ``today``; a value
may be quoted (``since:"last month"``) or run to the next ``key:`` word.
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


class FilterError(ValueError):
    """A filter that cannot be read; the message is shown under the filter box."""


@dataclass
class Filter:
    words: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    #: Extra predicates from other keys (``is:``, ``tag:``), added by later layers.
    checks: list[Callable[[Entry], bool]] = field(default_factory=list)

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


def _period(text: str) -> tuple[date, date] | None:
    """A bare ``YYYY`` or ``YYYY-MM`` as the whole period it names."""
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            return None
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    if match := _YEAR.match(text):
        return date(int(match[1]), 1, 1), date(int(match[1]), 12, 31)
    return None


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
            period = _period(value)
            if period is None:
                when = parse_date(value, today=today)
                if when is None:
                    raise FilterError(f"cannot read the date {value!r} in {key}:")
                period = (when, when)
            first, last = period
            if key in ("since", "after"):
                result.start = first if key == "since" else last + timedelta(days=1)
            elif key in ("before", "until"):
                result.end = first - timedelta(days=1) if key == "before" else last
            else:
                result.start, result.end = first, last
        elif key is None and (period := _period(value)):
            result.start, result.end = period
        elif key is None:
            result.words.append(value.casefold())
        else:
            result.words.append(f"{key}:{value}".casefold())
    return result
