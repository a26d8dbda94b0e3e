"""The reader's first frame: it imports only what that frame draws, is laid out for the
terminal it starts in, and gives the list the focus once it is drawn."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual import events

from briefing.tui.screens.main import MainScreen
from briefing.tui.widgets.library_pane import LibraryList

from .conftest import AppFactory, settle

#: The core's readers (YAML, the library scan, notes, filters, settings), imported by the
#: scan and the first briefing, and the annotation panes with Textual's tabs, mounted right
#: after the first frame.
LATER = (
    "yaml",
    "briefing.library",
    "briefing.notes",
    "briefing.filters",
    "briefing.config",
    "briefing.tui.widgets.item_pane",
    "textual.widgets._tabs",
)


def test_opening_the_reader_imports_none_of_the_core_readers() -> None:
    code = (
        "import sys, briefing.cli\n"
        "from briefing.tui.app import BriefingApp\n"
        f"print(' '.join(name for name in {LATER!r} if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""


@pytest.mark.parametrize(("width", "narrow"), [(80, True), (139, True), (140, False), (200, False)])
async def test_the_first_frame_is_laid_out_for_the_terminal(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, width: int, narrow: bool
) -> None:
    # Resizes change nothing here: the layout can only come from the start-up itself (it came
    # from the first resize, which Textual sends after the first frame).
    monkeypatch.setattr(MainScreen, "on_resize", lambda self, event: None)
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow") is narrow


async def test_the_list_is_focused_after_the_first_frame_unless_a_key_came_first(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    mount = MainScreen.on_mount

    def mount_then_type_f(screen: MainScreen) -> None:
        mount(screen)
        screen.app.post_message(events.Key("f", "f"))  # before the first frame is drawn

    monkeypatch.setattr(MainScreen, "on_mount", mount_then_type_f)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.focused is app.query_one("#library-filter")


async def test_the_list_has_the_focus_once_started(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, LibraryList)
