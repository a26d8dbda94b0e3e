"""``briefing validate [PATH...]``: every error and warning; exit 1 when there are errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefing.library import discover_all, load_briefing
from briefing.locations import default_library
from briefing.model import Problem
from briefing.parallel import map_on_cores
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


def _problems_of(article: Path) -> list[Problem]:
    return load_briefing(article).problems


def run(args: argparse.Namespace) -> int:
    from briefing.cli import EXIT_USAGE, missing

    roots = args.paths or [default_library()]
    if missing(roots):
        return EXIT_USAGE
    # The same briefing named twice (its article and its annotation, say) counts once.
    articles, problems = discover_all(roots)
    checked = len(articles)
    for found in map_on_cores(_problems_of, articles):
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
