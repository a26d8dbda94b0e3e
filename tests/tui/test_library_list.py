"""The library list while filtering: what typing and deleting show, and how the list, its
scrollbar, the status line and the filter box follow without laying out the whole screen."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Static

from briefing.filters import Filter, ReaderMarks, parse_filter_leniently
from briefing.library import Entry
from briefing.tui.screens.main import MainScreen
from briefing.tui.widgets.library_pane import LibraryList, LibraryPane, _refines

from .conftest import TODAY, AppFactory, settle

TOPICS = ["defence budget", "defence talks", "budget vote", "energy prices", "border deal"]


def big_library(root: Path, count: int = 40) -> Path:
    """``count`` small briefings whose titles share words, so that filters overlap."""
    root.mkdir()
    for number in range(count):
        topic = TOPICS[number % len(TOPICS)]
        day = 1 + number % 28
        (root / f"{number:03d}.txt").write_text(
            f"title {topic.title()} {number}\ndate 2026-02-{day:02d}\n\nBody {number}.\n"
        )
    return root


def pane_of(app) -> LibraryPane:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen.library


def fresh(pane: LibraryPane, query: str) -> list[Path]:
    """What the filter shows when it searches every briefing afresh."""
    parsed, _error = parse_filter_leniently(query, today=TODAY)
    return [entry.path for entry in parsed.select(pane.entries, pane.marks)]


async def test_typing_and_deleting_show_what_a_fresh_filter_shows(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(big_library(tmp_path / "big"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        box = app.query_one("#library-filter", Input)
        await pilot.press("f")
        typed = "defence budget"
        keys = ["space" if char == " " else char for char in typed]
        seen: list[int] = []
        for key in [*keys, *["backspace"] * len(keys)]:
            await pilot.press(key)
            assert [entry.path for entry in pane.shown] == fresh(pane, box.value), box.value
            seen.append(len(pane.shown))
        assert min(seen) == 8 and seen[-1] == 40  # it did narrow, and came back to all
        # Edits that are not typing on: a word replaced, words in another order, a prefix.
        for query in ("budget", "budget defence", "talks", "defence", "de talks", "vote"):
            box.value = query
            await pilot.pause()
            assert [entry.path for entry in pane.shown] == fresh(pane, query), query


async def test_a_new_entry_is_found_by_a_filter_typed_before(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """Remembered results belong to the entries they were found in."""
    app = make_app(big_library(tmp_path / "big", count=10))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        box = app.query_one("#library-filter", Input)
        box.value = "energy"
        await pilot.pause()
        box.value = "energy prices"
        await pilot.pause()
        before = len(pane.shown)
        late = Entry(path=tmp_path / "big" / "late.txt", title="Energy prices late", date=TODAY)
        pane.add_entries([late])
        assert len(pane.shown) == before + 1
        box.value = "energy"
        await pilot.pause()
        assert [entry.path for entry in pane.shown] == fresh(pane, "energy")
        assert late.path in [entry.path for entry in pane.shown]


async def test_a_date_read_late_never_replaces_a_newer_filter(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Date expressions are read in a worker; one still running when the next key starts
    another must not put its results on screen after the newer ones."""
    from briefing import filters

    read = filters.parse_filter_leniently
    old_one_read = threading.Event()

    def slow_for_the_old_query(query: str, today: date | None = None) -> tuple[Filter, str]:
        if query != "since:2026-01-01":
            return read(query, today)
        time.sleep(0.5)
        try:
            return read(query, today)
        finally:
            old_one_read.set()

    monkeypatch.setattr(filters, "parse_filter_leniently", slow_for_the_old_query)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        box = app.query_one("#library-filter", Input)
        box.value = "since:2026-01-01"  # both briefings; read slowly
        await pilot.pause(0.1)
        box.value = "since:2026-02-01"  # only the newer one; read at once
        for _ in range(100):
            await pilot.pause(0.05)
            if old_one_read.is_set() and len(pane.shown) == 1:
                break
        await pilot.pause(0.2)  # time for the old result to arrive, were it applied
        assert old_one_read.is_set()
        assert [entry.path for entry in pane.shown] == fresh(pane, "since:2026-02-01")
        assert len(pane.shown) == 1


