"""What the reader remembers between runs: the open briefing, scroll positions and the theme.

Kept as JSON in the user state directory (or a path given by tests); a file that cannot be read
is ignored — losing the place to read from is an annoyance, never a reason not to start.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefing.safety import atomic_write

#: Scroll positions remembered; the oldest are forgotten beyond this.
MAX_POSITIONS = 200


@dataclass
class AppState:
    last_briefing: str | None = None
    theme: str | None = None
    library_hidden: bool = False
    #: Article path → scroll line.
    positions: dict[str, int] = field(default_factory=dict)
    #: The export dialog's last settings: scope, tags, group_by, include_all, folder.
    export: dict[str, str] = field(default_factory=dict)

    def remember(self, briefing: Path, line: int) -> None:
        key = os.path.realpath(briefing)
        self.positions.pop(key, None)
        self.positions[key] = line
        while len(self.positions) > MAX_POSITIONS:
            self.positions.pop(next(iter(self.positions)))

    def position(self, briefing: Path) -> int:
        return self.positions.get(os.path.realpath(briefing), 0)


def state_file() -> Path:
    from briefing.locations import state_dir

    return state_dir() / "state.json"


def load_state(path: Path) -> AppState:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return AppState()
    if not isinstance(data, dict):
        return AppState()
    positions = data.get("positions")
    return AppState(
        last_briefing=data.get("last_briefing")
        if isinstance(data.get("last_briefing"), str)
        else None,
        theme=data.get("theme") if isinstance(data.get("theme"), str) else None,
        library_hidden=data.get("library_hidden") is True,
        export={
            str(key): str(value)
            for key, value in (data.get("export") or {}).items()
            if isinstance(value, (str, bool))
        }
        if isinstance(data.get("export"), dict)
        else {},
        positions={
            str(key): int(value)
            for key, value in (positions.items() if isinstance(positions, dict) else [])
            if isinstance(value, int)
        },
    )


def save_state(path: Path, state: AppState) -> None:
    """Write the state; failures are ignored (a read-only home must not stop the app)."""
    data = {
        "last_briefing": state.last_briefing,
        "theme": state.theme,
        "library_hidden": state.library_hidden,
        "positions": state.positions,
        "export": state.export,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data, indent=1))
    except OSError:
        pass
