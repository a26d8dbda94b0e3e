"""``briefing import FILE``: W3C Web Annotation JSON-LD merged into the notes store."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from briefing.article import decode, read_text
from briefing.library import discover, load_briefing
from briefing.locations import default_library, notes_dir
from briefing.model import Briefing, BriefingError, Problem
from briefing.notes import NotesStore
from briefing.safety import sanitize
from briefing.webannotation import import_jsonld, parse_jsonld, source_path

NAME = "import"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: Largest annotation file read from standard input.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def register(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="import tags and notes from W3C Web Annotation JSON-LD",
        description="Merge the tags and notes in a W3C Web Annotation file (from `briefing "
        "export --format json` or another annotation tool) into the notes store. Tags are "
        "added and notes appended, never duplicated: importing twice changes nothing. Exit 0 "
        "when anything was imported or already present, 1 when nothing could be imported or "
        "the file is invalid, 2 on usage errors.",
    )
    parser.add_argument("file", metavar="FILE", help="a .jsonld/.json file, or - for stdin")
    parser.add_argument("--notes-dir", type=Path, metavar="DIR", help="where tags and notes are")
    parser.add_argument(
        "--library", type=Path, metavar="PATH", help="the library the annotations belong to"
    )
    parser.set_defaults(run=run)


def _read(file: str) -> tuple[str, Path]:
    if file == "-":
        path = Path("<stdin>")
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(raw) > MAX_INPUT_BYTES:
            raise BriefingError(Problem("error", path, "the input is too large"))
        return decode(raw, path), path
    path = Path(file)
    return read_text(path), path


def _library(root: Path, sources: set[str]) -> list[Briefing]:
    """The briefings under ``root`` the annotations may belong to. Those named by path are
    loaded first; only when some source is not among them is the rest loaded too (for
    annotations that find their article by body hash or URL)."""
    articles, _ = discover(root)
    real = {article: os.path.realpath(article) for article in articles}
    named = {source_path(source) for source in sources}
    first = [article for article in articles if real[article] in named]
    loaded = [load_briefing(article) for article in first]
    if named - {real[article] for article in first}:
        taken = set(first)
        loaded += [load_briefing(article) for article in articles if article not in taken]
    return [briefing for briefing in loaded if briefing.article is not None]


def run(args: argparse.Namespace) -> int:
    from briefing.cli import missing

    library = args.library or default_library()
    if args.file != "-" and not Path(args.file).exists():
        shown = sanitize(args.file)
        print(
            f"briefing import: {shown}: no such file (give a .jsonld file, or - for stdin)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if missing([library]):
        return EXIT_USAGE
    try:
        text, path = _read(args.file)
        incoming, _ = parse_jsonld(text, path)
        sources = {annotation.source for annotation in incoming}
        store = NotesStore(notes_dir(args.notes_dir))
        result = import_jsonld(text, store, _library(library, sources), path=path)
    except BriefingError as exc:
        print(sanitize(str(exc.problem)), file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"briefing import: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    for problem in result.problems:
        print(sanitize(str(problem)), file=sys.stderr)
    counts: dict[str, int] = {}
    for where in result.not_found:
        counts[where] = counts.get(where, 0) + 1
    for where, count in counts.items():
        times = f" ({count} annotations)" if count > 1 else ""
        print(f"briefing import: not in the library: {sanitize(where)}{times}", file=sys.stderr)
    print(f"briefing import: {result.summary}")
    return EXIT_OK if result.added or result.present else EXIT_FAILED
