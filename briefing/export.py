"""Markdown export: what the ``export`` command and the app's export dialog call.

    sources, problems = load_sources([library], NotesStore(notes_dir(None)))
    options = ExportOptions(Selection(tags=["nato"], group_by="tag"))
    preview = export_text(sources, options)                      # live preview, links as given
    plan = plan_write(path, export_text(sources, options, output=path))
    plan.write()                                                 # atomic

    with library_export([library], notes_dir(None), options, output=path) as export:
        report(export.problems)
        write_pieces(path, export.pieces)                        # atomic, never held whole

``library_export`` does what ``load_sources``, ``build`` and ``document_pieces`` do together
for whole folders, reading them on every core and holding only what is exported: a large
export in the default layout, grouped by briefing, is even written by the worker processes
(``briefing.exporting.workers``).

``plan_write`` refuses to replace an existing file (``OutputExists``) unless ``force`` or
``update``; ``plan.diff()`` is the unified diff of what ``write`` would change. The layout
is a Jinja2 template (``briefing/templates/default.md.j2`` or the user's own); the pieces live
in ``briefing.exporting``.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from briefing import parallel
from briefing.exporting import workers
from briefing.exporting.build import Arranger, Prepared, build_document, plan_document, prepare
from briefing.exporting.fields import GROUPINGS, ExportDocument, GroupBy, Selection
from briefing.exporting.template import TemplateProblem, load_template, render_pieces
from briefing.exporting.update import UpdateProblem, merge
from briefing.library import discover_all, load_briefing
from briefing.model import Briefing, Problem
from briefing.notes import BriefingNotes, NotesStore
from briefing.parallel import Crew, WorkerFailed, map_on_cores
from briefing.safety import atomic_write

__all__ = [
    "GROUPINGS",
    "ExportDocument",
    "ExportError",
    "ExportOptions",
    "GroupBy",
    "LibraryExport",
    "OutputExists",
    "Selection",
    "Source",
    "TemplateProblem",
    "WritePlan",
    "build",
    "check_destination",
    "document_pieces",
    "export_text",
    "library_export",
    "load_sources",
    "plan_write",
    "render_document",
    "write_pieces",
]

#: A briefing and the reader's notes on it (None when there is no notes store).
Source = tuple[Briefing, BriefingNotes | None]


class ExportError(Exception):
    """An export that cannot be written as asked; the message is one line for the user."""


class OutputExists(ExportError):
    """The output file exists and neither ``force`` nor ``update`` was given."""


@dataclass
class ExportOptions:
    selection: Selection = field(default_factory=Selection)
    #: The user's template; None for the default layout.
    template: Path | None = None
    #: "Today" for the record (``--today``); the real date when None.
    today: date | None = None
    #: The ``exported`` timestamp; now when None (fixed by tests for golden files).
    now: datetime | None = None


def load_sources(
    paths: Sequence[Path], store: NotesStore | None
) -> tuple[list[Source], list[Problem]]:
    """Every briefing under ``paths`` with its notes, and what went wrong reading them.

    Briefings whose article cannot be read are left out (their problem is returned); notes
    that cannot be read are reported and the briefing is exported without them.
    """
    sources: list[Source] = []
    articles, problems = discover_all(paths)
    for article in articles:
        briefing = load_briefing(article)
        if briefing.article is None:
            problems.extend(briefing.errors)
            continue
        notes = store.open(briefing) if store is not None else None
        if notes is not None and notes.problem is not None:
            problems.append(notes.problem)
        sources.append((briefing, notes))
    return sources, problems


def _link_base(output: Path | None) -> Path | None:
    """Article links are relative to the output's folder when writing a file, else the paths
    as given."""
    return output.parent if output is not None else None


def _now(options: ExportOptions) -> datetime:
    return options.now or datetime.now().astimezone().replace(microsecond=0)


def _document(prepared: Sequence[Prepared], options: ExportOptions) -> ExportDocument:
    return build_document(
        prepared, options.selection, now=_now(options), today=options.today or date.today()
    )


def build(
    sources: Sequence[Source], options: ExportOptions, output: Path | None = None
) -> ExportDocument:
    """The template fields for ``sources`` (article links as for ``export_text``)."""
    link_base = _link_base(output)
    return _document(
        [prepare(b, notes, options.selection, link_base) for b, notes in sources], options
    )


def render_document(document: ExportDocument, options: ExportOptions) -> str:
    """The markdown for ``document`` ("" when nothing is selected). Raises
    ``TemplateProblem`` for a user template that fails."""
    return "".join(document_pieces(document, options))


def document_pieces(document: ExportDocument, options: ExportOptions) -> Iterator[str]:
    """``render_document`` in pieces, for writing a large export without holding it whole;
    a ``TemplateProblem`` may come after some pieces."""
    if document.empty:
        return iter(())
    return render_pieces(load_template(options.template), document.context())


def export_text(
    sources: Sequence[Source], options: ExportOptions, output: Path | None = None
) -> str:
    """The markdown for ``sources`` ("" when nothing is selected); article links are relative
    to ``output``'s folder when writing a file, else the paths as given. Raises
    ``TemplateProblem`` for a user template that fails."""
    return render_document(build(sources, options, output), options)


@dataclass
class LibraryExport:
    """A whole library's export, read and ready to be written."""

    #: What went wrong reading the briefings (as ``load_sources`` reports it).
    problems: list[Problem]
    #: True when nothing is selected: ``pieces`` gives nothing.
    empty: bool
    #: The markdown in pieces, as ``document_pieces`` gives it.
    pieces: Iterator[str]


