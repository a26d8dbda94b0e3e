"""Quitting: keys typed straight after ``q`` (already on their way) do nothing."""

from __future__ import annotations

import pytest
from textual import events

from .conftest import AppFactory, settle


@pytest.mark.parametrize("after", ["e", "question_mark", "D", "ctrl+t", "P"])
async def test_keys_typed_after_quit_are_ignored(make_app: AppFactory, after: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Both arrive before the app has finished quitting, as when typed quickly.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(after, None))
        await pilot.pause()
    assert app.return_code == 0
    assert len(app.screen_stack) <= 1
