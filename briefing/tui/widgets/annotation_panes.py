"""The four annotation panes. Wide screens stack them; narrow ones show one at a time under
tabs, so every pane keeps enough room to read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import DescendantFocus
from textual.widgets import Tab, Tabs

from briefing.tui.widgets.item_pane import PANE_TITLES, ItemMarks, ItemPane

if TYPE_CHECKING:
    from briefing.model import Briefing

KINDS = ("summary", "quote", "figure", "issue")


class AnnotationPanes(Vertical):
    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(PANE_TITLES[kind], id=f"tab-{kind}") for kind in KINDS), id="pane-tabs")
        for kind in KINDS:
            yield ItemPane(kind)

    def on_mount(self) -> None:
        self.query_one(Tabs).can_focus = False
        self.activate("summary")

    def pane(self, kind: str) -> ItemPane:
        return self.query_one(f"#pane-{kind}", ItemPane)

    def show(self, briefing: Briefing | None, marks: ItemMarks | None = None) -> None:
        for kind in KINDS:
            self.pane(kind).show(briefing, marks)

    def activate(self, kind: str) -> ItemPane:
        """Make ``kind`` the pane shown under the tabs (narrow layout) and return it."""
        for other in KINDS:
            self.pane(other).set_class(other == kind, "-active")
        tabs = self.query_one(Tabs)
        if tabs.active != f"tab-{kind}":
            tabs.active = f"tab-{kind}"
        return self.pane(kind)

    @on(Tabs.TabActivated)
    def _tab_clicked(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab.id:
            self.activate(event.tab.id.removeprefix("tab-"))

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if isinstance(event.widget, ItemPane):
            self.activate(event.widget.kind)
