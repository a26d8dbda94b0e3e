"""The one place that knows dateparser; it is imported only when a non-ISO date needs reading.

ISO dates go through ``date.fromisoformat``. Everything else uses one cached English
``DateDataParser`` per (relative base, preference) — building a parser per call, or letting
dateparser try every locale, costs seconds.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal

Prefer = Literal["past", "future", "current_period"]
#: The shape of an ISO date, whether or not the date exists.
ISO_SHAPE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_FULL_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
#: Shortest text dateparser should be asked about: "a", "15" and the like give nonsense dates.
_MIN_LETTERS = 3


def parse_iso(text: str) -> date | None:
    """Exact ``YYYY-MM-DD`` as a date; None for any other form or an impossible date."""
    match = ISO_SHAPE.match(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


@lru_cache(maxsize=16)
def _parser(base: date, prefer: Prefer, strict: bool, first_day: bool) -> Any:
    """One cached English parser per setting: building one per call costs milliseconds."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12),
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if first_day:
        settings["PREFER_DAY_OF_MONTH"] = "first"
    if strict:
        settings["STRICT_PARSING"] = True
    return DateDataParser(languages=["en"], settings=settings)


def _ask(text: str, base: date, prefer: Prefer, *, strict: bool, first_day: bool) -> date | None:
    try:
        found = _parser(base, prefer, strict, first_day).get_date_data(text)
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    value = found.date_obj if found else None
    return value.date() if isinstance(value, datetime) else None


def parse_date(
    text: str, *, today: date | None = None, prefer: Prefer = "past", strict: bool = False
) -> date | None:
    """Read ``text`` as a calendar date, relative to ``today``; None when it is not a date.

    ``strict`` demands day, month and year (for article headers); without it, "last week",
    "March 2026" and "3 days ago" are read too. A bare year is 1 January of that year and
    ``YYYY-MM`` the first of that month; impossible ISO dates (``2026-13-01``) are rejected
    rather than silently rearranged.
    """
    text = text.strip()
    if not text or len(text) > 200:
        return None
    iso = parse_iso(text)
    if iso is not None:
        return iso
    if ISO_SHAPE.match(text):
        return None
    if not strict:
        if year := _YEAR.match(text):
            return date(int(year[1]), 1, 1)
        if year_month := _YEAR_MONTH.match(text):
            month = int(year_month[2])
            return date(int(year_month[1]), month, 1) if 1 <= month <= 12 else None
    if sum(char.isalnum() for char in text) < _MIN_LETTERS:
        return None
    if strict and not _FULL_YEAR.search(text):
        return None  # "yesterday", "last month": relative dates that STRICT_PARSING lets by
    return _ask(text, today or date.today(), prefer, strict=strict, first_day=True)


#: Words that make a phrase relative to the article's date: the day of month must then be kept.
_RELATIVE = re.compile(
    r"\b(?:ago|from now|next|last|this|today|tomorrow|yesterday|in \d+|day|days|week|weeks"
    r"|fortnight|month|months|year|years)\b",
    re.IGNORECASE,
)


def resolve_mention(text: str, *, today: date, prefer: Prefer = "current_period") -> date | None:
    """Resolve a date phrase found in an article ("Thursday", "next year", "in 2 years",
    "April 23", "March 2024", "2030") relative to the article's date ``today``.

    Relative phrases keep the day of month ("in 2 years" from 26 February is 26 February two
    years on); a month, or a month and year, is its first day; a bare year is 1 January, read
    without dateparser. Give only the date part: operator words such as "since" or "by" make
    dateparser fail.
    """
    text = text.strip()
    if not text or len(text) > 100:
        return None
    if not _RELATIVE.search(text):
        return parse_date(text, today=today, prefer=prefer)
    if sum(char.isalpha() for char in text) < _MIN_LETTERS:
        return None
    return _ask(text, today, prefer, strict=False, first_day=False)
