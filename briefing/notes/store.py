"""The notes store: every briefing's notes file, written under a lock, with undo."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from briefing.anchoring import fold_needle
from briefing.model import ISSUE_STATUSES, Briefing, BriefingError, IssueStatus, Problem
from briefing.notes.anchoring import _Anchorer
from briefing.notes.changes import _Change, _merge_into, _NoteChange, _TagChange
from briefing.notes.fileformat import _load, _to_text
from briefing.notes.model import (
    READING_STATES,
    BriefingNotes,
    Reading,
    Record,
    TargetRef,
    TextSelector,
    _copy,
    _now,
    clean,
    normalise_note,
    normalise_tag,
)
from briefing.safety import atomic_write

LOCK_TIMEOUT = 10.0
HISTORY_LIMIT = 1000

#: A notes file's (mtime, size, inode) and its header's (body hash, article), or None when
#: the file cannot be read.
_Stamped = tuple[tuple[int, int, int], tuple[str, str] | None]
_NOTES_NAME = re.compile(r"^(?P<stem>.+)-[0-9a-f]{8}(?:-\d+)?\.yaml$")
_R = TypeVar("_R")


def _blank(notes: BriefingNotes) -> BriefingNotes:
    """Empty notes with the header of ``notes``."""
    return BriefingNotes(notes.path, notes.article, notes.body_hash, notes.title, notes.date)


def _safe_stem(stem: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "briefing"
    return cleaned[:80]


def _backup_path(path: Path, data: bytes) -> Path:
    return path.with_name(f"{path.name}.{hashlib.sha256(data).hexdigest()[:8]}.bak")


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``NAME.yaml.lock`` (a lock on the data file itself
    would be lost by ``os.replace``)."""
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BriefingError(
                        Problem(
                            "error",
                            path,
                            "the notes file stayed locked by another process",
                            hint="close other copies of briefing that have this briefing open",
                        )
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.02)
        yield
    finally:
        os.close(fd)


@dataclass
class _Index:
    """The store's notes files by the body hash and the article path in their headers, and
    those whose header cannot be read, each list in folder order."""

    by_hash: dict[str, list[Path]] = field(default_factory=dict)
    by_article: dict[str, list[Path]] = field(default_factory=dict)
    broken: list[Path] = field(default_factory=list)

    def add(self, path: Path, header: tuple[str, str] | None) -> None:
        if header is None:
            self.broken.append(path)
            return
        body_hash, article = header
        self.by_hash.setdefault(body_hash, []).append(path)
        self.by_article.setdefault(article, []).append(path)


