"""Keys acted on one at a time, in the order they were typed.

Textual hands each key to the widget focused when the key arrives, before the keys typed
before it have been acted on. Typed one by one that never shows; typed in one burst (a paste,
a script, a fast typist) it does: in ``fnato`` the ``f`` opens the filter box, but ``nato``
had gone to the list already and ran the list's keys. So the app hands a key on only once the
one before it is done with: used by a widget, or come back up to the app and its bindings run
(which is where the focus moves).

Keys typed while the app starts wait for the reading screen to be ready (``release``): until
its article view is in place and its list focused, ``/`` or Tab would have nowhere to go.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.timer import Timer

#: The longest a key waits for the one before it (whose widget may have gone meanwhile).
WAIT_SECONDS = 0.5


class KeyOrder:
    """Holds each key that arrives while the one before it is still on its way."""

    def __init__(
        self, app: App[Any], route: Callable[[events.Key], Awaitable[None]], *, ready: bool
    ) -> None:
        self._app = app
        #: Textual's own routing: the app's priority bindings, else the focused widget.
        self._route = route
        self._ready = ready
        self._current: events.Key | None = None
        self._held: deque[events.Key] = deque()
        self._timer: Timer | None = None

    def release(self) -> None:
        """The app is ready for keys: hand on those typed so far, in order."""
        self._ready = True
        if self._held:
            self._app.call_later(self._send_next)

    async def arrived(self, key: events.Key) -> None:
        # With keys held, the next of them is on its way (``done`` sent for it): this one
        # goes after them, even if none is being acted on at this very moment.
        if self._current is None and self._ready and not self._held:
            await self._send(key)
        else:
            self._held.append(key)
            if self._ready:
                self._keep_waiting_bounded()

    def done(self, key: events.Key) -> None:
        """``key`` has been acted on: the next one may go."""
        if key is not self._current:
            return
        self._current = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._held:  # after whatever acting on the key asked the app to do next
            self._app.call_later(self._send_next)

    async def _send(self, key: events.Key) -> None:
        self._current = key
        target: DOMNode = self._app.focused or self._app.screen
        await self._route(key)
        if key.is_forwarded:
            self._follow(key, target)
        else:  # a priority binding used it
            self.done(key)
        if self._held:
            self._keep_waiting_bounded()

    async def _send_next(self) -> None:
        if self._current is None and self._held and self._ready:
            await self._send(self._held.popleft())

    def _follow(self, key: events.Key, node: DOMNode) -> None:
        """Look again once ``node`` has handled ``key``: it has used it, or passed it up."""

        def check() -> None:
            parent = node.parent
            if parent is self._app:
                # From a screen the key always goes on to the app (Textual marks it stopped
                # there when the app sent it), which says itself when it is done.
                return
            if key._stop_propagation or parent is None:
                self.done(key)
            else:
                self._follow(key, parent)

        if not node.call_later(check):  # closing: it will never handle the key
            self.done(key)

    def _keep_waiting_bounded(self) -> None:
        if self._timer is None:
            self._timer = self._app.set_timer(WAIT_SECONDS, self._give_up)

    def _give_up(self) -> None:
        self._timer = None
        if self._current is not None:
            self.done(self._current)
