"""Every key of the reader, driven headless, asserting the state it changes."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from briefing.tui.screens.help import HelpScreen
from briefing.tui.screens.main import MainScreen
from briefing.tui.widgets.article_view import ArticleView
from briefing.tui.widgets.item_pane import ItemPane
from briefing.tui.widgets.library_pane import LibraryList

from .conftest import AppFactory, settle

SEED_TITLE = "Rutte urges Europe to deliver on defence spending rather than question the US role"


def main_screen(app) -> MainScreen:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def test_start_lists_library_newest_first_and_opens_newest(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        titles = [entry.title for entry in screen.library.shown]
        assert titles == [SEED_TITLE, "Getting started with briefing"]
        assert screen.briefing is not None and screen.briefing.title == SEED_TITLE
        assert isinstance(app.focused, LibraryList)
        assert len(screen.panes.pane("quote").items) == 4
        assert len(screen.panes.pane("figure").items) == 6


async def test_tab_and_shift_tab_move_between_areas(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("tab")
        assert isinstance(app.focused, ItemPane) and app.focused.kind == "summary"
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ArticleView)


async def test_j_k_enter_open_a_briefing_and_brackets_step(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert screen.briefing is not None
        assert screen.briefing.title == "Getting started with briefing"
        await pilot.press("k")
        assert screen.library.current is not None and screen.library.current.title == SEED_TITLE
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.briefing.title == "Getting started with briefing"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.briefing.title == SEED_TITLE


async def test_pane_keys_focus_each_pane(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, kind in (("Q", "quote"), ("F", "figure"), ("I", "issue"), ("s", "summary")):
            await pilot.press(key)
            assert isinstance(app.focused, ItemPane) and app.focused.kind == kind
            assert app.focused.display  # in the narrow layout, the focused pane is the one shown


async def test_enter_on_a_quote_scrolls_the_article_to_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.scroll_y == 0
        await pilot.press("Q", "j", "j", "enter")  # the third quote, paragraph 9
        await pilot.pause()
        quote = main_screen(app).panes.pane("quote").current
        assert quote is not None and quote.anchor is not None and quote.anchor.paragraph == 9
        line = view.line_of(quote.anchor.start)
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        assert view.scroll_y > 0


async def test_article_top_bottom_and_line_moves(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        view = app.query_one(ArticleView)
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0


async def test_search_highlights_matches_and_n_steps(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "slash")
        box = app.query_one("#article-search", Input)
        assert box.has_focus
        await pilot.press(*"rutte")
        view = app.query_one(ArticleView)
        assert len(view.matches) == 6  # "Rutte" appears six times in the seed
        assert view.current_match == 0
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("n")
        assert view.current_match == 1
        await pilot.press("N", "N")
        assert view.current_match == 5
        await pilot.press("escape")
        assert view.matches == []


async def test_search_bar_comes_with_the_first_slash(make_app: AppFactory) -> None:
    """The search bar is mounted on first use; Escape before that does nothing."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.query("#article-search")
        await pilot.press("tab", "escape")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("slash", *"nato", "enter", "slash")
        assert len(app.query("#article-search")) == 1
        assert app.query_one("#article-search", Input).value == "nato"
        assert app.focused is app.query_one("#article-search", Input)


async def test_filter_words_dates_and_unreadable_dates(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("f")
        assert app.focused is app.query_one("#library-filter", Input)
        await pilot.press(*"started")
        await settle(pilot)
        assert [e.title for e in screen.library.shown] == ["Getting started with briefing"]
        app.query_one("#library-filter", Input).value = "since:2026-02-01"
        await settle(pilot)
        assert [e.title for e in screen.library.shown] == [SEED_TITLE]
        app.query_one("#library-filter", Input).value = "since:blorp"
        await settle(pilot)
        status = str(app.query_one("#library-status").render())
        assert "cannot read the date 'blorp'" in status
        assert len(screen.library.shown) == 2  # the unreadable part is left out, not fatal
        app.query_one("#library-filter", Input).value = "started since:blorp"
        await settle(pilot)
        assert [e.title for e in screen.library.shown] == ["Getting started with briefing"]
        assert "cannot read the date 'blorp'" in str(app.query_one("#library-status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert len(screen.library.shown) == 2
        assert isinstance(app.focused, LibraryList)


async def test_slash_in_library_filters(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.focused is app.query_one("#library-filter", Input)


async def test_l_hides_and_shows_the_library(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("l")
        assert screen.has_class("-library-hidden")
        assert not screen.library.display or screen.library.region.width == 0
        assert isinstance(app.focused, ArticleView)
        await pilot.press("l")
        assert not screen.has_class("-library-hidden")


async def test_help_palette_and_quit(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert "001_nato_rutte_defence_spending.txt" in (tmp_path / "state.json").read_text()


async def test_palette_opens_a_briefing_by_title(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"getting started")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        briefing = main_screen(app).briefing
        assert briefing is not None and briefing.title == "Getting started with briefing"


async def test_reopening_restores_briefing_and_place(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("tab", "j", "j", "j")
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        briefing = main_screen(again).briefing
        assert briefing is not None and briefing.title == "Getting started with briefing"
        assert again.query_one(ArticleView).scroll_y == 3


async def test_r_reloads_changes_keeping_the_place(make_app: AppFactory, library: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j", "j", "j", "j")
        view = app.query_one(ArticleView)
        annotation = library / "001_nato_rutte_defence_spending.yaml"
        annotation.write_text(
            annotation.read_text().replace("title: Rutte urges", "title: Edited, Rutte urges")
        )
        await pilot.press("r")
        await settle(pilot)
        briefing = main_screen(app).briefing
        assert briefing is not None and briefing.title.startswith("Edited, Rutte urges")
        assert view.scroll_y == 4


async def test_theme_and_hidden_library_are_remembered(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.press("l", "q")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"
        assert main_screen(again).has_class("-library-hidden")


async def test_state_is_written_as_it_changes_not_only_on_quit(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        state = (tmp_path / "state.json").read_text()
        assert "002_getting_started.txt" in state
        await pilot.press("l")
        await app.workers.wait_for_complete()  # written from a thread
        assert '"library_hidden": true' in (tmp_path / "state.json").read_text()
        app.theme = "textual-light"
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert '"theme": "textual-light"' in (tmp_path / "state.json").read_text()


async def test_a_state_written_late_never_replaces_a_newer_one(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """States are written from threads, which may finish in any order."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.state.last_briefing = "/older.txt"
        older = app._state_snapshot()
        app.state.last_briefing = "/newer.txt"
        newer = app._state_snapshot()
        app._write_state_now(*newer)
        app._write_state_now(*older)
        assert "/newer.txt" in (tmp_path / "state.json").read_text()


async def test_tab_skips_the_filter_box(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(8):
            await pilot.press("tab")
            seen.append(app.focused)
        assert app.query_one("#library-filter") not in seen
        await pilot.click("#library-filter")
        assert app.focused is app.query_one("#library-filter")
