"""Ctrl+T: every tagged or noted item across the library, filterable by tag; Enter jumps to it.

Also the orphans of the open briefing: tagged passages that an edit of the article moved out of
reach, each with the best candidate match for the reader to accept (``y``) or reject (``n``).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.notes import BriefingNotes, Record
from briefing.tui import keys
from briefing.tui.screens.dialogs import Dialog
from briefing.tui.text import safe
from briefing.tui.widgets.footer import KeysFooter

KIND_NAMES = {
    "summary": "summary",
    "quote": "quote",
    "figure": "figure",
    "issue": "issue",
    "date": "date",
    "sentence": "passage",
}


@dataclass(frozen=True)
class TaggedRow:
    notes: BriefingNotes
    record: Record

    def matches(self, words: list[str]) -> bool:
        haystack = " ".join(
            [
                *(f"#{tag}" for tag in self.record.tags),
                self.record.text,
                self.record.note,
                self.notes.title,
            ]
        ).casefold()
        return all(word in haystack for word in words)


def describe_row(row: TaggedRow) -> Content:
    record = row.record
    place = f" ¶{record.span.paragraph}" if record.span else ""
    heading = Content.assemble(
        safe(" ".join(f"#{tag}" for tag in record.tags) or "(note)", "bold $text-accent"),
        "  ",
        safe(row.notes.title or row.notes.article.name, "bold"),
        Content.styled(
            f"  {row.notes.date or 'undated'} · {KIND_NAMES[record.kind]}{place}", "dim"
        ),
    )
    text = " ".join(record.text.split())
    parts = [heading, safe(text if len(text) < 240 else text[:239] + "…", "italic")]
    if record.note:
        parts.append(safe("✎ " + record.note, "$text-accent"))
    return Content("\n").join(parts)


class TaggedScreen(Screen[TaggedRow | None]):
    """Returns the row chosen with Enter, or None on Escape."""

    CSS_PATH = "tagged.tcss"
    BINDINGS = keys.bindings("list-screen", "app")

    def __init__(self, everything: list[BriefingNotes]) -> None:
        super().__init__()
        self.rows = [
            TaggedRow(notes, record)
            for notes in sorted(everything, key=lambda n: n.date, reverse=True)
            for record in notes.tagged()
        ]
        self.shown = list(self.rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="tagged-body") as body:
            body.border_title = "Tagged"
            yield Input(placeholder="Filter: #tag or words", id="tagged-filter")
            yield Static(id="tagged-status", markup=False)
            yield OptionList(id="tagged-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        listing = self.query_one(OptionList)
        listing.set_options(Option(describe_row(row)) for row in self.shown)
        if self.shown:
            listing.highlighted = 0
        if not self.rows:
            message = "Nothing tagged yet: select an item and press 1-9 or t to tag it."
        else:
            message = f"{len(self.shown)} of {len(self.rows)} tagged items · Enter opens"
        self.query_one("#tagged-status", Static).update(Content.styled(message, "dim"))

    @on(Input.Changed, "#tagged-filter")
    def _filter(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        self.shown = [row for row in self.rows if row.matches(words)]
        self._fill()

    @on(Input.Submitted, "#tagged-filter")
    def _to_list(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#tagged-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def action_filter(self) -> None:
        self.query_one("#tagged-filter", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class OrphanChoice:
    target: str
    accept: bool


class OrphansScreen(Dialog[OrphanChoice | None]):
    """The open briefing's orphaned tags; ``y`` accepts the candidate, ``n`` rejects it."""

    CSS_PATH = ["dialogs.tcss", "tagged.tcss"]
    BINDINGS = [
        Binding("y", "choose(True)", "Accept match"),
        Binding("n", "choose(False)", "Reject match"),
        Binding("escape", "dismiss_none", "Close"),
    ]

    def __init__(self, orphans: list[Record]) -> None:
        super().__init__(classes="dialog-screen")
        self.orphans = orphans

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog orphans-dialog") as box:
            box.border_title = "Tags that lost their place"
            box.border_subtitle = "y accept match · n reject · Esc close"
            options = []
            for record in self.orphans:
                candidate = record.candidate.exact if record.candidate else ""
                options.append(
                    Option(
                        Content("\n").join(
                            [
                                safe(" ".join(f"#{t}" for t in record.tags) or "(note)", "bold"),
                                safe("was: " + " ".join(record.text.split()), "italic"),
                                safe("best match: " + " ".join(candidate.split()), "$text-accent")
                                if candidate
                                else Content.styled("no candidate found", "dim"),
                            ]
                        )
                    )
                )
            yield OptionList(*options, id="orphans-list")

    def action_choose(self, accept: bool) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and index < len(self.orphans):
            self.dismiss(OrphanChoice(self.orphans[index].target, accept))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
