"""``?``: every key binding, grouped by where it works, from the one key table."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing.tui.keys import KEYS, SCOPE_TITLES, display
from briefing.tui.screens.dialogs import Dialog
from briefing.tui.text import safe

FILES = (
    "Library: a folder of NAME.txt / NAME.md articles, each with an optional NAME.yaml annotation.",
    "Check a library from the shell with: briefing validate PATH",
)


def _row(keys: str, description: str | Content) -> Content:
    return Content.assemble(Content.styled(f"  {keys:<12}", "bold"), description)


def help_text(tag_keys: dict[int, str]) -> Content:
    """Every key, grouped under the area where it works; the digits in one row."""
    lines: list[Content] = []
    for title in dict.fromkeys(SCOPE_TITLES.values()):
        scoped = [key for key in KEYS if SCOPE_TITLES.get(key.scope) == title]
        if not scoped:
            continue
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold $accent"))
        for key in scoped:
            if key.id.startswith("tag-"):
                if key.id == "tag-1":
                    bound = ", ".join(f"{digit} {tag}" for digit, tag in sorted(tag_keys.items()))
                    lines.append(_row("1…9", "Toggle the tag bound to the key"))
                    lines.append(_row("", safe(bound, "dim")))
                continue
            lines.append(_row(display(key), key.description))
    lines.append(Content(""))
    lines.extend(Content.styled(line, "dim") for line in FILES)
    return Content("\n").join(lines)


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", key_display="Esc"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
        Binding("g,home", "scroll('top')", show=False),
        Binding("G,end", "scroll('bottom')", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Esc to close"
            yield Static(help_text(self.app.config.tag_keys), id="help-text")  # type: ignore[attr-defined]

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        moves = {
            "down": body.scroll_down,
            "up": body.scroll_up,
            "top": body.scroll_home,
            "bottom": body.scroll_end,
        }
        moves[direction](animate=False)
