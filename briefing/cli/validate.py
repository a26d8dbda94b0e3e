"""``briefing validate [PATH...]``: every error and warning; exit 1 when there are errors."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from briefing.library import discover_all, load_briefing
from briefing.locations import default_library
from briefing.model import Problem
from briefing.safety import sanitize

NAME = "validate"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="check briefings and their annotations",
        description="Check briefing files or library folders. Prints every error and warning "
        "as FILE:LINE:COLUMN: severity: message (hint). Exit 0 with no errors, 1 with errors.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    parser.set_defaults(run=run)


#: Below this many briefings, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def _problems_of(article: Path) -> list[Problem]:
    return load_briefing(article).problems


def _check_all(articles: list[Path]) -> Iterator[list[Problem]]:
    """Every briefing's problems, in order; a large library is read on every core."""
    workers = os.cpu_count() or 1
    if len(articles) < PARALLEL_FROM or workers == 1:
        yield from map(_problems_of, articles)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_problems_of, articles, chunksize=64)


def run(args: argparse.Namespace) -> int:
    from briefing.cli import EXIT_USAGE, missing

    roots = args.paths or [default_library()]
    if missing(roots):
        return EXIT_USAGE
    # The same briefing named twice (its article and its annotation, say) counts once.
    articles, problems = discover_all(roots)
    checked = len(articles)
    for found in _check_all(articles):
        problems.extend(found)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    for problem in problems:
        if problem.severity == "error" or not args.quiet:
            print(sanitize(str(problem)))
    summary = (
        f"{checked} briefing{'s' * (checked != 1)} checked: {errors} error{'s' * (errors != 1)}"
    )
    summary += f", {warnings} warning{'s' * (warnings != 1)}"
    print(summary, file=sys.stderr)
    return 1 if errors else 0
