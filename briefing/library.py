"""Discovering briefings in folders, listing them cheaply, loading them in full, filtering.

Listing reads only the article header (its first few KB) and counts the annotation's items;
the results are cached by file size and modification time so a large library lists at once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from briefing.annotations import ANNOTATION_SUFFIXES, anchor, load_annotation
from briefing.article import (
    ARTICLE_SUFFIXES,
    HEADER_BYTES,
    header_date,
    load_article,
    parse_header,
    read_text,
)
from briefing.model import Annotation, Briefing, BriefingError, Problem
from briefing.parallel import map_on_cores
from briefing.safety import atomic_write, sanitize

CONFIG_NAME = ".briefing.yaml"
T = TypeVar("T")


def _annotation_for(article: Path) -> Path | None:
    for suffix in ANNOTATION_SUFFIXES:
        candidate = article.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def discover(root: Path) -> tuple[list[Path], list[Problem]]:
    """Every article under ``root`` (a folder, searched recursively, or one file).

    Returns the articles and the problems met: annotations without an article, folders that
    cannot be read, symlink loops. Hidden files and folders are skipped.
    """
    problems: list[Problem] = []
    if root.is_file():
        if root.suffix.lower() in ANNOTATION_SUFFIXES:
            for suffix in ARTICLE_SUFFIXES:
                if root.with_suffix(suffix).is_file():
                    return [root.with_suffix(suffix)], problems
            return [], [_orphan(root)]
        return [root], problems
    if not root.is_dir():
        what = (
            "not a file or folder that can be read" if root.exists() else "no such file or folder"
        )
        return [], [
            Problem(
                "error", root, what, None, None, "give the path of a briefing or a library folder"
            )
        ]
    articles: list[Path] = []
    seen: set[str] = set()
    root_real = os.path.realpath(root)

    def on_error(exc: OSError) -> None:
        problems.append(
            Problem(
                "error",
                Path(exc.filename or root),
                f"cannot read: {exc.strerror}",
                None,
                None,
                "check the folder's permissions",
            )
        )

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=on_error):
        real = os.path.realpath(folder)
        # A link to a folder holding the library (.., /) is a loop too, and a long one.
        if real in seen or (seen and os.path.commonpath([real, root_real]) == real):
            problems.append(
                Problem(
                    "warning",
                    Path(folder),
                    "folder already visited (symlink loop)",
                    None,
                    None,
                    "remove the link that points back",
                )
            )
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        names = set(files)
        for name in sorted(files):
            if name.startswith("."):
                continue
            stem, suffix = os.path.splitext(name)
            suffix = suffix.lower()
            if suffix in ARTICLE_SUFFIXES:
                articles.append(Path(folder, name))
            elif suffix in ANNOTATION_SUFFIXES and not any(
                stem + s in names for s in ARTICLE_SUFFIXES
            ):
                problems.append(_orphan(Path(folder, name)))
    return articles, problems


def discover_all(roots: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Every article under ``roots``, each once: the same briefing reached twice (named as a
    file and inside a folder, or through a link) counts once."""
    unique: dict[str, Path] = {}
    problems: list[Problem] = []
    folders: dict[str, str] = {}
    for root in roots:
        articles, found = discover(root)
        problems.extend(found)
        for article in articles:
            unique.setdefault(_real_path(article, folders), article)
    return list(unique.values()), problems


def _real_path(path: Path, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)`` (which never raises), each folder in ``folders`` resolved
    once: a file that is not a link is its real folder's entry of the same name."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def _orphan(path: Path) -> Problem:
    return Problem(
        "error",
        path,
        "annotation without an article",
        None,
        None,
        f"add {path.stem}.txt or {path.stem}.md beside it, or remove it",
    )


def load_briefing(article_path: Path) -> Briefing:
    """Read an article and its annotation in full and anchor every item. Never raises for bad
    input: whatever went wrong is in ``Briefing.problems``."""
    annotation_path = _annotation_for(article_path)
    problems: list[Problem] = []
    try:
        article = load_article(article_path)
    except BriefingError as exc:
        article = None
        problems.append(exc.problem)
    annotation = Annotation(path=annotation_path)
    if annotation_path is not None:
        annotation, found = load_annotation(annotation_path)
        problems.extend(found)
    if article is not None:
        problems.extend(anchor(annotation, article))
    return Briefing(article_path, article, annotation, problems)


