"""D drafts the open briefing: a whole annotation, or additions that never touch what a
person wrote; nothing is saved until Ctrl+S."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefing.library import load_briefing
from briefing.tui.screens.draft import DraftScreen
from briefing.tui.screens.main import MainScreen

from .conftest import ROOT, AppFactory, settle


def main(app) -> MainScreen:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def test_D_drafts_a_new_annotation_and_saves_it(make_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(ROOT / "briefings" / "001_nato_rutte_defence_spending.txt", folder / "seed.txt")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert main(app).panes.pane("quote").items == []
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DraftScreen)
        assert not (folder / "seed.yaml").exists()  # nothing written before confirming
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    annotation = folder / "seed.yaml"
    assert "draft: true" in annotation.read_text()
    briefing = load_briefing(folder / "seed.txt")
    assert briefing.errors == []
    speakers = {quote.speaker for quote in briefing.annotation.quotes}
    assert {"Mark Rutte", "Inga Ruginiene"} <= speakers
    assert all(quote.anchor is not None for quote in briefing.annotation.quotes)


async def test_escape_leaves_the_annotation_untouched(make_app: AppFactory, library: Path) -> None:
    annotation = library / "001_nato_rutte_defence_spending.yaml"
    before = annotation.read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        # The hand annotation misses a few things the drafter finds (dates, an issue).
        assert isinstance(app.screen, DraftScreen)
        assert app.screen.plan.original == before.decode()
        assert any(line.startswith("date:") for line in app.screen.plan.added)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert annotation.read_bytes() == before
