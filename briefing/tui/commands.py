"""Command-palette provider: every briefing in the library, by title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from briefing.tui.text import safe

if TYPE_CHECKING:
    from briefing.tui.screens.main import MainScreen


def highlight(matcher: Matcher, candidate: str) -> Content:
    """Like ``Matcher.highlight`` but literal: Textual's parses the candidate as markup."""
    content = safe(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class BriefingsProvider(Provider):
    """Offers ``Open: TITLE`` for each briefing of the library."""

    def _main(self) -> MainScreen | None:
        from briefing.tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for entry in main.library.entries:
            title = f"Open: {entry.title}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, title),
                    partial(main.open_briefing, entry.path),
                    help=entry.date.isoformat() if entry.date else "undated",
                )

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for entry in main.library.entries[:20]:
            yield DiscoveryHit(
                safe(f"Open: {entry.title}"),
                partial(main.open_briefing, entry.path),
                help=entry.date.isoformat() if entry.date else "undated",
            )