@dataclass
class Entry:
    """What the library list shows of one briefing, read cheaply and cached."""

    path: Path
    title: str
    date: date | None
    source: str = ""
    tags: list[str] = field(default_factory=list)
    quotes: int = 0
    figures: int = 0
    open_issues: int = 0
    problems: list[str] = field(default_factory=list)
    errors: int = 0
    #: False for an entry read from the header alone, whose annotation is still to be read.
    complete: bool = True
    #: For the filter's ``speaker:``, ``kind:`` and ``status:``: quote speakers, the kinds of
    #: item the annotation has, and its issues' statuses.
    speakers: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    #: Title, source and tags folded for the filter's words, worked out once.
    search_text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.search_text = " ".join([self.title, self.source, *self.tags]).casefold()

    @property
    def broken(self) -> bool:
        return self.errors > 0

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        del data["search_text"]
        data["path"] = str(self.path)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Entry:
        values = dict(data)
        values["path"] = Path(str(values["path"]))
        raw_date = values.get("date")
        values["date"] = date.fromisoformat(str(raw_date)) if raw_date else None
        entry = cls(**values)  # type: ignore[arg-type]
        lists = [entry.tags, entry.problems, entry.speakers, entry.kinds, entry.statuses]
        strings = [
            entry.title,
            entry.source,
            *entry.tags,
            *entry.problems,
            *entry.speakers,
            *entry.kinds,
            *entry.statuses,
        ]
        counts = [entry.quotes, entry.figures, entry.open_issues, entry.errors]
        if not (
            all(isinstance(x, list) for x in lists)
            and all(isinstance(x, str) for x in strings)
            and all(type(x) is int for x in counts)
        ):
            raise ValueError("a damaged cache entry")
        return entry


def read_entry(article_path: Path, *, header_only: bool = False) -> Entry:
    """An ``Entry`` from the article's header and the annotation's item counts.

    ``header_only`` skips the annotation (a few KB of the article are read, nothing else):
    the entry is then marked incomplete — title from the article, no counts yet — so that a
    large library can be listed at once and completed in the background.
    """
    problems: list[Problem] = []
    fields: dict[str, str] = {}
    when: date | None = None
    try:
        head = read_text(article_path, HEADER_BYTES)
        if not head.strip():
            raise BriefingError(
                Problem(
                    "error", article_path, "the article is empty", 1, 1, "add the article's text"
                )
            )
        header = parse_header(head, article_path)
        fields = {key: sanitize(value) for key, value in header.fields.items()}
        when = header_date(header, article_path)
    except BriefingError as exc:
        problems.append(exc.problem)
    annotation = Annotation()
    annotation_path = None if header_only else _annotation_for(article_path)
    if annotation_path is not None:
        annotation, found = load_annotation(annotation_path)
        problems.extend(found)
    title = annotation.title or fields.get("title") or sanitize(article_path.stem.replace("_", " "))
    return Entry(
        path=article_path,
        title=title,
        date=when,
        source=fields.get("source", ""),
        tags=list(annotation.tags),
        quotes=len(annotation.quotes),
        figures=len(annotation.figures),
        open_issues=sum(1 for issue in annotation.issues if issue.status != "resolved"),
        problems=[sanitize(str(p)) for p in problems],
        errors=sum(1 for p in problems if p.severity == "error"),
        complete=not header_only,
        speakers=sorted({quote.speaker for quote in annotation.quotes if quote.speaker}),
        kinds=sorted({item.kind for item in annotation.items()}),
        statuses=sorted({issue.status for issue in annotation.issues}),
    )


