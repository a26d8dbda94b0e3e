"""The article: title, date and source, then numbered paragraphs, drawn line by line.

One Line-API widget instead of a widget per paragraph, so a 100,000-paragraph article scrolls
as lightly as a short one. Quotes and figures from the annotation, search matches, the flash
after a jump and the sentence cursor are styles over character spans of the body; their colours
come from the theme through component classes in ``app.tcss``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing.model import Briefing, Span
from briefing.tui import keys
from briefing.tui.widgets.wrap import wrap_offsets

GUTTER = 5
#: Text wider than this is hard to read; wider panes keep a margin instead.
MEASURE = 92


@dataclass(frozen=True)
class _Line:
    kind: str  # "title", "meta", "blank", "text"
    start: int = 0
    end: int = 0
    paragraph: int = 0
    first: bool = False
    text: str = ""


class ArticleView(ScrollView, can_focus=True):
    """Scrollable article text with highlighted spans."""

    BINDINGS = keys.bindings("move")
    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--gutter",
        "article-view--quote",
        "article-view--figure",
        "article-view--match",
        "article-view--current",
        "article-view--flash",
        "article-view--cursor",
        "article-view--tag",
        "article-view--empty",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.briefing: Briefing | None = None
        self.placeholder = "Choose a briefing in the library (Enter) to read it here."
        self._display = ""
        self._marks: list[tuple[int, int, str]] = []
        self._matches: list[Span] = []
        self._current_match = -1
        self._flash: Span | None = None
        self._cursor: Span | None = None
        self._lines: list[_Line] = []
        self._width = 0
        self._cache: dict[int, Strip] = {}

    # Data in -------------------------------------------------------------------------------

    def show(self, briefing: Briefing | None, *, keep_place: bool = False) -> None:
        """Display ``briefing`` (None for the placeholder), from the top unless ``keep_place``."""
        self.briefing = briefing
        article = briefing.article if briefing else None
        self._display = article.body.replace("\n", " ") if article else ""
        self._marks = []
        if briefing is not None:
            for quote in briefing.annotation.quotes:
                if quote.anchor:
                    self._marks.append((quote.anchor.start, quote.anchor.end, "quote"))
            for figure in briefing.annotation.figures:
                if figure.anchor:
                    self._marks.append((figure.anchor.start, figure.anchor.end, "figure"))
        self._matches, self._current_match, self._flash, self._cursor = [], -1, None, None
        self._relayout()
        if not keep_place:
            self.scroll_to(0, 0, animate=False)

    def set_matches(self, matches: list[Span], current: int = -1) -> None:
        self._matches, self._current_match = matches, current
        self._invalidate()

    def set_cursor(self, span: Span | None) -> None:
        self._cursor = span
        self._invalidate()

    @property
    def cursor(self) -> Span | None:
        return self._cursor

    @property
    def matches(self) -> list[Span]:
        return self._matches

    @property
    def current_match(self) -> int:
        return self._current_match

    # Geometry ------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _text_width(self) -> int:
        return max(min(self.scrollable_content_region.width, MEASURE + GUTTER) - GUTTER - 1, 10)

    def _relayout(self) -> None:
        width = self._text_width()
        self._width = width
        lines: list[_Line] = []
        briefing = self.briefing
        if briefing is None or briefing.article is None:
            message = self.placeholder
            if briefing is not None and briefing.errors:
                message = f"This briefing cannot be shown: {briefing.errors[0]}"
            for start, end in wrap_offsets(message, width + GUTTER):
                lines.append(_Line("meta", text=message[start:end]))
        else:
            for start, end in wrap_offsets(briefing.title, width + GUTTER):
                lines.append(_Line("title", text=briefing.title[start:end]))
            meta = " · ".join(
                part
                for part in (
                    briefing.date.strftime("%A %-d %B %Y") if briefing.date else "",
                    briefing.article.source,
                    briefing.article.fields.get("author", ""),
                )
                if part
            )
            if meta:
                lines.append(_Line("meta", text=meta))
            for paragraph in briefing.article.paragraphs:
                lines.append(_Line("blank"))
                segment = self._display[paragraph.start : paragraph.end]
                for index, (start, end) in enumerate(wrap_offsets(segment, width)):
                    lines.append(
                        _Line(
                            "text",
                            paragraph.start + start,
                            paragraph.start + end,
                            paragraph.number,
                            index == 0,
                        )
                    )
        self._lines = lines
        self.virtual_size = Size(self.scrollable_content_region.width, len(lines))
        self._invalidate()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The screen line (from the top of the article) holding body ``offset``."""
        low, high = 0, len(self._lines) - 1
        found = 0
        while low <= high:
            middle = (low + high) // 2
            line = self._lines[middle]
            if line.kind != "text" or line.start <= offset:
                if line.kind == "text":
                    found = middle
                low = middle + 1
            else:
                high = middle - 1
        return found

    def scroll_to_span(self, span: Span, *, flash: bool = True) -> None:
        """Bring ``span`` into view a few lines from the top and flash it briefly."""
        line = self.line_of(span.start)
        self.scroll_to(y=max(0, line - 3), animate=False)
        if flash:
            self._flash = span
            self._invalidate()
            self.set_timer(1.2, self._end_flash)

    def ensure_visible(self, span: Span) -> None:
        """Scroll only as far as needed for ``span`` to be on screen."""
        top, bottom = self.line_of(span.start), self.line_of(max(span.end - 1, span.start))
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif bottom >= self.scroll_y + height:
            self.scroll_to(y=min(top, bottom - height + 1), animate=False)

    def _end_flash(self) -> None:
        self._flash = None
        self._invalidate()

    @property
    def top_line(self) -> int:
        return round(self.scroll_y)

    # Drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_text(self._lines[index], base)
            self._cache[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"article-view--{name}")

    def _render_text(self, line: _Line, base: Style) -> Strip:
        if line.kind == "blank":
            return Strip([Segment("", base)], 0)
        text = Text(style=base, no_wrap=True, end="")
        if line.kind in ("title", "meta"):
            text.append(line.text, self._style(line.kind))
            return Strip(text.render(self.app.console), text.cell_len)
        gutter = f"{line.paragraph:>{GUTTER - 1}} " if line.first else " " * GUTTER
        text.append(gutter, self._style("gutter"))
        text.append(self._display[line.start : line.end].rstrip())
        for start, end, name in self._spans():
            if end > line.start and start < line.end:
                text.stylize(
                    self._style(name),
                    GUTTER + max(start, line.start) - line.start,
                    GUTTER + min(end, line.end) - line.start,
                )
        return Strip(text.render(self.app.console), text.cell_len)

    def _spans(self) -> list[tuple[int, int, str]]:
        spans = list(self._marks)
        spans += [(m.start, m.end, "match") for m in self._matches]
        if 0 <= self._current_match < len(self._matches):
            current = self._matches[self._current_match]
            spans.append((current.start, current.end, "current"))
        if self._cursor:
            spans.append((self._cursor.start, self._cursor.end, "cursor"))
        if self._flash:
            spans.append((self._flash.start, self._flash.end, "flash"))
        return spans

    # Keys ----------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)

    def action_first(self) -> None:
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.scroll_end(animate=False)

    def action_select(self) -> None:
        """Enter in the article does nothing yet; it is reserved for the sentence cursor."""
