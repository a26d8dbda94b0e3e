"""Full garbage collections wait for a quiet moment while the reader runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from briefing.tui.collector import QUIET_SECONDS, RARE_FULL_COLLECTIONS, IdleCollector

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
    async with app.run_test() as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == RARE_FULL_COLLECTIONS
        before = app.collector.last_input
        await pilot.press("j")
        assert app.collector.last_input > before
    assert gc.get_threshold() == thresholds