class StampedCache(Generic[T]):
    """Values worked out from a briefing's files, kept as JSON in one file and valid while
    the article's and annotation's size and modification time are unchanged. A damaged cache
    (or entry) is simply worked out afresh; a cache that cannot be written costs only speed."""

    VERSION = 1

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._data: dict[str, Any] = {}
        self._dirty = False
        if path is not None:
            try:
                loaded = json.loads(path.read_text("utf-8"))
                if isinstance(loaded, dict) and loaded.get("version") == self.VERSION:
                    entries = loaded.get("entries")
                    self._data = entries if isinstance(entries, dict) else {}
            except (OSError, ValueError, RecursionError):
                self._data = {}

    def compute(self, article: Path) -> T:
        raise NotImplementedError

    def encode(self, value: T) -> Any:
        raise NotImplementedError

    def decode(self, article: Path, data: Any) -> T:
        """The value from its JSON; ``KeyError``, ``TypeError`` or ``ValueError`` if damaged."""
        raise NotImplementedError

    @staticmethod
    def _stamp(article: Path) -> list[int]:
        stamp: list[int] = []
        for candidate in (article, *(article.with_suffix(s) for s in ANNOTATION_SUFFIXES)):
            try:
                info = candidate.stat()
                stamp += [info.st_size, info.st_mtime_ns]
            except OSError:
                stamp += [-1, -1]
        return stamp

    def peek(self, article: Path) -> T | None:
        """The cached value if it is still valid, else None (nothing is worked out)."""
        cached = self._data.get(os.path.abspath(article))
        if isinstance(cached, dict) and cached.get("stamp") == self._stamp(article):
            try:
                return self.decode(article, cached.get("entry"))
            except (KeyError, TypeError, ValueError):
                return None
        return None

    def get(self, article: Path) -> T:
        value = self.peek(article)
        if value is not None:
            return value
        value = self.compute(article)
        self.put(article, value)
        return value

    def put(self, article: Path, value: T) -> None:
        """Remember ``value``, worked out for ``article`` as it is now."""
        self._data[os.path.abspath(article)] = {
            "stamp": self._stamp(article),
            "entry": self.encode(value),
        }
        self._dirty = True

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps({"version": self.VERSION, "entries": self._data}))
            self._dirty = False
        except OSError:
            pass  # a cache that cannot be written only costs speed next time


class HeaderCache(StampedCache[Entry]):
    """The library list's entries (header fields and item counts)."""

    VERSION = 3

    def compute(self, article: Path) -> Entry:
        return read_entry(article)

    def encode(self, value: Entry) -> Any:
        return value.to_json()

    def decode(self, article: Path, data: Any) -> Entry:
        entry = Entry.from_json(data)
        entry.path = article
        return entry

    def entry(self, article: Path) -> Entry:
        return self.get(article)

    def entries(self, articles: list[Path]) -> list[Entry]:
        """``entry`` of each article; those not in the cache are read on every core."""
        found = [self.peek(article) for article in articles]
        missing = [article for article, entry in zip(articles, found, strict=True) if entry is None]
        read = dict(zip(missing, map_on_cores(read_entry, missing), strict=True))
        for article, entry in read.items():
            self.put(article, entry)
        return [entry or read[article] for article, entry in zip(articles, found, strict=True)]

    def quick(self, article: Path) -> Entry:
        """The cached entry when still valid, else one read from the header alone (not
        cached: complete it with ``entry`` later)."""
        return self.peek(article) or read_entry(article, header_only=True)


def scan(
    root: Path, cache: HeaderCache | None = None, *, quick: bool = False
) -> Iterator[Entry | Problem]:
    """Yield an ``Entry`` per briefing under ``root`` and each library-level ``Problem``.

    ``quick``: entries not in the cache are read from their header alone and yielded
    incomplete; the caller completes them (``HeaderCache.entry``) and saves the cache.
    """
    articles, problems = discover(root)
    yield from problems
    cache = cache or HeaderCache(None)
    if quick:
        yield from map(cache.quick, articles)
        return
    yield from cache.entries(articles)
    cache.save()


def sort_entries(entries: list[Entry]) -> list[Entry]:
    """Newest first; undated briefings last, by title."""
    return sorted(
        entries,
        key=lambda e: (e.date is None, -(e.date.toordinal() if e.date else 0), e.title.casefold()),
    )


def default_cache(library: Path) -> HeaderCache:
    """The header cache of ``library`` (a folder or a single briefing) in the user's cache."""
    from briefing.locations import library_cache

    return HeaderCache(library_cache("headers", library))
