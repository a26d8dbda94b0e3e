"""Reading dates: the ISO fast path, other written forms, relative expressions, false positives."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from briefing.dates import parse_date, parse_iso

TODAY = date(2026, 3, 4)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-26", date(2026, 2, 26)),
        ("  2026-02-26\n", date(2026, 2, 26)),
        ("2026-02-30", None),
        ("2026-13-01", None),
        ("2026-2-26", None),
        ("26/02/2026", None),
        ("20260226", None),
    ],
)
def test_parse_iso_is_exact(text: str, expected: date | None) -> None:
    assert parse_iso(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-26",
        "Feb 26, 2026",
        "February 26, 2026",
        "26 February 2026",
        "26 Feb 2026",
        "Thursday 26/02/2026",
        "Thursday, 26 February 2026",
        "26/02/2026",
    ],
)
def test_full_dates_in_every_form(text: str) -> None:
    assert parse_date(text, today=TODAY, strict=True) == date(2026, 2, 26)
    assert parse_date(text, today=TODAY) == date(2026, 2, 26)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01"])
def test_impossible_iso_dates_are_rejected_not_rearranged(text: str) -> None:
    assert parse_date(text, today=TODAY) is None
    assert parse_date(text, today=TODAY, strict=True) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", date(2026, 3, 3)),
        ("last week", date(2026, 2, 25)),
        ("3 days ago", date(2026, 3, 1)),
        ("last month", date(2026, 2, 1)),
        ("march 2026", date(2026, 3, 1)),
        ("Sept 2025", date(2025, 9, 1)),
        ("feb", date(2026, 2, 1)),
        ("2026", date(2026, 1, 1)),
        ("1989", date(1989, 1, 1)),
        ("2026-02", date(2026, 2, 1)),
        ("2026-2", date(2026, 2, 1)),
    ],
)
def test_relative_and_partial_dates_with_a_fixed_today(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["march 2026", "2026", "2026-02", "feb", "last month"])
def test_strict_refuses_partial_dates(text: str) -> None:
    assert parse_date(text, today=TODAY, strict=True) is None


@pytest.mark.parametrize(
    "text", ["a", "15", "x", "", "   ", "2026-13", "blorf", "since last week", "x" * 300]
)
def test_false_positives_and_junk_are_none(text: str) -> None:
    assert parse_date(text, today=TODAY) is None


def test_prefer_past_and_future() -> None:
    assert parse_date("march", today=date(2026, 2, 10)) == date(2025, 3, 1)
    assert parse_date("march", today=date(2026, 2, 10), prefer="future") == date(2026, 3, 1)


def test_iso_dates_never_import_dateparser() -> None:
    code = (
        "import sys\n"
        "from briefing.dates import parse_date\n"
        "assert parse_date('2026-02-26') is not None\n"
        "assert parse_date('2026-02-30') is None\n"
        "assert parse_date('2026') is not None and parse_date('2026-02') is not None\n"
        "assert 'dateparser' not in sys.modules, 'imported'\n"
        "parse_date('Feb 26, 2026')\n"
        "assert 'dateparser' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
