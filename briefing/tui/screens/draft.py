"""``D``: draft the open briefing's annotation, show what would be added, save on confirmation.

The draft comes from ``briefing.draft.plan_draft``: for an article without annotation, a
whole new file; otherwise only new findings merged into what a person wrote, which is never
changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static, TextArea

from briefing.draft import DraftPlan
from briefing.tui.screens.dialogs import Dialog
from briefing.tui.text import plural, safe


class DraftScreen(Dialog[bool]):
    """Shows a ``DraftPlan``; returns True when the reader saves it (Ctrl+S)."""

    CSS_PATH = ["dialogs.tcss", "draft.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, plan: DraftPlan) -> None:
        super().__init__(classes="dialog-screen")
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        verb = "new annotation" if plan.original is None else "additions to the annotation"
        with Vertical(classes="dialog draft-dialog") as box:
            box.border_title = f"Draft: {verb}"
            box.border_subtitle = "Ctrl+S save · Esc cancel"
            added = Content("\n").join(safe(f"+ {line}") for line in plan.added[:12])
            if len(plan.added) > 12:
                added = Content.assemble(added, f"\n… and {len(plan.added) - 12} more")
            yield Static(
                Content.assemble(
                    safe(f"{plan.target.name}: ", "bold"),
                    f"{plural(len(plan.added), 'item')} to add, each marked draft: true",
                    "\n",
                    added,
                ),
                classes="draft-added",
            )
            yield TextArea(plan.text, read_only=True, soft_wrap=False, id="draft-text")

    def action_save(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
