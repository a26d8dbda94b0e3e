"""``briefing list [PATH]``: the library as a table, from the header cache."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from briefing.library import Entry, default_cache, scan, sort_entries
from briefing.locations import default_library
from briefing.model import Problem
from briefing.safety import sanitize

NAME = "list"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="print the library as a table",
        description="List the briefings of a library, newest first, with counts and problems.",
    )
    parser.add_argument("path", nargs="?", type=Path, metavar="PATH")
    parser.add_argument("--no-cache", action="store_true", help="read every file afresh")
    parser.set_defaults(run=run)


#: Columns: heading and whether the values are numbers (right-aligned).
COLUMNS = (
    ("date", False),
    ("title", False),
    ("quotes", True),
    ("figures", True),
    ("open issues", True),
    ("problems", False),
)
GAP = "  "
#: The title is cut to fit a terminal, but never shorter than this.
MIN_TITLE = 20


def _table(entries: list[Entry], width: int | None) -> Text:
    """One line per briefing under a bold heading; in a terminal of ``width`` columns long
    titles end in "…" so each briefing keeps to one line (piped output is never cut).

    Hand-made rather than a rich Table, which takes seconds to measure 10,000 rows.
    """
    rows = [
        (
            entry.date.isoformat() if entry.date else "—",
            entry.title,
            str(entry.quotes),
            str(entry.figures),
            str(entry.open_issues),
            entry.problems[0] if entry.problems else "",
        )
        for entry in entries
    ]
    heading = tuple(name for name, _ in COLUMNS)
    widths = [max(map(cell_len, column)) for column in zip(heading, *rows, strict=True)]
    if width is not None:
        room = width - (sum(widths) - widths[1]) - len(GAP) * (len(COLUMNS) - 1)
        widths[1] = max(min(widths[1], room), min(widths[1], MIN_TITLE))
    table = Text()
    for row, entry in zip([heading, *rows], [None, *entries], strict=True):
        line = Text(style="bold" if entry is None else "")
        for index, ((_, numeric), cell, size) in enumerate(zip(COLUMNS, row, widths, strict=True)):
            if cell_len(cell) > size:
                cell = set_cell_size(cell, size - 1) + "…"
            pad = " " * (size - cell_len(cell))
            if index == len(COLUMNS) - 1:
                line.append(cell, style="red" if entry is not None and entry.broken else "")
            else:
                line.append(f"{pad}{cell}{GAP}" if numeric else f"{cell}{pad}{GAP}")
        line.rstrip()
        table.append_text(line)
        table.append("\n")
    table.rstrip()
    return table


def run(args: argparse.Namespace) -> int:
    from briefing.cli import EXIT_USAGE, missing

    root = args.path or default_library()
    if missing([root]):
        return EXIT_USAGE
    entries: list[Entry] = []
    problems: list[Problem] = []
    for found in scan(root, None if args.no_cache else default_cache(root)):
        (problems if isinstance(found, Problem) else entries).append(found)  # type: ignore[arg-type]
    console = Console(highlight=False, soft_wrap=True)
    if entries:
        width = console.width if console.is_terminal else None
        console.print(_table(sort_entries(entries), width))
    for problem in problems:
        print(sanitize(str(problem)), file=sys.stderr)
    if not entries and not problems:
        print(f"briefing: no briefings in {sanitize(str(root))}", file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) or not entries else 0
