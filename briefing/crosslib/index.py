"""The library index: each briefing's header fields and annotation (never the article text),
and the JSON cache that spares parsing unchanged briefings again."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefing.annotations import ANNOTATION_SUFFIXES, load_annotation
from briefing.article import HEADER_BYTES, header_date, parse_header, read_text
from briefing.library import StampedCache, discover_all
from briefing.model import (
    ISSUE_STATUSES,
    Annotation,
    Article,
    Briefing,
    BriefingError,
    DateMention,
    Figure,
    OpenIssue,
    Problem,
    Quote,
)
from briefing.safety import sanitize


@dataclass
class IndexedBriefing:
    """One briefing as the cross-library views see it: header fields and annotation.

    ``title`` is safe to show (sanitized, even when it comes from a hostile file name);
    ``path`` is the file's real name, to be sanitized where it is shown."""

    path: Path
    title: str
    date: date | None
    annotation: Annotation


def _sort_key(briefing: IndexedBriefing) -> tuple[bool, int, str]:
    """Oldest first, undated last, then by title."""
    when = briefing.date
    return (when is None, when.toordinal() if when else 0, briefing.title.casefold())


def _annotation_path(article: Path) -> Path | None:
    for suffix in ANNOTATION_SUFFIXES:
        candidate = article.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _index_one(article_path: Path) -> tuple[IndexedBriefing | None, list[Problem]]:
    """The header (first ``HEADER_BYTES``) and annotation of one briefing, and its errors."""
    try:
        head = read_text(article_path, HEADER_BYTES)
        if not head.strip():
            raise BriefingError(
                Problem("error", article_path, "the article is empty", 1, 1, "add its text")
            )
        header = parse_header(head, article_path)
        when = header_date(header, article_path)
    except BriefingError as exc:
        return None, [exc.problem]
    annotation = Annotation()
    problems: list[Problem] = []
    annotation_path = _annotation_path(article_path)
    if annotation_path is not None:
        annotation, found = load_annotation(annotation_path)
        annotation.summary = []  # not used across the library; kept out of index and cache
        problems = [problem for problem in found if problem.severity == "error"]
    fields = {key: sanitize(value) for key, value in header.fields.items()}
    # The title rule of ``Briefing.title``, from a header-only article.
    shell = Briefing(article_path, Article(article_path, "", [], fields=fields), annotation)
    return IndexedBriefing(article_path, sanitize(shell.title), when, annotation), problems


_SECTIONS: dict[str, type[Quote | Figure | OpenIssue | DateMention]] = {
    "quotes": Quote,
    "figures": Figure,
    "issues": OpenIssue,
    "dates": DateMention,
}


#: The cached fields of each item type, in the order they are stored (anchors are not cached).
_LAYOUT = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if f.init and f.name != "anchor")
    for cls in _SECTIONS.values()
}
_NOT_TEXT = frozenset({"draft", "line", "resolved"})


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _to_json(entry: IndexedBriefing | None, problems: list[Problem]) -> dict[str, Any]:
    data: dict[str, Any] = {"problems": [_problem_json(p) for p in problems]}
    if entry is None:
        return data
    annotation = entry.annotation
    data["briefing"] = {
        "title": entry.title,
        "date": entry.date.isoformat() if entry.date else None,
        "annotation_path": str(annotation.path) if annotation.path else None,
        "annotation_title": annotation.title,
        "tags": annotation.tags,
    }
    for section, cls in _SECTIONS.items():
        layout = _LAYOUT[cls]
        data["briefing"][section] = [
            [_plain(getattr(item, name)) for name in layout]
            for item in getattr(annotation, section)
        ]
    return data


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {**dataclasses.asdict(problem), "path": str(problem.path)}


_PROBLEM_FIELDS = {f.name for f in dataclasses.fields(Problem)}


class _Damaged(ValueError):
    """A cache entry that is not what this version writes; the briefing is read afresh."""


