"""A large export in the default layout, grouped by briefing, written by worker processes.

The workers share out the reading of the notes folder's index, then each is handed chunks of
articles, prepares each briefing (``prepare_file``) and keeps those the export will hold,
sending the main process only their ``Outline`` and any problems. The main process orders the
briefings and gives every key exactly as ``build_document`` does (``plan_document``, then
``Arranger.keys_of`` in document order), sending each worker the keys of its briefings in
batches as they are worked out. The workers write each briefing's group with the template
the default layout includes for each group (``group.md.j2``) and send the text back; the main
process writes it in document order after the document's head (the default layout rendered
without groups). So no briefing crosses between processes whole, and no
process renders the whole document.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from briefing.exporting.build import (
    Arranger,
    Outline,
    Prepared,
    briefing_group,
    finish,
    prepare,
)
from briefing.exporting.fields import ExportDocument, Selection
from briefing.exporting.template import PIECE_SIZE, group_writer, load_template, render
from briefing.library import load_briefing
from briefing.model import Problem
from briefing.notes import NotesStore
from briefing.parallel import Channel, Crew

#: Articles per message to a worker: small enough to share the work out evenly.
CHUNK = 32
#: Chunks a worker is given ahead, so that it never waits for the next one.
AHEAD = 2
#: Briefings whose keys are sent to their worker at once.
KEYS_AT_ONCE = 64


@cache
def _store(root: Path) -> NotesStore:
    """One store per folder and process, so that its index of notes files is read once."""
    return NotesStore(root)


def prepare_file(
    notes_root: Path | None, selection: Selection, link_base: Path | None, article: Path
) -> tuple[Prepared | None, list[Problem]]:
    """What the export needs of one briefing, and the problems reading it: None when its
    article cannot be read (notes that cannot be read are reported, and left out)."""
    briefing = load_briefing(article)
    if briefing.article is None:
        return None, briefing.errors
    notes = _store(notes_root).read(briefing) if notes_root is not None else None
    problems = [notes.problem] if notes is not None and notes.problem is not None else []
    return prepare(briefing, notes, selection, link_base), problems


def work(
    channel: Channel, notes_root: Path | None, selection: Selection, link_base: Path | None
) -> None:
    """One worker process: read its share of the notes index; prepare every chunk of
    articles it is sent until None comes; then write the groups of the briefings it kept, in
    the order and with the keys it is sent (in batches, until None comes again)."""
    # A worker keeps what it reads until it ends: the cycle collector would walk that growing
    # heap again and again (a tenth of the worker's time) and find almost nothing to free.
    # Without it, a briefing left out (tagged exports) is held to the end, as --all holds all.
    gc.disable()
    if notes_root is not None:
        # The notes folder's index, its reading shared out among the workers while the main
        # process lists the library.
        store = _store(notes_root)
        channel.send(store.read_headers(channel.number, channel.count))
        store.learn_headers(channel.receive())
        store.prepare()
    kept: dict[int, Prepared] = {}
    while (chunk := channel.receive()) is not None:
        found: list[tuple[int, Outline | None, list[Problem]]] = []
        for index, article in chunk:
            ready, problems = prepare_file(notes_root, selection, link_base, article)
            if ready is not None and ready.outline.kept:
                kept[index] = ready
            found.append((index, ready.outline if ready is not None else None, problems))
        channel.send(found)
    write = group_writer(load_template())
    # Keys come in batches while the main process works out the later ones, until None. The
    # groups are written as they come, but sent only once every key is in: the main process
    # never waits to send to a worker that waits to send to it.
    given: deque[tuple[int, list[str]]] = deque()
    every_key = False
    batch: list[str] = []
    size = 0
    while given or not every_key:
        while not every_key and (not given or channel.waiting()):
            keys_batch = channel.receive()
            if keys_batch is None:
                every_key = True
            else:
                given.extend(keys_batch)
        if not given:
            break
        index, keys = given.popleft()
        text = write(briefing_group(finish(kept.pop(index), keys)))
        batch.append(text)
        size += len(text)
        if every_key and size >= PIECE_SIZE:
            channel.send(batch)
            batch, size = [], 0
    if batch:
        channel.send(batch)


def share_notes_index(crew: Crew) -> None:
    """Hand every worker the notes headers each has read (``work`` with a notes folder)."""
    workers = range(len(crew.connections))
    headers: dict[Path, Any] = {}
    for worker in workers:
        headers.update(crew.receive(worker))
    for worker in workers:
        crew.send(worker, headers)


def prepare_on(
    crew: Crew, articles: Sequence[Path], arranger: Arranger
) -> tuple[list[Outline], list[int], list[Problem]]:
    """Every article prepared by ``crew``'s workers: the outlines (an empty one for an article
    that cannot be read), each counted by ``arranger`` as it comes, which worker holds each
    briefing, and the problems, in article order."""
    workers = range(len(crew.connections))
    numbered = list(enumerate(articles))
    chunks = deque(numbered[start : start + CHUNK] for start in range(0, len(numbered), CHUNK))
    outlines = [Outline([]) for _ in articles]
    owners = [-1] * len(articles)
    problems: list[list[Problem]] = [[] for _ in articles]
    waiting = [0 for _ in workers]
    finished = [False for _ in workers]

    def feed(worker: int) -> None:
        if chunks:
            crew.send(worker, chunks.popleft())
            waiting[worker] += 1
        elif not finished[worker]:
            crew.send(worker, None)
            finished[worker] = True

    for worker in workers:
        for _ in range(AHEAD):
            feed(worker)
    while busy := [worker for worker in workers if waiting[worker]]:
        for worker in crew.ready(busy):
            for index, outline, trouble in crew.receive(worker):
                if outline is not None:
                    outlines[index], owners[index] = outline, worker
                    arranger.count(outline)
                problems[index] = trouble
            waiting[worker] -= 1
            feed(worker)
    return outlines, owners, [problem for found in problems for problem in found]


def written(
    crew: Crew,
    owners: Sequence[int],
    outlines: Sequence[Outline],
    order: Sequence[int],
    arranger: Arranger,
    head: ExportDocument,
) -> Iterator[str]:
    """The whole document in pieces of about ``PIECE_SIZE``: ``head`` in the default layout,
    then each group the document keeps, in document order, as the worker that holds the
    briefing writes it. The keys are given here (``arranger.keys_of`` each placed briefing,
    in the ``order`` it gave) and sent a batch at a time, so that the workers write while
    the later ones are worked out."""
    workers = range(len(crew.connections))
    given: list[list[tuple[int, list[str]]]] = [[] for _ in workers]
    expected = [0 for _ in workers]
    kept: list[int] = []
    for index in order:
        keys = arranger.keys_of(outlines[index])
        if outlines[index].kept:
            owner = owners[index]
            given[owner].append((index, keys))
            expected[owner] += 1
            kept.append(index)
            if len(given[owner]) == KEYS_AT_ONCE:
                crew.send(owner, given[owner])
                given[owner] = []
    for worker in workers:
        crew.send(worker, given[worker])
        crew.send(worker, None)
    yield render(load_template(), head.context())
    texts: list[deque[str]] = [deque() for _ in workers]
    piece: list[str] = []
    size = 0
    for index in kept:
        owner = owners[index]
        while not texts[owner]:
            for worker in crew.ready([worker for worker in workers if expected[worker]]):
                batch = crew.receive(worker)
                expected[worker] -= len(batch)
                texts[worker].extend(batch)
        text = texts[owner].popleft()
        piece.append(text)
        size += len(text)
        if size >= PIECE_SIZE:
            yield "".join(piece)
            piece, size = [], 0
    if piece:
        yield "".join(piece)
