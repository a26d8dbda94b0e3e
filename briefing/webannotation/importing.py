"""In: annotations read from a JSON-LD file (ours or another tool's), placed in the library
and merged into the notes store."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from urllib.parse import unquote, urlparse

from briefing.anchoring import Locator
from briefing.model import Article, Briefing, BriefingError, ItemKind, Problem, Span
from briefing.notes import (
    ITEM_KINDS,
    BriefingNotes,
    NotesStore,
    TargetRef,
    TextSelector,
    ref_for_item,
    ref_for_sentence,
)
from briefing.webannotation.ids import _parse_id
from briefing.webannotation.parse import Incoming, parse_jsonld


@dataclass
class ImportResult:
    #: Annotations that added a tag or a note.
    added: int = 0
    #: Annotations whose every tag and note was already in the store.
    present: int = 0
    #: One line per annotation that could not be placed: its source is not in the library,
    #: or its text is not in that article.
    not_found: list[str] = field(default_factory=list)
    #: Annotations with neither tags nor a note (such as exported annotation items).
    skipped: int = 0
    #: Annotations that were malformed, or notes that could not be written.
    problems: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"{self.added} added, {self.present} already present"
        text += f", {len(self.not_found)} not found in the library"
        if self.skipped:
            text += f", {self.skipped} without tags or notes"
        if self.problems:
            text += f", {len(self.problems)} with problems"
        return text


def source_path(source: str) -> str | None:
    """The real path a target's source names (a ``file:`` URI or a path); None for a web
    address or another IRI."""
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return os.path.realpath(unquote(parsed.path))
    if source and not parsed.scheme:
        return os.path.realpath(source)
    return None


class _Library:
    """The briefings an import may land in, looked up by path, body hash and URL."""

    def __init__(self, briefings: Iterable[Briefing]) -> None:
        self.by_path: dict[str, Briefing] = {}
        self.by_hash: dict[str, Briefing] = {}
        self.by_url: dict[str, Briefing] = {}
        for briefing in briefings:
            article = briefing.article
            if article is None:
                continue
            self.by_path.setdefault(os.path.realpath(briefing.path), briefing)
            self.by_hash.setdefault(article.body_hash(), briefing)
            if url := article.fields.get("url"):
                self.by_url.setdefault(url, briefing)

    def find(self, source: str, body_hash: str | None) -> Briefing | None:
        path = source_path(source)
        found = self.by_path.get(path) if path is not None else self.by_url.get(source)
        if found is None and body_hash:
            found = self.by_hash.get(body_hash)
        return found


def _shared(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` have in common."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _locate(article: Article, incoming: Incoming) -> Span | None:
    """Where the annotation's text is in the article: at its position when the text there
    agrees, else the occurrence whose surroundings agree best with its prefix and suffix."""
    body, offset = article.body, article.body_offset
    if incoming.start is not None and incoming.end is not None:
        start, end = incoming.start - offset, incoming.end - offset
        if 0 <= start < end <= len(body) and incoming.exact in (None, body[start:end]):
            return Span(article.paragraph_at(start), start, end)
    if not incoming.exact:
        return None
    near = incoming.start - offset if incoming.start is not None else 0
    best: tuple[tuple[bool, int, int], Span] | None = None
    for span in Locator(article).find_all(incoming.exact):
        before = body[max(0, span.start - len(incoming.prefix)) : span.start]
        after = body[span.end : span.end + len(incoming.suffix)]
        agreement = _shared(before[::-1], incoming.prefix[::-1]) + _shared(after, incoming.suffix)
        rank = (body[span.start : span.end] == incoming.exact, agreement, -abs(span.start - near))
        if best is None or rank > best[0]:
            best = (rank, span)
    return best[1] if best else None


def _ref(briefing: Briefing, incoming: Incoming) -> TargetRef | None:
    """The record ``incoming`` belongs to, or None when it cannot be placed."""
    article = briefing.article
    assert article is not None
    ours = _parse_id(incoming.id)
    if ours is not None:
        target = ours[1]
        item = briefing.item(target)
        if item is not None:
            return ref_for_item(item)
        kind = incoming.kind if incoming.kind in ITEM_KINDS else None
        if kind is not None and kind != "sentence":  # an item gone from the annotation
            text = incoming.exact or incoming.text or ""
            return TargetRef(target, cast(ItemKind, kind), text) if text else None
        span = _locate(article, incoming)
        if span is not None:
            selector = TextSelector.from_span(article, span)
        elif incoming.exact and incoming.start is not None and incoming.end is not None:
            # A sentence already orphaned where it was exported: kept as it was last seen.
            start = max(0, incoming.start - article.body_offset)
            end = max(start, incoming.end - article.body_offset)
            selector = TextSelector(
                incoming.exact,
                incoming.prefix,
                incoming.suffix,
                start,
                end,
                article.paragraph_at(start),
            )
        else:
            return None
        return TargetRef(target, "sentence", selector.exact, selector)
    span = _locate(article, incoming)
    if span is None:
        return None
    for item in briefing.annotation.items():
        if getattr(item, "anchor", None) == span:
            return ref_for_item(item)
    return ref_for_sentence(article, span)


def _merged_note(existing: str, incoming: str) -> str:
    """``existing`` with ``incoming`` appended, unless it is already there."""
    if not incoming or incoming in existing:
        return existing
    return f"{existing}\n\n{incoming}" if existing else incoming


def import_jsonld(
    text: str,
    store: NotesStore,
    library: Iterable[Briefing],
    *,
    path: Path = Path("-"),
) -> ImportResult:
    """Merge the annotations in ``text`` into ``store``; ``library`` holds the briefings
    they may belong to (loaded in full). ``path`` names the file in messages.

    An annotation lands on the briefing whose article its target's ``source`` names (a
    ``file:`` URI or a path), whose ``url`` header field it names, or, for annotations
    exported by briefing, whose body hash its id carries. Tags are added and a note not
    already present is appended after a blank line, so importing twice changes nothing.
    Raises ``BriefingError`` when the file is not JSON or holds no annotations.
    """
    incoming, problems = parse_jsonld(text, path)
    result = ImportResult(problems=problems)
    briefings = _Library(library)
    opened: dict[Path, BriefingNotes] = {}
    for annotation in incoming:
        if not annotation.tags and not annotation.note:
            result.skipped += 1
            continue
        ours = _parse_id(annotation.id)
        briefing = briefings.find(annotation.source, ours[0] if ours else None)
        if briefing is None:
            result.not_found.append(annotation.source or f"annotation {annotation.number}")
            continue
        ref = _ref(briefing, annotation)
        if ref is None:
            shown = annotation.exact or annotation.text or ""
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            result.not_found.append(f"{annotation.source}: “{shown}” is not in the article")
            continue
        notes = opened.get(briefing.path)
        if notes is None:
            notes = opened[briefing.path] = store.open(briefing)
        try:
            changed = _merge(store, notes, ref, annotation)
        except BriefingError as exc:
            result.problems.append(exc.problem)
            continue
        if changed:
            result.added += 1
        else:
            result.present += 1
    return result


def _merge(store: NotesStore, notes: BriefingNotes, ref: TargetRef, incoming: Incoming) -> bool:
    """Add ``incoming``'s tags and note to the record on ``ref``; True when anything changed."""
    if notes.read_only and notes.problem is not None:
        raise BriefingError(notes.problem)
    existing = notes.record_for(ref)
    have = existing.tags if existing is not None else []
    new_tags = [tag for tag in incoming.tags if tag not in have]
    old_note = existing.note if existing is not None else ""
    note = _merged_note(old_note, incoming.note)
    for tag in new_tags:
        store.add_tag(notes, ref, tag)
    if note != old_note:
        store.set_note(notes, ref, note)
    return bool(new_tags) or note != old_note
