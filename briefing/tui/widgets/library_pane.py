"""The library: a filter box, a status line and the list of briefings, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.filters import Filter, FilterError, parse_filter
from briefing.library import Entry, sort_entries
from briefing.tui import keys
from briefing.tui.text import safe


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


@dataclass(frozen=True)
class EntryMarks:
    """What the reader's notes say about one briefing: tagged items and reading state."""

    tagged: int = 0
    reading: str = "new"


READING_MARKS = {"new": ("● ", "bold $text-accent"), "read": ("", ""), "done": ("✓ ", "dim")}


def describe_entry(entry: Entry, marks: EntryMarks | None = None) -> Content:
    """Title (● new, ✓ done), then date and counts; a broken briefing shows its first problem."""
    marks = marks or EntryMarks()
    if entry.broken:
        return Content.assemble(
            Content.styled("⚠ ", "bold $error"),
            safe(entry.title, "bold"),
            "\n",
            safe(entry.problems[0] if entry.problems else "cannot be read", "$error"),
        )
    parts = [entry.date.isoformat() if entry.date else "undated"]
    parts += [_plural(entry.quotes, "quote"), _plural(entry.figures, "figure")]
    parts.append(f"{entry.open_issues} open")
    meta = safe(" · ".join(parts), "dim")
    if marks.tagged:
        meta = Content.assemble(meta, Content.styled(f" · ★{marks.tagged}", "$text-accent"))
    mark, style = READING_MARKS.get(marks.reading, ("", ""))
    title_style = "bold" if marks.reading != "done" else "dim"
    return Content.assemble(Content.styled(mark, style), safe(entry.title, title_style), "\n", meta)


class LibraryList(OptionList):
    BINDINGS = keys.bindings("move")


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
        self.marks: dict[Path, EntryMarks] = {}
        self.today: date | None = None
        self._filter = Filter()
        self._status = ""
        self._loading = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter: words, dates (f)", id="library-filter")
        yield Static(id="library-status", markup=False)
        yield LibraryList(id="library-list")

    def on_mount(self) -> None:
        self.border_title = "Library"

    @property
    def listing(self) -> LibraryList:
        return self.query_one(LibraryList)

    # Filling -------------------------------------------------------------------------------

    def set_loading(self, loading: bool) -> None:
        self._loading = loading
        self._update_status()

    def add_entries(self, entries: list[Entry]) -> None:
        """Add entries as the scan finds them, keeping the highlighted briefing."""
        self.entries.extend(entries)
        self._refilter()

    def set_marks(self, marks: dict[Path, EntryMarks]) -> None:
        self.marks = marks
        self._refilter()

    def update_marks(self, path: Path, marks: EntryMarks) -> None:
        """Redraw one briefing's row after its tags or reading state changed."""
        if self.marks.get(path, EntryMarks()) == marks:
            return
        self.marks[path] = marks
        for index, entry in enumerate(self.shown):
            if entry.path == path:
                self.listing.replace_option_prompt_at_index(index, describe_entry(entry, marks))
                break

    def reading_of(self, entry: Entry) -> str:
        return self.marks.get(entry.path, EntryMarks()).reading

    def _refilter(self) -> None:
        current = self.current
        self.shown = [entry for entry in sort_entries(self.entries) if self._filter.matches(entry)]
        options = [
            Option(describe_entry(entry, self.marks.get(entry.path)), id=str(entry.path))
            for entry in self.shown
        ]
        self.listing.set_options(options)
        if current is not None:
            self.select_path(current.path, open_it=False)
        elif options:
            self.listing.highlighted = 0
        self._update_status()

    def _update_status(self, error: str = "") -> None:
        status = self.query_one("#library-status", Static)
        if error:
            status.update(Content.styled(error, "$error"))
            return
        total, shown = len(self.entries), len(self.shown)
        text = _plural(total, "briefing") if shown == total else f"{shown} of {total} briefings"
        if self._loading:
            text = f"Loading… {text}"
        elif not total:
            text = "No briefings here: add NAME.txt files (see README)"
        status.update(Content.styled(text, "dim"))

    # Selecting -----------------------------------------------------------------------------

    @property
    def current(self) -> Entry | None:
        index = self.listing.highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def select_path(self, path: Path, *, open_it: bool = True) -> bool:
        for index, entry in enumerate(self.shown):
            if entry.path == path:
                self.listing.highlighted = index
                if open_it:
                    self.post_message(self.Open(path))
                return True
        return False

    def step(self, delta: int) -> Path | None:
        """Move the highlight by ``delta`` briefings and return the one now highlighted."""
        if not self.shown:
            return None
        index = self.listing.highlighted
        index = 0 if index is None else max(0, min(len(self.shown) - 1, index + delta))
        self.listing.highlighted = index
        return self.shown[index].path

    @on(OptionList.OptionSelected, "#library-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.shown):
            self.post_message(self.Open(self.shown[event.option_index].path))

    # Filtering -----------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._parse(event.value)

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self) -> None:
        self.listing.focus()

    @work(thread=True, exclusive=True, group="filter")
    def _parse(self, query: str) -> None:
        """Parse off the UI thread: the first date expression wakes dateparser."""
        try:
            parsed = parse_filter(query, today=self.today)
        except FilterError as error:
            self.app.call_from_thread(self._update_status, str(error))
            return
        self.app.call_from_thread(self._apply_filter, parsed)

    def _apply_filter(self, parsed: Filter) -> None:
        self._filter = parsed
        self._refilter()

    def key_escape(self) -> None:
        """Escape in the filter box clears it and returns to the list."""
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            box.value = ""
            self.listing.focus()
