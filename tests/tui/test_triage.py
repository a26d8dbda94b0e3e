"""Reading states: new → read after a few seconds on screen, x toggles done, Space next new."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.library import load_briefing
from briefing.notes import NotesStore
from briefing.tui.screens import main as main_module
from briefing.tui.screens.main import MainScreen

from .conftest import AppFactory, settle

SEED = "001_nato_rutte_defence_spending.txt"
GUIDE = "002_getting_started.txt"


def reading(tmp_path: Path, library: Path, name: str) -> str:
    return NotesStore(tmp_path / "notes").open(load_briefing(library / name)).reading


def library_row(app, index: int) -> str:  # type: ignore[no-untyped-def]
    """The first line of a library row, as drawn."""
    listing = main(app).library.listing
    listing.scroll_to(y=0, animate=False)
    strip = listing.render_line(index * 2)
    return "".join(segment.text for segment in strip)


def main(app) -> MainScreen:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def test_a_briefing_on_screen_becomes_read(
    make_app: AppFactory, tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "READ_AFTER_SECONDS", 1.5)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert reading(tmp_path, library, SEED) == "new"
        assert library_row(app, 0).startswith(" ● Rutte urges")
        await pilot.pause(2.0)
        assert reading(tmp_path, library, SEED) == "read"
        assert "●" not in library_row(app, 0)
        assert reading(tmp_path, library, GUIDE) == "new"


async def test_x_toggles_done(make_app: AppFactory, tmp_path: Path, library: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        assert reading(tmp_path, library, SEED) == "done"
        assert library_row(app, 0).startswith(" ✓ Rutte urges")
        await pilot.press("x")
        assert reading(tmp_path, library, SEED) == "read"


async def test_space_opens_the_next_new_briefing(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")  # the seed is done; the guide is still new
        await pilot.press("space")
        await settle(pilot)
        assert main(app).briefing is not None and main(app).briefing.path.name == GUIDE
        await pilot.press("x", "space")
        await settle(pilot)
        assert main(app).briefing.path.name == GUIDE
        assert any("No new briefings" in n.message for n in app._notifications)


async def test_x_and_space_before_anything_is_listed_say_why_nothing_happens(
    make_app: AppFactory, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        main(app).library.set_loading(True)  # as in the first moments of a start
        await pilot.press("x", "space")
        messages = [n.message for n in app._notifications]
        assert "Open a briefing to mark it done." in messages
        assert any("the library is still loading" in message for message in messages)
