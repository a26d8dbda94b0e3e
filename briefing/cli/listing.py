"""``briefing list [PATH]``: the library as a table, from the header cache."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
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


def run(args: argparse.Namespace) -> int:
    from briefing.cli import EXIT_USAGE, missing

    root = args.path or default_library()
    if missing([root]):
        return EXIT_USAGE
    entries: list[Entry] = []
    problems: list[Problem] = []
    for found in scan(root, None if args.no_cache else default_cache()):
        (problems if isinstance(found, Problem) else entries).append(found)  # type: ignore[arg-type]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column, justify in (
        ("date", "left"),
        ("title", "left"),
        ("quotes", "right"),
        ("figures", "right"),
        ("open issues", "right"),
        ("problems", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for entry in sort_entries(entries):
        table.add_row(
            Text(entry.date.isoformat() if entry.date else "—"),
            Text(entry.title),
            Text(str(entry.quotes)),
            Text(str(entry.figures)),
            Text(str(entry.open_issues)),
            Text(entry.problems[0] if entry.problems else "", style="red" if entry.broken else ""),
        )
    console = Console(highlight=False, soft_wrap=False)
    console.print(table)
    for problem in problems:
        print(sanitize(str(problem)), file=sys.stderr)
    if not entries and not problems:
        print(f"briefing: no briefings in {sanitize(str(root))}", file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) or not entries else 0
