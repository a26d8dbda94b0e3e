"""Work over a whole library shared among the machine's cores.

``map_on_cores`` for work that is a function of each item alone; ``Crew`` for work that keeps
state in its worker processes between steps and talks with the main process over a pipe (an
export that prepares briefings, then writes those it keeps once every key is known).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.safety import sanitize

if TYPE_CHECKING:  # multiprocessing is imported only when workers are started
    from multiprocessing.connection import Connection

_T = TypeVar("_T")
_R = TypeVar("_R")

#: Below this many items, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
#: How often (seconds) a waiting worker checks that the process that started it still runs.
_ORPHAN_CHECK = 1.0


def cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def map_on_cores(function: Callable[[_T], _R], items: Sequence[_T]) -> Iterator[_R]:
    """``map(function, items)``, in order; a long list is shared among one worker process per
    core. ``function`` and its results must pickle (a module-level function, or a
    ``functools.partial`` of one)."""
    workers = cores()
    if len(items) < PARALLEL_FROM or workers == 1:
        yield from map(function, items)
        return
    from concurrent.futures import ProcessPoolExecutor  # not on the app's start-up path

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(function, items, chunksize=64)


class WorkerFailed(Exception):
    """A worker process failed or stopped; the message is one line for the user."""


@dataclass(frozen=True)
class _Failure:
    """What a worker sends instead of its next message when its work raised."""

    message: str


class _Orphaned(Exception):
    """The process that started this worker is gone: nobody is left to answer."""


class Channel:
    """A worker's end of its pipe to the main process, and its place in the crew."""

    def __init__(self, connection: Connection, parent: int, number: int, count: int) -> None:
        self._connection = connection
        self._parent = parent
        #: This worker is the ``number``-th (from 0) of ``count``.
        self.number, self.count = number, count

    def send(self, message: Any) -> None:
        self._connection.send(message)

    def waiting(self) -> bool:
        """Whether a message from the main process is waiting to be received."""
        return self._connection.poll()

    def receive(self) -> Any:
        """The main process's next message; a worker whose main process has gone (killed
        without the chance to stop its workers) stops rather than waiting for ever."""
        while not self._connection.poll(_ORPHAN_CHECK):
            if os.getppid() != self._parent:
                raise _Orphaned
        return self._connection.recv()


def _serve(
    work: Callable[..., None], connection: Connection, place: tuple[int, int, int], args: Any
) -> None:
    """A worker process: ``work(channel, *args)``; an exception is sent as one line.
    ``place`` is the main process's id, this worker's number and the crew's size."""
    # Ctrl-C is for the main process, which stops its workers: no traceback from each of them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        work(Channel(connection, *place), *args)
    except _Orphaned:
        pass
    except Exception as exc:  # any failure becomes a message for the user, never a traceback
        message = sanitize(" ".join(str(exc).split())) or "no details"
        with suppress(OSError):  # the main process has gone: nobody to tell
            connection.send(_Failure(f"{type(exc).__name__}: {message}"))


class Crew:
    """``count`` worker processes, each running ``work(channel, *args)`` (a module-level
    function; ``args`` must pickle) and talking with this process over its own pipe.

    Use it in a ``with`` block: however the block ends (an error, Ctrl-C), the workers are
    stopped and waited for before it is left, so none outlives the command.
    """

    def __init__(self, count: int, work: Callable[..., None], *args: Any) -> None:
        import multiprocessing  # not on the app's start-up path

        context = multiprocessing.get_context()
        self.connections: list[Connection] = []
        self._processes: list[Any] = []
        # Ctrl-C between a worker's start and its ignoring SIGINT would give a traceback:
        # SIGINT waits (here, for the main process) until the workers are set up.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for number in range(count):
                mine, theirs = context.Pipe()
                place = (os.getpid(), number, count)
                process = context.Process(
                    target=_serve, args=(work, theirs, place, args), daemon=True
                )
                self.connections.append(mine)
                self._processes.append(process)
                process.start()
                theirs.close()
        except BaseException:
            self.close()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def __enter__(self) -> Crew:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker that still runs and wait for it."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join()
        for connection in self.connections:
            connection.close()

    def send(self, worker: int, message: Any) -> None:
        """Send to ``worker``; ``WorkerFailed`` when it has failed or stopped."""
        try:
            self.connections[worker].send(message)
        except OSError:
            self.receive(worker)  # its failure, if it sent one before it ended
            raise WorkerFailed("a worker process stopped unexpectedly") from None

    def receive(self, worker: int) -> Any:
        """The next message of ``worker``; ``WorkerFailed`` when it failed or stopped."""
        try:
            message = self.connections[worker].recv()
        except (EOFError, OSError):
            process = self._processes[worker]
            process.join(_ORPHAN_CHECK)  # it has closed its pipe: it is ending, if not ended
            raise WorkerFailed(
                f"a worker process stopped unexpectedly (exit code {process.exitcode})"
            ) from None
        if isinstance(message, _Failure):
            raise WorkerFailed(f"a worker process failed: {message.message}")
        return message

    def ready(self, workers: Sequence[int]) -> list[int]:
        """Those of ``workers`` that have a message waiting (or have stopped), after waiting
        for at least one."""
        from multiprocessing.connection import wait

        chosen = {self.connections[worker]: worker for worker in workers}
        return [chosen[connection] for connection in wait(list(chosen))]  # type: ignore[index]
