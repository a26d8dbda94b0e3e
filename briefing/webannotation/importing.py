"""W3C Web Annotation JSON-LD: export and import of the reader's tags and notes."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, unquote, urlparse

from briefing.anchoring import Locator
from briefing.model import (
    Article,
    Briefing,
    BriefingError,
    DateMention,
    Figure,
    Item,
    ItemKind,
    OpenIssue,
    Problem,
    Quote,
    Span,
)
from briefing.notes import (
    ITEM_KINDS,
    BriefingNotes,
    NotesStore,
    Record,
    TargetRef,
    TextSelector,
    clean,
    normalise_note,
    normalise_tag,
    ref_for_item,
    ref_for_sentence,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ID_PREFIX = "urn:briefing:annotation:"
COLLECTION_PREFIX = "urn:briefing:collection:"
#: Most pages followed through ``next`` links inside one file.
MAX_PAGES = 10_000


def annotation_id(body_hash: str, target: str) -> str:
    """The IRI of the annotation on ``target`` of the article with ``body_hash``."""
    return f"{ID_PREFIX}{body_hash}:{quote(target, safe='')}"


def _parse_id(value: str) -> tuple[str, str] | None:
    """(body hash, target) of one of our annotation ids, else None."""
    if not value.startswith(ID_PREFIX):
        return None
    body_hash, sep, target = value[len(ID_PREFIX) :].partition(":")
    return (body_hash, unquote(target)) if sep and target else None


# --- out ---------------------------------------------------------------------------------


def _describe(item: Item) -> str:
    """An item's text with what makes sense of it on its own."""
    if isinstance(item, Quote):
        who = ", ".join(part for part in (item.speaker, item.role) if part)
        return f"“{item.words}” — {who}" if who else item.words
    if isinstance(item, Figure):
        return f"{item.value} — {item.label}" if item.label else item.value
    if isinstance(item, OpenIssue):
        return f"{item.question} ({item.status})"
    if isinstance(item, DateMention) and item.resolved is not None:
        return f"{item.mention} ({item.resolved.isoformat()})"
    return item.text


def _selectors(article: Article, span: Span | None, stored: TextSelector | None) -> list[Any]:
    """Quote and position selectors for ``span`` in ``article`` (or a stored selector)."""
    selector = TextSelector.from_span(article, span) if span is not None else stored
    if selector is None:
        return []
    return [
        {
            "type": "TextQuoteSelector",
            "exact": selector.exact,
            "prefix": selector.prefix,
            "suffix": selector.suffix,
        },
        {
            "type": "TextPositionSelector",
            "start": article.body_offset + selector.start,
            "end": article.body_offset + selector.end,
        },
    ]


