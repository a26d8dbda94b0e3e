"""Small modal dialogs: a tag prompt with completion, the note editor, a yes/no question."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static, TextArea

from briefing.tui.text import safe
from briefing.tui.widgets.footer import KeysFooter

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen with a footer of its own, so the keys shown are the dialog's and not
    those of the screen underneath."""

    #: Read when the first dialog opens, so the first screen is styled without it.
    CSS_PATH = ["dialogs.tcss"]

    def on_mount(self) -> None:
        self.mount(KeysFooter())


class About(Static):
    """What a dialog is about (a quote, a passage) in at most ``MAX_LINES`` lines; a longer
    text ends its last line with an ellipsis, so it never looks whole when it is not."""

    MAX_LINES = 4

    def __init__(self, text: str) -> None:
        super().__init__(classes="dialog-about")
        self.text = safe(" ".join(text.split()), "italic")

    def render(self) -> Content:
        width = self.content_size.width
        if width <= 1:  # not laid out yet
            return self.text
        lines = self.text.wrap(width)
        if len(lines) > self.MAX_LINES:
            last = lines[self.MAX_LINES - 1].rstrip().truncate(width - 1)
            lines = [*lines[: self.MAX_LINES - 1], last + "…"]
        return Content("\n").join(lines)


class Confirm(Dialog[bool]):
    """A yes/no question; ``y``/Enter is yes, ``n``/Escape is no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe(self.question))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TagPrompt(Dialog[str | None]):
    """Asks for a tag name, completing from ``suggestions`` (→ or End accepts)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, suggestions: list[str], hint: str = "", *, about: str = ""
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.suggestions = suggestions
        self.hint = hint
        #: What is being tagged, shown above the box.
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            if self.about:
                yield About(self.about)
            yield Input(
                placeholder="tag name",
                suggester=SuggestFromList(self.suggestions, case_sensitive=False),
                id="tag-name",
            )
            hint = self.hint or "Enter to confirm · → completes · Esc cancels"
            yield Static(Content.styled(hint, "dim"), classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteEditor(Dialog[str | None]):
    """Multi-line note: Ctrl+S saves, Escape cancels (asking first if the text changed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, about: str, text: str) -> None:
        super().__init__(classes="dialog-screen")
        self.about = about
        self.original = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog") as box:
            box.border_title = "Note"
            box.border_subtitle = "Ctrl+S save · Esc cancel"
            yield About(self.about)
            yield TextArea(self.original, soft_wrap=True, id="note-text")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(Confirm("Discard the changes to this note?"), answered)
