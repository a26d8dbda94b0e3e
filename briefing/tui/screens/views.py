"""Views across the whole library: Figures (%), Open issues (O) and Timeline (L) as tables,
and the shared machinery (indexing in a worker, filtering, sorting, jumping to an item).

People (P) has a list beside its table and lives in ``people.py``. Every view returns a
``Jump`` with Enter, which the reading screen turns into "open this briefing at that item".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from briefing.crosslib import (
    IndexedBriefing,
    build_index,
    default_index_cache,
    figure_groups,
    figure_rows,
    issue_rows,
    statuses_of,
    timeline,
)
from briefing.model import ISSUE_STATUSES, IssueStatus
from briefing.notes import NotesStore
from briefing.safety import sanitize
from briefing.tui import keys
from briefing.tui.text import plural, safe
from briefing.tui.widgets.footer import KeysFooter
from briefing.tui.widgets.item_pane import STATUS_MARKS


@dataclass(frozen=True)
class Jump:
    """Open ``article`` and show ``item_id`` (None: just open the briefing)."""

    article: Path
    item_id: str | None


@dataclass
class Row:
    cells: list[str]
    jump: Jump
    #: Values to sort by, one per column (defaults to the cell text).
    sort: list[Any] | None = None
    #: Anything the view needs to act on the row (an issue row, say).
    data: Any = None


def cell(text: str, style: str = "") -> Text:
    """A table cell holding untrusted text: never parsed as markup."""
    return Text(sanitize(" ".join(text.split())), style=style, no_wrap=True, overflow="ellipsis")


class LibraryView(Screen[Jump | None]):
    """A table over the library index: type to filter, click a header (or ``<``/``>``) to
    sort, Enter to open the briefing at the row's item."""

    CSS_PATH = "views.tcss"
    TITLE = ""
    COLUMNS: tuple[str, ...] = ()
    #: The column that takes the room left over (the long text); the others fit their
    #: content up to ``NARROW_COLUMN`` cells.
    FLEX = 0
    NARROW_COLUMN = 28
    BINDINGS = keys.bindings("list-screen", "view", "app")

    def __init__(self, root: Path, store_root: Path, today: date | None = None) -> None:
        super().__init__()
        self.root = root
        self.store_root = store_root
        self.today = today or date.today()
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.sort_column = 0
        self.sort_reverse = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-body") as body:
            body.border_title = self.TITLE
            yield Input(placeholder="Filter: words", classes="view-filter")
            yield Static("Reading the library…", classes="view-status", markup=False)
            yield from self.compose_body()
            yield Static(classes="view-detail", markup=False)
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.first_focus().focus()
        self._index()

    def first_focus(self) -> Widget:
        return self.table

    def _columns(self, shown: list[Row]) -> None:
        """Lay the columns out for the rows shown: the flexible one fills the width."""
        table = self.table
        table.clear(columns=True)
        widths = [
            min(self.NARROW_COLUMN, max([len(name), *(len(row.cells[i]) for row in shown)]))
            for i, name in enumerate(self.COLUMNS)
        ]
        room = table.size.width - 2 * len(widths) - 1
        widths[self.FLEX] = max(20, room - (sum(widths) - widths[self.FLEX]))
        for name, width in zip(self.COLUMNS, widths, strict=True):
            table.add_column(name, width=width)

    # Data ----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="view-index")
    def _index(self) -> None:
        index, problems = build_index([self.root], default_index_cache(self.root))
        store = NotesStore(self.store_root)
        rows = self.make_rows(index, store)
        self.app.call_from_thread(self._loaded, rows, len(problems))

    def make_rows(self, index: list[IndexedBriefing], store: NotesStore) -> list[Row]:
        raise NotImplementedError

    def _loaded(self, rows: list[Row], problems: int) -> None:
        self.rows = rows
        self._refill()
        if problems:
            self.notify(
                f"{plural(problems, 'problem')} in the library; run briefing validate to see them.",
                severity="warning",
                timeout=5,
            )

    def _refill(self) -> None:
        words = self.query_one(".view-filter", Input).value.casefold().split()
        shown = [
            row for row in self.rows if all(w in " ".join(row.cells).casefold() for w in words)
        ]
        column = self.sort_column

        def sort_key(row: Row) -> tuple[bool, Any]:
            value = row.sort[column] if row.sort else row.cells[column]
            return (value is None, value if value is not None else 0)

        if column >= 0:
            shown.sort(key=sort_key, reverse=self.sort_reverse)
        self.shown = shown
        table = self.table
        self._columns(shown)
        for row in shown:
            table.add_row(
                *(self.style_cell(index, text, row) for index, text in enumerate(row.cells))
            )
        order = "descending" if self.sort_reverse else "ascending"
        sorted_by = f" · by {self.COLUMNS[column]}, {order}" if column >= 0 else ""
        total = len(self.rows)
        count = f"{len(shown)} of {total}" if len(shown) != total else f"{total}"
        rows = "row" if total == 1 else "rows"
        self.query_one(".view-status", Static).update(
            Content.styled(f"{count} {rows}{sorted_by} · Enter opens the briefing", "dim")
        )

    def style_cell(self, column: int, text: str, row: Row) -> Text:
        return cell(text)

    # Actions -------------------------------------------------------------------------------

    @on(Input.Changed, ".view-filter")
    def _filter(self) -> None:
        self._refill()

    @on(Input.Submitted, ".view-filter")
    def _to_table(self) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one(".view-filter", Input).focus()

    def action_sort(self, step: int) -> None:
        self.sort_column = (self.sort_column + step) % len(self.COLUMNS)
        self._refill()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        if event.column_index == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = event.column_index, False
        self._refill()

    @on(DataTable.RowHighlighted)
    def _detail(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted row in full under the table: columns are cut on narrow screens."""
        detail = self.query_one(".view-detail", Static)
        if 0 <= event.cursor_row < len(self.shown):
            row = self.shown[event.cursor_row]
            parts = [f"{name}: {text}" for name, text in zip(self.COLUMNS, row.cells, strict=True)]
            detail.update(safe(" · ".join(parts)))
        else:
            detail.update("")

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        if event.cursor_row < len(self.shown):
            self.dismiss(self.shown[event.cursor_row].jump)

    def action_close(self) -> None:
        self.dismiss(None)


def _when(value: date | None) -> str:
    return value.isoformat() if value else "undated"


class FiguresView(LibraryView):
    """Every figure; rows of one series (same normalised label) sort together by date."""

    TITLE = "Figures across the library"
    COLUMNS = ("series", "date", "value", "what it measures", "briefing")
    FLEX = 3

    def make_rows(self, index: list[IndexedBriefing], store: NotesStore) -> list[Row]:
        groups = figure_groups(figure_rows(index))
        rows: list[Row] = []
        for series, members in enumerate(groups.values()):
            for position, figure in enumerate(members):
                label = f"{position + 1}/{len(members)}" if len(members) > 1 else "—"
                rows.append(
                    Row(
                        [
                            label,
                            _when(figure.briefing.date),
                            figure.figure.value,
                            figure.figure.label,
                            figure.briefing.title,
                        ],
                        Jump(figure.briefing.path, figure.figure.id),
                        sort=[
                            (series, position),
                            figure.briefing.date,
                            figure.number,
                            figure.figure.label.casefold(),
                            figure.briefing.title.casefold(),
                        ],
                    )
                )
        ungrouped = [row for row in figure_rows(index) if not row.group]
        for figure in ungrouped:
            rows.append(
                Row(
                    [
                        "—",
                        _when(figure.briefing.date),
                        figure.figure.value,
                        "",
                        figure.briefing.title,
                    ],
                    Jump(figure.briefing.path, figure.figure.id),
                    sort=[
                        (len(groups), 0),
                        figure.briefing.date,
                        figure.number,
                        "",
                        figure.briefing.title.casefold(),
                    ],
                )
            )
        return rows

    def style_cell(self, column: int, text: str, row: Row) -> Text:
        return cell(text, "bold" if column == 2 else "dim" if column == 0 else "")


class IssuesView(LibraryView):
    """Every open issue with its status and age; ``c`` changes the status (kept in the
    notes store, never in the annotation file)."""

    TITLE = "Open issues across the library"
    COLUMNS = ("status", "age", "question", "briefing")
    FLEX = 2
    BINDINGS = keys.bindings("issues-view")

    def make_rows(self, index: list[IndexedBriefing], store: NotesStore) -> list[Row]:
        rows = issue_rows(index, statuses_of(store.all_notes()), self.today)
        order = {status: position for position, status in enumerate(ISSUE_STATUSES)}
        return [
            Row(
                [
                    f"{STATUS_MARKS[row.status]} {row.status}",
                    f"{row.age_days} d" if row.age_days is not None else "—",
                    row.issue.question,
                    row.briefing.title,
                ],
                Jump(row.briefing.path, row.issue.id),
                sort=[
                    (order[row.status], -(row.age_days or 0)),
                    row.age_days,
                    row.issue.question.casefold(),
                    row.briefing.title.casefold(),
                ],
                data=row,
            )
            for row in rows
        ]

    def action_cycle_status(self) -> None:
        index = self.table.cursor_row
        if not 0 <= index < len(self.shown):
            return
        row = self.shown[index]
        issue_row = row.data
        following: IssueStatus = ISSUE_STATUSES[
            (ISSUE_STATUSES.index(issue_row.status) + 1) % len(ISSUE_STATUSES)
        ]
        from briefing.library import load_briefing

        store = self.app.store  # type: ignore[attr-defined]
        briefing = load_briefing(issue_row.briefing.path)
        notes = store.open(briefing)
        if notes.read_only:
            self.notify(
                str(notes.problem), title="Notes are read-only", severity="error", markup=False
            )
            return
        store.set_status(notes, issue_row.issue.id, following)
        issue_row.status = following
        row.cells[0] = f"{STATUS_MARKS[following]} {following}"
        order = ISSUE_STATUSES.index(following)
        assert row.sort is not None
        row.sort[0] = (order, -(issue_row.age_days or 0))
        self._refill()
        self.table.move_cursor(row=self.shown.index(row))
        self.notify(f"Status: {following}", timeout=2)


class TimelineView(LibraryView):
    """Briefings and the dates they mention, in one chronological list."""

    TITLE = "Timeline"
    COLUMNS = ("date", "what", "briefing")
    FLEX = 1

    def make_rows(self, index: list[IndexedBriefing], store: NotesStore) -> list[Row]:
        return [
            Row(
                [
                    row.when.isoformat(),
                    row.text if row.kind == "mention" else "▸ briefing published",
                    row.briefing.title,
                ],
                Jump(row.briefing.path, row.item_id),
                sort=[(row.when, position), row.text.casefold(), row.briefing.title.casefold()],
            )
            for position, row in enumerate(timeline(index))
        ]

    def style_cell(self, column: int, text: str, row: Row) -> Text:
        return cell(text, "dim" if text.startswith("▸") else "")
