"""Untrusted text is shown literally: no styles, links, actions or terminal escapes."""

from __future__ import annotations

from pathlib import Path

from briefing.tui.screens.main import MainScreen
from briefing.tui.widgets.article_view import ArticleView

from .conftest import AppFactory, settle
from .hostile import write_hostile


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """Everything on screen as plain text, as a terminal would show it."""
    return "\n".join(
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    )


async def test_hostile_briefing_shows_markup_literally(
    make_app: AppFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "hostile-library"
    write_hostile(folder)
    app = make_app(folder)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.briefing is not None
        text = screen_text(app)
        assert "[bold red]Boom[/]" in text
        assert "[@click=app.quit]click me[/]" in text
        assert "Markup [bold]bold[/bold] and [/] and" in text
        assert "[red]x[/blue] is a quote" in text
        assert "[i]Mallory[/i]" in text
        assert "x [/ what now?" in text
        assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text
        assert "␛" in text  # escapes are made visible, not sent to the terminal
        # Clicking the text that would be an action in markup does nothing.
        view = app.query_one(ArticleView)
        await pilot.click(ArticleView, offset=(10, 4))
        await pilot.click("#library-list", offset=(5, 0))
        await pilot.pause()
        assert app.is_running
        assert view.briefing is not None


async def test_hostile_file_names_are_literal(make_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "[bold]name[@click=app.quit].txt").write_text("date 2026-01-01\n\nBody text.\n")
    app = make_app(folder)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        assert "[bold]name[@click=app.quit]" in screen_text(app)
        assert app.is_running
