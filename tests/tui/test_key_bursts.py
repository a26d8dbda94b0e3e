"""Keys typed in one burst (a paste, a script, a fast typist) act as if typed one by one:
those after a key that moves the focus go where the focus went."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual import events
from textual.timer import Timer
from textual.widgets import Input

from briefing.tui.key_order import WAIT_SECONDS, KeyOrder
from briefing.tui.widgets.article_view import ArticleView
from briefing.tui.widgets.library_pane import LibraryList

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


@pytest.mark.parametrize(
    ("typed", "leave", "kept"), [("ing", "enter", "ing"), ("zzz", "escape", "")]
)
async def test_a_burst_after_leaving_the_filter_goes_to_the_list(
    make_app: AppFactory, typed: str, leave: str, kept: str
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = app.query_one(LibraryList)
        type_burst(app, "f", *typed, leave, "j")
        await settle(pilot)
        assert app.query_one("#library-filter", Input).value == kept
        assert app.focused is listing
        assert len(app.screen.library.shown) == 2  # type: ignore[attr-defined]
        assert listing.highlighted == 1  # the j moved down the list


async def test_a_burst_after_enter_in_the_search_goes_to_the_article(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        view = app.query_one(ArticleView)
        type_burst(app, "slash", *"nato", "enter", "n")
        await settle(pilot)
        assert app.query_one("#article-search", Input).value == "nato"
        assert app.focused is view
        assert view.current_match == 1  # the n went to the next match


async def test_escape_in_the_search_clears_the_matches(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "slash", *"nato")
        view = app.query_one(ArticleView)
        assert view.matches
        await pilot.press("escape")
        assert app.focused is view
        assert not view.matches
        assert app.query_one("#article-search", Input).value == ""
        await pilot.press("slash", *"nato", "enter")
        assert view.matches  # Enter keeps them, and Esc in the article clears them
        await pilot.press("escape")
        assert not view.matches


async def test_a_key_lost_on_its_way_holds_the_next_one_briefly(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        order = app.key_order
        textual_routing = order._route
        routed: list[str] = []

        async def lose_the_first(key: events.Key) -> None:
            routed.append(key.key)
            if len(routed) == 1:
                key._set_forwarded()  # as if handed to a widget that went away
            else:
                await textual_routing(key)

        order._route = lose_the_first
        type_burst(app, "x", "l")  # l hides the library
        await pilot.pause(WAIT_SECONDS / 5)
        assert routed == ["x"]
        assert not app.screen.has_class("-library-hidden")
        await pilot.pause(WAIT_SECONDS)
        assert routed == ["x", "l"]
        assert app.screen.has_class("-library-hidden")


class QuietWidget:
    """Where the keys are handed; it never reports back by itself (the test says ``done``)."""

    def call_later(self, callback: Callable[[], None]) -> bool:
        return True


class StepByStepApp:
    """Just what ``KeyOrder`` asks of the app, with its later calls run by the test."""

    focused = QuietWidget()

    def __init__(self) -> None:
        self.later: list[Callable[[], Awaitable[None]]] = []

    def call_later(self, callback: Callable[[], Awaitable[None]]) -> bool:
        self.later.append(callback)
        return True

    def set_timer(self, delay: float, callback: Callable[[], None]) -> Timer:
        return Timer(self, delay, callback=callback)  # type: ignore[arg-type]  # never started

    async def run_next(self) -> None:
        await self.later.pop(0)()


async def test_a_key_arriving_as_the_one_before_is_done_waits_behind_those_held() -> None:
    app = StepByStepApp()
    routed: list[str] = []

    async def route(key: events.Key) -> None:
        routed.append(key.key)
        key._set_forwarded()  # handed to a widget, which reports back later

    order = KeyOrder(app, route, ready=True)  # type: ignore[arg-type]
    a, b, c = (events.Key(name, name) for name in "abc")
    await order.arrived(a)
    await order.arrived(b)  # held: a is still on its way
    order.done(a)  # b is handed on at the app's next step ...
    await order.arrived(c)  # ... and c, typed meanwhile, must not overtake it
    assert routed == ["a"]
    await app.run_next()
    assert routed == ["a", "b"]
    order.done(b)
    await app.run_next()
    assert routed == ["a", "b", "c"]
