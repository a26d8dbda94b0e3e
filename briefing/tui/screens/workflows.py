"""What the reading screen hands to other screens: export (``e``, ``E``), drafting (``D``)
and the library-wide views (``P``, ``%``, ``O``, ``L``).

A mixin of ``MainScreen``, like ``TaggingActions``, so the screen file stays about layout and
opening briefings. Exporting (Jinja2), drafting and the views are imported on first use, off
the start-up path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from briefing.tui.screens.tagging import TaggingActions
from briefing.tui.text import plural
from briefing.tui.widgets.library_pane import LibraryPane

if TYPE_CHECKING:
    from briefing.draft import DraftPlan
    from briefing.export import Source
    from briefing.model import Briefing
    from briefing.tui.screens.export import ExportRequest


class WorkflowActions(TaggingActions):
    root: Path
    briefing: Briefing | None = None

    @property
    def library(self) -> LibraryPane:
        raise NotImplementedError

    def open_briefing(self, path: Path, *, keep_place: bool = False) -> None:
        """Open ``path`` in the reading screen."""
        raise NotImplementedError

    # Export --------------------------------------------------------------------------------

    def _export_sources(self, scope: str) -> list[Source]:
        """The briefings and notes of an export scope; runs in a worker thread, so notes are
        read with a store of its own."""
        from briefing.export import load_sources
        from briefing.library import load_briefing
        from briefing.notes import NotesStore

        if scope == "briefing":
            return [(self.briefing, self.notes)] if self.briefing and self.briefing.article else []
        store = NotesStore(self.store.root)
        if scope == "library":
            sources, _problems = load_sources([self.root], store)
            return sources
        loaded = [load_briefing(entry.path) for entry in list(self.library.shown)]
        return [(b, store.open(b)) for b in loaded if b.article is not None]

    def _export_folder(self) -> Path:
        from briefing.locations import documents_dir

        documents = documents_dir()
        return documents if documents.is_dir() else Path.home()

    def _export_stem(self) -> str:
        return f"briefing-{self.briefing.path.stem}" if self.briefing else "briefing-notes"

    def action_export(self) -> None:
        # Exporting (Jinja2) and drafting are imported on first use, off the start-up path.
        from briefing.tui.screens.export import ExportScreen, ExportSettings

        state = self.app.state  # type: ignore[attr-defined]
        settings = ExportSettings.from_state(state.export)

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                state.export = request.settings.to_state()
                self.notify(f"Exported to {request.path}", title="Export", timeout=8, markup=False)

        screen = ExportScreen(
            settings, self._export_sources, self._export_folder(), self._export_stem()
        )
        self.app.push_screen(screen, done)

    def action_export_again(self) -> None:
        """``E``: this briefing, with the last settings, to a dated file — no dialog."""
        from briefing.export import ExportError, OutputExists, export_text, plan_write
        from briefing.tui.screens.export import ExportSettings, default_path

        if self.briefing is None or self.briefing.article is None:
            self.notify("Open a briefing first.", timeout=3)
            return
        state = self.app.state  # type: ignore[attr-defined]
        settings = ExportSettings.from_state(state.export)
        settings.scope = "briefing"
        folder = Path(settings.folder) if settings.folder else self._export_folder()
        path = default_path(folder, self._export_stem())
        text = export_text([(self.briefing, self.notes)], settings.options(), output=path)
        if not text:
            self.notify(
                "Nothing to export: tag items first (1-9, t), or press e.",
                severity="warning",
                timeout=4,
            )
            return

        from briefing.tui.screens.dialogs import Confirm

        def write(force: bool | None) -> None:
            if force is False:
                return
            try:
                plan_write(path, text, force=bool(force)).write()
            except OutputExists:
                self.app.push_screen(Confirm(f"{path} exists. Replace it?"), write)
                return
            except ExportError as problem:
                self.notify(str(problem), title="Export failed", severity="error", markup=False)
                return
            self.notify(
                f"Exported to {os.path.realpath(path)}", title="Export", timeout=8, markup=False
            )

        write(None)

    # Library-wide views ----------------------------------------------------------------------

    def action_view(self, name: str) -> None:
        from briefing.tui.screens.people import PeopleView
        from briefing.tui.screens.views import FiguresView, IssuesView, Jump, TimelineView

        views = {
            "people": PeopleView,
            "figures": FiguresView,
            "issues": IssuesView,
            "timeline": TimelineView,
        }
        screen = views[name](self.root, self.store.root, self.app.today)  # type: ignore[attr-defined]

        def chosen(jump: Jump | None) -> None:
            if jump is not None and jump.item_id is not None:
                self.open_at(jump.article, jump.item_id)
            elif jump is not None:
                self.open_briefing(jump.article)
            elif self.briefing is not None:
                # Statuses may have changed in the view: show them.
                self.open_briefing(self.briefing.path, keep_place=True)

        self.app.push_screen(screen, chosen)

    # Drafting ------------------------------------------------------------------------------

    def action_draft(self) -> None:
        if self.briefing is None or self.briefing.article is None:
            self.notify("Open a briefing with a readable article first.", timeout=3)
            return
        self.notify("Drafting…", timeout=2)
        self._draft(self.briefing.path)

    @work(thread=True, exclusive=True, group="draft")
    def _draft(self, path: Path) -> None:
        from briefing.draft import plan_draft
        from briefing.model import BriefingError

        try:
            plan = plan_draft(path)
        except BriefingError as exc:
            self.app.call_from_thread(
                self.notify,
                str(exc.problem),
                title="Cannot draft",
                severity="error",
                markup=False,
            )
            return
        self.app.call_from_thread(self._review_draft, plan)

    def _review_draft(self, plan: DraftPlan) -> None:
        from briefing.model import BriefingError
        from briefing.tui.screens.draft import DraftScreen

        if plan.empty:
            self.notify("The draft finds nothing new to add.", timeout=4)
            return

        def answered(save: bool | None) -> None:
            if not save:
                return
            try:
                plan.save()
            except BriefingError as exc:
                self.notify(str(exc.problem), title="Not saved", severity="error", markup=False)
                return
            self.notify(
                f"Saved {plural(len(plan.added), 'drafted item')} to {plan.target}",
                title="Draft",
                markup=False,
            )
            self.open_briefing(plan.article, keep_place=True)

        self.app.push_screen(DraftScreen(plan), answered)
