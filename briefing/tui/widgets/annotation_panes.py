"""The four annotation panes. Wide screens stack them; narrow ones show one at a time under
tabs, so every pane keeps enough room to read.

The panes and their tabs are mounted right after the first frame: four option lists and the
tabs took about a third of the time before the reader's first frame, in which they would
have been empty anyway. What is shown or activated meanwhile is kept and applied then. Their
module (and Textual's tabs) is imported then too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.events import DescendantFocus

if TYPE_CHECKING:
    from textual.widgets import Tabs

    from briefing.model import Briefing
    from briefing.tui.widgets.item_pane import ItemMarks, ItemPane

KINDS = ("summary", "quote", "figure", "issue")


class AnnotationPanes(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: False until the panes are mounted (just after the first frame).
        self.ready = False
        self._shown: tuple[Briefing | None, ItemMarks | None] = (None, None)
        self._active = "summary"

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_panes)

    async def _mount_panes(self) -> None:
        from textual.widgets import Tab

        from briefing.tui.widgets.item_pane import PANE_TITLES, ItemPane, PaneTabs

        tabs = PaneTabs(
            *(Tab(PANE_TITLES[kind], id=f"tab-{kind}") for kind in KINDS),
            active=f"tab-{self._active}",  # the tabs announce it once mounted
            id="pane-tabs",
        )
        tabs.can_focus = False
        panes = [ItemPane(kind) for kind in KINDS]
        await self.mount_all([tabs, *panes])
        if not all(pane.is_mounted for pane in panes):  # the app quit meanwhile
            return
        self.ready = True
        self.show(*self._shown)
        self.activate(self._active)

    def pane(self, kind: str) -> ItemPane:
        from briefing.tui.widgets.item_pane import ItemPane

        return self.query_one(f"#pane-{kind}", ItemPane)

    def show(self, briefing: Briefing | None, marks: ItemMarks | None = None) -> None:
        self._shown = (briefing, marks)
        if self.ready:
            for kind in KINDS:
                self.pane(kind).show(briefing, marks)

    def activate(self, kind: str) -> ItemPane | None:
        """Make ``kind`` the pane shown under the tabs (narrow layout) and return it (None
        before the panes are mounted)."""
        self._active = kind
        if not self.ready:
            return None
        for other in KINDS:
            self.pane(other).set_class(other == kind, "-active")
        from briefing.tui.widgets.item_pane import PaneTabs

        tabs = self.query_one(PaneTabs)
        if tabs.active != f"tab-{kind}":
            tabs.active = f"tab-{kind}"
        return self.pane(kind)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab.id:
            self.activate(event.tab.id.removeprefix("tab-"))

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        kind = getattr(event.widget, "kind", None)  # only the panes have one
        if kind in KINDS:
            self.activate(kind)
