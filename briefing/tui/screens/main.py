"""The reading screen: library, article and annotation panes.

The screen owns what is open; the panes only display what they are given and post messages
(``LibraryPane.Open``, ``ItemPane.Jump``) back up.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.events import AppFocus, Resize
from textual.timer import Timer
from textual.worker import get_current_worker

from briefing.tui import keys
from briefing.tui.screens.workflows import WorkflowActions
from briefing.tui.text import plural
from briefing.tui.widgets.annotation_panes import AnnotationPanes
from briefing.tui.widgets.article_pane import ArticlePane
from briefing.tui.widgets.footer import KeysFooter
from briefing.tui.widgets.library_pane import LibraryPane

if TYPE_CHECKING:  # imported after the first frame: the core by the scan, the panes on mount
    from briefing.filters import ReaderMarks
    from briefing.library import Entry, HeaderCache
    from briefing.model import Briefing, Problem
    from briefing.notes import BriefingNotes, Reading
    from briefing.tui.widgets.item_pane import ItemPane

#: The article's placeholder once the library is listed and nothing could be opened.
CHOOSE = "Choose a briefing in the library (Enter) to read it here."
#: Below this width the panes go under the article, one at a time behind tabs.
NARROW = 140
#: Seconds a new briefing stays on screen before it counts as read.
READ_AFTER_SECONDS = 3.0
#: How often completed entries (their annotation read) replace header-only ones in the list.
COMPLETE_SECONDS = 2.0
#: How often the scan hands a batch of entries to the list while a big library loads.
BATCH_SECONDS = 0.1


class MainScreen(WorkflowActions):
    BINDINGS = keys.bindings("main", "tagging")
    #: The list is focused right after the first frame, not in it: a focus change restyles
    #: the focused widget and its pane, which Textual then restyles again for the first
    #: frame anyway (about 4 ms of start-up for nothing).
    AUTO_FOCUS = ""

    def __init__(self, root: Path, cache: HeaderCache | None) -> None:
        super().__init__()
        self.root = root
        self.cache = cache
        self.briefing: Briefing | None = None
        self._stamp: tuple[float, ...] = ()
        self._pending_open: Path | None = None
        self._requested: Path | None = None
        self._jump_after_open: str | None = None
        self._read_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield LibraryPane(id="library")
        yield ArticlePane(id="article-pane")
        yield AnnotationPanes(id="panes")
        yield KeysFooter()

    @property
    def library(self) -> LibraryPane:
        return self.query_one(LibraryPane)

    @property
    def article(self) -> ArticlePane:
        return self.query_one(ArticlePane)

    @property
    def panes(self) -> AnnotationPanes:
        return self.query_one(AnnotationPanes)

    def on_mount(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        self.set_class(state.library_hidden, "-library-hidden")
        self._fit(self.app.size.width)  # the first frame is laid out for this terminal
        self.library.today = self.app.today  # type: ignore[attr-defined]
        if state.last_briefing:
            self._pending_open = Path(state.last_briefing)
        self.library.set_loading(True)  # in the first frame: the list is on its way
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        """The article view, the focus, the keys typed so far, then the listing: a scan
        thread started before the first frame would share the interpreter with drawing it (a
        large library's scan slowed it by a third)."""
        if not await self.article.mount_view():
            return  # the app is quitting
        self._focus_first()
        self.app.key_order.release()  # type: ignore[attr-defined]  # keys typed meanwhile
        self._scan()

    def _focus_first(self) -> None:
        """The list, or the article when the library is hidden, unless a click came first."""
        if self.focused is None:
            hidden = self.has_class("-library-hidden")
            (self.article.view if hidden else self.library.listing).focus()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")

    # Loading the library -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="scan")
    def _scan(self) -> None:
        """List the library in the background, handing entries over in batches."""
        from briefing.library import default_cache, scan
        from briefing.model import Problem

        worker = get_current_worker()  # cancelled when the app quits: stop, not hold it up
        batch: list[Entry] = []
        problems: list[Problem] = []
        pending: list[Path] = []
        listed: list[Path] = []
        cache = self.cache if self.cache is not None else default_cache(self.root)
        last = time.monotonic()
        try:
            # First every briefing from the cache or its header alone, so the whole library
            # is listed at once ...
            for found in scan(self.root, cache, quick=True):
                if worker.is_cancelled:
                    return
                if isinstance(found, Problem):
                    problems.append(found)
                    continue
                batch.append(found)
                listed.append(found.path)
                if not found.complete:
                    pending.append(found.path)
                if time.monotonic() - last > BATCH_SECONDS:
                    self.app.call_from_thread(self._add, batch)
                    batch, last = [], time.monotonic()
        finally:
            self.app.call_from_thread(self._add, batch)
            self.app.call_from_thread(self._scanned, problems, bool(pending))
        self._read_marks(listed)
        # ... then the annotations not in the cache yet, for the counts.
        batch, last = [], time.monotonic()
        for path in pending:
            if worker.is_cancelled:
                cache.save()  # what was read so far, for the next start
                return
            batch.append(cache.entry(path))
            if time.monotonic() - last > COMPLETE_SECONDS:
                self.app.call_from_thread(self._complete, batch)
                batch, last = [], time.monotonic()
        cache.save()
        self.app.call_from_thread(self._completed, batch)

    @work(thread=True, exclusive=True, group="marks")
    def _read_marks(self, listed: list[Path]) -> None:
        """Tagged-item counts and reading states from every notes file, for the library.

        The listing uses a store of its own (the app's store belongs to the UI thread); the
        app's store is only asked to fill its caches, so that the first briefing opened in a
        large library does not wait for every notes file to be read.
        """
        from briefing.notes import NotesStore

        worker = get_current_worker()
        self.store.prepare()
        by_article: dict[Path, ReaderMarks] = {}
        for notes in NotesStore(self.store.root).all_notes():
            if worker.is_cancelled:
                return
            by_article[notes.article] = reader_marks(notes)
        if not by_article:
            return
        marks = {  # notes are kept by the article's real path
            path: by_article[resolved]
            for path in listed
            if (resolved := Path(os.path.realpath(path))) in by_article
        }
        self.app.call_from_thread(self._show_marks, marks)

    def _show_marks(self, marks: dict[Path, ReaderMarks]) -> None:
        self.library.set_marks(marks)

    def _add(self, entries: list[Entry]) -> None:
        """Show a batch; open the briefing read last time as soon as it is listed."""
        if entries:
            self.library.add_entries(entries)
        wanted = self._pending_open
        if wanted is not None:
            for entry in entries:
                if Path(os.path.realpath(entry.path)) == wanted:
                    self.open_briefing(entry.path)
                    break

    def _complete(self, entries: list[Entry]) -> None:
        self.library.complete_entries(entries)

    def _completed(self, entries: list[Entry]) -> None:
        """The last annotations are read: the list is final."""
        self.library.complete_entries(entries)
        self.library.set_loading(False)
        gc.freeze()  # as after the first pass: the completed entries stay too

    def _scanned(self, problems: list[Problem], completing: bool) -> None:
        """Every briefing is listed: open the newest unless one is open already."""
        self.library.set_loading(False, completing=completing)
        # The library is loaded and stays: keep the collector from walking it again and again
        # (full collections over 10,000 entries stall a keystroke by 150 ms).
        gc.freeze()
        if self._requested is None and self.library.shown:
            self.open_briefing(self.library.shown[0].path)
        elif self._requested is None:  # nothing to open by itself: the reader chooses
            self.article.view.placeholder = CHOOSE
            self.article.show(None)
        for problem in problems[:3]:
            self.notify(str(problem), title="Library", severity="warning", markup=False)

    # Opening a briefing --------------------------------------------------------------------

    @on(LibraryPane.Open)
    def _open_requested(self, event: LibraryPane.Open) -> None:
        self.open_briefing(event.path)

    def open_at(self, article: Path, target: str) -> None:
        self._jump_after_open = target
        self.open_briefing(article)

    def open_briefing(self, path: Path, *, keep_place: bool = False) -> None:
        self._pending_open = None
        self._requested = path
        self.library.select_path(path, open_it=False)
        self._load(path, keep_place)

    @work(thread=True, exclusive=True, group="open")
    def _load(self, path: Path, keep_place: bool) -> None:
        from briefing.library import load_briefing

        briefing = load_briefing(path)
        self.app.call_from_thread(self._show, briefing, keep_place)

    def _show(self, briefing: Briefing, keep_place: bool) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        if self.briefing is not None and not keep_place:
            state.remember(self.briefing.path, self.article.view.top_line)
        self.briefing = briefing
        notes = self.store.open(briefing) if briefing.article is not None else None
        self.notes = notes
        self._start_reading()
        self._stamp = _stamp(briefing.path)
        self.article.show(briefing, keep_place=keep_place)
        self.refresh_notes()
        if self._jump_after_open is not None:
            self._jump_to_target(self._jump_after_open)
            self._jump_after_open = None
        elif not keep_place:
            line = state.position(briefing.path)
            if line:
                # After the refresh, once the new article's height is known.
                self.article.view.call_after_refresh(
                    self.article.view.scroll_to, y=line, animate=False, force=True
                )
        state.last_briefing = os.path.realpath(briefing.path)
        self.app.persist()  # type: ignore[attr-defined]
        if briefing.errors and briefing.article is None:
            self.notify(
                str(briefing.errors[0]),
                title="Cannot read this briefing",
                severity="error",
                markup=False,
            )
        if notes is not None and notes.read_only and notes.problem is not None:
            self.notify(
                f"{notes.problem}. Your tags are shown but cannot be changed until the file is "
                "fixed; it will not be overwritten.",
                title="Notes file cannot be read",
                severity="error",
                markup=False,
                timeout=10,
            )
        if notes is not None and (orphans := notes.orphans()):
            self.notify(
                f"{plural(len(orphans), 'tagged passage')} can no longer be found in the edited "
                "article. They are kept: see Ctrl+T (Tagged).",
                title="Tags lost their place",
                severity="warning",
                timeout=8,
            )

    def refresh_notes(self) -> None:
        """Show the reader's tags and notes on items, sentences and the library row."""
        from briefing.tui.widgets.item_pane import ItemMarks

        marks = ItemMarks()
        sentence_labels: dict[tuple[int, int], str] = {}
        notes = self.notes
        if notes is not None:
            marks.statuses = dict(notes.statuses)
            for record in notes.records.values():
                if record.orphan or record.empty:
                    continue
                if record.kind == "sentence":
                    if record.span is not None:
                        parts = [f"#{tag}" for tag in record.tags]
                        if record.note:
                            parts.append("✎")
                        sentence_labels[(record.span.start, record.span.end)] = " ".join(parts)
                else:
                    marks.tags[record.target] = list(record.tags)
                    marks.notes[record.target] = record.note
        self.panes.show(self.briefing, marks)
        self.article.view.set_sentence_labels(sentence_labels)
        if self.briefing is not None and notes is not None:
            row = reader_marks(notes)
            self.library.update_marks(self.briefing.path, row)

    # Triage --------------------------------------------------------------------------------

    def _start_reading(self) -> None:
        """A new briefing counts as read once it has been on screen for a few seconds."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if self.notes is not None and self.notes.reading == "new" and not self.notes.read_only:
            self._read_timer = self.set_timer(READ_AFTER_SECONDS, self._mark_read)

    def _mark_read(self) -> None:
        self._read_timer = None
        notes = self.notes
        if notes is not None and notes.reading == "new":
            self._set_reading(notes, "read")

    def _set_reading(self, notes: BriefingNotes, state: Reading) -> None:
        self._apply(lambda n: self.store.set_reading(n, state))

    def action_toggle_done(self) -> None:
        if self.notes is None:  # nothing open yet, or a briefing that cannot be read
            self.notify("Open a briefing to mark it done.", timeout=3)
            return
        self._set_reading(self.notes, "read" if self.notes.reading == "done" else "done")
        self.notify(
            "Marked done." if self.notes.reading == "done" else "Marked not done.", timeout=2
        )

    def action_next_new(self) -> None:
        """Open the next new briefing, newest first, after the current one."""
        shown = self.library.shown
        current = self.briefing.path if self.briefing else None
        start = next((i for i, e in enumerate(shown) if e.path == current), -1) + 1
        for entry in [*shown[start:], *shown[:start]]:
            if entry.path != current and self.library.reading_of(entry) == "new":
                self.open_briefing(entry.path)
                return
        if self.library.still_loading:
            self.notify("No new briefing listed yet: the library is still loading.", timeout=3)
        else:
            self.notify("No new briefings left.", timeout=3)

    # Actions -------------------------------------------------------------------------------

    def action_filter(self) -> None:
        if self.has_class("-library-hidden"):
            self.action_toggle_library()
        self.library.action_filter()

    def action_toggle_library(self) -> None:
        hidden = not self.has_class("-library-hidden")
        self.set_class(hidden, "-library-hidden")
        self.app.state.library_hidden = hidden  # type: ignore[attr-defined]
        self.app.persist()  # type: ignore[attr-defined]
        if hidden and self.library.has_focus_within:
            self.article.view.focus()

    def action_focus_pane(self, kind: str) -> None:
        pane = self.panes.activate(kind)
        if pane is not None:  # None only in the first moments, before the panes are mounted
            pane.focus()

    def action_next_briefing(self, delta: int) -> None:
        path = self.library.step(delta)
        if path is not None:
            self.open_briefing(path)

    def action_reload(self) -> None:
        if self.briefing is not None:
            self.open_briefing(self.briefing.path, keep_place=True)
            self.notify("Reloaded from disk.", timeout=2)

    def on_item_pane_jump(self, event: ItemPane.Jump) -> None:
        anchor = getattr(event.item, "anchor", None)
        if anchor is None:
            kind = event.item.kind
            message = (
                f"This {kind} was not found in the article."
                if kind in ("quote", "figure")
                else f"A {kind} item has no place in the article."
            )
            self.notify(message, severity="warning", timeout=3)
            return
        self.article.view.scroll_to_span(anchor)

    def _jump_to_target(self, target: str) -> None:
        """Scroll to a tagged item or passage, after the article's lines are laid out."""
        item = self.briefing.item(target) if self.briefing else None
        record = self.notes.records.get(target) if self.notes else None
        span = getattr(item, "anchor", None) or (record.span if record else None)
        if span is None:
            self.notify("That tagged passage has no place in the article now.", timeout=4)
            return
        view = self.article.view
        view.focus()
        view.call_after_refresh(view.scroll_to_span, span)

    def on_app_focus(self, event: AppFocus) -> None:
        """Reload when the files changed on disk while the terminal was elsewhere."""
        if self.briefing is not None and _stamp(self.briefing.path) != self._stamp:
            self.action_reload()


def reader_marks(notes: BriefingNotes) -> ReaderMarks:
    """What the library list and its filter need from one briefing's notes."""
    from briefing.filters import ReaderMarks

    tagged = notes.tagged()
    return ReaderMarks(
        tagged=len(tagged),
        reading=notes.reading,
        tags=frozenset(tag.casefold() for record in tagged for tag in record.tags),
        statuses=frozenset(notes.statuses.values()),
    )


def _stamp(path: Path) -> tuple[float, ...]:
    """Modification times of an article and its annotation, to notice edits on disk."""
    stamp: list[float] = []
    for candidate in (path, path.with_suffix(".yaml"), path.with_suffix(".yml")):
        try:
            stamp.append(candidate.stat().st_mtime)
        except OSError:
            stamp.append(-1)
    return tuple(stamp)
