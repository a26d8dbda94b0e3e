"""Keys typed in one burst (a paste, a script, a fast typist) act as if typed one by one:
those after a key that moves the focus go where the focus went."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from briefing.tui.widgets.article_view import ArticleView

from .conftest import AppFactory, settle


def type_burst(app: object, *keys: str) -> None:
    """Queue every key before the app handles the first, as the terminal driver does."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))  # type: ignore[attr-defined]


async def test_a_burst_after_f_is_typed_into_the_filter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        type_burst(app, *"fstarted")
        await settle(pilot)
        box = app.query_one("#library-filter", Input)
        assert box.value == "started"
        assert app.focused is box
        assert [entry.title for entry in app.screen.library.shown] == [  # type: ignore[attr-defined]
            "Getting started with briefing"
        ]


async def test_a_burst_after_slash_in_the_article_is_searched(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)
        type_burst(app, "slash", *"nato")
        await settle(pilot)
        box = app.query_one("#article-search", Input)
        assert box.value == "nato"
        assert app.focused is box
        assert app.focused.screen.query_one(ArticleView).matches
