"""``e``: the export dialog — scope, tags, grouping, destination, and a live preview.

The markdown comes from ``briefing.export`` exactly as ``briefing export`` makes it; the
preview is rebuilt in a worker whenever a setting changes. Writing never replaces a file
without asking; the clipboard is the other destination.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static, TextArea

from briefing.export import (
    ExportError,
    ExportOptions,
    OutputExists,
    Selection,
    Source,
    TemplateProblem,
    export_text,
    plan_write,
)
from briefing.tui.screens.dialogs import Confirm, Dialog

SCOPES = ("briefing", "library", "filter")
SCOPE_LABELS = ("This briefing", "Everything tagged", "Current filter")
GROUPS = ("briefing", "tag", "section")


@dataclass
class ExportSettings:
    """What the dialog remembers between uses (``E`` reuses it without asking)."""

    scope: str = "briefing"
    tags: str = ""
    group_by: str = "briefing"
    include_all: bool = False
    folder: str = ""

    @classmethod
    def from_state(cls, data: dict[str, str]) -> ExportSettings:
        return cls(
            scope=data.get("scope", "briefing") if data.get("scope") in SCOPES else "briefing",
            tags=data.get("tags", ""),
            group_by=data.get("group_by", "briefing")
            if data.get("group_by") in GROUPS
            else "briefing",
            include_all=data.get("include_all") in ("True", "true"),
            folder=data.get("folder", ""),
        )

    def to_state(self) -> dict[str, str]:
        return {
            "scope": self.scope,
            "tags": self.tags,
            "group_by": self.group_by,
            "include_all": str(self.include_all),
            "folder": self.folder,
        }

    def options(self) -> ExportOptions:
        tags = [tag.lstrip("#") for tag in self.tags.replace(",", " ").split() if tag.strip("#")]
        return ExportOptions(
            Selection(tags=tags, include_all=self.include_all, group_by=self.group_by)  # type: ignore[arg-type]
        )


def default_path(folder: Path, stem: str) -> Path:
    return folder / f"{stem}-{date.today().isoformat()}.md"


@dataclass(frozen=True)
class ExportRequest:
    settings: ExportSettings
    path: Path


class ExportScreen(Dialog[ExportRequest | None]):
    """Returns the settings and path once written (the screen writes the file itself)."""

    CSS_PATH = ["dialogs.tcss", "export.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "write", "Write file"),
        Binding("ctrl+y", "copy", "Copy to clipboard"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        settings: ExportSettings,
        loader: Callable[[str], list[Source]],
        folder: Path,
        stem: str,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.settings = settings
        #: Reads a scope's briefings and notes; called in a worker thread.
        self.loader = loader
        self.sources_for: dict[str, list[Source]] = {}
        self.folder = Path(settings.folder) if settings.folder else folder
        self.stem = stem
        self.text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog") as box:
            box.border_title = "Export notes"
            box.border_subtitle = "Ctrl+S write · Ctrl+Y copy · Esc cancel"
            with Horizontal(classes="export-row"):
                yield Label("Scope ", classes="export-label")
                with RadioSet(id="export-scope"):
                    for scope, label in zip(SCOPES, SCOPE_LABELS, strict=True):
                        yield RadioButton(label, value=scope == self.settings.scope)
            with Horizontal(classes="export-row"):
                yield Label("Group ", classes="export-label")
                with RadioSet(id="export-group"):
                    for group in GROUPS:
                        yield RadioButton(f"by {group}", value=group == self.settings.group_by)
                yield Checkbox("every item", self.settings.include_all, id="export-all")
            with Horizontal(classes="export-row"):
                yield Label("Tags  ", classes="export-label")
                yield Input(
                    self.settings.tags, placeholder="all tags (or: key follow-up)", id="export-tags"
                )
            with Horizontal(classes="export-row"):
                yield Label("File  ", classes="export-label")
                yield Input(str(default_path(self.folder, self._stem())), id="export-path")
            yield TextArea("", read_only=True, soft_wrap=False, id="export-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Static(id="export-status", markup=False)
                yield Button("Write", id="write", variant="primary", compact=True)
                yield Button("Copy", id="copy", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _stem(self) -> str:
        return self.stem if self.settings.scope == "briefing" else "briefing-notes"

    def on_mount(self) -> None:
        self.query_one("#export-scope", RadioSet).focus()
        self.call_after_refresh(self._show_file_name)
        self._preview()

    def _show_file_name(self) -> None:
        """A path too long for its box shows its end, the file name, rather than its start."""
        path = self.query_one("#export-path", Input)
        path.scroll_to(x=path.max_scroll_x, animate=False)

    # Settings ------------------------------------------------------------------------------

    @on(RadioSet.Changed, "#export-scope")
    def _scope(self, event: RadioSet.Changed) -> None:
        self.settings.scope = SCOPES[event.index]
        path = self.query_one("#export-path", Input)
        path.value = str(default_path(Path(path.value).parent, self._stem()))
        self.call_after_refresh(self._show_file_name)
        self._preview()

    @on(RadioSet.Changed, "#export-group")
    def _group(self, event: RadioSet.Changed) -> None:
        self.settings.group_by = GROUPS[event.index]
        self._preview()

    @on(Checkbox.Changed, "#export-all")
    def _all(self, event: Checkbox.Changed) -> None:
        self.settings.include_all = event.value
        self._preview()

    @on(Input.Changed, "#export-tags")
    def _tags(self, event: Input.Changed) -> None:
        self.settings.tags = event.value
        self._preview()

    # Preview -------------------------------------------------------------------------------

    def _status(self, text: str, style: str = "dim") -> None:
        self.query_one("#export-status", Static).update(Content.styled(text, style))

    @work(thread=True, exclusive=True, group="export-preview")
    def _preview(self) -> None:
        scope = self.settings.scope
        sources = self.sources_for.get(scope)
        if sources is None:
            self.app.call_from_thread(self._status, "Reading the briefings…")
            sources = self.sources_for[scope] = self.loader(scope)
        try:
            text = export_text(sources, self.settings.options())
        except TemplateProblem as problem:
            self.app.call_from_thread(self._status, str(problem), "$text-error")
            return
        self.app.call_from_thread(self._show_preview, text)

    def _show_preview(self, text: str) -> None:
        self.text = text
        preview = self.query_one("#export-preview", TextArea)
        preview.load_text(
            text or "Nothing to export: tag items first (1-9, t), or tick 'every item'."
        )
        lines = text.count("\n")
        self._status(f"{lines} lines" if text else "nothing selected")

    # Writing -------------------------------------------------------------------------------

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        self._write(force=False)

    def _write(self, *, force: bool) -> None:
        if not self.text:
            self._status("Nothing to write.", "$text-warning")
            return
        path = Path(self.query_one("#export-path", Input).value).expanduser()
        sources = self.sources_for.get(self.settings.scope) or []
        try:
            text = export_text(sources, self.settings.options(), output=path)
            plan = plan_write(path, text, force=force)
        except OutputExists:

            def answered(replace: bool | None) -> None:
                if replace:
                    self._write(force=True)

            self.app.push_screen(Confirm(f"{path} exists. Replace it?"), answered)
            return
        except (ExportError, TemplateProblem) as problem:
            self._status(str(problem), "$text-error")
            return
        try:
            plan.write()
        except ExportError as problem:
            self._status(str(problem), "$text-error")
            return
        self.settings.folder = str(path.parent)
        self.dismiss(ExportRequest(self.settings, Path(os.path.realpath(path))))

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        if not self.text:
            self._status("Nothing to copy.", "$text-warning")
            return
        self.app.copy_to_clipboard(self.text)
        self.app.notify(f"Copied {self.text.count(chr(10))} lines of markdown to the clipboard.")
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
