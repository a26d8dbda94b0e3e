"""``briefing export [PATH...]``: tagged and noted items (or everything) as markdown notes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any

from briefing.dates import parse_date
from briefing.export import (
    GROUPINGS,
    ExportError,
    ExportOptions,
    Selection,
    TemplateProblem,
    check_destination,
    library_export,
    load_sources,
    plan_write,
    write_pieces,
)
from briefing.exporting.escape import tag_name
from briefing.locations import default_library, notes_dir
from briefing.model import Problem
from briefing.notes import NotesStore

NAME = "export"
FORMATS = ("markdown", "json", "csv")
#: Options that only make sense for the markdown notes.
MARKDOWN_ONLY = ("tag", "template", "update")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Usage(Exception):
    """A usage error: the message is printed and the exit code is 2."""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="export tagged and noted items as markdown",
        description="Export what you tagged or noted (or, with --all, every annotation item) "
        "as markdown with YAML front matter. Exit 0 with output, 1 when nothing matched or "
        "the file cannot be written, 2 on usage errors.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="briefings or folders")
    parser.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="keep items with this tag"
    )
    parser.add_argument(
        "--since", metavar="EXPR", help='briefings dated on or after, e.g. "last week"'
    )
    parser.add_argument("--until", metavar="EXPR", help="briefings dated on or before")
    parser.add_argument(
        "--group-by",
        choices=GROUPINGS,
        default="briefing",
        help="headings per briefing (default), tag or section",
    )
    parser.add_argument("--all", action="store_true", help="every annotation item, tagged or not")
    parser.add_argument("--template", type=Path, metavar="FILE", help="a Jinja2 layout")
    parser.add_argument(
        "-o", "--output", default="-", metavar="FILE", help="file to write, or - for stdout"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help="replace an existing file")
    mode.add_argument(
        "--update", action="store_true", help="update an earlier export, keeping your edits"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print a diff of what would change; write nothing"
    )
    parser.add_argument("--today", metavar="DATE", help='"today" for --since/--until')
    parser.add_argument("--notes-dir", type=Path, metavar="DIR", help="where tags and notes are")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="markdown",
        help="markdown notes (default), W3C Web Annotation JSON-LD, or CSV (with --kind)",
    )
    parser.add_argument(
        "--kind", choices=("figures",), help="with --format csv: the table to write"
    )
    # Fixes the `exported` timestamp, for reproducible output (tests, golden files).
    parser.add_argument("--now", metavar="TIMESTAMP", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def _day(expr: str, option: str, today: date | None = None) -> date:
    found = parse_date(expr, today=today)
    if found is None:
        raise _Usage(f'{option}: cannot read the date {expr!r} (try 2026-02-01 or "last week")')
    return found


def _options(args: argparse.Namespace) -> ExportOptions:
    today = _day(args.today, "--today") if args.today else date.today()
    now = None
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            raise _Usage(f"--now: cannot read the timestamp {args.now!r}") from None
    for tag in args.tag:
        if not tag_name(tag):
            raise _Usage(f"--tag: {tag!r} is not a usable tag (use letters and digits)")
    if args.dry_run and args.output == "-":
        raise _Usage("--dry-run needs -o FILE: it shows what writing that file would change")
    if (args.update or args.force) and args.output == "-":
        raise _Usage("--force and --update need -o FILE")
    for path in args.paths:
        if not path.exists():
            raise _Usage(f"{path}: no such file or folder (give briefings or library folders)")
    if args.format != "markdown":
        for option in MARKDOWN_ONLY:
            if getattr(args, option):
                raise _Usage(f"--{option} works with --format markdown only")
        if args.group_by != "briefing":
            raise _Usage("--group-by works with --format markdown only")
    if args.format == "csv" and args.kind is None:
        raise _Usage("--format csv needs --kind figures")
    if args.kind is not None and args.format != "csv":
        raise _Usage("--kind goes with --format csv")
    if args.template is not None and not args.template.is_file():
        raise _Usage(f"{args.template}: no such template file")
    selection = Selection(
        tags=list(args.tag),
        since=_day(args.since, "--since", today) if args.since else None,
        until=_day(args.until, "--until", today) if args.until else None,
        include_all=args.all,
        group_by=args.group_by,
    )
    return ExportOptions(selection, args.template, today, now)


def _pieces(
    form: str,
    paths: list[Path],
    root: Path,
    options: ExportOptions,
    output: Path | None,
    stack: ExitStack,
) -> Iterator[str] | None:
    """The export in ``form``, in pieces, to be written before ``stack`` closes; None when
    nothing is selected. Problems reading the briefings are printed as they are found."""
    if form == "markdown":
        export = stack.enter_context(library_export(paths, root, options, output))
        _report(export.problems)
        return None if export.empty else export.pieces
    sources, problems = load_sources(paths, NotesStore(root))
    _report(problems)
    chosen = [(b, n) for b, n in sources if options.selection.takes_date(b.date)]
    if form == "csv":
        from briefing.tables import render_figures_csv

        if not any(b.annotation.figures for b, _ in chosen):
            return None
        return iter([render_figures_csv([b for b, _ in chosen])])
    from briefing.webannotation import render_jsonld

    notes = [n for _, n in chosen if n is not None]
    if not options.selection.include_all and not any(n.tagged() for n in notes):
        return None
    now = options.now or datetime.now().astimezone()
    return iter(
        [
            render_jsonld(
                [b for b, _ in chosen], notes, include_items=options.selection.include_all, now=now
            )
        ]
    )


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _write(pieces: Iterator[str], output: Path, args: argparse.Namespace) -> int:
    """Write to ``output`` as ``--force``, ``--update`` and ``--dry-run`` ask."""
    if not (args.update or args.dry_run):
        write_pieces(output, pieces, force=args.force)
        print(f"briefing export: wrote {output}", file=sys.stderr)
        return EXIT_OK
    plan = plan_write(output, "".join(pieces), force=args.force, update=args.update)
    if args.dry_run:
        sys.stdout.write(plan.diff())
        if not plan.changed:
            print(f"briefing export: {output}: no changes", file=sys.stderr)
        return EXIT_OK
    plan.write()
    print(f"briefing export: wrote {output}", file=sys.stderr)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    try:
        options = _options(args)
    except _Usage as exc:
        print(f"briefing export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    output = None if args.output == "-" else Path(args.output)
    paths = args.paths or [default_library()]
    try:
        if output is not None:
            check_destination(output, replace=args.force or args.update)
        with ExitStack() as stack:
            pieces = _pieces(args.format, paths, notes_dir(args.notes_dir), options, output, stack)
            if pieces is None:
                what = "items" if options.selection.include_all else "tagged or noted items"
                if args.format == "csv":
                    what = "figures"
                print(f"briefing export: nothing to export: no {what} match", file=sys.stderr)
                return EXIT_FAILED
            if output is not None:
                return _write(pieces, output, args)
            if options.template is not None:
                # A user template may fail half way: print all of it or nothing.
                pieces = iter(["".join(pieces)])
            for piece in pieces:
                sys.stdout.write(piece)
            return EXIT_OK
    except TemplateProblem as exc:
        print(f"briefing export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExportError as exc:
        print(f"briefing export: {exc}", file=sys.stderr)
        return EXIT_FAILED
