"""Headless timings of the reader (run by ``run.py`` in a child process; prints JSON).

``python benchmarks/headless.py LIBRARY COUNT`` lists the library, then times, each from the
moment a key event is posted until the screen has been refreshed with its result:

- every keystroke of typing a filter into the library's filter box and deleting it again;
- Enter on a highlighted briefing until its article is shown;
- Enter on a quote in the Key quotes pane until the article has scrolled to it.

``--bare`` times keystrokes in the bare app's input box instead: the floor for any keystroke.
Keys are posted to the app directly, not with ``Pilot.press``, which sleeps at least 40 ms
per key while it waits for the app to go idle. Peak memory is this process's ``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Input

#: Typed into the filter box one key at a time, then deleted with as many backspaces.
QUERY = "defence budget"
#: Briefings opened, as fractions of the way down the list.
OPEN_AT = (0.1, 0.3, 0.5, 0.7, 0.9)
POLL = 0.001


async def _until(condition: Callable[[], bool], limit: float) -> None:
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not react in time")
        await asyncio.sleep(POLL)


async def _key(
    app: App[Any], key: str, done: Callable[[], bool], widget: Widget, limit: float
) -> float:
    """Milliseconds from posting ``key`` until ``done()`` and ``widget``'s next refresh."""
    char = key if len(key) == 1 else {"space": " "}.get(key)
    started = time.perf_counter()
    app.post_message(events.Key(key, char))
    await _until(done, limit)
    await widget.wait_for_refresh()
    return (time.perf_counter() - started) * 1000


def _keys_for(query: str) -> list[str]:
    typed = ["space" if char == " " else char for char in query]
    return typed + ["backspace"] * len(typed)


async def bare(limit: float) -> dict[str, Any]:
    from bare_app import BareApp

    app = BareApp(with_input=True)
    timings: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        box = app.query_one(Input)
        box.focus()
        await pilot.pause()
        for key in _keys_for(QUERY):
            before = box.value
            timings.append(await _key(app, key, lambda b=before: box.value != b, box, limit))
    return {"keystroke_ms": timings}


async def reader(library: Path, count: int, today: date, limit: float) -> dict[str, Any]:
    from briefing.library import default_cache
    from briefing.tui.app import BriefingApp
    from briefing.tui.screens.main import MainScreen

    # Notes, state and the header cache come from the (isolated) user directories.
    app = BriefingApp(library, cache=default_cache(library), today=today)
    result: dict[str, Any] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        started = time.perf_counter()
        library_pane = screen.library

        def listed() -> bool:
            return len(library_pane.entries) >= count and screen.briefing is not None

        while not listed():
            if time.perf_counter() - started > limit:
                raise TimeoutError(f"only {len(library_pane.entries)} of {count} listed")
            await app.workers.wait_for_complete()
            await pilot.pause()
        await app.workers.wait_for_complete()
        result["listed_s"] = time.perf_counter() - started

        # Filter as you type.
        box = library_pane.query_one("#library-filter", Input)
        library_pane.action_filter()  # what the f key does
        await _until(lambda: box.has_focus, limit)
        # A person types after seeing the box take the focus: wait for that frame.
        await pilot.pause()
        await box.wait_for_refresh()
        listing = library_pane.listing
        keystrokes: list[float] = []
        shown_counts: list[int] = []
        for key in _keys_for(QUERY):
            before = library_pane.shown
            keystrokes.append(
                await _key(app, key, lambda b=before: library_pane.shown is not b, listing, limit)
            )
            shown_counts.append(len(library_pane.shown))
        result["keystroke_ms"] = keystrokes
        result["shown_after_each_key"] = shown_counts
        await app.workers.wait_for_complete()

        # Open briefings from the list.
        listing.focus()
        await pilot.pause()
        opens: list[float] = []
        opened: list[Path] = []
        for fraction in OPEN_AT:
            index = min(len(library_pane.shown) - 1, int(fraction * len(library_pane.shown)))
            target = library_pane.shown[index].path
            if screen.briefing is not None and screen.briefing.path == target:
                continue
            listing.highlighted = index
            await pilot.pause()
            view = screen.article.view
            opens.append(
                await _key(
                    app,
                    "enter",
                    lambda t=target: screen.briefing is not None and screen.briefing.path == t,
                    view,
                    limit,
                )
            )
            opened.append(target)
            await app.workers.wait_for_complete()
            await pilot.pause()
        result["open_ms"] = opens

        # Jump from the Key quotes pane to the quote furthest down each article.
        jumps: list[float] = []
        for target in opened:
            screen.open_briefing(target)
            await app.workers.wait_for_complete()
            await pilot.pause()
            briefing = screen.briefing
            assert briefing is not None and briefing.path == target
            quotes = [q for q in briefing.annotation.quotes if q.anchor is not None]
            if not quotes:
                continue
            last = max(quotes, key=lambda q: q.anchor.start if q.anchor else 0)
            view = screen.article.view
            wanted = min(view.max_scroll_y, max(0, view.line_of(last.anchor.start) - 3))  # type: ignore[union-attr]
            if wanted == 0:
                continue  # already in view: nothing would scroll
            view.scroll_to(y=0, animate=False)
            pane = screen.panes.activate("quote")
            pane.focus()
            pane.highlighted = pane.items.index(last)
            await pilot.pause()
            jumps.append(
                await _key(
                    app, "enter", lambda v=view, w=wanted: round(v.scroll_y) == w, view, limit
                )
            )
        result["jump_ms"] = jumps
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path, nargs="?")
    parser.add_argument("count", type=int, nargs="?", default=0)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 1))
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per step")
    args = parser.parse_args()
    if args.bare:
        result = asyncio.run(bare(args.limit))
    else:
        result = asyncio.run(reader(args.library, args.count, args.today, args.limit))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
