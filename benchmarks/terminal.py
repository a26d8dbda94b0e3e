"""Running a command in a real pseudo-terminal (a private tmux server) and timing what it shows.

The clock starts when tmux is asked to start the command in an already running pane, so tmux's
own start-up is not counted; it stops at the first ``capture-pane`` whose text satisfies the
test. Captures are taken every ``POLL`` seconds; each milestone is stamped when its capture
returns, so times are never flattering by more than one capture (a few ms).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

POLL = 0.01
SIZE = (200, 50)
_sockets = count()


@dataclass
class Run:
    """Milestones (seconds from the start) and the process's peak memory (VmHWM, MB)."""

    milestones: dict[str, float] = field(default_factory=dict)
    peak_mb: float | None = None
    timed_out: bool = False
    error: str = ""
    screen: str = ""


def _tmux(socket: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["tmux", "-u", "-L", socket, "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=check,
    )
    return done.stdout


def peak_memory_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) / 1024 if found else None


def run(
    command: Sequence[str],
    env: Mapping[str, str],
    cwd: Path,
    watch: Callable[[str, float, dict[str, float]], bool],
    *,
    limit: float,
    quit_keys: Sequence[str],
    settle: float = 0.3,
) -> Run:
    """Start ``command`` in a fresh pane and capture its screen until ``watch`` returns True.

    ``watch(screen, elapsed, milestones)`` records milestones and says when the run is over.
    Then, after ``settle`` seconds, the peak memory is read, ``quit_keys`` are sent and the
    server is shut down (killed if the command does not quit within a few seconds).
    """
    socket = f"briefing-bench-{os.getpid()}-{next(_sockets)}"
    width, height = SIZE
    line = "exec env -u BRIEFING_LIBRARY " + shlex.join(
        [*(f"{key}={value}" for key, value in env.items()), *command]
    )
    result = Run()
    try:
        _tmux(
            socket,
            "new-session",
            "-d",
            "-s",
            "bench",
            "-c",
            str(cwd),
            "-x",
            str(width),
            "-y",
            str(height),
            "exec sleep 600",
        )
        path = _tmux(socket, "display-message", "-p", "#{socket_path}").strip()
        started = time.perf_counter()
        _tmux(socket, "respawn-pane", "-k", "-t", "bench", "-c", str(cwd), line)
        pid = int(_tmux(socket, "display-message", "-p", "-t", "bench", "#{pane_pid}").strip())
        while True:
            try:
                screen = _tmux(socket, "capture-pane", "-p", "-t", "bench")
            except subprocess.CalledProcessError:
                result.error = "the command exited before the screen was ready"
                break
            elapsed = time.perf_counter() - started
            result.screen = screen
            if watch(screen, elapsed, result.milestones):
                time.sleep(settle)
                result.peak_mb = peak_memory_mb(pid)
                break
            if elapsed > limit:
                result.timed_out = True
                result.peak_mb = peak_memory_mb(pid)
                break
            time.sleep(POLL)
        if not result.error:
            _quit(socket, quit_keys)
    finally:
        _tmux(socket, "kill-server", check=False)
        if path:  # tmux leaves its socket file behind
            Path(path).unlink(missing_ok=True)
    return result


def _quit(socket: str, keys: Sequence[str]) -> None:
    """Quit the way a user does (so the app saves its state), waiting a few seconds at most."""
    _tmux(socket, "send-keys", "-t", "bench", *keys, check=False)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        alive = subprocess.run(
            ["tmux", "-L", socket, "has-session", "-t", "bench"], capture_output=True, timeout=10
        )
        if alive.returncode != 0:
            return
        time.sleep(0.05)
