"""Random keys, as a newcomer or a cat on the keyboard would type them: whatever the order,
the app never crashes (``run_test`` raises what the app raised) and is still running."""

from __future__ import annotations

import random

import pytest

from briefing.tui import keys

from .conftest import AppFactory, settle

#: Quitting ends the session (typing after it: ``test_quit``); suspending stops the process.
LEFT_OUT = {"q", "ctrl+q", "ctrl+z"}
#: Every bound key, what moves between and inside widgets, and a few keys of text.
POOL = sorted(
    (
        {name for key in keys.KEYS for name in key.keys.split(",") if name}
        | {"escape", "enter", "tab", "shift+tab", "up", "down", "left", "right", "home", "end"}
        | {"pageup", "pagedown", "space", "backspace", "ctrl+s", "ctrl+p", "ctrl+t", "ctrl+y"}
        | set("abcxyz0123456789")
    )
    - LEFT_OUT
)


@pytest.mark.parametrize(("seed", "size"), [(1, (100, 30)), (2, (100, 30)), (3, (160, 48))])
async def test_random_keys_never_crash_the_app(
    make_app: AppFactory, seed: int, size: tuple[int, int]
) -> None:
    chooser = random.Random(seed)
    typed = [chooser.choice(POOL) for _ in range(150)]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in typed:
            await pilot.press(key)
        await settle(pilot)
        assert app.return_code is None, f"the app quit; keys: {typed}"
