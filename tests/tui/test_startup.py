"""What the reader imports before its first frame: only what that frame draws."""

from __future__ import annotations

import subprocess
import sys

#: The core's readers (YAML, the library scan, notes, filters, settings), imported by the
#: scan and the first briefing, right after the first frame.
LATER = ("yaml", "briefing.library", "briefing.notes", "briefing.filters", "briefing.config")


def test_opening_the_reader_imports_none_of_the_core_readers() -> None:
    code = (
        "import sys, briefing.cli\n"
        "from briefing.tui.app import BriefingApp\n"
        f"print(' '.join(name for name in {LATER!r} if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""
