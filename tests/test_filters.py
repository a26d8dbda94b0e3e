"""The library filter box: words, date keys, periods, quoting and errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from briefing.filters import (
    Filter,
    FilterError,
    ReaderMarks,
    parse_filter,
    parse_filter_leniently,
)
from briefing.library import Entry

TODAY = date(2026, 3, 4)  # a Wednesday


def window(query: str) -> tuple[date | None, date | None]:
    found = parse_filter(query, today=TODAY)
    return found.start, found.end


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("since:last week", date(2026, 2, 25), None),
        ('since:"last month"', date(2026, 2, 1), None),
        ("since:3 days ago", date(2026, 3, 1), None),
        ("since:2026-02-01", date(2026, 2, 1), None),
        ("after:2026-02-26", date(2026, 2, 27), None),
        ("before:march 2026", None, date(2026, 2, 28)),
        ("before:2026-03-01", None, date(2026, 2, 28)),
        ("before:2026", None, date(2025, 12, 31)),
        ("until:2026-02", None, date(2026, 2, 28)),
        ("until:march 2026", None, date(2026, 3, 31)),
        ("after:march 2026", date(2026, 4, 1), None),
        ("on:2026-02-26", date(2026, 2, 26), date(2026, 2, 26)),
        ("on:feb 26 2026", date(2026, 2, 26), date(2026, 2, 26)),
        ("on:march 2026", date(2026, 3, 1), date(2026, 3, 31)),
        ("on:last month", date(2026, 2, 1), date(2026, 2, 28)),
        ("on:last year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("SINCE:2026-02-01", date(2026, 2, 1), None),
        ("since:last week before:march 2026", date(2026, 2, 25), date(2026, 2, 28)),
        ("since:2026-02-10 2026-02", date(2026, 2, 10), date(2026, 2, 28)),
        ("2026-02 since:2026-02-10", date(2026, 2, 10), date(2026, 2, 28)),
    ],
)
def test_date_expressions(query: str, start: date | None, end: date | None) -> None:
    assert window(query) == (start, end)


@pytest.mark.parametrize(
    ("query", "words", "start"),
    [
        ("nato since:2026-02-01 defence", ["nato", "defence"], date(2026, 2, 1)),
        ("since:last week nato", ["nato"], date(2026, 2, 25)),
        ("NATO  Defence", ["nato", "defence"], None),
        ('"air defence" nato', ["air defence", "nato"], None),
    ],
)
def test_words_combined_with_dates(query: str, words: list[str], start: date | None) -> None:
    found = parse_filter(query, today=TODAY)
    assert found.words == words and found.start == start


@pytest.mark.parametrize(
    ("query", "quoted"),
    [
        ("since:blorf", "'blorf'"),
        ('since:"blorf glorp"', "'blorf glorp'"),
        ("since:a", "'a'"),
        ("since:15", "'15'"),
        ("on:2026-02-30", "'2026-02-30'"),
        ("before:2026-13", "'2026-13'"),
    ],
)
def test_unreadable_dates_raise_with_the_text_quoted(query: str, quoted: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter(query, today=TODAY)
    assert quoted in str(caught.value)


@pytest.mark.parametrize("query", ["since:", 'since:""', "on:"])
def test_empty_date_values(query: str) -> None:
    with pytest.raises(FilterError, match="needs a date"):
        parse_filter(query, today=TODAY)


def entry(title: str, when: date | None, source: str = "", tags: list[str] | None = None) -> Entry:
    return Entry(path=Path(f"{title}.txt"), title=title, date=when, source=source, tags=tags or [])


def test_matches_words_in_title_source_and_tags() -> None:
    found = parse_filter("nato air-defence", today=TODAY)
    assert found.matches(entry("NATO summit", None, tags=["air-defence"]))
    assert not found.matches(entry("NATO summit", None))
    assert parse_filter("wire", today=TODAY).matches(entry("x", None, source="The Wire"))


def test_matches_date_window_and_undated() -> None:
    found = parse_filter("since:2026-02-01 before:2026-03-01", today=TODAY)
    assert found.matches(entry("a", date(2026, 2, 1)))
    assert found.matches(entry("a", date(2026, 2, 28)))
    assert not found.matches(entry("a", date(2026, 3, 1)))
    assert not found.matches(entry("a", date(2026, 1, 31)))
    assert not found.matches(entry("a", None))


def test_empty_filter_matches_everything() -> None:
    found = parse_filter("   ", today=TODAY)
    assert found.empty and found.matches(entry("anything", None))
    assert Filter(checks=[lambda e, _m: e.title == "x"]).matches(entry("x", None))
    assert not Filter(checks=[lambda e, _m: e.title == "x"]).matches(entry("y", None))


# --- fields of the annotation and of the reader's notes -----------------------------------

RUTTE = Entry(
    Path("a.txt"),
    "NATO",
    date(2026, 2, 26),
    tags=["nato"],
    speakers=["Mark Rutte", "Inga Rūginienė"],
    kinds=["figure", "quote"],
    statuses=["open"],
)
PLAIN = Entry(Path("b.txt"), "Other", date(2026, 1, 5), kinds=["summary"])


@pytest.mark.parametrize(
    ("query", "matching"),
    [
        ("speaker:rutte", ["NATO"]),
        ("speaker:RUGINIENE", ["NATO"]),  # case and accents do not matter
        ('speaker:"mark rutte"', ["NATO"]),
        ("speaker:orban", []),
        ("tag:nato", ["NATO"]),
        ("tag:#NATO", ["NATO"]),
        ("kind:figure", ["NATO"]),
        ("kind:figures", ["NATO"]),
        ("kind:summary", ["Other"]),
        ("status:open", ["NATO"]),
        ("status:resolved", []),
        ("kind:quote since:2026-02-01", ["NATO"]),
        ("kind:quote until:2026-02-01", []),
    ],
)
def test_field_filters(query: str, matching: list[str]) -> None:
    parsed = parse_filter(query, today=date(2026, 3, 1))
    assert [e.title for e in (RUTTE, PLAIN) if parsed.matches(e)] == matching


def test_reader_marks_answer_is_tag_and_status() -> None:
    mine = ReaderMarks(
        tagged=2, reading="done", tags=frozenset({"follow-up"}), statuses=frozenset({"watching"})
    )
    assert parse_filter("is:done").matches(PLAIN, mine)
    assert not parse_filter("is:done").matches(PLAIN)  # no notes: a new briefing
    assert parse_filter("is:new").matches(PLAIN)
    assert parse_filter("tag:follow-up").matches(PLAIN, mine)
    assert not parse_filter("tag:follow-up").matches(PLAIN)
    assert parse_filter("status:watching").matches(PLAIN, mine)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind:tweet", "kind:tweet is not a kind of item"),
        ("status:maybe", "status:maybe: use one of open, watching, resolved"),
        ("is:unread", "is:unread: use one of new, read, done"),
        ("speaker:", "speaker: needs a value"),
        ("colour:red", "unknown filter colour:"),
    ],
)
def test_unreadable_field_filters_say_what_to_do(query: str, message: str) -> None:
    with pytest.raises(FilterError, match=message):
        parse_filter(query)


def test_lenient_parsing_leaves_out_what_cannot_be_read() -> None:
    parsed, error = parse_filter_leniently("nato since:blorp kind:figure", today=date(2026, 3, 1))
    assert error == "cannot read the date 'blorp' in since:"
    assert parsed.words == ["nato"] and parsed.start is None and len(parsed.checks) == 1
    assert parse_filter_leniently("nato", today=date(2026, 3, 1))[1] == ""
