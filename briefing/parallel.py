"""Work over a whole library shared among the machine's cores."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

#: Below this many items, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def map_on_cores(function: Callable[[_T], _R], items: Sequence[_T]) -> Iterator[_R]:
    """``map(function, items)``, in order; a long list is shared among one worker process per
    core. ``function`` and its results must pickle (a module-level function, or a
    ``functools.partial`` of one)."""
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if len(items) < PARALLEL_FROM or not workers or workers == 1:
        yield from map(function, items)
        return
    from concurrent.futures import ProcessPoolExecutor  # not on the app's start-up path

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(function, items, chunksize=64)
