"""What the notes hold: targets and their selectors, records, a briefing's notes, and the
rules that normalise tags and notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from briefing.model import (
    Article,
    Briefing,
    IssueStatus,
    Item,
    ItemKind,
    Problem,
    Span,
    content_id,
)
from briefing.safety import REPLACEMENT, sanitize

if TYPE_CHECKING:
    from briefing.notes.anchoring import _Anchorer

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
#: Characters of context kept on each side of a sentence (W3C TextQuoteSelector prefix/suffix).
CONTEXT = 32
MAX_TAG_LENGTH = 64

_TAG_ALLOWED = re.compile(r"[^\w\-./+&:]")
_DASHES = re.compile(r"-{2,}")

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
