"""The four annotation panes. Wide screens stack them; narrow ones show one at a time under
tabs, so every pane keeps enough room to read.

The panes and their tabs are mounted right after the first frame: four option lists and the
tabs took about a third of the time before the reader's first frame, in which they would
have been empty anyway. What is shown or activated meanwhile is kept and applied then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.containers import Vertical
from textual.events import DescendantFocus
from textual.widgets import Tab, Tabs

from briefing.tui.widgets.item_pane import PANE_TITLES, ItemMarks, ItemPane

if TYPE_CHECKING:
    from briefing.model import Briefing

KINDS = ("summary", "quote", "figure", "issue")


class PaneTabs(Tabs):
    """The narrow layout's tabs, which may be mounted while the app is quitting."""

    def validate_active(self, active: str) -> str:
        if self.app.return_code is not None:  # quitting mid-mount: the tabs are not there
            return ""
        return super().validate_active(active)


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
