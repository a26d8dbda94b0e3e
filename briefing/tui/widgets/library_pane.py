"""The library: a filter box, a status line and the list of briefings, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input, Static

from briefing.safety import sanitize
from briefing.tui import keys
from briefing.tui.text import plural, short_problem
from briefing.tui.widgets.line_view import LineView

if TYPE_CHECKING:  # the filter grammar and the library's readers come with the first entries
    from briefing.filters import Filter, ReaderMarks
    from briefing.library import Entry

READING_MARKS = {"new": "● ", "read": "", "done": "✓ "}
ROW_HEIGHT = 2
#: Words-only filter results remembered, for typing on and deleting in the filter box.
RECENT_RESULTS = 32
#: Lines of the list kept drawn: several screens' worth, even on a tall terminal.
LINE_CACHE = 1024
_LineKey = tuple[Path | None, int, int, str]
#: The list's component classes (``library-list--NAME``), every style a line is drawn with.
LINE_STYLES = ("title", "meta", "new", "done", "tagged", "error", "cursor", "cursor-blurred")


class LibraryList(LineView, can_focus=True):
    """Every shown briefing as two lines — title, then date and counts — drawn only when
    visible, so a 10,000-briefing library filters as fast as a short one."""

    BINDINGS = [
        *keys.bindings("move"),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
    ]
    COMPONENT_CLASSES = {f"library-list--{name}" for name in LINE_STYLES}

    @dataclass
    class Chosen(Message):
        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.marks: dict[Path, ReaderMarks] = {}
        self._cursor: int | None = None
        self._drawn_with: tuple[Style, ...] = ()
        #: Lines drawn lately, by briefing, line, width and cursor, with the entry and marks
        #: they were drawn from: a filter keystroke mostly shows rows drawn a moment ago.
        self._lines: LRUCache[_LineKey, tuple[Entry | None, ReaderMarks | None, Strip]] = LRUCache(
            LINE_CACHE
        )

    def set_entries(self, entries: list[Entry], marks: dict[Path, ReaderMarks]) -> None:
        self.entries, self.marks = entries, marks
        self.set_content_height(len(entries) * ROW_HEIGHT)
        if self._cursor is not None and self._cursor >= len(entries):
            self._cursor = len(entries) - 1 if entries else None
        self.refresh()

    @property
    def highlighted(self) -> int | None:
        return self._cursor

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(len(self.entries) - 1, index)) if self.entries else None
        self._cursor = index
        if index is not None:
            self._scroll_to_row(index)
        self.refresh()

    def _scroll_to_row(self, index: int) -> None:
        top = index * ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + ROW_HEIGHT > self.scroll_y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)

    # Drawing -------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.set_content_height(len(self.entries) * ROW_HEIGHT)

    def notify_style_update(self) -> None:
        """Forget the drawn lines when their styles changed (a new theme), not on every
        restyle (focus moving between the list and the filter box restyles it twice)."""
        super().notify_style_update()
        try:
            looks = (self.rich_style, *(self._style(name) for name in LINE_STYLES))
        except KeyError:  # the component styles are not in place yet
            looks = ()
        if not looks or looks != self._drawn_with:
            self._lines.clear()
            self._drawn_with = looks

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"library-list--{name}")

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, part = divmod(round(self.scroll_y) + y, ROW_HEIGHT)
        entry = self.entries[index] if index < len(self.entries) else None
        marks = self.marks.get(entry.path) if entry is not None else None
        cursor = ""
        if index == self._cursor:
            cursor = "cursor" if self.has_focus else "cursor-blurred"
        key = (entry.path if entry is not None else None, part, width, cursor)
        cached = self._lines.get(key)
        if cached is not None:
            if cached[0] is entry and cached[1] == marks:
                return cached[2]
            self._lines.discard(key)  # drawn from an older entry or marks (set keeps it)
        strip = self._draw(entry, part, width, cursor)
        self._lines.set(key, (entry, marks, strip))
        return strip

    def _draw(self, entry: Entry | None, part: int, width: int, cursor: str) -> Strip:
        base = self.base_style
        if entry is None:
            return Strip.blank(width, base)
        text = self._title(entry) if part == 0 else self._meta(entry)
        text.truncate(width - 1, overflow="ellipsis", pad=True)
        text.append(" ")
        if cursor:
            text.stylize(self._style(cursor))
        return Strip(text.render(self.app.console), text.cell_len).crop_extend(0, width, base)

    def _title(self, entry: Entry) -> Text:
        from briefing.filters import NO_MARKS

        marks = self.marks.get(entry.path, NO_MARKS)
        text = Text(" ", no_wrap=True, end="")
        if entry.broken:
            text.append("⚠ ", self._style("error"))
        elif mark := READING_MARKS.get(marks.reading, ""):
            text.append(mark, self._style("new" if marks.reading == "new" else "done"))
        style = self._style("done" if marks.reading == "done" else "title")
        text.append(sanitize(entry.title), style)
        return text

    def _meta(self, entry: Entry) -> Text:
        text = Text(" ", no_wrap=True, end="")
        if entry.broken:
            problem = entry.problems[0] if entry.problems else "cannot be read"
            text.append(sanitize(short_problem(problem)), self._style("error"))
            return text
        marks = self.marks.get(entry.path)
        if marks and marks.tagged:
            # First, so that a narrow library still shows it.
            text.append(f"★{marks.tagged} ", self._style("tagged"))
        parts = [entry.date.isoformat() if entry.date else "undated"]
        if entry.complete:
            parts += [plural(entry.quotes, "quote"), plural(entry.figures, "figure")]
            parts.append(f"{entry.open_issues} open")
        else:
            parts.append("reading the annotation…")
        text.append(" · ".join(parts), self._style("meta"))
        return text

    # Keys and mouse ------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.highlighted = 0 if self._cursor is None else self._cursor + 1

    def action_cursor_up(self) -> None:
        self.highlighted = 0 if self._cursor is None else self._cursor - 1

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.entries) - 1

    def action_page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height // ROW_HEIGHT)
        self.highlighted = (self._cursor or 0) + direction * rows

    def action_select(self) -> None:
        if self._cursor is not None and self.entries:
            self.post_message(self.Chosen(self._cursor))

    def on_click(self, event: Click) -> None:
        index = (round(self.scroll_y) + event.y) // ROW_HEIGHT
        if 0 <= index < len(self.entries):
            self.highlighted = index
            self.post_message(self.Chosen(index))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class FilterBox(Input):
    """The filter box: reached with ``f`` or ``/`` (or a click), left out of the Tab cycle so
    Tab never strands the reader in a box that swallows the pane keys."""

    can_focus = False
    #: Input lays out the whole screen on every keystroke, as its text's width is its virtual
    #: width; this box has a fixed size and scrolls its text itself, so a repaint is enough.
    virtual_size = Reactive(Size(0, 0), layout=False)
    BINDINGS = [
        Binding("enter", "results", "Results", show=True),
        Binding("escape", "clear", "Clear", show=True),
    ]

    def open(self) -> None:
        self.can_focus = True
        self.focus()

    def on_click(self) -> None:
        self.open()

    def on_blur(self) -> None:
        self.can_focus = False

    def action_results(self) -> None:
        self.screen.query_one(LibraryList).focus()

    def action_clear(self) -> None:
        self.value = ""
        self.action_results()

    def watch_value(self, value: str) -> None:
        """Filter in the same step as the keystroke, so that the box and the list are
        painted in the same frame: handled from ``Input.Changed``, the list changed a step
        later, often after the screen had painted the box alone, and then waited for the
        next frame."""
        self.query_ancestor(LibraryPane).filter_by(value)


class LibraryPane(Vertical):
    """Owns the entries and the filter; posts ``Open`` when the reader picks a briefing."""

    BINDINGS = keys.bindings("library")

    @dataclass
    class Open(Message):
        path: Path

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        #: Path → index in ``shown``, for select_path; None after the list changes.
        self._positions: dict[Path, int] | None = None
        self.marks: dict[Path, ReaderMarks] = {}
        self.today: date | None = None
        #: None until a filter is typed: nothing filtered out.
        self._filter: Filter | None = None
        #: What the filter box holds: results read for anything else come too late.
        self._query = ""
        #: Words-only filters' results for these entries, oldest first (see ``_select``).
        self._recent: dict[tuple[str, ...], list[Entry]] = {}
        #: Whether the status fits on one line: then a new one needs no layout.
        self._status_one_line = True
        self._loading = False
        self._completing = False

    def compose(self) -> ComposeResult:
        yield FilterBox(placeholder="Filter: words, dates (f)", id="library-filter")
        yield Static(id="library-status", markup=False)
        yield LibraryList(id="library-list")

    def on_mount(self) -> None:
        self.border_title = "Library"

    @property
    def listing(self) -> LibraryList:
        return self.query_one(LibraryList)

    # Filling -------------------------------------------------------------------------------

    @property
    def still_loading(self) -> bool:
        """Still listing (the counts of a listed library may still be coming)."""
        return self._loading

    def set_loading(self, loading: bool, *, completing: bool = False) -> None:
        """``loading``: still listing; ``completing``: all listed, counts still coming."""
        self._loading, self._completing = loading, completing
        self._update_status()

    def add_entries(self, entries: list[Entry]) -> None:
        """Add entries as the scan finds them, keeping the highlighted briefing."""
        from briefing.library import sort_entries

        # Kept sorted as batches arrive, so a keystroke in the filter never re-sorts.
        self.entries = sort_entries([*self.entries, *entries])
        self._recent.clear()
        self._refilter()

    def complete_entries(self, entries: list[Entry]) -> None:
        """Put completed entries (annotation read) in place of their header-only ones."""
        from briefing.library import sort_entries

        fresh = {entry.path: entry for entry in entries}
        if not fresh:
            return
        before = self.entries
        replaced = [fresh.get(e.path, e) for e in before]
        # The date comes from the header and is already right; only a title from the
        # annotation can move a briefing, so sort again only then.
        moved = any(new.title != old.title for old, new in zip(before, replaced, strict=True))
        self.entries = sort_entries(replaced) if moved else replaced
        self._recent.clear()
        self._refilter()

    def set_marks(self, marks: dict[Path, ReaderMarks]) -> None:
        self.marks = marks
        self._refilter()

    def update_marks(self, path: Path, marks: ReaderMarks) -> None:
        """Redraw one briefing's row after its tags or reading state changed."""
        from briefing.filters import NO_MARKS

        if self.marks.get(path, NO_MARKS) == marks:
            return
        self.marks[path] = marks
        self.listing.refresh()

    def reading_of(self, entry: Entry) -> str:
        from briefing.filters import NO_MARKS

        return self.marks.get(entry.path, NO_MARKS).reading

    def _refilter(self) -> None:
        current = self.current
        self.shown = self._select()
        self._positions = None
        self.listing.set_entries(self.shown, self.marks)
        # The same entry is usually still there, near the top: found without a map.
        found = None
        if current is not None:
            found = next((i for i, entry in enumerate(self.shown) if entry is current), None)
        if found is not None:
            self.listing.highlighted = found
        elif current is not None and self.select_path(current.path, open_it=False):
            pass  # the same briefing, its entry since replaced by a completed one
        elif self.shown:
            self.listing.highlighted = 0
        self._update_status()

    def _select(self) -> list[Entry]:
        """The entries the filter shows. A words-only filter narrows the smallest recent
        result it refines (typing on) or is one of them (deleting), instead of searching
        every briefing on each keystroke."""
        from briefing.filters import Filter

        parsed = self._filter or Filter()
        if parsed.start or parsed.end or parsed.checks:  # dates, marks: always afresh
            return parsed.select(self.entries, self.marks)
        words = tuple(parsed.words)
        found = self._recent.pop(words, None)
        if found is None:
            base = min(
                (shown for done, shown in self._recent.items() if _refines(words, done)),
                key=len,
                default=self.entries,
            )
            found = parsed.select(base, self.marks)
            if len(self._recent) >= RECENT_RESULTS:
                del self._recent[next(iter(self._recent))]
        self._recent[words] = found
        return list(found)  # a copy (10,000 entries: ~0.05 ms) keeps the remembered one intact

    def _update_status(self, error: str = "") -> None:
        if error:
            self._show_status(Content.styled(error, "$error"))
            return
        total, shown = len(self.entries), len(self.shown)
        text = plural(total, "briefing") if shown == total else f"{shown} of {total} briefings"
        if self._loading:
            text = f"Loading… {text}"
        elif self._completing:
            text = f"{text} · reading annotations…"
        elif not total:
            text = "No briefings here: add NAME.txt files (see README)"
        self._show_status(Content.styled(text, "dim"))

    def _show_status(self, content: Content) -> None:
        """Lay the pane out again only when the status's height may change (it wraps)."""
        status = self.query_one("#library-status", Static)
        one_line = content.cell_length <= status.content_region.width
        status.update(content, layout=not (one_line and self._status_one_line))
        self._status_one_line = one_line

    # Selecting -----------------------------------------------------------------------------

    @property
    def current(self) -> Entry | None:
        index = self.listing.highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def select_path(self, path: Path, *, open_it: bool = True) -> bool:
        if self._positions is None:  # rebuilt lazily after each refilter
            self._positions = {entry.path: index for index, entry in enumerate(self.shown)}
        index = self._positions.get(path)
        if index is None:
            return False
        self.listing.highlighted = index
        if open_it:
            self.post_message(self.Open(path))
        return True

    def step(self, delta: int) -> Path | None:
        """Move the highlight by ``delta`` briefings and return the one now highlighted."""
        if not self.shown:
            return None
        index = self.listing.highlighted
        index = 0 if index is None else max(0, min(len(self.shown) - 1, index + delta))
        self.listing.highlighted = index
        return self.shown[index].path

    @on(LibraryList.Chosen)
    def _chosen(self, event: LibraryList.Chosen) -> None:
        event.stop()
        if event.index < len(self.shown):
            self.post_message(self.Open(self.shown[event.index].path))

    # Filtering -----------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    def filter_by(self, query: str) -> None:
        """Show the briefings that match what is typed in the filter box."""
        from briefing.filters import needs_dateparser, parse_filter_leniently

        self._query = query
        if needs_dateparser(query):
            self._parse(query)
        else:  # plain words and fields: parsed at once, no thread hop
            self._apply_filter(*parse_filter_leniently(query, today=self.today))

    @work(thread=True, exclusive=True, group="filter")
    def _parse(self, query: str) -> None:
        """Parse off the UI thread: the first date expression wakes dateparser."""
        from briefing.filters import parse_filter_leniently

        parsed, error = parse_filter_leniently(query, today=self.today)
        self.app.call_from_thread(self._parsed, query, parsed, error)

    def _parsed(self, query: str, parsed: Filter, error: str) -> None:
        """Apply a filter read in the background, unless the box has changed since: a
        worker still running when the next key starts another finishes all the same."""
        if query == self._query:
            self._apply_filter(parsed, error)

    def _apply_filter(self, parsed: Filter, error: str = "") -> None:
        self._filter = parsed
        self._refilter()
        if error:
            self._update_status(error)


def _refines(words: tuple[str, ...], earlier: tuple[str, ...]) -> bool:
    """Whether every briefing matching ``words`` also matches ``earlier``: each earlier
    word is part of one of them (both sets must be found in the same search text)."""
    return all(any(old in word for word in words) for old in earlier)
