"""People (P): every speaker in the library with a count; their quotes in date order."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import DataTable, OptionList
from textual.widgets.option_list import Option

from briefing.config import load_config, user_config_path
from briefing.crosslib import IndexedBriefing, Person, people
from briefing.notes import NotesStore
from briefing.tui.screens.views import Jump, LibraryView, Row, cell
from briefing.tui.text import safe


class PeopleView(LibraryView):
    """Speakers on the left (names merged case- and accent-insensitively, and through the
    library's ``people:`` aliases); the highlighted person's quotes on the right."""

    TITLE = "People"
    COLUMNS = ("date", "role", "quote", "briefing")
    FLEX = 2

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="people-body"):
            yield OptionList(id="people-list")
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            yield table

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people: list[Person] = []

    def first_focus(self) -> Widget:
        return self.query_one("#people-list", OptionList)

    def make_rows(self, index: list[IndexedBriefing], store: NotesStore) -> list[Row]:
        aliases = load_config(self.root, user_config_path()).people
        self.people = people(index, aliases)
        self.app.call_from_thread(self._fill_people)
        return self._rows_for(self.people[0]) if self.people else []

    def _fill_people(self) -> None:
        listing = self.query_one("#people-list", OptionList)
        listing.set_options(
            Option(safe(f"{person.name}  ({len(person.quotes)})")) for person in self.people
        )
        if self.people:
            listing.highlighted = 0

    def _rows_for(self, person: Person) -> list[Row]:
        return [
            Row(
                [
                    briefing.date.isoformat() if briefing.date else "undated",
                    quote.role,
                    quote.words,
                    briefing.title,
                ],
                Jump(briefing.path, quote.id),
                sort=[
                    briefing.date,
                    quote.role.casefold(),
                    quote.words.casefold(),
                    briefing.title.casefold(),
                ],
            )
            for briefing, quote in person.quotes
        ]

    @on(OptionList.OptionHighlighted, "#people-list")
    def _person(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.people):
            self.rows = self._rows_for(self.people[event.option_index])
            self._refill()

    @on(OptionList.OptionSelected, "#people-list")
    def _to_quotes(self) -> None:
        self.table.focus()

    def style_cell(self, column: int, text: str, row: Row) -> Text:
        return cell(text, "italic" if column == 2 else "")
