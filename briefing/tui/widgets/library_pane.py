"""The library: a filter box, a status line and the list of briefings, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from briefing.filters import (
    NO_MARKS,
    Filter,
    ReaderMarks,
    needs_dateparser,
    parse_filter_leniently,
)
from briefing.library import Entry, sort_entries
from briefing.safety import sanitize
from briefing.tui import keys
from briefing.tui.text import plural, short_problem

READING_MARKS = {"new": "● ", "read": "", "done": "✓ "}
ROW_HEIGHT = 2


class LibraryList(ScrollView, can_focus=True):
    """Every shown briefing as two lines — title, then date and counts — drawn only when
    visible, so a 10,000-briefing library filters as fast as a short one."""

    BINDINGS = [
        *keys.bindings("move"),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
    ]
    COMPONENT_CLASSES = {
        "library-list--title",
        "library-list--meta",
        "library-list--new",
        "library-list--done",
        "library-list--tagged",
        "library-list--error",
        "library-list--cursor",
        "library-list--cursor-blurred",
    }

    @dataclass
    class Chosen(Message):
        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.marks: dict[Path, ReaderMarks] = {}
        self._cursor: int | None = None

    def set_entries(self, entries: list[Entry], marks: dict[Path, ReaderMarks]) -> None:
        self.entries, self.marks = entries, marks
        self.virtual_size = Size(self.scrollable_content_region.width, len(entries) * ROW_HEIGHT)
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
        self.virtual_size = Size(
            self.scrollable_content_region.width, len(self.entries) * ROW_HEIGHT
        )

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"library-list--{name}")

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = round(self.scroll_y) + y
        index, part = divmod(row, ROW_HEIGHT)
        base = self.rich_style
        if index >= len(self.entries):
            return Strip.blank(width, base)
        entry = self.entries[index]
        text = self._title(entry) if part == 0 else self._meta(entry)
        text.truncate(width - 1, overflow="ellipsis", pad=True)
        text.append(" ")
        if index == self._cursor:
            text.stylize(self._style("cursor" if self.has_focus else "cursor-blurred"))
        return Strip(text.render(self.app.console), text.cell_len).crop_extend(0, width, base)

    def _title(self, entry: Entry) -> Text:
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
    BINDINGS = [
        Binding("enter", "submit", "Results", show=True),
        Binding("escape", "clear", "Clear", show=True),
    ]

    def open(self) -> None:
        self.can_focus = True
        self.focus()

    def on_click(self) -> None:
        self.open()

    def on_blur(self) -> None:
        self.can_focus = False

    def action_clear(self) -> None:
        self.value = ""
        self.screen.query_one(LibraryList).focus()


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
        self._filter = Filter()
        self._status = ""
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

    def set_loading(self, loading: bool, *, completing: bool = False) -> None:
        """``loading``: still listing; ``completing``: all listed, counts still coming."""
        self._loading, self._completing = loading, completing
        self._update_status()

    def add_entries(self, entries: list[Entry]) -> None:
        """Add entries as the scan finds them, keeping the highlighted briefing."""
        # Kept sorted as batches arrive, so a keystroke in the filter never re-sorts.
        self.entries = sort_entries([*self.entries, *entries])
        self._refilter()

    def complete_entries(self, entries: list[Entry]) -> None:
        """Put completed entries (annotation read) in place of their header-only ones."""
        fresh = {entry.path: entry for entry in entries}
        if not fresh:
            return
        before = self.entries
        replaced = [fresh.get(e.path, e) for e in before]
        # The date comes from the header and is already right; only a title from the
        # annotation can move a briefing, so sort again only then.
        moved = any(new.title != old.title for old, new in zip(before, replaced, strict=True))
        self.entries = sort_entries(replaced) if moved else replaced
        self._refilter()

    def set_marks(self, marks: dict[Path, ReaderMarks]) -> None:
        self.marks = marks
        self._refilter()

    def update_marks(self, path: Path, marks: ReaderMarks) -> None:
        """Redraw one briefing's row after its tags or reading state changed."""
        if self.marks.get(path, NO_MARKS) == marks:
            return
        self.marks[path] = marks
        self.listing.refresh()

    def reading_of(self, entry: Entry) -> str:
        return self.marks.get(entry.path, NO_MARKS).reading

    def _refilter(self) -> None:
        current = self.current
        self.shown = self._filter.select(self.entries, self.marks)
        self._positions = None
        self.listing.set_entries(self.shown, self.marks)
        if current is not None and self.select_path(current.path, open_it=False):
            pass
        elif self.shown:
            self.listing.highlighted = 0
        self._update_status()

    def _update_status(self, error: str = "") -> None:
        status = self.query_one("#library-status", Static)
        if error:
            status.update(Content.styled(error, "$error"))
            return
        total, shown = len(self.entries), len(self.shown)
        text = plural(total, "briefing") if shown == total else f"{shown} of {total} briefings"
        if self._loading:
            text = f"Loading… {text}"
        elif self._completing:
            text = f"{text} · reading annotations…"
        elif not total:
            text = "No briefings here: add NAME.txt files (see README)"
        status.update(Content.styled(text, "dim"))

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

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if needs_dateparser(event.value):
            self._parse(event.value)
        else:  # plain words and fields: parsed at once, no thread hop
            self._apply_filter(*parse_filter_leniently(event.value, today=self.today))

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self) -> None:
        self.listing.focus()

    @work(thread=True, exclusive=True, group="filter")
    def _parse(self, query: str) -> None:
        """Parse off the UI thread: the first date expression wakes dateparser."""
        parsed, error = parse_filter_leniently(query, today=self.today)
        self.app.call_from_thread(self._apply_filter, parsed, error)

    def _apply_filter(self, parsed: Filter, error: str = "") -> None:
        self._filter = parsed
        self._refilter()
        if error:
            self._update_status(error)
