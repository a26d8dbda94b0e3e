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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeAlias, TypeVar, cast, get_args

from briefing.anchoring import fold_needle, sentences
from briefing.article import read_text
from briefing.model import (
    ISSUE_STATUSES,
    Article,
    Briefing,
    BriefingError,
    IssueStatus,
    Item,
    ItemKind,
    Problem,
    Span,
    content_id,
)
from briefing.safety import REPLACEMENT, atomic_write, sanitize
from briefing.yamlio import Located, dump, parse

TAG_DEFAULTS: dict[int, str] = {
    1: "key",
    2: "follow-up",
    3: "question",
    4: "disputed",
    5: "figure-check",
}
Reading = Literal["new", "read", "done"]
READING_STATES: tuple[Reading, ...] = ("new", "read", "done")
ITEM_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
FORMAT_VERSION = 1
#: Characters of context kept on each side of a sentence (W3C TextQuoteSelector prefix/suffix).
CONTEXT = 32
#: rapidfuzz ratio (0-100) at which an edited sentence counts as the same sentence.
FOUND_SCORE = 90.0
#: Lowest ratio still offered to the user as a candidate for an orphaned sentence.
CANDIDATE_SCORE = 50.0
#: Lowest rapidfuzz WRatio offered for an orphaned item. Items are short ("400%" becoming
#: "around 400%" scores 46 by plain ratio), so a scorer that credits containment is used.
ITEM_CANDIDATE_SCORE = 75.0
MAX_TAG_LENGTH = 64
LOCK_TIMEOUT = 10.0
HISTORY_LIMIT = 1000

