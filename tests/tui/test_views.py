"""The library-wide views: People (P), Figures (%), Open issues (O), Timeline (L)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.library import load_briefing
from briefing.notes import NotesStore
from briefing.tui.screens.main import MainScreen
from briefing.tui.screens.people import PeopleView
from briefing.tui.screens.views import FiguresView, IssuesView, LibraryView, TimelineView
from briefing.tui.widgets.article_view import ArticleView

from .conftest import AppFactory, settle

FOLLOW_UP = """\
date 2026-03-10
title Lithuania confirms its defence budget

Prime Minister Inga Rūginienė said on Tuesday that Lithuania would spend 5.5% of GDP on core \
defence next year.

"We keep our word," Rūginienė told reporters.
"""
FOLLOW_UP_ANNOTATION = """\
quotes:
  - speaker: Inga Rūginienė
    role: Prime Minister of Lithuania
    text: We keep our word
figures:
  - value: 5.5%
    label: "Lithuania: core defence spending, share of GDP"
issues:
  - question: Will the budget pass parliament?
dates:
  - text: next year
    date: "2027-01-01"
"""


@pytest.fixture
def bigger_library(library: Path) -> Path:
    (library / "003_follow_up.txt").write_text(FOLLOW_UP)
    (library / "003_follow_up.yaml").write_text(FOLLOW_UP_ANNOTATION)
    return library


async def _open(pilot, key: str, kind: type[LibraryView]) -> LibraryView:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


def main(app) -> MainScreen:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def test_people_merges_accents_and_lists_quotes_by_date(
    make_app: AppFactory, bigger_library: Path
) -> None:
    app = make_app(bigger_library)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = await _open(pilot, "P", PeopleView)
        assert isinstance(view, PeopleView)
        names = [(p.name, len(p.quotes)) for p in view.people]
        assert names[0] == ("Mark Rutte", 3)
        ruginiene = next(p for p in view.people if "Ruginiene" in p.name or "Rūg" in p.name)
        assert len(ruginiene.quotes) == 2  # "Ruginiene" and "Rūginienė" are one person
        index = view.people.index(ruginiene)
        await pilot.press(*(["down"] * index))
        await pilot.pause()
        assert [row.cells[0] for row in view.shown] == ["2026-02-26", "2026-03-10"]
        await pilot.press("enter", "enter")  # to the quotes, then open the first
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        briefing = main(app).briefing
        assert briefing is not None and briefing.path.name.startswith("001_")
        quote = briefing.annotation.quotes[3]
        assert quote.anchor is not None
        view_widget = app.query_one(ArticleView)
        line = view_widget.line_of(quote.anchor.start)
        assert view_widget.scroll_y <= line < view_widget.scroll_y + 30


async def test_people_aliases_from_the_library_config(
    make_app: AppFactory, bigger_library: Path
) -> None:
    (bigger_library / ".briefing.yaml").write_text('people:\n  "An analyst": Mark Rutte\n')
    app = make_app(bigger_library)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = await _open(pilot, "P", PeopleView)
        assert isinstance(view, PeopleView)
        assert (view.people[0].name, len(view.people[0].quotes)) == ("Mark Rutte", 4)


async def test_figures_group_a_series_and_sort(make_app: AppFactory, bigger_library: Path) -> None:
    app = make_app(bigger_library)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = await _open(pilot, "percent_sign", FiguresView)
        first, second = view.shown[0], view.shown[1]
        assert (first.cells[0], first.cells[2]) == ("1/2", "5.4%")
        assert (second.cells[0], second.cells[2]) == ("2/2", "5.5%")
        await pilot.press("greater_than_sign")  # sort by date
        assert view.sort_column == 1
        dates = [row.cells[1] for row in view.shown]
        assert dates == sorted(dates)
        await pilot.press("f", *"berlin")
        assert [row.cells[2] for row in view.shown] == ["1989"]


async def test_issues_oldest_open_first_and_c_changes_status_in_the_store(
    make_app: AppFactory, bigger_library: Path, tmp_path: Path
) -> None:
    app = make_app(bigger_library)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = await _open(pilot, "O", IssuesView)
        statuses = [row.data.status for row in view.shown]
        assert statuses == sorted(statuses, key=["open", "watching", "resolved"].index)
        open_ages = [row.data.age_days for row in view.shown if row.data.status == "open"]
        assert open_ages == sorted(open_ages, reverse=True)  # oldest first
        target = view.shown[0].data
        await pilot.press("c")
        assert target.status == "watching"
        notes = NotesStore(tmp_path / "notes").open(load_briefing(target.briefing.path))
        assert notes.statuses == {target.issue.id: "watching"}
        annotation = target.briefing.path.with_suffix(".yaml").read_text()
        assert "watching" not in annotation.split(target.issue.question)[1].split("\n")[1]


async def test_timeline_places_mentions_at_their_dates(
    make_app: AppFactory, bigger_library: Path
) -> None:
    app = make_app(bigger_library)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = await _open(pilot, "L", TimelineView)
        rows = [(row.cells[0], row.cells[1]) for row in view.shown]
        assert rows.index(("2027-01-01", "next year")) > rows.index(
            ("2026-03-10", "▸ briefing published")
        )
        assert rows[-1] == ("2028-02-26", "2, 4, 6 years from now")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
