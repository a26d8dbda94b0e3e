"""``?``: every key binding, grouped by where it works, from the one key table."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.tui.keys import KEYS, SCOPE_TITLES, display

FILES = (
    "Library: a folder of NAME.txt / NAME.md articles, each with an optional NAME.yaml annotation.",
    "Check a library from the shell with: briefing validate PATH",
)


def help_text() -> Content:
    lines: list[Content] = []
    for scope, title in SCOPE_TITLES.items():
        scoped = [key for key in KEYS if key.scope == scope]
        if not scoped:
            continue
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold $accent"))
        for key in scoped:
            lines.append(
                Content.assemble(Content.styled(f"  {display(key):<12}", "bold"), key.description)
            )
    lines.append(Content(""))
    lines.extend(Content.styled(line, "dim") for line in FILES)
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", key_display="Esc"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Esc to close"
            yield Static(help_text(), id="help-text")

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)
