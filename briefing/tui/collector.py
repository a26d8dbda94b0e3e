"""Full garbage collections at quiet moments rather than in the middle of a keystroke.

Python's collector starts a full (oldest-generation) collection whenever enough objects have
survived the young ones; in the reader that happens every few briefings opened and takes
10-20 ms over a large library, which lands on whatever key the user just pressed. While the
app runs, the automatic full collection is made ten times rarer, and the app asks for one
itself once no key or mouse event has come for ``QUIET_SECONDS``. Young collections (well
under a millisecond) run as usual, so short-lived cycles are freed as they always are.

Before that, from the command's start to the first frame, the collector is off altogether
(``pause_for_start_up``): start-up builds modules, classes and widgets that live as long as
the app, and collecting while they are built walked them again and again for nothing (about
15 ms of a 250 ms start; a collection at the first frame finds ~2,000 dead objects of 85,000).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: How long the user must have been still before a full collection may run.
QUIET_SECONDS = 1.0
#: Young collections between automatic full ones while the app runs (Python's default: 10).
RARE_FULL_COLLECTIONS = 100


def pause_for_start_up() -> None:
    """Turn the collector off until ``IdleCollector.start`` (called after the first frame)."""
    gc.disable()


class IdleCollector:
    """Moves full collections to quiet moments for as long as it is started."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        #: When the last key or mouse event came (``clock`` time).
        self.last_input = clock()
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Once the first frame is drawn: freeze what start-up built (it stays; the collector
        never walks it again) and collect automatically again, full collections rarely."""
        gc.freeze()
        gc.enable()
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _full = self._saved
            gc.set_threshold(young, middle, RARE_FULL_COLLECTIONS)

    def stop(self) -> None:
        """Give the collector back its own thresholds (tests run many apps in one process)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        self.last_input = self._clock()

    def collect_if_quiet(self) -> bool:
        """Run a full collection if the user has been still for a while and something has
        reached the oldest generation since the last one; whether it ran."""
        if self._clock() - self.last_input < QUIET_SECONDS:
            return False
        if gc.get_count()[2] == 0:  # nothing has been moved to it since the last full one
            return False
        gc.collect()
        return True
