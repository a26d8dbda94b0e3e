"""The article view takes each briefing's height: scrollbar, thumb and scroll position follow
from one article to the next without a layout of the whole screen."""

from __future__ import annotations

from pathlib import Path

from briefing.tui.screens.main import MainScreen
from briefing.tui.widgets.article_view import ArticleView

from .conftest import AppFactory, settle


def two_articles(root: Path) -> Path:
    root.mkdir()
    long_body = "\n\n".join(f"Paragraph {n} of a long article, with words." for n in range(60))
    (root / "long.txt").write_text(f"title Long one\ndate 2026-02-02\n\n{long_body}\n")
    longer_body = "\n\n".join(f"Paragraph {n} of a longer article." for n in range(90))
    (root / "longer.txt").write_text(f"title Longer one\ndate 2026-01-30\n\n{longer_body}\n")
    (root / "short.txt").write_text("title Short one\ndate 2026-02-01\n\nOne paragraph.\n")
    return root


async def test_scrollbar_follows_the_article_shown(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(two_articles(tmp_path / "lib"))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        view = app.query_one(ArticleView)
        assert screen.briefing is not None and screen.briefing.title == "Long one"
        assert view.show_vertical_scrollbar
        assert view.vertical_scrollbar.window_virtual_size == view.virtual_size.height > 100
        view.scroll_end(animate=False)
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        height = view.virtual_size.height
        screen.open_briefing(tmp_path / "lib" / "longer.txt")  # the scrollbar stays
        await settle(pilot)
        assert view.virtual_size.height > height
        assert view.vertical_scrollbar.window_virtual_size == view.virtual_size.height
        assert view.scroll_y == 0
        screen.open_briefing(tmp_path / "lib" / "short.txt")
        await settle(pilot)
        assert not view.show_vertical_scrollbar
        assert view.scroll_y == 0
        screen.open_briefing(tmp_path / "lib" / "long.txt")
        await settle(pilot)
        assert view.show_vertical_scrollbar
        assert view.vertical_scrollbar.window_virtual_size == view.virtual_size.height
        assert 0 <= view.scroll_y <= view.max_scroll_y