@given(
    st.lists(st.text("abc", min_size=1, max_size=3), max_size=3),
    st.lists(st.text("abc", min_size=1, max_size=3), max_size=3),
    st.text("abc ", max_size=12),
)
def test_refines_only_when_every_match_of_the_new_words_matches_the_old(
    new: list[str], old: list[str], text: str
) -> None:
    if _refines(tuple(new), tuple(old)) and all(word in text for word in new):
        assert all(word in text for word in old)


async def test_scrollbar_follows_the_filter(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(big_library(tmp_path / "big"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        listing = pane.listing
        box = app.query_one("#library-filter", Input)
        assert listing.show_vertical_scrollbar
        assert listing.vertical_scrollbar.window_virtual_size == 80
        listing.focus()
        await pilot.press("G")  # scrolled to the bottom of 40 briefings
        assert listing.scroll_y == listing.max_scroll_y > 0
        box.value = "defence"  # 16 briefings: still more than the list can show
        await pilot.pause()
        assert len(pane.shown) == 16
        assert listing.virtual_size.height == 32
        assert listing.vertical_scrollbar.window_virtual_size == 32
        assert 0 <= listing.scroll_y <= listing.max_scroll_y
        box.value = "talks 1"  # 4 briefings: the scrollbar goes, the rows widen
        await pilot.pause()
        assert not listing.show_vertical_scrollbar
        assert listing.scroll_y == 0
        width = listing.scrollable_content_region.width
        box.value = ""
        await pilot.pause()
        assert listing.show_vertical_scrollbar
        assert listing.vertical_scrollbar.window_virtual_size == 80
        assert listing.scrollable_content_region.width == width - 1


async def test_status_grows_for_a_long_message_and_shrinks_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.query_one("#library-status", Static)
        box = app.query_one("#library-filter", Input)
        assert status.size.height == 1
        box.value = "since:blorp"
        await settle(pilot)
        assert "cannot read the date 'blorp'" in str(status.render())
        assert status.size.height > 1  # wrapped, and the list moved down for it
        listing = app.query_one(LibraryList)
        assert listing.region.y == status.region.bottom
        box.value = "started"
        await settle(pilot)
        assert status.size.height == 1
        assert listing.region.y == status.region.bottom


async def test_a_long_filter_scrolls_in_its_box(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.query_one("#library-filter", Input)
        await pilot.press("f", *"the quick brown fox jumps over the lazy dog again")
        assert box.size.width < 40
        assert box.scroll_x == box.max_scroll_x > 0  # the end of the text is in view
        assert box.region.x <= box.cursor_screen_offset.x < box.region.right
        await pilot.press("home")
        assert box.scroll_x == 0
        assert box.cursor_screen_offset.x == box.content_region.x


async def test_rows_are_drawn_again_when_marks_or_theme_change(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        listing = pane.listing
        title = listing.render_line(2)  # the second briefing, not highlighted
        assert listing.render_line(2) is title  # drawn once, then remembered
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert listing.render_line(2).text == title.text
        assert listing.render_line(2) != title  # same words, the new theme's colours
        meta = listing.render_line(3)
        assert "★" not in meta.text
        pane.update_marks(pane.shown[1].path, ReaderMarks(tagged=3, reading="read"))
        await pilot.pause()
        assert listing.render_line(3).text.startswith(" ★3 ")
        assert listing.render_line(3) is listing.render_line(3)


async def test_the_first_frame_says_the_library_is_loading(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status line is there from the first frame, before the scan has listed anything;
    the scan starts once that frame is drawn."""
    from briefing import library

    scan = library.scan
    release = threading.Event()

    def held_scan(*args: object, **kwargs: object) -> Iterator[object]:
        release.wait(5)
        yield from scan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "scan", held_scan)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.query_one("#library-status", Static)
        assert str(status.render()) == "Loading… 0 briefings"
        release.set()
        await settle(pilot)
        assert str(status.render()) == "2 briefings"
        assert len(pane_of(app).shown) == 2
