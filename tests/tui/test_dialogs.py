"""What a dialog is about (the quote being tagged or noted) is cut to four lines, visibly."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from briefing.tui.screens.dialogs import About

LONG = " ".join(["We can defend ourselves today, and in six years from now."] * 12)


class AboutApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield About(self.text)


@pytest.mark.parametrize(("text", "cut"), [(LONG, True), ("A short [bold]quote[/].", False)])
async def test_about_shows_at_most_four_lines_and_says_when_it_cuts(text: str, cut: bool) -> None:
    app = AboutApp(text)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        about = app.query_one(About)
        lines = [
            "".join(segment.text for segment in about.render_line(y)).rstrip()
            for y in range(about.size.height)
        ]
        assert 1 <= len(lines) <= About.MAX_LINES
        assert lines[-1].endswith("…") is cut
        if not cut:
            assert lines == ["A short [bold]quote[/]."]  # literal, markup and all
