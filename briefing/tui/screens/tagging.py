"""Tagging and notes on the reading screen: the actions behind 1-9, t, T, a, ., u and Ctrl+R.

A mixin of ``MainScreen``, kept apart so the screen file stays about layout and opening
briefings. Every change goes through the ``NotesStore``, which writes it at once. The notes
core and the dialogs are imported on first use, off the start-up path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from briefing.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from briefing.notes import BriefingNotes, NotesStore, TargetRef
    from briefing.tui.screens.tagged import OrphanChoice, TaggedRow


@dataclass(frozen=True)
class TagAction:
    """The last tag action, for ``.`` to repeat: toggle, add or remove ``tag``."""

    verb: str
    tag: str


class TaggingActions(Screen[None]):
    notes: BriefingNotes | None = None
    _last_action: TagAction | None = None

    @property
    def store(self) -> NotesStore:
        return self.app.store  # type: ignore[attr-defined,no-any-return]

    def refresh_notes(self) -> None:
        """Show the notes again after a change (panes, article, library count)."""
        raise NotImplementedError

    def focused_ref(self) -> TargetRef | None:
        """The focused annotation item, or the sentence under the article's cursor."""
        from briefing.notes import ref_for_item, ref_for_sentence
        from briefing.tui.widgets.item_pane import ItemPane

        focused = self.focused
        if isinstance(focused, ItemPane) and focused.current is not None:
            return ref_for_item(focused.current)
        if isinstance(focused, ArticleView) and focused.cursor is not None:
            article = focused.briefing.article if focused.briefing else None
            if article is not None:
                return ref_for_sentence(article, focused.cursor)
        return None

    def _target(self) -> TargetRef | None:
        ref = self.focused_ref()
        if ref is None:
            self.app.bell()
            self.notify(
                "Select an item in a pane, or press v in the article to select a sentence.",
                title="Nothing to tag",
                severity="warning",
                timeout=4,
            )
        return ref

    def _apply(self, change: Callable[[BriefingNotes], object]) -> bool:
        from briefing.model import BriefingError

        notes = self.notes
        if notes is None:
            return False
        if notes.read_only:
            problem = notes.problem
            self.notify(
                f"{problem}" if problem else "These notes cannot be changed.",
                title="Notes are read-only",
                severity="error",
                markup=False,
            )
            return False
        try:
            change(notes)
        except (BriefingError, OSError) as exc:
            message = str(exc.problem) if isinstance(exc, BriefingError) else str(exc)
            self.notify(message, title="Could not save", severity="error", markup=False)
            return False
        self.refresh_notes()
        return True

    def _run(self, action: TagAction, ref: TargetRef) -> None:
        from briefing.notes import normalise_tag

        tag = normalise_tag(action.tag)
        if not tag:
            self.notify("A tag needs at least one letter or digit.", severity="warning")
            return
        store = self.store
        verbs: dict[str, Callable[[BriefingNotes], object]] = {
            "toggle": lambda notes: store.toggle_tag(notes, ref, tag),
            "add": lambda notes: store.add_tag(notes, ref, tag),
            "remove": lambda notes: store.remove_tag(notes, ref, tag),
        }
        if self._apply(verbs[action.verb]):
            self._last_action = action

    # Actions -------------------------------------------------------------------------------

    def action_tag_key(self, digit: int) -> None:
        tag = self.app.config.tag_keys.get(digit)  # type: ignore[attr-defined]
        if not tag:
            self.notify(f"No tag is bound to {digit}: see tags in the README.", timeout=3)
            return
        if (ref := self._target()) is not None:
            self._run(TagAction("toggle", tag), ref)

    def action_add_tag(self) -> None:
        from briefing.tui.screens.dialogs import TagPrompt

        ref = self._target()
        if ref is None:
            return

        def chosen(tag: str | None) -> None:
            if tag:
                self._run(TagAction("add", tag), ref)

        bound = list(self.app.config.tag_keys.values())  # type: ignore[attr-defined]
        known = list(dict.fromkeys([*self.store.used_tags(), *bound]))
        self.app.push_screen(TagPrompt("Add a tag", known, about=ref.text), chosen)

    def action_remove_tag(self) -> None:
        from briefing.tui.screens.dialogs import TagPrompt

        ref = self._target()
        if ref is None or self.notes is None:
            return
        tags = self.notes.tags_of(ref)
        if not tags:
            self.notify("This has no tags.", timeout=3)
        elif len(tags) == 1:
            self._run(TagAction("remove", tags[0]), ref)
        else:

            def chosen(tag: str | None) -> None:
                if tag:
                    self._run(TagAction("remove", tag), ref)

            hint = "Its tags: " + " ".join(f"#{tag}" for tag in tags)
            self.app.push_screen(TagPrompt("Remove which tag?", tags, hint, about=ref.text), chosen)

    def action_repeat_tag(self) -> None:
        if self._last_action is None:
            self.notify("No tag action to repeat yet.", timeout=3)
        elif (ref := self._target()) is not None:
            self._run(self._last_action, ref)

    def action_edit_note(self) -> None:
        from briefing.tui.screens.dialogs import NoteEditor

        ref = self._target()
        if ref is None or self.notes is None:
            return
        record = self.notes.record_for(ref)
        current = record.note if record else ""

        def saved(text: str | None) -> None:
            if text is not None and text != current:
                self._apply(lambda notes: self.store.set_note(notes, ref, text))

        self.app.push_screen(NoteEditor(ref.text, current), saved)

    def action_undo(self) -> None:
        self._history(self.store.undo, "Nothing to undo.")

    def action_redo(self) -> None:
        self._history(self.store.redo, "Nothing to redo.")

    def action_tagged_view(self) -> None:
        from briefing.tui.screens.tagged import TaggedScreen

        def chosen(row: TaggedRow | None) -> None:
            if row is not None:
                self.open_at(row.notes.article, row.record.target)

        self.app.push_screen(TaggedScreen(self.store.all_notes()), chosen)

    def action_orphans(self) -> None:
        from briefing.tui.screens.tagged import OrphansScreen

        notes = self.notes
        if notes is None or not notes.orphans():
            self.notify("No tags have lost their place in this briefing.", timeout=3)
            return

        def chosen(choice: OrphanChoice | None) -> None:
            if choice is None:
                return
            store = self.store
            if choice.accept:
                self._apply(lambda n: store.accept_candidate(n, choice.target))
            else:
                self._apply(lambda n: store.reject_candidate(n, choice.target))

        self.app.push_screen(OrphansScreen(notes.orphans()), chosen)

    def action_repair_notes(self) -> None:
        """Start a briefing's unreadable notes afresh, after keeping a backup of them."""
        from briefing.model import BriefingError
        from briefing.tui.screens.dialogs import Confirm

        notes = self.notes
        if notes is None or not notes.read_only:
            self.notify("This briefing's notes are fine: nothing to repair.", timeout=3)
            return

        def answered(yes: bool | None) -> None:
            if not yes or self.notes is not notes:
                return
            try:
                backup = self.store.repair(notes)
            except (BriefingError, OSError) as exc:
                message = str(exc.problem) if isinstance(exc, BriefingError) else str(exc)
                self.notify(message, title="Not repaired", severity="error", markup=False)
                return
            self.notify(
                f"The unreadable notes were kept in {backup}",
                title="Notes repaired",
                timeout=10,
                markup=False,
            )
            self.refresh_notes()

        self.app.push_screen(
            Confirm(
                f"{notes.path} cannot be read. Keep a backup copy of it and start this "
                "briefing's notes afresh?"
            ),
            answered,
        )

    def open_at(self, article: Path, target: str) -> None:
        """Open ``article`` and jump to the tagged ``target`` in it."""
        raise NotImplementedError

    def _history(self, step: Callable[[], BriefingNotes | None], empty: str) -> None:
        from briefing.model import BriefingError

        try:
            changed = step()
        except (BriefingError, OSError) as exc:
            message = str(exc.problem) if isinstance(exc, BriefingError) else str(exc)
            self.notify(message, title="Could not save", severity="error", markup=False)
            return
        if changed is None:
            self.notify(empty, timeout=2)
            return
        if self.notes is not None and changed.path == self.notes.path:
            self.notes = changed
        self.refresh_notes()
