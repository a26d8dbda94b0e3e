"""The App: global keys, theme, remembered state, and the reading screen.

Only what the first frame needs is imported before it is drawn: the notes store, the
settings and the library's readers (with YAML) come with the first briefing or the scan,
right after.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.screen import Screen

from briefing import locations
from briefing.appstate import AppState, load_state, save_state, state_file
from briefing.tui import keys
from briefing.tui.collector import IdleCollector
from briefing.tui.commands import BriefingsProvider
from briefing.tui.key_order import KeyOrder
from briefing.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from briefing.config import Config
    from briefing.library import HeaderCache
    from briefing.notes import NotesStore


T = TypeVar("T")

#: How often the app looks for a quiet moment to collect garbage in (see ``collector``).
COLLECT_CHECK_SECONDS = 0.5


class BriefingApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    BINDINGS = keys.bindings("app")
    COMMANDS = App.COMMANDS | {BriefingsProvider}

    def __init__(
        self,
        library: Path,
        *,
        notes_dir: Path | None = None,
        state_path: Path | None = None,
        cache: HeaderCache | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.collector = IdleCollector()
        #: Keys wait for the reading screen, which releases them once it is ready.
        self.key_order = KeyOrder(self, super().on_event, ready=False)
        self.library_root = library
        self.notes_dir = notes_dir
        self.state_path = state_path or state_file()
        self.state: AppState = load_state(self.state_path)
        self._state_lock = threading.Lock()
        self._state_version = self._written_version = 0
        #: None: the user cache, read by the scan worker (never on the start-up path).
        self.cache = cache
        self.today = today
        if self.state.theme and self.state.theme in self.available_themes:
            self.theme = self.state.theme

    @cached_property
    def store(self) -> NotesStore:
        """The tag and note store, made when first needed (by the scan or the first briefing)."""
        from briefing.notes import NotesStore

        return NotesStore(locations.notes_dir(self.notes_dir))

    @cached_property
    def config(self) -> Config:
        """Tag keys and people aliases from the library's and the user's settings."""
        from briefing.config import load_config, user_config_path

        return load_config(self.library_root, user_config_path())

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda _theme: self.persist())
        self.call_after_refresh(self._report_settings)
        self.call_after_refresh(self.collector.start)
        self.set_interval(COLLECT_CHECK_SECONDS, self.collector.collect_if_quiet)

    def on_unmount(self) -> None:
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            if self.return_code is not None:
                # Quitting: a key typed straight after ``q`` would open a screen on an app
                # that is closing (its widgets never composed).
                return
            self.collector.input_seen()
            if isinstance(event, events.Key) and not event.is_forwarded:
                await self.key_order.arrived(event)
                return
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key no widget used: the bindings, then the next key (see ``key_order``)."""
        event.prevent_default()  # App's own handler runs here, not again after this one
        try:
            await super()._on_key(event)
        finally:
            self.key_order.done(event)

    def call_from_thread(  # type: ignore[override]
        self, callback: Callable[..., T | Awaitable[T]], *args: Any, **kwargs: Any
    ) -> T | None:
        """Once the app is quitting, what a thread (the library scan, a loader) hands over is
        dropped: the widgets it would update may be gone already."""
        if self.return_code is not None:
            return None

        def unless_quitting() -> T | Awaitable[T] | None:
            return None if self.return_code is not None else callback(*args, **kwargs)

        return super().call_from_thread(unless_quitting)

    def _report_settings(self) -> None:
        """Settings that cannot be read, said once the first frame is up."""
        for problem in self.config.problems[:3]:
            self.notify(str(problem), title="Settings", severity="warning", markup=False)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.library_root, self.cache)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key in keys.KEYS:
            if (
                key.palette
                and key.scope in ("main", "app", "tagging", "palette")
                and hasattr(screen, f"action_{key.action.split('(')[0]}")
            ):
                yield SystemCommand(
                    key.description,
                    f"key: {keys.display(key)}" if key.keys else "",
                    lambda action=key.action: screen.run_action(action),
                )

    def action_help(self) -> None:
        from briefing.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def persist(self) -> None:
        """Write what is remembered now: called on every change worth keeping, so closing
        the terminal without quitting loses at most the scroll position. Written from a
        thread: the fsync of a disk busy with something else can take 100 ms."""
        self._write_state(*self._state_snapshot())

    def save(self) -> None:
        """Remember the place too, then write everything before returning (on quit)."""
        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, MainScreen) and screen.briefing is not None:
            self.state.remember(screen.briefing.path, screen.article.view.top_line)
        self._write_state_now(*self._state_snapshot())

    def _state_snapshot(self) -> tuple[AppState, int]:
        """A copy of the state as it is now, numbered: writes may finish out of order."""
        self.state.theme = self.theme
        self._state_version += 1
        return copy.deepcopy(self.state), self._state_version

    @work(thread=True, group="state")
    def _write_state(self, state: AppState, version: int) -> None:
        self._write_state_now(state, version)

    def _write_state_now(self, state: AppState, version: int) -> None:
        with self._state_lock:
            if version > self._written_version:  # else a newer state is on disk already
                save_state(self.state_path, state)
                self._written_version = version

    async def action_quit(self) -> None:
        self.save()
        self.exit()
