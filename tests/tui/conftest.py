"""Fixtures for driving the app headless: a fresh app on a copy of the sample library."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from briefing.library import HeaderCache
from briefing.tui.app import BriefingApp

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 1)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A private copy of the sample library, safe to edit."""
    target = tmp_path / "library"
    shutil.copytree(ROOT / "briefings", target)
    return target


AppFactory = Callable[..., BriefingApp]


@pytest.fixture
def make_app(tmp_path: Path, library: Path) -> AppFactory:
    def factory(root: Path | None = None) -> BriefingApp:
        return BriefingApp(
            root or library,
            notes_dir=tmp_path / "notes",
            state_path=tmp_path / "state.json",
            cache=HeaderCache(None),
            today=TODAY,
        )

    return factory


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the thread workers (library scan, loading) and the messages they post."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