class NotesStore:
    """Every briefing's notes under one folder, plus the session's undo history."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._open: dict[Path, BriefingNotes] = {}
        self._undo: list[tuple[Path, _Change]] = []
        self._redo: list[tuple[Path, _Change]] = []
        #: Per notes file: its (mtime, size, inode) and its (body hash, article), or None when
        #: it cannot be read. Saves re-parsing every file each time a briefing opens.
        self._headers: dict[Path, _Stamped] = {}
        #: Every notes file by its header, valid while the folder's mtime is unchanged (a
        #: save replaces a file, which changes it): opening a briefing need not stat them all.
        self._index: tuple[int, _Index] | None = None

    # reading

    def open(self, briefing: Briefing) -> BriefingNotes:
        """The notes of ``briefing`` (empty when there are none), re-anchored against it, and
        kept for this session's undo and redo."""
        notes = self.read(briefing)
        self._open[notes.path] = notes
        return notes

    def read(self, briefing: Briefing) -> BriefingNotes:
        """The notes of ``briefing`` like ``open``, for reading only: the store keeps nothing
        of them (an export of a whole library need not hold every briefing at once)."""
        article = briefing.article
        body_hash = article.body_hash() if article else ""
        real = os.path.realpath(briefing.path)
        path = self._locate(briefing, body_hash, real)
        notes = BriefingNotes(path=path, article=Path(real), body_hash=body_hash)
        if path.exists():
            try:
                stored = _load(path)
            except BriefingError as exc:
                self._mark_broken(notes, exc.problem)
            else:
                notes.records, notes.reading, notes.statuses = (
                    stored.records,
                    stored.reading,
                    stored.statuses,
                )
                notes.body_hash = body_hash or stored.body_hash
        notes.title = briefing.title
        notes.date = briefing.date.isoformat() if briefing.date else ""
        notes.briefing = briefing
        notes._anchorer = _Anchorer(briefing)
        for record in notes.records.values():
            notes._anchorer.place(record)
        return notes

    def all_notes(self) -> list[BriefingNotes]:
        """Every notes file in the store, read without the articles (nothing is re-anchored)."""
        found: list[BriefingNotes] = []
        for path in self._files():
            try:
                notes = _load(path)
            except BriefingError as exc:
                notes = BriefingNotes(path=path, article=Path(), body_hash="")
                self._mark_broken(notes, exc.problem)
            self._open.setdefault(path, notes)
            found.append(notes)
        return found

    def used_tags(self) -> list[str]:
        """Every tag in the store, most used first (ties alphabetically)."""
        counts = Counter(
            tag
            for notes in self.all_notes()
            for record in notes.records.values()
            for tag in record.tags
        )
        return sorted(counts, key=lambda tag: (-counts[tag], tag))

    # tags and notes (undoable)

    def toggle_tag(self, notes: BriefingNotes, ref: TargetRef, tag: str) -> bool:
        """Add ``tag`` to ``ref`` or take it off; True when it is now tagged."""
        tag = self._tag(tag)
        if tag in notes.tags_of(ref):
            self.remove_tag(notes, ref, tag)
        else:
            self.add_tag(notes, ref, tag)
        return tag in notes.tags_of(ref)

    def add_tag(self, notes: BriefingNotes, ref: TargetRef, tag: str) -> None:
        self._change(notes, _TagChange(self._base(notes, ref), self._tag(tag), add=True))

    def remove_tag(self, notes: BriefingNotes, ref: TargetRef, tag: str) -> None:
        self._change(notes, _TagChange(self._base(notes, ref), self._tag(tag), add=False))

    def set_note(self, notes: BriefingNotes, ref: TargetRef, text: str) -> None:
        """Set the note on ``ref``; an empty (or blank) text removes it."""
        self._change(notes, _NoteChange(self._base(notes, ref), normalise_note(text)))

    def undo(self) -> BriefingNotes | None:
        """Undo the last tag or note change of this session; the notes it changed."""
        return self._replay(self._undo, self._redo)

    def redo(self) -> BriefingNotes | None:
        return self._replay(self._redo, self._undo)

    # other changes (not in the undo history)

    def set_reading(self, notes: BriefingNotes, state: Reading) -> None:
        if state not in READING_STATES:
            raise ValueError(f"reading state must be one of {READING_STATES}, not {state!r}")

        def apply(fresh: BriefingNotes) -> bool | None:
            changed = fresh.reading != state
            fresh.reading = state
            return changed or None

        self._commit(notes, apply)

    def set_status(self, notes: BriefingNotes, item_id: str, status: IssueStatus) -> None:
        """Override an open issue's status; setting the annotation's own status clears it."""
        if status not in ISSUE_STATUSES:
            raise ValueError(f"status must be one of {ISSUE_STATUSES}, not {status!r}")
        item = notes.briefing.item(item_id) if notes.briefing else None
        own = getattr(item, "status", None)

        def apply(fresh: BriefingNotes) -> bool | None:
            before = fresh.statuses.get(item_id)
            if status == own:
                fresh.statuses.pop(item_id, None)
            else:
                fresh.statuses[item_id] = status
            return fresh.statuses.get(item_id) != before or None

        self._commit(notes, apply)

    def accept_candidate(self, notes: BriefingNotes, target: str) -> None:
        """Re-attach an orphan to its candidate: a sentence takes the candidate's place, an
        item record moves to the candidate item (merging with any record already there)."""
        record = notes.records.get(target)
        if record is None or record.candidate is None:
            raise ValueError(f"{target!r} has no candidate to accept")
        candidate, new_target = record.candidate, record.candidate_target
        if new_target is None:
            existing = notes.sentence_at(candidate.start, candidate.end)
            new_target = existing.target if existing is not None else target
        old_selector = record.selector

        def apply(fresh: BriefingNotes) -> bool | None:
            moving = fresh.records.get(target)
            if moving is None or moving.selector != old_selector:
                return None  # changed meanwhile by another process: leave it alone
            if record.kind == "sentence":
                moving.selector = candidate
            moving.text, moving.rejected = candidate.exact, []
            if new_target != target:
                del fresh.records[target]
                if new_target in fresh.records:
                    _merge_into(fresh.records[new_target], moving)
                else:
                    fresh.records[new_target] = replace(moving, target=new_target)
            fresh.records[new_target].updated = _now()
            return True

        self._commit(notes, apply)

    def reject_candidate(self, notes: BriefingNotes, target: str) -> None:
        """Refuse an orphan's candidate; it is never offered again (the next best may be)."""
        record = notes.records.get(target)
        if record is None or record.candidate is None:
            raise ValueError(f"{target!r} has no candidate to reject")
        refused = record.candidate_target or fold_needle(record.candidate.exact)

        def apply(fresh: BriefingNotes) -> bool | None:
            stored = fresh.records.get(target)
            if stored is None or refused in stored.rejected:
                return None
            stored.rejected.append(refused)
            stored.updated = _now()
            return True

        self._commit(notes, apply)

    def repair(self, notes: BriefingNotes) -> Path:
        """Make broken notes usable again: back the file up, then start it afresh.

        Returns the backup's path (also in ``notes.backup``). If the file has been fixed by
        hand meanwhile, it is simply read again and nothing is overwritten.
        """
        if not notes.read_only:
            raise ValueError("only unreadable notes need repair")
        data = notes.path.read_bytes()
        backup = _backup_path(notes.path, data)
        if not backup.exists():
            atomic_write(backup, data)
        notes.backup = backup
        with _locked(notes.path):
            try:
                fresh = _load(notes.path)
            except BriefingError:
                fresh = _blank(notes)
                atomic_write(notes.path, _to_text(fresh))
        notes.read_only, notes.problem = False, None
        self._refresh(notes, fresh)
        return backup

    # internals

    def _files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.glob("*.yaml") if not p.name.startswith("."))

    def _header(self, path: Path) -> tuple[str, str] | None:
        try:
            info = path.stat()
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        cached = self._headers.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            stored = _load(path)
            header: tuple[str, str] | None = (stored.body_hash, str(stored.article))
        except BriefingError:
            header = None
        self._headers[path] = (stamp, header)
        return header

    def prepare(self) -> None:
        """Read every notes file's header now, so the first ``open`` is quick. The app calls
        it from a worker at start-up; it only fills caches, so a race costs repeated work."""
        self._indexed()

    def read_headers(self, part: int, parts: int) -> dict[Path, _Stamped]:
        """Read the headers of one ``part`` of ``parts`` of the notes files (every ``parts``-th
        from the ``part``-th), for processes that share out the reading of a large folder
        and each ``learn_headers`` from the others."""
        for path in self._files()[part::parts]:
            self._header(path)
        return dict(self._headers)

    def learn_headers(self, headers: dict[Path, _Stamped]) -> None:
        """Take headers another store read (``read_headers``). Each is still checked against
        its file's size, time and inode before it is used, as this store's own are."""
        for path, stamped in headers.items():
            self._headers.setdefault(path, stamped)

    def _indexed(self) -> _Index:
        try:
            stamp = self.root.stat().st_mtime_ns
        except OSError:
            return _Index()
        if self._index is None or self._index[0] != stamp:
            index = _Index()
            for path in self._files():
                index.add(path, self._header(path))
            self._index = (stamp, index)
        return self._index[1]

    def _locate(self, briefing: Briefing, body_hash: str, article: str) -> Path:
        """Which notes file belongs to ``briefing`` (whose real path is ``article``): one
        holding its body hash (it was moved or renamed), else one naming its path (it was
        edited), else a new name. An unreadable file is claimed by its name, so broken notes
        are reported rather than bypassed."""
        stem = _safe_stem(briefing.path.stem)
        default = self.root / (f"{stem}-{body_hash[:8]}.yaml" if body_hash else f"{stem}.yaml")
        index = self._indexed()
        broken = [
            path
            for path in index.broken
            if path == default
            or ((match := _NOTES_NAME.match(path.name)) is not None and match["stem"] == stem)
        ]
        by_hash = index.by_hash.get(body_hash, []) if body_hash else []
        by_hash = sorted(by_hash, key=lambda p: self._headers[p][1] != (body_hash, article))
        by_path = [p for p in index.by_article.get(article, []) if p not in by_hash]
        if default in broken:
            return default
        for found in (by_hash, by_path, broken):
            if found:
                return found[0]
        counter = 1
        while default.exists():  # a name taken by another briefing's notes
            counter += 1
            default = self.root / f"{stem}-{body_hash[:8]}-{counter}.yaml"
        return default

    def _mark_broken(self, notes: BriefingNotes, problem: Problem) -> None:
        notes.read_only, notes.problem = True, problem
        try:
            backup = _backup_path(notes.path, notes.path.read_bytes())
            notes.backup = backup if backup.exists() else None
        except OSError:
            notes.backup = None

    @staticmethod
    def _tag(tag: str) -> str:
        normal = normalise_tag(tag)
        if not normal:
            raise ValueError(f"{tag!r} is not a usable tag: use letters and digits")
        return normal

    @staticmethod
    def _base(notes: BriefingNotes, ref: TargetRef) -> Record:
        """A snapshot of the record on ``ref``, or a new one, to (re)create it from."""
        existing = notes.record_for(ref)
        if existing is not None:
            return _copy(existing)
        now = _now()
        return Record(ref.target, ref.kind, clean(ref.text), [], "", ref.selector, now, now)

    def _change(self, notes: BriefingNotes, change: _Change) -> None:
        self._open[notes.path] = notes  # undo hands back the notes object last changed
        inverse = self._apply(notes, change)
        if inverse is not None:
            self._undo.append((notes.path, inverse))
            del self._undo[:-HISTORY_LIMIT]
            self._redo.clear()

    def _replay(
        self, source: list[tuple[Path, _Change]], target: list[tuple[Path, _Change]]
    ) -> BriefingNotes | None:
        if not source:
            return None
        path, change = source[-1]
        notes = self._open[path]
        inverse = self._apply(notes, change)
        source.pop()
        if inverse is not None:
            target.append((path, inverse))
        return notes

    def _apply(self, notes: BriefingNotes, change: _Change) -> _Change | None:
        """Commit an undoable change; its inverse, or None when it changed nothing."""

        def apply(fresh: BriefingNotes) -> _Change | None:
            return change.apply(fresh, _now())

        return self._commit(notes, apply)

    def _commit(self, notes: BriefingNotes, apply: Callable[[BriefingNotes], _R]) -> _R:
        """Apply a change to the file as it is on disk now, under the lock, and save it.

        ``apply`` changes the freshly read notes and returns None when nothing changed.
        """
        if notes.read_only:
            assert notes.problem is not None
            raise BriefingError(notes.problem)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with _locked(notes.path):
                try:
                    fresh = _load(notes.path) if notes.path.exists() else None
                except BriefingError as exc:
                    self._mark_broken(notes, exc.problem)
                    raise
                if fresh is None:
                    fresh = _blank(notes)
                result = apply(fresh)
                if result is not None:
                    self._rebase(notes, fresh)
                    self._remove_stale_temporaries(notes.path)
                    atomic_write(notes.path, _to_text(fresh))
        except OSError as exc:
            raise BriefingError(
                Problem(
                    "error",
                    notes.path,
                    f"cannot save the notes: {exc.strerror or exc}",
                    hint="check that the notes folder exists and is writable (--notes-dir)",
                )
            ) from None
        self._refresh(notes, fresh)
        return result

    @staticmethod
    def _rebase(notes: BriefingNotes, fresh: BriefingNotes) -> None:
        """Before writing: the header as this process sees the briefing, and each record
        found again after an edit stored at its new place, so the file matches the article."""
        briefing = notes.briefing
        if briefing is None:
            return  # listed without the article: keep what the file says
        fresh.article, fresh.title, fresh.date = notes.article, notes.title, notes.date
        fresh.body_hash = notes.body_hash or fresh.body_hash
        for target, record in fresh.records.items():
            mine = notes.records.get(target)
            if mine is None or mine.orphan or mine.selector != record.selector:
                continue
            if record.kind == "sentence" and mine.span is not None and briefing.article:
                record.selector = TextSelector.from_span(briefing.article, mine.span)
                record.text = record.selector.exact
            elif (item := briefing.item(target)) is not None:
                record.text = item.text

    @staticmethod
    def _remove_stale_temporaries(path: Path) -> None:
        """Temporary files ``atomic_write`` left behind when a writer was killed; under the
        lock no live writer of this file can own one."""
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            stale.unlink(missing_ok=True)

    @staticmethod
    def _refresh(notes: BriefingNotes, fresh: BriefingNotes) -> None:
        """Take the saved state into ``notes``, re-anchoring only records that changed."""
        for target, record in fresh.records.items():
            mine = notes.records.get(target)
            if mine is not None and mine.selector == record.selector and mine.kind == record.kind:
                record.span, record.orphan = mine.span, mine.orphan
                record.candidate, record.candidate_target = mine.candidate, mine.candidate_target
                if mine.rejected == record.rejected:
                    continue
            if notes._anchorer is not None:
                notes._anchorer.place(record)
        notes.records, notes.reading, notes.statuses = fresh.records, fresh.reading, fresh.statuses
        if notes.briefing is None:
            notes.article, notes.body_hash = fresh.article, fresh.body_hash
            notes.title, notes.date = fresh.title, fresh.date
