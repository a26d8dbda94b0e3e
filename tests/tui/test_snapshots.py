"""Pinned pictures of the screens. Review every changed snapshot as a user would
(``pytest --snapshot-update`` only after looking at ``snapshot_report.html``)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from .conftest import AppFactory, settle
from .hostile import write_hostile


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    for box in pilot.app.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def test_main_screen_80x24(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_ready)


def test_main_screen_160x48(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=_ready)


def test_quote_jump_80x24(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    async def jump(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("Q", "j", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=jump)


def test_help_screen(snap_compare, make_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    async def help_open(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=help_open)


def test_hostile_briefing(snap_compare, make_app: AppFactory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "hostile-library"
    write_hostile(folder)
    assert snap_compare(make_app(folder), terminal_size=(160, 40), run_before=_ready)
