"""The installed ``briefing`` command in a real terminal (tmux): start, open the seed, jump."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

BRIEFING = Path(sys.executable).with_name("briefing")


def _tmux(socket: str, *args: str) -> str:
    done = subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, check=True, timeout=10
    )
    return done.stdout


def _wait_for(socket: str, text: str, seconds: float = 15.0) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux(socket, "capture-pane", "-p", "-t", "e2e")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; last screen:\n{screen}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (make test installs it in CI)")
@pytest.mark.skipif(not BRIEFING.exists(), reason="needs the installed briefing command")
def test_open_seed_and_jump_to_a_quote(library: Path, tmp_path: Path) -> None:
    socket = f"briefing-e2e-{os.getpid()}"
    env = {key: os.environ[key] for key in os.environ if key.startswith(("XDG_", "BRIEFING_"))}
    env |= {"HOME": os.environ["HOME"], "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    command = " ".join(
        [*(f"{key}={value}" for key, value in env.items()), str(BRIEFING), str(library)]
    )
    _tmux(socket, "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", command)
    try:
        screen = _wait_for(socket, "Rutte urges Europe")
        assert "Library" in screen and "Article" in screen
        _tmux(socket, "send-keys", "-t", "e2e", "Q")
        _wait_for(socket, "Mark Rutte · NATO Secretary-General")
        _tmux(socket, "send-keys", "-t", "e2e", "j", "j", "Enter")
        # The third quote is in paragraph 9, far below the first screen of the article.
        # The article shows it with its paragraph number in the gutter.
        _wait_for(socket, '9 "We can defend ourselves today')
        _tmux(socket, "send-keys", "-t", "e2e", "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            sessions = subprocess.run(
                ["tmux", "-L", socket, "list-sessions"], capture_output=True, text=True
            )
            if sessions.returncode != 0:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("briefing did not quit on q")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    state = Path(env["XDG_STATE_HOME"]) / "briefing" / "state.json"
    assert "001_nato_rutte_defence_spending.txt" in state.read_text()