def _check(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Damaged(f"expected {kind}, got {type(value).__name__}")
    return value


def _item_from_json(cls: type[Quote | Figure | OpenIssue | DateMention], data: Any) -> Any:
    """An item from its values in ``_LAYOUT`` order, every type checked."""
    layout = _LAYOUT[cls]
    if type(data) is not list or len(data) != len(layout):
        raise _Damaged(cls.__name__)
    values = dict(zip(layout, data, strict=True))
    line, resolved = values["line"], values.get("resolved")
    if (
        type(values["draft"]) is not bool
        or not (line is None or type(line) is int)
        or values.get("status", "open") not in ISSUE_STATUSES
        or not all(type(values[name]) is str for name in layout if name not in _NOT_TEXT)
    ):
        raise _Damaged(cls.__name__)
    if resolved is not None:
        values["resolved"] = date.fromisoformat(_check(resolved, str))
    return cls(**values)


def _from_json(path: Path, data: Any) -> tuple[IndexedBriefing | None, list[Problem]]:
    _check(data, dict)
    problems = []
    for raw in _check(data.get("problems"), list):
        _check(raw, dict)
        if set(raw) != _PROBLEM_FIELDS or raw["severity"] not in ("error", "warning"):
            raise _Damaged("problem")
        for name in ("line", "column"):
            if raw[name] is not None:
                _check(raw[name], int)
        for name in ("path", "message", "hint"):
            _check(raw[name], str)
        problems.append(Problem(**{**raw, "path": Path(raw["path"])}))
    if "briefing" not in data:
        return None, problems
    raw = _check(data["briefing"], dict)
    raw_date = raw.get("date")
    annotation_path = raw.get("annotation_path")
    annotation = Annotation(
        path=None if annotation_path is None else Path(_check(annotation_path, str)),
        title=_check(raw.get("annotation_title"), str),
        tags=[_check(tag, str) for tag in _check(raw.get("tags"), list)],
    )
    for section, cls in _SECTIONS.items():
        items = [_item_from_json(cls, item) for item in _check(raw.get(section), list)]
        setattr(annotation, section, items)
    when = None if raw_date is None else date.fromisoformat(_check(raw_date, str))
    return IndexedBriefing(path, _check(raw.get("title"), str), when, annotation), problems


class IndexCache(StampedCache[tuple[IndexedBriefing | None, list[Problem]]]):
    """Index entries (header fields and annotation items) kept between runs."""

    VERSION = 1

    def compute(self, article: Path) -> tuple[IndexedBriefing | None, list[Problem]]:
        return _index_one(article)

    def encode(self, value: tuple[IndexedBriefing | None, list[Problem]]) -> Any:
        return _to_json(*value)

    def decode(self, article: Path, data: Any) -> tuple[IndexedBriefing | None, list[Problem]]:
        return _from_json(article, data)

    def read(self, article: Path) -> tuple[IndexedBriefing | None, list[Problem]]:
        return self.get(article)


def default_index_cache(library: Path) -> IndexCache:
    """The index cache of ``library`` in the user's cache directory."""
    from briefing.locations import library_cache

    return IndexCache(library_cache("index", library))


def build_index(
    paths: Iterable[Path], cache: IndexCache | None = None
) -> tuple[list[IndexedBriefing], list[Problem]]:
    """Index every briefing under ``paths`` (library folders or article files).

    Returns the briefings (oldest first, undated last) and the errors met. A briefing whose
    article header cannot be read (unreadable file, impossible date) is left out; one whose
    annotation has errors keeps the items that could be read (none when the YAML itself is
    broken) and its errors are returned. The same file reached twice (symlinks) counts once.
    Summary points are not indexed. With a ``cache`` (``default_index_cache(library)``), unchanged
    briefings are not parsed again and the cache is saved at the end.
    """
    found: list[IndexedBriefing] = []
    articles, trouble = discover_all(paths)
    problems = [p for p in trouble if p.severity == "error"]
    for article in articles:
        entry, errors = cache.read(article) if cache is not None else _index_one(article)
        problems.extend(errors)
        if entry is not None:
            found.append(entry)
    if cache is not None:
        cache.save()
    found.sort(key=_sort_key)
    return found, problems


def index_of(briefings: Iterable[Briefing]) -> list[IndexedBriefing]:
    """Index entries for fully loaded briefings; their items keep their anchors."""
    entries = [IndexedBriefing(b.path, sanitize(b.title), b.date, b.annotation) for b in briefings]
    entries.sort(key=_sort_key)
    return entries