@contextmanager
def library_export(
    paths: Sequence[Path],
    notes_root: Path | None,
    options: ExportOptions,
    output: Path | None = None,
) -> Iterator[LibraryExport]:
    """The export of every briefing under ``paths`` with its notes in ``notes_root``, the
    same as ``export_text`` of ``load_sources`` would give.

    Its pieces are to be written inside the ``with`` block: a large export in the default
    layout, grouped by briefing, is written by worker processes, which are stopped when the
    block ends. Raises ``ExportError`` when a worker process fails.
    """
    link_base = _link_base(output)
    count = parallel.cores()
    sharded = options.template is None and options.selection.group_by == "briefing"
    try:
        with ExitStack() as stack:
            crew = None
            if sharded and count > 1:
                # Started before the library is listed, so that meanwhile the workers read
                # the notes folder's index; stopped at once if there are few briefings.
                crew = Crew(count, workers.work, notes_root, options.selection, link_base)
                stack.enter_context(crew)
            articles, problems = discover_all(paths)
            if crew is None or len(articles) < parallel.PARALLEL_FROM:
                stack.close()
                yield _exported_here(articles, problems, notes_root, options, link_base)
                return
            if notes_root is not None:
                workers.share_notes_index(crew)
            stack.enter_context(_without_cycle_collector())
            arranger = Arranger(options.selection)
            outlines, owners, trouble = workers.prepare_on(crew, articles, arranger)
            head, order = plan_document(
                arranger, outlines, now=_now(options), today=options.today or date.today()
            )
            pieces: Iterator[str] = iter(())
            if not head.empty:
                pieces = workers.written(crew, owners, outlines, order, arranger, head)
            yield LibraryExport([*problems, *trouble], head.empty, pieces)
    except WorkerFailed as exc:
        raise ExportError(str(exc)) from None


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """The cycle collector off for a while: this process holds every briefing's outline while
    the workers write, which the collector would walk again and again to free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _exported_here(
    articles: Sequence[Path],
    problems: list[Problem],
    notes_root: Path | None,
    options: ExportOptions,
    link_base: Path | None,
) -> LibraryExport:
    """``library_export`` with the whole document built and rendered in this process (the
    briefings may still be read on every core)."""
    task = partial(workers.prepare_file, notes_root, options.selection, link_base)
    prepared: list[Prepared] = []
    for ready, trouble in map_on_cores(task, articles):
        problems.extend(trouble)
        if ready is not None:
            prepared.append(ready)
    document = _document(prepared, options)
    return LibraryExport(problems, document.empty, document_pieces(document, options))


@dataclass
class WritePlan:
    """What writing an export to ``path`` would do."""

    path: Path
    #: The file's current text; None when it does not exist yet.
    old: str | None
    text: str

    @property
    def changed(self) -> bool:
        return self.old != self.text

    def diff(self) -> str:
        """A unified diff from the current file (or nothing) to the text to be written."""
        before = self.old.splitlines(keepends=True) if self.old is not None else []
        lines = difflib.unified_diff(
            before,
            self.text.splitlines(keepends=True),
            fromfile=str(self.path) if self.old is not None else "/dev/null",
            tofile=str(self.path),
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    def write(self) -> None:
        try:
            atomic_write(self.path, self.text)
        except OSError as exc:
            raise ExportError(f"{self.path}: cannot write: {exc.strerror or exc}") from None


def check_destination(path: Path, *, replace: bool) -> bool:
    """Whether ``path`` exists; raises ``ExportError`` when it may not be written as asked
    (no folder is created; an existing file is replaced only when ``replace``). Writing checks
    again; checked first, a bad destination is told before a large library is read."""
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(
            f"{folder}: no such folder (create it first, or write somewhere that exists)"
        )
    if path.is_dir():
        raise ExportError(f"{path}: is a folder (give the name of a file to write)")
    if not path.exists():
        return False
    if not replace:
        raise OutputExists(
            f"{path}: already exists (use --force to replace it or --update to update it)"
        )
    return True


def write_pieces(path: Path, pieces: Iterable[str], *, force: bool = False) -> None:
    """Write an export that comes in pieces to ``path`` at once (atomically), checked as
    ``plan_write`` checks; for a large export that is neither compared nor merged."""
    check_destination(path, replace=force)
    try:
        atomic_write(path, pieces)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from None


def plan_write(path: Path, text: str, *, force: bool = False, update: bool = False) -> WritePlan:
    """Check that ``text`` may be written to ``path`` exactly as given (no folder is created,
    nothing else is written), and with ``update`` merge it into the existing export."""
    if not check_destination(path, replace=force or update):
        return WritePlan(path, None, text)
    try:
        old = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ExportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        if update:
            raise ExportError(f"{path}: is not UTF-8 text, so not an export to update") from None
        return WritePlan(path, None, text)
    if not update:
        return WritePlan(path, old, text)
    try:
        return WritePlan(path, old, merge(old, text))
    except UpdateProblem as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise ExportError(
            f"{where}: cannot update: {exc.message} (fix it, or use --force to replace the file)"
        ) from None
