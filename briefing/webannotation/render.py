"""Out: the reader's tags and notes (and annotation items) as one ``AnnotationCollection``."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from briefing.model import (
    Article,
    Briefing,
    DateMention,
    Figure,
    Item,
    ItemKind,
    OpenIssue,
    Quote,
    Span,
)
from briefing.notes import BriefingNotes, Record, TextSelector
from briefing.webannotation.ids import COLLECTION_PREFIX, CONTEXT, annotation_id


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
