"""``briefing draft ARTICLE [-o FILE] [--force]``: write a draft annotation for an article."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefing.annotations import ANNOTATION_SUFFIXES
from briefing.article import load_article
from briefing.draft import annotation_path, draft_annotation, render
from briefing.model import BriefingError
from briefing.safety import atomic_write, sanitize

NAME = "draft"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def register(commands: Any) -> None:
    parser = commands.add_parser(
        NAME,
        help="draft an annotation for an article",
        description="Read an article and write a draft annotation beside it (ARTICLE's name "
        "with .yaml): its quotes with speakers and roles, figures with labels, dates, "
        "candidate open issues and a short summary. Every item is marked `draft: true`. "
        "An existing annotation is never overwritten without --force.",
    )
    parser.add_argument("article", type=Path, metavar="ARTICLE", help="the article (.txt or .md)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the draft to FILE instead; `-` writes it to standard output",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite an annotation that already exists"
    )
    parser.set_defaults(run=run)


def _fail(message: str, code: int) -> int:
    print(f"briefing draft: {message}", file=sys.stderr)
    return code


def _shown(path: Path) -> str:
    """A path fit for the terminal: control characters in file names made visible."""
    return sanitize(str(path))


def run(args: argparse.Namespace) -> int:
    article_path: Path = args.article
    if article_path.suffix.lower() in ANNOTATION_SUFFIXES:
        return _fail(
            f"{_shown(article_path)} is an annotation; give the article (.txt or .md)",
            EXIT_USAGE,
        )
    target: Path | None
    if args.output == "-":
        target = None
    elif args.output:
        target = Path(args.output)
    else:
        target = annotation_path(article_path)
    if target is not None:
        if target.resolve() == article_path.resolve():
            return _fail(
                f"{_shown(target)} is the article itself; choose another output", EXIT_USAGE
            )
        if target.is_dir():
            return _fail(f"{_shown(target)} is a folder; give a file name with -o", EXIT_USAGE)
        if target.exists() and not args.force:
            return _fail(
                f"{_shown(target)} already exists; use --force to overwrite it", EXIT_PROBLEMS
            )
    try:
        article = load_article(article_path)
    except BriefingError as exc:
        print(sanitize(str(exc.problem)), file=sys.stderr)
        return EXIT_PROBLEMS
    draft = draft_annotation(article)
    text = render(draft, article)
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        atomic_write(target, text)
    except OSError as exc:
        return _fail(f"{_shown(target)}: cannot write: {exc.strerror or exc}", EXIT_PROBLEMS)
    counts = (
        (len(draft.quotes), "quote"),
        (len(draft.figures), "figure"),
        (len(draft.dates), "date"),
        (len(draft.issues), "open issue"),
        (len(draft.summary), "summary sentence"),
    )
    found = ", ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in counts)
    print(f"wrote {_shown(target)}: {found}, all marked draft: true", file=sys.stderr)
    return EXIT_OK