_TAG_ALLOWED = re.compile(r"[^\w\-./+&:]")
_DASHES = re.compile(r"-{2,}")
_NOTES_NAME = re.compile(r"^(?P<stem>.+)-[0-9a-f]{8}(?:-\d+)?\.yaml$")
_HEADER = (
    "# Tags and notes for one briefing, kept by `briefing`.\n"
    "# You may edit this file by hand; keep it valid YAML or the app will leave it alone.\n"
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """``sanitize``, and lone surrogates (which cannot be written as UTF-8) made visible."""
    return _SURROGATE.sub(REPLACEMENT, sanitize(text))


def normalise_tag(text: str) -> str:
    """A tag as stored: sanitized, trimmed, a leading ``#`` dropped, spaces to ``-``,
    lower case, only letters, digits and ``- _ . / + & :``; ``""`` when nothing is left."""
    tag = "-".join(clean(text).strip().lstrip("#").lower().split())
    tag = _DASHES.sub("-", _TAG_ALLOWED.sub("", tag)).strip("-")
    return tag[:MAX_TAG_LENGTH].rstrip("-")


def normalise_note(text: str) -> str:
    """A note as stored: sanitized, Unicode line separators as newlines, outer blank space
    trimmed; ``""`` means no note."""
    text = clean(text).replace("\u2028", "\n").replace("\u2029", "\n")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class TextSelector:
    """Where a sentence stood: its exact text, the text around it, its offsets and paragraph."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    paragraph: int

    @classmethod
    def from_span(cls, article: Article, span: Span) -> TextSelector:
        body = article.body
        return cls(
            exact=body[span.start : span.end],
            prefix=body[max(0, span.start - CONTEXT) : span.start],
            suffix=body[span.end : span.end + CONTEXT],
            start=span.start,
            end=span.end,
            paragraph=span.paragraph,
        )

    @property
    def span(self) -> Span:
        return Span(self.paragraph, self.start, self.end)


@dataclass(frozen=True)
class TargetRef:
    """What the reader has focused: an annotation item or a sentence of the article."""

    target: str
    kind: ItemKind
    text: str
    selector: TextSelector | None = None


def ref_for_item(item: Item) -> TargetRef:
    return TargetRef(item.id, item.kind, item.text)


def ref_for_sentence(article: Article, span: Span) -> TargetRef:
    """A sentence's ref; its id depends only on the sentence's text and start offset."""
    selector = TextSelector.from_span(article, span)
    target = content_id("sentence", selector.exact, str(span.start))
    return TargetRef(target, "sentence", selector.exact, selector)


@dataclass
class Record:
    """The tags and note on one target, and where that target is now."""

    target: str
    kind: ItemKind
    text: str
    tags: list[str] = field(default_factory=list)
    note: str = ""
    selector: TextSelector | None = None
    created: str = ""
    updated: str = ""
    #: Where the target is now, after re-anchoring (items: the item's anchor). Not stored.
    span: Span | None = None
    #: True when the target can no longer be found. Not stored: worked out on every open.
    orphan: bool = False
    #: The best match offered for an orphan, which the user accepts or rejects.
    candidate: TextSelector | None = None
    #: For an orphaned annotation item: the id of the item ``candidate`` shows.
    candidate_target: str | None = None
    #: Candidate texts (or item ids) the user rejected; never offered again.
    rejected: list[str] = field(default_factory=list)

    @property
    def ref(self) -> TargetRef:
        return TargetRef(self.target, self.kind, self.text, self.selector)

    @property
    def empty(self) -> bool:
        return not self.tags and not self.note


def _copy(record: Record) -> Record:
    return replace(record, tags=list(record.tags), rejected=list(record.rejected))


@dataclass
class BriefingNotes:
    """Everything stored for one briefing, re-anchored against it when opened from one."""

    path: Path
    article: Path
    body_hash: str
    title: str = ""
    date: str = ""
    records: dict[str, Record] = field(default_factory=dict)
    reading: Reading = "new"
    statuses: dict[str, IssueStatus] = field(default_factory=dict)
    read_only: bool = False
    problem: Problem | None = None
    backup: Path | None = None
    #: The briefing the records were anchored against; None when listed without it.
    briefing: Briefing | None = field(default=None, repr=False, compare=False)
    _anchorer: _Anchorer | None = field(default=None, repr=False, compare=False)

    def tagged(self) -> list[Record]:
        """Records with at least one tag or a note, in article order where known."""
        found = [record for record in self.records.values() if not record.empty]
        return sorted(
            found,
            key=lambda r: (r.span is None, r.span.start if r.span else 0, r.created),
        )

    def orphans(self) -> list[Record]:
        return [record for record in self.records.values() if record.orphan]

    def record_for(self, ref: TargetRef) -> Record | None:
        """The record on ``ref``: by id, or for a sentence, the record now anchored at it."""
        record = self.records.get(ref.target)
        if record is None and ref.selector is not None:
            record = self.sentence_at(ref.selector.start, ref.selector.end)
        return record

    def sentence_at(self, start: int, end: int) -> Record | None:
        """The sentence record anchored at body offsets ``[start, end)`` now, if any."""
        for record in self.records.values():
            span = record.span
            if record.kind == "sentence" and span and (span.start, span.end) == (start, end):
                return record
        return None

    def tags_of(self, ref: TargetRef) -> list[str]:
        record = self.record_for(ref)
        return list(record.tags) if record else []


# --- the file format ---------------------------------------------------------------------


def _to_text(notes: BriefingNotes) -> str:
    records: dict[str, dict[str, Any]] = {}
    for target, record in notes.records.items():
        entry: dict[str, Any] = {"kind": record.kind, "text": record.text, "tags": record.tags}
        if record.note:
            entry["note"] = record.note
        if record.selector is not None:
            selector = record.selector
            entry["selector"] = {
                "exact": selector.exact,
                "prefix": selector.prefix,
                "suffix": selector.suffix,
                "start": selector.start,
                "end": selector.end,
                "paragraph": selector.paragraph,
            }
        if record.rejected:
            entry["rejected"] = record.rejected
        entry["created"] = record.created
        entry["updated"] = record.updated
        records[target] = entry
    data = {
        "version": FORMAT_VERSION,
        # An empty path (notes listed without their article) is written as "", not ".".
        "article": "" if notes.article == Path() else str(notes.article),
        "body_hash": notes.body_hash,
        "title": notes.title,
        "date": notes.date,
        "reading": notes.reading,
        "statuses": dict(notes.statuses),
        "records": records,
    }
    return _HEADER + dump(data)


class _Format:
    """Reads a parsed notes file strictly; the first thing wrong raises, with its location."""

    TOP = ("version", "article", "body_hash", "title", "date", "reading", "statuses", "records")
    RECORD = ("kind", "text", "tags", "note", "selector", "rejected", "created", "updated")
    SELECTOR = ("exact", "prefix", "suffix", "start", "end", "paragraph")

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, at: Located, message: str, hint: str) -> BriefingError:
        return BriefingError(Problem("error", self.path, message, at.line, at.column, hint))

    def mapping(self, at: Located, what: str, known: tuple[str, ...]) -> dict[str, Located]:
        if at.value is None:
            return {}
        if not isinstance(at.value, dict):
            raise self.fail(at, f"{what} must be a mapping", "write `key: value` lines")
        for key, (line, column) in (at.keys or {}).items():
            if known and key not in known:
                raise BriefingError(
                    Problem(
                        "error",
                        self.path,
                        f"unknown key {key!r} in {what}",
                        line,
                        column,
                        f"known keys: {', '.join(known)}",
                    )
                )
        return cast(dict[str, Located], at.value)

    def text(self, fields: dict[str, Located], key: str) -> str:
        at = fields.get(key)
        if at is None or at.value is None:
            return ""
        if not isinstance(at.value, str):
            raise self.fail(at, f"`{key}` must be text", "write it on one line or quote it")
        return sanitize(at.value)

    def number(self, fields: dict[str, Located], key: str, parent: Located) -> int:
        text = self.text(fields, key)
        if not text.isdigit():
            at = fields.get(key, parent)
            raise self.fail(at, f"`{key}` must be a whole number", f"got {text!r}")
        return int(text)

    def choice(
        self, fields: dict[str, Located], key: str, options: tuple[str, ...], parent: Located
    ) -> str:
        text = self.text(fields, key)
        if text not in options:
            at = fields.get(key, parent)
            raise self.fail(at, f"`{key}` must be one of {', '.join(options)}", f"got {text!r}")
        return text

    def strings(self, fields: dict[str, Located], key: str) -> list[tuple[str, Located]]:
        at = fields.get(key)
        if at is None or at.value is None:
            return []
        if not isinstance(at.value, list):
            raise self.fail(at, f"`{key}` must be a list", "write it as [a, b] or `- a` lines")
        found: list[tuple[str, Located]] = []
        for entry in at.value:
            if not isinstance(entry.value, str):
                raise self.fail(entry, f"each of `{key}` must be text", "")
            found.append((sanitize(entry.value), entry))
        return found

    def read(self, root: Located | None) -> BriefingNotes:
        top = self.mapping(root, "the notes file", self.TOP) if root else {}
        version = self.text(top, "version") or str(FORMAT_VERSION)
        if version != str(FORMAT_VERSION):
            raise self.fail(
                top["version"],
                f"notes format version {version} is not known here",
                "it was written by a newer `briefing`; upgrade to edit these notes",
            )
        notes = BriefingNotes(
            path=self.path,
            article=Path(self.text(top, "article")),
            body_hash=self.text(top, "body_hash"),
            title=self.text(top, "title"),
            date=self.text(top, "date"),
        )
        if "reading" in top:
            notes.reading = cast(
                Reading, self.choice(top, "reading", READING_STATES, top["reading"])
            )
        if "statuses" in top:
            statuses = self.mapping(top["statuses"], "`statuses`", ())
            for item_id in statuses:
                status = self.choice(statuses, item_id, ISSUE_STATUSES, top["statuses"])
                notes.statuses[sanitize(item_id)] = cast(IssueStatus, status)
        if "records" in top:
            records = top["records"]
            for target, at in self.mapping(records, "`records`", ()).items():
                line, column = (records.keys or {})[target]
                key = Located(target, line, column)
                notes.records[sanitize(target)] = self.record(sanitize(target), at, key)
        return notes

    def record(self, target: str, at: Located, key: Located) -> Record:
        fields = self.mapping(at, f"record {target!r}", self.RECORD)
        kind = cast(ItemKind, self.choice(fields, "kind", ITEM_KINDS, at))
        tags: list[str] = []
        for raw, where in self.strings(fields, "tags"):
            tag = normalise_tag(raw)
            if not tag:
                raise self.fail(where, f"{raw!r} is not a usable tag", "use letters and digits")
            if tag not in tags:
                tags.append(tag)
        selector = None
        if "selector" in fields:
            where = fields["selector"]
            parts = self.mapping(where, "`selector`", self.SELECTOR)
            selector = TextSelector(
                exact=self.text(parts, "exact"),
                prefix=self.text(parts, "prefix"),
                suffix=self.text(parts, "suffix"),
                start=self.number(parts, "start", where),
                end=self.number(parts, "end", where),
                paragraph=self.number(parts, "paragraph", where),
            )
        if kind == "sentence" and selector is None:
            raise self.fail(key, "a sentence record needs a `selector`", "restore it or remove it")
        return Record(
            target=target,
            kind=kind,
            text=self.text(fields, "text"),
            tags=tags,
            note=normalise_note(self.text(fields, "note")),
            selector=selector,
            created=self.text(fields, "created"),
            updated=self.text(fields, "updated"),
            rejected=[text for text, _ in self.strings(fields, "rejected")],
        )


def _load(path: Path) -> BriefingNotes:
    """Read a notes file; raises ``BriefingError`` with the location of whatever is wrong,
    its hint saying that the notes are read-only until it is fixed."""
    try:
        return _Format(path).read(parse(read_text(path), path))
    except BriefingError as exc:
        hint = exc.problem.hint
        problem = replace(exc.problem, hint=f"{hint}; {_BROKEN_HINT}" if hint else _BROKEN_HINT)
        raise BriefingError(problem) from None


_BROKEN_HINT = (
    "these notes are read-only until the file is fixed: correct it by hand, "
    "or repair it (a backup copy is kept)"
)


# --- re-anchoring ------------------------------------------------------------------------


def _common_prefix(a: str, b: str) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[count] == b[count]:
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


class _Anchorer:
    """Finds stored targets in the briefing as it is now."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.article = briefing.article
        self._sentences: list[tuple[Span, str]] | None = None
        annotation = briefing.annotation
        unreadable = any(
            p.severity == "error" and p.path == annotation.path for p in briefing.problems
        )
        #: When the annotation could not be read, missing items say nothing about orphans.
        self.items_known = not (unreadable and not annotation.items())

    def place(self, record: Record) -> None:
        """Set ``span``, ``orphan`` and ``candidate`` of ``record``."""
        record.span, record.orphan = None, False
        record.candidate = record.candidate_target = None
        if record.kind == "sentence":
            self._place_sentence(record)
        else:
            self._place_item(record)

    def _place_item(self, record: Record) -> None:
        item = self.briefing.item(record.target)
        if item is not None:
            record.span = getattr(item, "anchor", None)
            return
        record.orphan = self.items_known
        if not record.orphan:
            return
        from rapidfuzz import fuzz, utils

        best: tuple[float, Item] | None = None
        for other in self.briefing.annotation.items():
            if other.kind != record.kind or other.id in record.rejected:
                continue
            score = fuzz.WRatio(record.text, other.text, processor=utils.default_process)
            if score >= ITEM_CANDIDATE_SCORE and (best is None or score > best[0]):
                best = (score, other)
        if best is not None:
            item = best[1]
            anchor: Span | None = getattr(item, "anchor", None)
            if anchor is not None and self.article is not None:
                record.candidate = replace(
                    TextSelector.from_span(self.article, anchor), exact=item.text
                )
            else:
                record.candidate = TextSelector(item.text, "", "", 0, 0, 0)
            record.candidate_target = item.id

    def _place_sentence(self, record: Record) -> None:
        selector, article = record.selector, self.article
        if selector is None or article is None:
            return  # without the article nothing can be said either way
        body = article.body
        if body[selector.start : selector.end] == selector.exact and selector.exact:
            record.span = Span(article.paragraph_at(selector.start), selector.start, selector.end)
            return
        found = self._exact(selector, body)
        if found is not None:
            record.span = Span(article.paragraph_at(found), found, found + len(selector.exact))
            return
        match = self._fuzzy(selector, record.rejected)
        if match is None:
            record.orphan = True
        elif match[0] >= FOUND_SCORE:
            record.span = match[1]
        else:
            record.orphan = True
            record.candidate = TextSelector.from_span(article, match[1])

    @staticmethod
    def _exact(selector: TextSelector, body: str) -> int | None:
        """Every occurrence of the exact text, the one whose surroundings agree best
        with the stored prefix and suffix, then the nearest to where it was."""
        best: tuple[int, int, int] | None = None
        if not selector.exact:
            return None
        position = body.find(selector.exact)
        while position >= 0:
            end = position + len(selector.exact)
            agreement = _common_suffix(
                selector.prefix, body[max(0, position - CONTEXT) : position]
            ) + _common_prefix(selector.suffix, body[end : end + CONTEXT])
            score = (agreement, -abs(position - selector.start), position)
            if best is None or score[:2] > best[:2]:
                best = score
            position = body.find(selector.exact, position + 1)
        return best[2] if best else None

    def _fuzzy(self, selector: TextSelector, rejected: list[str]) -> tuple[float, Span] | None:
        from rapidfuzz import fuzz, utils

        if self._sentences is None:
            assert self.article is not None
            body = self.article.body
            self._sentences = [
                (span, fold_needle(body[span.start : span.end])) for span in sentences(self.article)
            ]
        needle = fold_needle(selector.exact)
        best: tuple[float, int, Span] | None = None
        for span, text in self._sentences:
            if text in rejected:
                continue
            score = fuzz.ratio(needle, text, processor=utils.default_process)
            rank = (score, -abs(span.start - selector.start))
            if score >= CANDIDATE_SCORE and (best is None or rank > best[:2]):
                best = (score, rank[1], span)
        return (best[0], best[2]) if best else None


# --- changes -----------------------------------------------------------------------------


def _record_in(notes: BriefingNotes, base: Record) -> Record:
    """The record for ``base.target`` in ``notes``, or a new empty one (not yet inserted)."""
    record = notes.records.get(base.target)
    if record is not None:
        return record
    return replace(_copy(base), tags=[], note="", rejected=[])


def _settle(notes: BriefingNotes, record: Record, now: str) -> None:
    """Store ``record`` after a change; a record with no tags and no note leaves the file."""
    record.updated = now
    if record.empty:
        notes.records.pop(record.target, None)
    else:
        notes.records[record.target] = record


@dataclass(frozen=True)
class _TagChange:
    """Add or remove one tag on one record. ``base`` recreates the record when it is gone."""

    base: Record
    tag: str
    add: bool
    #: Where to put the tag back when undoing a removal.
    index: int | None = None

    def apply(self, notes: BriefingNotes, now: str) -> _Change | None:
        record = _record_in(notes, self.base)
        if self.add == (self.tag in record.tags):
            return None
        before = _copy(record)
        if self.add:
            index = len(record.tags) if self.index is None else self.index
            record.tags.insert(min(index, len(record.tags)), self.tag)
            inverse = _TagChange(before, self.tag, add=False)
        else:
            index = record.tags.index(self.tag)
            record.tags.remove(self.tag)
            inverse = _TagChange(before, self.tag, add=True, index=index)
        _settle(notes, record, now)
        return inverse


@dataclass(frozen=True)
class _NoteChange:
    base: Record
    text: str

    def apply(self, notes: BriefingNotes, now: str) -> _Change | None:
        record = _record_in(notes, self.base)
        if record.note == self.text:
            return None
        before = _copy(record)
        record.note = self.text
        _settle(notes, record, now)
        return _NoteChange(before, before.note)


_Change: TypeAlias = "_TagChange | _NoteChange"
_R = TypeVar("_R")


def _merge_into(target: Record, other: Record) -> None:
    """Fold ``other``'s tags and note into ``target`` (accepting a candidate already tagged)."""
    target.tags += [tag for tag in other.tags if tag not in target.tags]
    if other.note and other.note != target.note:
        target.note = f"{target.note}\n\n{other.note}" if target.note else other.note
    target.created = min(target.created, other.created) or other.created


# --- the store ---------------------------------------------------------------------------


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


class NotesStore:
    """Every briefing's notes under one folder, plus the session's undo history."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._open: dict[Path, BriefingNotes] = {}
        self._undo: list[tuple[Path, _Change]] = []
        self._redo: list[tuple[Path, _Change]] = []
        #: Per notes file: its (mtime, size, inode) and its (body hash, article), or None when
        #: it cannot be read. Saves re-parsing every file each time a briefing opens.
        self._headers: dict[Path, tuple[tuple[int, int, int], tuple[str, str] | None]] = {}

    # reading

    def open(self, briefing: Briefing) -> BriefingNotes:
        """The notes of ``briefing`` (empty when there are none), re-anchored against it."""
        article = briefing.article
        body_hash = article.body_hash() if article else ""
        path = self._locate(briefing, body_hash)
        notes = BriefingNotes(
            path=path, article=Path(os.path.realpath(briefing.path)), body_hash=body_hash
        )
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
        self._open[path] = notes
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

    def _locate(self, briefing: Briefing, body_hash: str) -> Path:
        """Which notes file belongs to ``briefing``: one holding its body hash (it was moved
        or renamed), else one naming its path (it was edited), else a new name. An unreadable
        file is claimed by its name, so broken notes are reported rather than bypassed."""
        stem = _safe_stem(briefing.path.stem)
        default = self.root / (f"{stem}-{body_hash[:8]}.yaml" if body_hash else f"{stem}.yaml")
        article = os.path.realpath(briefing.path)
        by_hash: list[Path] = []
        by_path: list[Path] = []
        broken: list[Path] = []
        for path in self._files():
            header = self._header(path)
            if header is None:
                match = _NOTES_NAME.match(path.name)
                if path == default or (match and match["stem"] == stem):
                    broken.append(path)
            elif body_hash and header[0] == body_hash:
                by_hash.append(path)
            elif header[1] == article:
                by_path.append(path)
        by_hash.sort(key=lambda p: self._headers[p][1] != (body_hash, article))
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
