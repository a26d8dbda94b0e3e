"""The base of our Line-API views (the library list, the article): cheap to repaint and to
give a new height."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineView(ScrollView):
    """A scroll view drawn line by line whose height in lines changes with a repaint.

    Textual lays out the whole screen whenever a widget's virtual size changes, and after any
    layout it repaints every scroll view's scrollbar in a frame of its own, which a filter
    keystroke or the opening of a briefing then waits for. Only a scrollbar appearing or
    going changes the layout; otherwise its thumb is updated here.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._base_style: Style | None = None

    def set_content_height(self, height: int) -> None:
        """Show ``height`` lines: the width is the view's, nothing scrolls sideways."""
        self.virtual_size = Size(self.scrollable_content_region.width, height)
        if not self.is_mounted or (height > self.container_size.height) != (
            self.show_vertical_scrollbar
        ):
            self.refresh(layout=True)  # the scrollbar appears or goes: the rows change width
            return
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = height
        self.scroll_y = min(self.scroll_y, self.max_scroll_y)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = None
        return super().render_lines(crop)

    @property
    def base_style(self) -> Style:
        """The widget's own style, looked up once per repaint (``rich_style`` walks the DOM:
        ~0.05 ms, for every line drawn)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style
