"""The ``briefing list`` table: one line per briefing, cut to fit a terminal only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.cells import cell_len

from briefing.cli.listing import MIN_TITLE, _table
from briefing.library import Entry

LONG = "Rutte urges Europe to deliver on defence spending rather than question the US role"


def _entries() -> list[Entry]:
    return [
        Entry(Path("a.txt"), LONG, date(2026, 2, 26), quotes=4, figures=6, open_issues=6),
        Entry(Path("b.txt"), "日本語のタイトルはとても長いのでここで切られるべきです", None),
        Entry(
            Path("c.txt"), "[bold]x[/]", date(2026, 1, 1), problems=["c.yaml:2:1: error"], errors=1
        ),
    ]


def test_piped_output_is_never_cut() -> None:
    lines = _table(_entries(), None).plain.splitlines()
    assert len(lines) == 4
    assert lines[0].split() == ["date", "title", "quotes", "figures", "open", "issues", "problems"]
    assert LONG in lines[1] and lines[1].split()[-3:] == ["4", "6", "6"]
    assert lines[2].startswith("—  ") and "切られるべきです" in lines[2]
    assert "[bold]x[/]" in lines[3] and lines[3].endswith("0  c.yaml:2:1: error")
    assert all(line == line.rstrip() for line in lines)


def test_in_a_terminal_long_titles_end_in_an_ellipsis_to_fit() -> None:
    lines = _table(_entries(), 100).plain.splitlines()
    assert len(lines) == 4
    assert "Rutte urges Europe" in lines[1] and "…" in lines[1] and LONG not in lines[1]
    assert "…" in lines[2]
    # Columns line up whatever the width of the characters cut.
    ends = {cell_len(line[: line.index("…") + 1]) for line in lines[1:3]}
    assert len(ends) == 1
    assert all(cell_len(line) <= 100 for line in lines[:3])


def test_a_narrow_terminal_keeps_some_of_the_title() -> None:
    line = _table(_entries(), 40).plain.splitlines()[1]
    title = line[len("2026-02-26  ") :].split("  ")[0]
    assert cell_len(title) == MIN_TITLE and title.endswith("…")


def test_heading_is_bold_and_broken_briefings_red() -> None:
    table = _table(_entries(), None)
    styles = {str(span.style) for span in table.spans}
    assert "bold" in styles and "red" in styles
    red = next(span for span in table.spans if str(span.style) == "red")
    assert table.plain[red.start : red.end] == "c.yaml:2:1: error"
