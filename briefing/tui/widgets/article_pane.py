"""The article column: the article itself and its search bar.

The article view is made with the pane but mounted right after the first frame (``mount_view``),
in which it would only have said that no briefing is open: its twelve styles and the drawing
of an empty page were a tenth of the time before the reader's first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input

from briefing.tui import keys
from briefing.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from briefing.anchoring import Locator
    from briefing.model import Briefing


class SearchBox(Input):
    """The article's search bar, mounted the first time ``/`` is pressed. Enter keeps the
    matches and goes back to the article, Esc clears them."""

    BINDINGS = [
        Binding("enter", "close(True)", "Keep matches", show=True),
        Binding("escape", "close(False)", "Clear", show=True),
    ]

    def action_close(self, keep: bool) -> None:
        self.query_ancestor(ArticlePane).close_search(keep=keep)


class ArticlePane(Vertical):
    """Search highlights every match; ``n``/``N`` step through them."""

    BINDINGS = keys.bindings("article")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = ArticleView(id="article")
        self._locator: Locator | None = None
        self._matches_for = ""

    async def mount_view(self) -> bool:
        """Put the article view in place (once the first frame is up); False if the app
        quit meanwhile."""
        if not self.is_attached:  # quitting: the pane has been taken down
            return False
        await self.mount(self.view, before=0)
        return self.view.is_mounted

    def _search_box(self) -> SearchBox | None:
        return next(self.query(SearchBox).results(), None)

    def on_mount(self) -> None:
        self.border_title = "Article"

    def show(self, briefing: Briefing | None, *, keep_place: bool = False) -> None:
        """Show ``briefing``; the search goes on in it when reloaded (``keep_place``), or when
        it was typed before any briefing was open (in the first moments after start)."""
        first = self.view.briefing is None
        self._locator = None
        self.view.show(briefing, keep_place=keep_place)
        self.border_title = "Article"
        self.border_subtitle = ""
        if (keep_place or first) and self._matches_for:
            self._search(self._matches_for)

    @on(ArticleView.ModeChanged)
    def _mode(self, event: ArticleView.ModeChanged) -> None:
        self.border_subtitle = (
            "sentences · j/k move · 1-9 t a tag · v leave" if event.sentences else ""
        )

    async def action_search(self) -> None:
        box = self._search_box()
        if box is None:
            box = SearchBox(placeholder="search the article", id="article-search")
            await self.mount(box)
        box.add_class("-open")
        box.focus()

    @on(Input.Changed, "#article-search")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def close_search(self, *, keep: bool) -> None:
        """Hide the search bar and go back to the article, keeping the matches or not."""
        box = self._search_box()
        if box is None:
            return
        box.remove_class("-open")
        if not keep:
            box.value = ""
            self._search("")
        self.view.focus()

    def key_escape(self) -> None:
        """Esc in the article after a search closed with Enter: clear the matches."""
        box = self._search_box()
        if box is not None and not box.has_focus and self._matches_for:
            self.close_search(keep=False)

    def _search(self, query: str) -> None:
        article = self.view.briefing.article if self.view.briefing else None
        self._matches_for = query.strip()
        if article is None or not self._matches_for:
            self.view.set_matches([])
            self.border_subtitle = ""
            return
        if self._locator is None:
            from briefing.anchoring import Locator

            self._locator = Locator(article)
        matches = self._locator.find_all(self._matches_for)
        self.view.set_matches(matches, 0 if matches else -1)
        if matches:
            self.view.ensure_visible(matches[0])
        self._describe(0, len(matches))

    def _describe(self, index: int, total: int) -> None:
        if not total:
            self.border_subtitle = Content.styled("no match", "$error")
        else:
            self.border_subtitle = f"match {index + 1} of {total} · n/N"

    def action_search_next(self, delta: int) -> None:
        matches = self.view.matches
        if not matches:
            self.app.bell()
            return
        index = (self.view.current_match + delta) % len(matches)
        self.view.set_matches(matches, index)
        self.view.ensure_visible(matches[index])
        self._describe(index, len(matches))
