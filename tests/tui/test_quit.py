"""Quitting at any moment is clean: keys already on their way do nothing, start-up work
still pending (the panes, the library scan) neither fails nor holds the app up."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
from textual import events

from briefing.library import HeaderCache
from briefing.tui.app import BriefingApp

from .conftest import ROOT, AppFactory, settle


@pytest.mark.parametrize("after", ["e", "question_mark", "D", "ctrl+t", "P"])
async def test_keys_typed_after_quit_are_ignored(make_app: AppFactory, after: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Both arrive before the app has finished quitting, as when typed quickly.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(after, None))
        await pilot.pause()
    assert app.return_code == 0
    assert len(app.screen_stack) <= 1


@pytest.mark.parametrize("delay", [0, 0.01, 0.03, 0.1, 0.3])
async def test_quitting_during_start_up(make_app: AppFactory, delay: float) -> None:
    app = make_app()

    def quit_soon() -> None:
        # At 0: just after the first frame, while the panes are being mounted.
        if delay:
            app.set_timer(delay, app.exit)
        else:
            app.call_after_refresh(app.exit)

    app.call_later(quit_soon)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.5)
    assert app._exception is None
    assert app.return_code == 0


async def test_what_a_thread_hands_over_after_quit_is_dropped(make_app: AppFactory) -> None:
    app = make_app()
    handed: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await asyncio.to_thread(app.call_from_thread, handed.append, 1)
        assert handed == [1]
        app.exit()
        await asyncio.to_thread(app.call_from_thread, handed.append, 2)
    assert handed == [1]


async def test_quitting_stops_the_library_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "big"
    library.mkdir()
    for number in range(60):
        for suffix in (".txt", ".yaml"):
            source = ROOT / "briefings" / f"002_getting_started{suffix}"
            shutil.copy(source, library / f"{number:03}_copy{suffix}")
    read: list[Path] = []
    read_entry = HeaderCache.entry

    def slow_entry(self: HeaderCache, path: Path) -> object:
        read.append(path)
        time.sleep(0.02)  # 60 annotations: 1.2 s if the scan went on to the end
        return read_entry(self, path)

    monkeypatch.setattr(HeaderCache, "entry", slow_entry)
    app = BriefingApp(
        library,
        notes_dir=tmp_path / "notes",
        state_path=tmp_path / "state.json",
        cache=HeaderCache(None),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        while not read:
            await pilot.pause(0.01)
    await asyncio.sleep(0.3)
    stopped_at = len(read)
    await asyncio.sleep(0.3)
    assert len(read) == stopped_at < 60
