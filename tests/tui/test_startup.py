"""The reader's first frame: it imports only what that frame draws, is laid out for the
terminal it starts in, and gives the list the focus once it is drawn; keys typed meanwhile
wait for that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from briefing.tui.screens.main import MainScreen
from briefing.tui.widgets.article_view import ArticleView
from briefing.tui.widgets.library_pane import FilterBox, LibraryList

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


async def test_the_list_is_focused_after_the_first_frame_unless_a_click_came_first(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    mount = MainScreen.on_mount

    def mount_then_click_the_filter(screen: MainScreen) -> None:
        mount(screen)
        screen.query_one(FilterBox).open()  # what a click on it does, before the first frame

    monkeypatch.setattr(MainScreen, "on_mount", mount_then_click_the_filter)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.focused is app.query_one("#library-filter")


@pytest.mark.parametrize(
    ("keys", "box"),
    [
        (("slash", *"nato"), "#library-filter"),  # / on the list: the filter
        (("tab", "slash", *"nato"), "#article-search"),  # Tab to the article, / searches it
    ],
)
async def test_keys_typed_while_starting_act_once_the_screen_is_ready(
    make_app: AppFactory, keys: tuple[str, ...], box: str
) -> None:
    app = make_app()

    def type_keys() -> None:  # as the app starts: no screen, no article view, no focus yet
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))

    app.call_later(type_keys)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        typed = app.query_one(box, Input)
        assert typed.value == "nato"
        assert app.focused is typed
        if box == "#article-search":  # typed before the article was open: found in it then
            assert app.query_one(ArticleView).matches


async def test_the_list_has_the_focus_once_started(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, LibraryList)


async def test_the_article_says_opening_until_the_library_is_listed(
    make_app: AppFactory, tmp_path: Path
) -> None:
    assert ArticleView().placeholder == "Opening…"  # the start opens a briefing by itself
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        shown = " ".join(
            "".join(segment.text for segment in view.render_line(y)).strip()
            for y in range(view.size.height)
        )
        assert "Choose a briefing in the library" in shown  # nothing could be opened
