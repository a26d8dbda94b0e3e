"""One annotation pane — Summary, Key quotes, Figures or Open issues — as an option list,
and the tabs that pick the pane shown in the narrow layout.

The four panes differ only in how an item is drawn, so one class serves them all, given the
kind of item it lists. Imported once the first frame is drawn (see ``annotation_panes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList, Tabs
from textual.widgets.option_list import Option

from briefing.tui import keys
from briefing.tui.text import safe

if TYPE_CHECKING:
    from briefing.model import Briefing, Item

PANE_TITLES = {
    "summary": "Summary",
    "quote": "Key quotes",
    "figure": "Figures",
    "issue": "Open issues",
}


@dataclass
class ItemMarks:
    """What the reader added to items, by item id: tags, own notes, issue statuses."""

    tags: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)


STATUS_MARKS = {"open": "○", "watching": "◐", "resolved": "●"}


def items_of(briefing: Briefing | None, kind: str) -> list[Item]:
    if briefing is None:
        return []
    annotation = briefing.annotation
    lists: dict[str, list[Item]] = {
        "summary": list(annotation.summary),
        "quote": list(annotation.quotes),
        "figure": list(annotation.figures),
        "issue": list(annotation.issues),
    }
    return lists[kind]


def describe(
    item: Item, tags: list[str] | None = None, status: str | None = None, user_note: str = ""
) -> Content:
    """How an item is drawn in its pane: trusted styles around literal, untrusted text.

    The first line carries what identifies the item, where it stands in the article (¶N) and
    the reader's tags, so they show even when the item is long; the reader's note, the
    annotation's note and the draft mark follow on a line of their own.
    """
    from briefing.model import Figure, OpenIssue, Quote

    tag_text = (
        safe(" " + " ".join(f"#{tag}" for tag in tags), "bold $text-accent")
        if tags
        else Content("")
    )
    place = Content("")
    if isinstance(item, (Quote, Figure)):
        place = (
            Content.styled(f"  ¶{item.anchor.paragraph}", "dim")
            if item.anchor
            else Content.styled("  not in article", "$text-error")
        )
    if isinstance(item, Quote):
        who = " · ".join(part for part in (item.speaker, item.role) if part) or "Unattributed"
        body = Content.assemble(
            safe(who, "bold"), place, tag_text, "\n", safe(f"“{item.words}”", "italic")
        )
    elif isinstance(item, Figure):
        body = Content.assemble(
            safe(item.value, "bold $text-warning"), "  ", safe(item.label), place, tag_text
        )
    elif isinstance(item, OpenIssue):
        mark = STATUS_MARKS[status or item.status]
        body = Content.assemble(safe(mark), tag_text, " ", safe(item.question))
    else:
        body = Content.assemble("•", tag_text, " ", safe(item.text))
    extras: list[Content] = []
    if user_note:
        extras.append(safe("✎ " + user_note, "$text-accent"))
    if item.note:
        extras.append(safe(item.note, "dim"))
    if item.draft:
        extras.append(Content.styled("draft", "dim italic"))
    if extras:
        body = Content.assemble(body, "\n", Content("  ").join(extras))
    return body


class ItemPane(OptionList):
    """Lists one kind of annotation item; Enter asks the screen to jump to its anchor."""

    BINDINGS = keys.bindings("move", "pane")
    #: OptionList brings its scrollbar up to date itself when its options change; the
    #: screen layout a new virtual size would add (scrollbars repainted in a frame of their
    #: own) is not needed at this fixed size.
    virtual_size = Reactive(Size(0, 0), layout=False)

    @dataclass
    class Jump(Message):
        item: Item

    def __init__(self, kind: str) -> None:
        super().__init__(id=f"pane-{kind}", classes="item-pane")
        self.kind = kind
        self.items: list[Item] = []
        self.border_title = PANE_TITLES[kind]

    def show(self, briefing: Briefing | None, marks: ItemMarks | None = None) -> None:
        """List the items of ``briefing``, keeping the highlighted row where possible."""
        previous = self.highlighted
        self.items = items_of(briefing, self.kind)
        marks = marks or ItemMarks()
        options = [
            Option(
                describe(
                    item,
                    marks.tags.get(item.id),
                    marks.statuses.get(item.id),
                    marks.notes.get(item.id, ""),
                ),
                id=item.id,
            )
            for item in self.items
        ]
        self.set_options(options)
        if not options:
            empty = "Nothing here." if briefing is None else f"No {PANE_TITLES[self.kind].lower()}."
            self.add_option(Option(Content.styled(empty, "dim italic"), disabled=True))
        elif previous is not None:
            self.highlighted = min(previous, len(options) - 1)
        else:
            self.highlighted = 0
        self.border_title = f"{PANE_TITLES[self.kind]} ({len(self.items)})"

    @property
    def current(self) -> Item | None:
        index = self.highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.items):
            self.post_message(self.Jump(self.items[event.option_index]))


class PaneTabs(Tabs):
    """The narrow layout's tabs, which may be mounted while the app is quitting."""

    def validate_active(self, active: str) -> str:
        if self.app.return_code is not None:  # quitting mid-mount: the tabs are not there
            return ""
        return super().validate_active(active)
