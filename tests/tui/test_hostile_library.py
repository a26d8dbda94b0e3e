"""The app on the whole hostile corpus: every briefing opens, every view shows, nothing unsafe
reaches the screen and nothing crashes (issue 7: loader, CLI, app and export all checked)."""

from __future__ import annotations

import time
from pathlib import Path

from hostile.corpus import UNSAFE

from briefing.tui.screens.main import MainScreen

from .conftest import AppFactory, settle
from .test_hostile_display import screen_text


async def test_every_hostile_briefing_opens_safely(
    make_app: AppFactory, hostile_corpus: Path
) -> None:
    app = make_app(hostile_corpus)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        count = len(screen.library.shown)
        assert count >= 20
        opened: set[Path] = set()
        await pilot.press("g")
        for _ in range(count):
            started = time.monotonic()
            await pilot.press("enter")
            await settle(pilot)
            assert time.monotonic() - started < 30  # bounded, never a hang
            assert app.is_running
            assert screen.briefing is not None
            opened.add(screen.briefing.path)
            shown = screen_text(app)
            assert not UNSAFE.intersection(shown), screen.briefing.path
            await pilot.press("down")
        assert len(opened) == count
        for key in ("P", "percent_sign", "O", "L", "ctrl+t"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running
            assert not UNSAFE.intersection(screen_text(app))
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, MainScreen)