def _body(purpose: str, value: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def _annotation(
    article: Article,
    source: str,
    kind: ItemKind,
    target: str,
    item: Item | None,
    record: Record | None,
    generated: str,
) -> dict[str, Any]:
    span: Span | None = getattr(item, "anchor", None) if item is not None else None
    stored = None
    if record is not None and item is None:
        span, stored = (None, record.selector) if record.orphan else (record.span, None)
    selectors = _selectors(article, span, stored)
    if not selectors and record is not None and item is None and kind in ("quote", "figure"):
        # An item gone from the annotation: its words as last seen, without a place.
        selectors = [{"type": "TextQuoteSelector", "exact": record.text}]
    bodies = [_body("classifying", kind)]
    if kind != "sentence":
        text = _describe(item) if item is not None else record.text if record is not None else ""
        bodies.append(_body("describing", text))
    tags = record.tags if record is not None else []
    note = record.note if record is not None else ""
    bodies += [_body("tagging", tag) for tag in tags]
    if note:
        bodies.append(_body("commenting", note))
    motivations = ["tagging"] * bool(tags) + ["commenting"] * bool(note)
    if not motivations:
        motivations = ["highlighting" if selectors else "describing"]
    specific: dict[str, Any] = {"type": "SpecificResource", "source": source}
    if selectors:
        specific["selector"] = selectors
    found: dict[str, Any] = {
        "id": annotation_id(article.body_hash(), target),
        "type": "Annotation",
        "motivation": motivations[0] if len(motivations) == 1 else motivations,
    }
    if record is not None and record.created:
        found["created"] = record.created
    if record is not None and record.updated:
        found["modified"] = record.updated
    found["generated"] = generated
    found["body"] = bodies
    found["target"] = specific
    return found


def _for_briefing(
    briefing: Briefing, notes: BriefingNotes | None, include_items: bool, generated: str
) -> list[dict[str, Any]]:
    article = briefing.article
    if article is None:
        return []
    source = Path(os.path.realpath(briefing.path)).as_uri()
    records = notes.records if notes is not None else {}
    found: list[dict[str, Any]] = []
    items = briefing.annotation.items()
    for item in items:
        record = records.get(item.id)
        if include_items or (record is not None and not record.empty):
            found.append(_annotation(article, source, item.kind, item.id, item, record, generated))
    known = {item.id for item in items}
    loose = [r for r in records.values() if r.target not in known and not r.empty]
    loose.sort(key=lambda r: (r.span is None, r.span.start if r.span else 0, r.created))
    for record in loose:
        found.append(
            _annotation(article, source, record.kind, record.target, None, record, generated)
        )
    return found


def _notes_for(briefing: Briefing, notes: Sequence[BriefingNotes]) -> BriefingNotes | None:
    """The notes opened for ``briefing`` (``NotesStore.open``), else the ones naming its path."""
    for candidate in notes:
        if candidate.briefing is briefing:
            return candidate
    real = Path(os.path.realpath(briefing.path))
    for candidate in notes:
        if candidate.article == real:
            return candidate
    return None


def render_jsonld(
    briefings: Sequence[Briefing],
    notes: Sequence[BriefingNotes],
    *,
    include_items: bool,
    now: datetime,
) -> str:
    """The reader's tags and notes on ``briefings`` as a W3C ``AnnotationCollection``.

    ``notes`` are the briefings' notes from ``NotesStore.open`` (matched by the briefing they
    were opened for, else by article path); briefings without notes contribute only items.
    ``include_items`` adds every annotation item, tagged or not. ``now`` is the ``generated``
    time of each annotation (a timezone-aware time is written with its offset).
    """
    generated = now.replace(microsecond=0).isoformat()
    annotations: list[dict[str, Any]] = []
    for briefing in briefings:
        mine = _notes_for(briefing, notes)
        annotations += _for_briefing(briefing, mine, include_items, generated)
    digest = hashlib.sha256(
        "\n".join([generated, *(a["id"] for a in annotations)]).encode("utf-8")
    ).hexdigest()[:16]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"{COLLECTION_PREFIX}{digest}",
        "type": "AnnotationCollection",
        "label": "Tags, notes and annotation items from briefing",
        "total": len(annotations),
    }
    if annotations:
        collection["first"] = {
            "id": f"{COLLECTION_PREFIX}{digest}:page:1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": annotations,
        }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


# --- in ----------------------------------------------------------------------------------


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


@dataclass
class Incoming:
    """What one annotation asks for, read from the JSON."""

    number: int
    id: str
    source: str
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    kind: str | None = None
    text: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str = ""


class _Bad(ValueError):
    """One annotation that cannot be read; it is reported and skipped."""


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("type", node.get("@type"))
    values = raw if isinstance(raw, list) else [raw]
    return {value.rsplit(":", 1)[-1] for value in values if isinstance(value, str)}


def _annotations(data: Any, path: Path) -> list[dict[str, Any]]:
    """Every annotation in a parsed file: one annotation, a list, a page or a collection."""
    found: list[dict[str, Any]] = []
    pending: list[Any] = [data]
    pages = 0
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending[:0] = node
            continue
        if not isinstance(node, dict):
            continue
        kinds = _types(node)
        if "Annotation" in kinds:
            found.append(node)
        elif kinds & {"AnnotationCollection", "AnnotationPage"}:
            pages += 1
            if pages > MAX_PAGES:
                break
            for key in ("first", "items", "next"):
                value = node.get(key)
                if isinstance(value, str) and key != "items":
                    raise BriefingError(
                        Problem(
                            "error",
                            path,
                            f"the collection's `{key}` page is a link, not part of the file",
                            hint="export the annotations with their pages embedded",
                        )
                    )
                if value is not None:
                    pending.append(value)
    return found


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"`{what}` must be text")
    return clean(value)


