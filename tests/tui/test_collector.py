"""Full garbage collections wait for a quiet moment while the reader runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import cli
from briefing.tui.app import BriefingApp
from briefing.tui.collector import (
    QUIET_SECONDS,
    RARE_FULL_COLLECTIONS,
    IdleCollector,
    pause_for_start_up,
)

from .conftest import AppFactory, settle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def _fill_old_generation() -> None:
    """Make the collector move something to the oldest generation (count[2] > 0)."""
    keep = [[] for _ in range(10)]
    gc.collect(1)
    del keep


def test_start_makes_automatic_full_collections_rarer_and_stop_restores(
    thresholds: tuple[int, int, int],
) -> None:
    collector = IdleCollector()
    collector.start()
    young, middle, _ = thresholds
    assert gc.get_threshold() == (young, middle, RARE_FULL_COLLECTIONS)
    collector.stop()
    assert gc.get_threshold() == thresholds


def test_paused_for_start_up_until_started(thresholds: tuple[int, int, int]) -> None:
    frozen = gc.get_freeze_count()
    keep = [[] for _ in range(100)]  # built during start-up, kept as long as the app runs
    pause_for_start_up()
    try:
        assert not gc.isenabled()
        collector = IdleCollector()
        collector.start()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(keep)
        collector.stop()
    finally:
        gc.enable()


def test_the_command_pauses_the_collector_before_the_app_is_imported(
    monkeypatch: pytest.MonkeyPatch, library: Path
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(BriefingApp, "run", lambda self: seen.append(gc.isenabled()))
    try:
        assert cli.main([str(library)]) == 0
    finally:
        gc.enable()
    assert seen == [False]


def test_no_collection_soon_after_input(thresholds: tuple[int, int, int]) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    collector.input_seen()
    _fill_old_generation()
    clock.now += QUIET_SECONDS / 2
    assert not collector.collect_if_quiet()
    assert gc.get_count()[2] > 0


def test_collects_once_quiet_and_only_when_something_is_pending(
    thresholds: tuple[int, int, int],
) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    collector.input_seen()
    _fill_old_generation()
    clock.now += QUIET_SECONDS
    assert collector.collect_if_quiet()
    assert gc.get_count()[2] == 0
    assert not collector.collect_if_quiet()  # nothing new since


async def test_the_reader_notes_input_and_restores_the_thresholds(
    make_app: AppFactory, thresholds: tuple[int, int, int]
) -> None:
    app = make_app()
    pause_for_start_up()  # as the command does
    async with app.run_test() as pilot:
        await settle(pilot)
        assert gc.isenabled()  # back on after the first frame
        assert gc.get_threshold()[2] == RARE_FULL_COLLECTIONS
        before = app.collector.last_input
        await pilot.press("j")
        assert app.collector.last_input > before
    assert gc.get_threshold() == thresholds
