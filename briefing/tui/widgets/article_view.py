"""The article: title, date and source, then numbered paragraphs, drawn line by line.

One Line-API widget instead of a widget per paragraph, so a 100,000-paragraph article scrolls
as lightly as a short one. Quotes and figures from the annotation, search matches, the flash
after a jump, tagged sentences and the sentence cursor are styles over character spans of the
body; their colours come from the theme through component classes in ``app.tcss``.

A tagged sentence shows its tags inline after it (`` #key``). Those labels are not part of the
body, so each paragraph keeps a map from what is drawn back to body offsets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.strip import Strip

from briefing.tui import keys
from briefing.tui.text import short_problem
from briefing.tui.widgets.line_view import LineView
from briefing.tui.widgets.wrap import wrap_offsets

if TYPE_CHECKING:  # the core comes with the first briefing, after the first frame
    from briefing.model import Briefing, Paragraph, Span

GUTTER = 5
#: Text wider than this is hard to read; wider panes keep a margin instead.
MEASURE = 92
#: Problems listed above the article (the rest are counted).
MAX_PROBLEMS_SHOWN = 3


@dataclass(frozen=True)
class _Drawn:
    """A paragraph as drawn: its text with tag labels inserted, and where each char came from.

    ``origin[i]`` is the body offset of drawn character ``i``; an inserted label character
    carries the offset it was inserted at. ``labels`` are the drawn ranges of the labels.
    """

    text: str
    origin: list[int]
    labels: list[tuple[int, int]]

    def to_drawn(self, offset: int) -> int:
        """The first drawn index whose body offset is at least ``offset``."""
        return bisect_left(self.origin, offset)


@dataclass(frozen=True)
class _Line:
    kind: str  # "title", "meta", "problem", "blank", "text"
    text: str = ""
    paragraph: int = 0
    first: bool = False
    drawn: _Drawn | None = None
    start: int = 0  # drawn offsets within the paragraph
    end: int = 0

    @property
    def body_start(self) -> int:
        assert self.drawn is not None
        return self.drawn.origin[self.start] if self.start < len(self.drawn.origin) else 0


class ArticleView(LineView, can_focus=True):
    """Scrollable article text with highlighted spans and a sentence cursor (``v``)."""

    BINDINGS = keys.bindings("move", "article-view")
    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--gutter",
        "article-view--quote",
        "article-view--figure",
        "article-view--tagged",
        "article-view--match",
        "article-view--current",
        "article-view--flash",
        "article-view--cursor",
        "article-view--tag",
        "article-view--problem",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.briefing: Briefing | None = None
        #: Shown while no briefing is open: the start opens one by itself (see ``MainScreen``).
        self.placeholder = "Opening…"
        self._marks: list[tuple[int, int, str]] = []
        self._labels: dict[tuple[int, int], str] = {}
        self._matches: list[Span] = []
        self._current_match = -1
        self._flash: Span | None = None
        self._sentences: list[Span] = []
        self._cursor_index: int | None = None
        self._lines: list[_Line] = []
        self._text_starts: list[int] = []
        self._cache: dict[int, Strip] = {}

    # Data in -------------------------------------------------------------------------------

    def show(self, briefing: Briefing | None, *, keep_place: bool = False) -> None:
        """Display ``briefing`` (None for the placeholder), from the top unless ``keep_place``."""
        self.briefing = briefing
        article = briefing.article if briefing else None
        self._marks = []
        if briefing is not None:
            for quote in briefing.annotation.quotes:
                if quote.anchor:
                    self._marks.append((quote.anchor.start, quote.anchor.end, "quote"))
            for figure in briefing.annotation.figures:
                if figure.anchor:
                    self._marks.append((figure.anchor.start, figure.anchor.end, "figure"))
        if article is not None:
            from briefing.anchoring import sentences

            self._sentences = sentences(article)
        else:
            self._sentences = []
        if not keep_place or self._cursor_index is None:
            self._cursor_index = None
        else:
            self._cursor_index = min(self._cursor_index, len(self._sentences) - 1)
        self._matches, self._current_match, self._flash = [], -1, None
        self._relayout()
        if not keep_place:
            self.scroll_to(0, 0, animate=False, immediate=True, force=True)

    def set_sentence_labels(self, labels: dict[tuple[int, int], str]) -> None:
        """Labels of tagged sentences (``#key ✎``), by body ``(start, end)``: drawn after each
        sentence."""
        if labels != self._labels:
            self._labels = labels
            self._relayout()

    def set_matches(self, matches: list[Span], current: int = -1) -> None:
        self._matches, self._current_match = matches, current
        self._invalidate()

    @property
    def matches(self) -> list[Span]:
        return self._matches

    @property
    def current_match(self) -> int:
        return self._current_match

    # Sentence cursor -----------------------------------------------------------------------

    @property
    def sentence_mode(self) -> bool:
        return self._cursor_index is not None

    @property
    def cursor(self) -> Span | None:
        """The sentence under the cursor, in sentence mode."""
        if self._cursor_index is None or not self._sentences:
            return None
        return self._sentences[self._cursor_index]

    @dataclass
    class ModeChanged(Message):
        """Sentence selection was switched on or off."""

        sentences: bool

    def action_toggle_sentences(self) -> None:
        """``v``: switch between scrolling and selecting sentences."""
        if self._cursor_index is not None:
            self._cursor_index = None
        elif self._sentences:
            top = self.top_line
            visible = [
                index
                for index, span in enumerate(self._sentences)
                if self.line_of(span.start) >= top
            ]
            self._cursor_index = visible[0] if visible else 0
        else:
            self.app.bell()
            return
        self._invalidate()
        self.post_message(self.ModeChanged(self.sentence_mode))

    def _move_cursor(self, index: int) -> None:
        self._cursor_index = max(0, min(len(self._sentences) - 1, index))
        cursor = self.cursor
        if cursor is not None:
            self.ensure_visible(cursor)
        self._invalidate()

    # Geometry ------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _text_width(self) -> int:
        return max(min(self.scrollable_content_region.width, MEASURE + GUTTER) - GUTTER - 1, 10)

    def _drawn(self, paragraph: Paragraph, body: str) -> _Drawn:
        text = body[paragraph.start : paragraph.end].replace("\n", " ")
        inserts = sorted(
            (end, " " + label)
            for (start, end), label in self._labels.items()
            if paragraph.start < end <= paragraph.end and label
        )
        origin = list(range(paragraph.start, paragraph.end))
        if not inserts:
            return _Drawn(text, origin, [])
        pieces: list[str] = []
        drawn_origin: list[int] = []
        labels: list[tuple[int, int]] = []
        position = paragraph.start
        for at, label in inserts:
            pieces.append(text[position - paragraph.start : at - paragraph.start])
            drawn_origin.extend(range(position, at))
            labels.append((len(drawn_origin), len(drawn_origin) + len(label)))
            pieces.append(label)
            drawn_origin.extend([at] * len(label))
            position = at
        pieces.append(text[position - paragraph.start :])
        drawn_origin.extend(range(position, paragraph.end))
        return _Drawn("".join(pieces), drawn_origin, labels)

    def _relayout(self) -> None:
        width = self._text_width()
        lines: list[_Line] = []
        briefing = self.briefing
        if briefing is None or briefing.article is None:
            message = self.placeholder
            if briefing is not None and briefing.errors:
                message = f"This briefing cannot be shown: {briefing.errors[0]}"
            for start, end in wrap_offsets(message, width + GUTTER):
                lines.append(_Line("meta", text=message[start:end]))
        else:
            article = briefing.article
            for start, end in wrap_offsets(briefing.title, width + GUTTER):
                lines.append(_Line("title", text=briefing.title[start:end]))
            meta = " · ".join(
                part
                for part in (
                    briefing.date.strftime("%A %-d %B %Y") if briefing.date else "",
                    article.source,
                    article.fields.get("author", ""),
                )
                if part
            )
            if meta:
                lines.append(_Line("meta", text=meta))
            problems = [*briefing.errors, *briefing.warnings]
            for problem in problems[:MAX_PROBLEMS_SHOWN]:
                message = "⚠ " + short_problem(str(problem))
                for start, end in wrap_offsets(message, width + GUTTER):
                    lines.append(_Line("problem", text=message[start:end]))
            if len(problems) > MAX_PROBLEMS_SHOWN:
                more = f"  … and {len(problems) - MAX_PROBLEMS_SHOWN} more: briefing validate"
                lines.append(_Line("problem", text=more))
            for paragraph in article.paragraphs:
                lines.append(_Line("blank"))
                drawn = self._drawn(paragraph, article.body)
                for index, (start, end) in enumerate(wrap_offsets(drawn.text, width)):
                    lines.append(
                        _Line(
                            "text",
                            paragraph=paragraph.number,
                            first=index == 0,
                            drawn=drawn,
                            start=start,
                            end=end,
                        )
                    )
        self._lines = lines
        # Body offset where each line starts; lines without text repeat the one before, so the
        # list stays sorted for ``line_of``.
        starts: list[int] = []
        for line in lines:
            starts.append(
                line.body_start if line.kind == "text" else (starts[-1] if starts else -1)
            )
        self._text_starts = starts
        self.set_content_height(len(lines))
        self._invalidate()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The screen line (from the top of the article) holding body ``offset``."""
        index = bisect_right(self._text_starts, offset) - 1
        while index > 0 and self._lines[index].kind != "text":
            index -= 1
        return max(index, 0)

    def scroll_to_span(self, span: Span, *, flash: bool = True) -> None:
        """Bring ``span`` into view a few lines from the top and flash it briefly."""
        line = self.line_of(span.start)
        self.scroll_to(y=max(0, line - 3), animate=False, immediate=True, force=True)
        if flash:
            self._flash = span
            self._invalidate()
            self.set_timer(1.2, self._end_flash)

    def ensure_visible(self, span: Span) -> None:
        """Scroll only as far as needed for ``span`` to be on screen."""
        top, bottom = self.line_of(span.start), self.line_of(max(span.end - 1, span.start))
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, force=True)
        elif bottom >= self.scroll_y + height:
            self.scroll_to(y=min(top, bottom - height + 1), animate=False, force=True)

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
        base = self.base_style
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
        if line.kind in ("title", "meta", "problem") or line.drawn is None:
            text.append(line.text, self._style(line.kind))
            return Strip(text.render(self.app.console), text.cell_len)
        drawn = line.drawn
        gutter = f"{line.paragraph:>{GUTTER - 1}} " if line.first else " " * GUTTER
        text.append(gutter, self._style("gutter"))
        text.append(drawn.text[line.start : line.end].rstrip())
        first, last = drawn.origin[line.start], drawn.origin[line.end - 1] + 1
        for start, end, name in self._spans():
            if end > first and start < last:
                text.stylize(
                    self._style(name),
                    GUTTER + max(drawn.to_drawn(start), line.start) - line.start,
                    GUTTER + min(drawn.to_drawn(end), line.end) - line.start,
                )
        for start, end in drawn.labels:
            if end > line.start and start < line.end:
                text.stylize(
                    self._style("tag"),
                    GUTTER + max(start, line.start) - line.start,
                    GUTTER + min(end, line.end) - line.start,
                )
        return Strip(text.render(self.app.console), text.cell_len)

    def _spans(self) -> list[tuple[int, int, str]]:
        spans = list(self._marks)
        spans += [(start, end, "tagged") for (start, end) in self._labels]
        spans += [(m.start, m.end, "match") for m in self._matches]
        if 0 <= self._current_match < len(self._matches):
            current = self._matches[self._current_match]
            spans.append((current.start, current.end, "current"))
        if self.cursor:
            spans.append((self.cursor.start, self.cursor.end, "cursor"))
        if self._flash:
            spans.append((self._flash.start, self._flash.end, "flash"))
        return spans

    # Keys ----------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        if self._cursor_index is not None:
            self._move_cursor(self._cursor_index + 1)
        else:
            self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        if self._cursor_index is not None:
            self._move_cursor(self._cursor_index - 1)
        else:
            self.scroll_up(animate=False)

    def action_first(self) -> None:
        if self._cursor_index is not None:
            self._move_cursor(0)
        else:
            self.scroll_home(animate=False)

    def action_last(self) -> None:
        if self._cursor_index is not None:
            self._move_cursor(len(self._sentences) - 1)
        else:
            self.scroll_end(animate=False)

    def action_select(self) -> None:
        """Enter in the article starts sentence selection, as ``v`` does."""
        if self._cursor_index is None:
            self.action_toggle_sentences()