def _offset(value: Any, what: str) -> int:
    if type(value) is not int or value < 0:
        raise _Bad(f"`{what}` must be a whole number")
    return value


def _read_target(incoming: Incoming, target: Any) -> None:
    if isinstance(target, list):
        if not target:
            raise _Bad("`target` is empty")
        target = target[0]  # briefing keeps one place per record
    if isinstance(target, str):
        incoming.source = _text(target, "target")
        return
    if not isinstance(target, dict):
        raise _Bad("`target` must be an object or a link")
    incoming.source = _text(target.get("source", target.get("id")), "target.source")
    selectors = target.get("selector", [])
    for selector in selectors if isinstance(selectors, list) else [selectors]:
        if not isinstance(selector, dict):
            continue
        kinds = _types(selector)
        if "TextQuoteSelector" in kinds:
            incoming.exact = _text(selector.get("exact"), "exact")
            incoming.prefix = _text(selector.get("prefix", ""), "prefix")
            incoming.suffix = _text(selector.get("suffix", ""), "suffix")
        elif "TextPositionSelector" in kinds:
            incoming.start = _offset(selector.get("start"), "start")
            incoming.end = _offset(selector.get("end"), "end")
            if incoming.end < incoming.start:
                raise _Bad("a TextPositionSelector ends before it starts")


def _read_bodies(incoming: Incoming, annotation: dict[str, Any]) -> None:
    motivation = annotation.get("motivation")
    motivations = set(motivation if isinstance(motivation, list) else [motivation])
    default = "tagging" if motivations == {"tagging"} else "commenting"
    bodies = annotation.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    if "bodyValue" in annotation:
        bodies = [*bodies, {"value": annotation["bodyValue"]}]
    notes: list[str] = []
    for body in bodies:
        if not isinstance(body, dict) or "value" not in body:
            continue  # a linked resource: nothing briefing can keep
        value = _text(body["value"], "body value")
        purpose = body.get("purpose", default)
        if purpose == "tagging":
            tag = normalise_tag(value)
            if not tag:
                raise _Bad(f"{value!r} is not a usable tag")
            if tag not in incoming.tags:
                incoming.tags.append(tag)
        elif purpose == "commenting":
            if note := normalise_note(value):
                notes.append(note)
        elif purpose == "classifying":
            incoming.kind = value
        elif purpose == "describing":
            incoming.text = value
    incoming.note = "\n\n".join(notes)


def parse_jsonld(text: str, path: Path) -> tuple[list[Incoming], list[Problem]]:
    """The annotations of a JSON-LD file, and a problem for each that cannot be read.

    Raises ``BriefingError`` (with line and column for a JSON syntax error) when the file is
    not JSON, or holds no W3C annotations at all.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefingError(
            Problem(
                "error",
                path,
                f"not valid JSON: {exc.msg}",
                exc.lineno,
                exc.colno,
                "fix the JSON at that spot",
            )
        ) from None
    except RecursionError:
        raise BriefingError(Problem("error", path, "the JSON is nested too deeply")) from None
    nodes = _annotations(data, path)
    if not nodes:
        raise BriefingError(
            Problem(
                "error",
                path,
                "no W3C annotations in this file",
                1,
                1,
                "give an Annotation, an AnnotationPage or an AnnotationCollection",
            )
        )
    found: list[Incoming] = []
    problems: list[Problem] = []
    for number, node in enumerate(nodes, 1):
        raw_id = node.get("id", node.get("@id", ""))
        incoming = Incoming(number, clean(raw_id) if isinstance(raw_id, str) else "", "")
        try:
            if "target" not in node:
                raise _Bad("it has no `target`")
            _read_target(incoming, node["target"])
            _read_bodies(incoming, node)
        except _Bad as exc:
            shown = f" ({incoming.id})" if incoming.id else ""
            problems.append(Problem("error", path, f"annotation {number}{shown}: {exc}"))
            continue
        found.append(incoming)
    return found, problems


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
