"""The floor: a bare Textual app showing one line of text. Every figure is compared to it.

``python benchmarks/bare_app.py`` shows the line until Ctrl+Q; ``--input`` shows an input box
instead, for the headless keystroke floor.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

LINE = "bare textual app ready"


class BareApp(App[None]):
    def __init__(self, with_input: bool = False) -> None:
        super().__init__()
        self.with_input = with_input

    def compose(self) -> ComposeResult:
        yield Input(id="box") if self.with_input else Static(LINE)


if __name__ == "__main__":
    BareApp(with_input="--input" in sys.argv[1:]).run()
