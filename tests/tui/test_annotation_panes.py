"""The annotation panes are mounted just after the first frame; what they are asked to show
or activate before that is shown then."""

from __future__ import annotations

from textual.app import App, ComposeResult

from briefing.library import load_briefing
from briefing.model import Briefing
from briefing.tui.widgets.annotation_panes import AnnotationPanes

from .conftest import ROOT


class PanesApp(App[None]):
    CSS_PATH = str(ROOT / "briefing" / "tui" / "app.tcss")

    def __init__(self, briefing: Briefing) -> None:
        super().__init__()
        self.briefing = briefing
        self.early: object = "not asked"

    def compose(self) -> ComposeResult:
        yield AnnotationPanes(id="panes")

    def on_mount(self) -> None:
        panes = self.query_one(AnnotationPanes)
        assert not panes.ready  # nothing mounted before the first frame
        panes.show(self.briefing)
        self.early = panes.activate("figure")


async def test_what_is_shown_before_the_panes_are_mounted_is_shown_then() -> None:
    briefing = load_briefing(ROOT / "briefings" / "001_nato_rutte_defence_spending.txt")
    app = PanesApp(briefing)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panes = app.query_one(AnnotationPanes)
        assert app.early is None  # asked too early: nothing to focus yet, and no error
        assert panes.ready
        assert len(panes.pane("quote").items) == len(briefing.annotation.quotes) == 4
        assert len(panes.pane("figure").items) == 6
        assert panes.pane("figure").has_class("-active")
        assert not panes.pane("summary").has_class("-active")
