"""Building an ``ExportDocument`` from briefings and the reader's tags and notes."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from briefing.exporting.escape import Md, tag_name
from briefing.exporting.fields import (
    DEFAULT_TITLE,
    KINDS,
    SECTION_TITLES,
    ExportBriefing,
    ExportDocument,
    ExportItem,
    Group,
    Section,
    Selection,
)
from briefing.exporting.markers import safe_key
from briefing.model import (
    Article,
    Briefing,
    DateMention,
    Figure,
    IssueStatus,
    Item,
    ItemKind,
    OpenIssue,
    Quote,
    Span,
    content_id,
)
from briefing.notes import BriefingNotes, Record


class _Keys:
    """Hands out keys unique within one document: ``q-1a2b3c4d``, then ``q-1a2b3c4d-2``."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def take(self, base: str) -> str:
        if base not in self._used:
            self._used.add(base)
            return base
        key, number = base, 1
        while key in self._used:
            number += 1
            key = f"{base}-{number}"
        self._used.add(key)
        return key

    def take_all(self, bases: list[str]) -> list[str]:
        """``take`` each of ``bases`` in turn; at once when all are free and different."""
        if self._used.isdisjoint(bases) and len(set(bases)) == len(bases):
            self._used.update(bases)
            return bases
        return [self.take(base) for base in bases]


def _link_target(path: Path, link_base: Path | None) -> str:
    """The article path as a link: relative to the output's folder when writing a file."""
    if link_base is None:
        return path.as_posix()
    folder, name = os.path.split(os.path.abspath(path))
    return Path(_relative_folder(folder, os.path.abspath(link_base)), name).as_posix()


@lru_cache(maxsize=1024)
def _relative_folder(folder: str, base: str) -> str:
    """``folder`` relative to ``base``: worked out once for all the articles in a folder."""
    return os.path.relpath(folder, base)


@dataclass(slots=True)
class Outline:
    """What ordering a prepared briefing in the export and giving it keys takes, and what the
    front matter says of it: small, so that a worker process can send it on its own."""

    #: Every annotation id and tagged target: an id found in two briefings gets a key that
    #: names its briefing.
    targets: list[str]
    #: False when the briefing has no article or the selection's dates leave it out.
    placed: bool = False
    title: str = ""
    date: str = ""
    file: str = ""
    #: Each found item's id and its key before it is made unique in the document.
    items: list[tuple[str, str]] = field(default_factory=list)
    #: Whether any item is selected: a briefing without is left out (its keys are still taken,
    #: so that keys do not depend on the selection).
    kept: bool = False
    #: The tags of its selected items, and its own.
    item_tags: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    """One briefing made ready for an export on its own, so that many can be made at once in
    worker processes: its fields with every item and the selected ones (keys are given later,
    when the whole export is known), and its outline."""

    #: None when the briefing has no article or the selection's dates leave it out.
    briefing: ExportBriefing | None
    #: Its annotation items and tagged records, in that order, whether selected or not.
    found: list[ExportItem]
    outline: Outline


def prepare(
    briefing: Briefing,
    notes: BriefingNotes | None,
    selection: Selection,
    link_base: Path | None = None,
) -> Prepared:
    """``briefing`` and the reader's ``notes`` as export fields; ``link_base`` is the folder
    of the output file (article links are made relative to it), or None to link articles by
    the paths they were given as."""
    annotation_items = briefing.annotation.items()
    targets = [item.id for item in annotation_items]
    records: Mapping[str, Record] = notes.records if notes is not None else {}
    targets += list(records)
    article = briefing.article
    if article is None or not selection.takes_date(briefing.date):
        return Prepared(None, [], Outline(targets))
    target = quote(_link_target(briefing.path, link_base))
    fields = ExportBriefing(
        key="",
        title=briefing.title,
        date=briefing.date.isoformat() if briefing.date else "",
        source=article.source,
        author=article.fields.get("author", ""),
        url=article.fields.get("url", ""),
        file=briefing.path.name,
        link=Md(target),
        tags=_tags(briefing.annotation.tags),
    )
    statuses: Mapping[str, IssueStatus] = notes.statuses if notes is not None else {}
    found: list[ExportItem] = []
    for item in annotation_items:
        export = _item(fields, article, target, item, records.get(item.id))
        if isinstance(item, OpenIssue):
            export.status = statuses.get(item.id, item.status)
        found.append(export)
    known = {item.id for item in annotation_items}
    loose = [r for r in records.values() if r.target not in known and r.kind in KINDS]
    loose.sort(key=lambda r: r.span.start if r.span else 1 << 62)
    found.extend(_record(fields, article, target, record) for record in loose)
    wanted = selection.wanted
    fields.summary = [item for item in found if item.kind == "summary"]
    fields.items = [item for item in found if _takes(item, selection, wanted)]
    fields.items.sort(key=lambda item: KINDS.index(item.kind))
    outline = Outline(
        targets,
        placed=True,
        title=fields.title,
        date=fields.date,
        file=fields.file,
        items=[(item.id, safe_key(item.id) or content_id(item.kind[0], item.id)) for item in found],
        kept=bool(fields.items),
        item_tags=[str(tag) for item in fields.items for tag in item.tags],
        tags=[str(tag) for tag in fields.tags],
    )
    return Prepared(fields, found, outline)


def _takes(item: ExportItem, selection: Selection, wanted: set[str]) -> bool:
    if not (selection.include_all or item.exported):
        return False
    return not wanted or any(tag.casefold() in wanted for tag in item.tags)


def finish(prepared: Prepared, keys: Sequence[str]) -> ExportBriefing:
    """The briefing with the keys ``Arranger.keys_of`` gave it: its own, then its items'."""
    fields = prepared.briefing
    assert fields is not None
    fields.key = keys[0]
    for item, key in zip(prepared.found, keys[1:], strict=True):
        item.key = key
    return fields


def _item(
    briefing: ExportBriefing, article: Article, target: str, item: Item, record: Record | None
) -> ExportItem:
    export = ExportItem(
        key="",
        id=item.id,
        kind=item.kind,
        text=item.text,
        briefing=briefing,
        note=record.note if record is not None else "",
        annotation_note=item.note,
        tags=_tags(record.tags) if record is not None else [],
        draft=item.draft,
    )
    if isinstance(item, Quote):
        export.speaker, export.role = item.speaker, item.role
    elif isinstance(item, Figure):
        export.value, export.label = item.value, item.label
    elif isinstance(item, DateMention):
        export.date = item.resolved.isoformat() if item.resolved else ""
    if isinstance(item, (Quote, Figure, DateMention)) and item.anchor is not None:
        _place(export, article, target, item.anchor)
    return export


def _record(briefing: ExportBriefing, article: Article, target: str, record: Record) -> ExportItem:
    """A tagged sentence, or a tagged item the annotation no longer holds.

    A sentence the article still has is quoted as the article has it now: an edit may
    have changed its words since it was tagged, and the link points at the new ones.
    """
    text = record.text
    if record.kind == "sentence" and record.span is not None and not record.orphan:
        text = article.body[record.span.start : record.span.end]
    export = ExportItem(
        key="",
        id=record.target,
        kind=record.kind,
        text=text,
        briefing=briefing,
        note=record.note,
        tags=_tags(record.tags),
        orphan=record.orphan,
    )
    if record.kind == "figure":
        export.value = record.text
    if record.span is not None and not record.orphan:
        _place(export, article, target, record.span)
    return export


class Arranger:
    """Order and keys: what needs every briefing of the export at hand, and the groups."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        self.wanted = selection.wanted
        self.keys = _Keys()
        #: In how many briefings each target is found, over the outlines ``count`` was given.
        self.owners: Counter[str] = Counter()
        #: The targets found in more than one briefing, once ``order`` has been called.
        self.shared: set[str] = set()

    def count(self, outline: Outline) -> None:
        """Count the targets of one more briefing: each outline once, before ``order``."""
        self.owners.update(set(outline.targets))

    def order(self, outlines: Sequence[Outline]) -> list[int]:
        """The placed briefings in document order (newest first, undated last, then by
        title), as indexes into ``outlines``, once every one is counted. Then each is given
        its keys (``keys_of``) in this order, kept or not."""
        # Ids found in more than one briefing: their keys name the briefing too, so that keys
        # do not depend on the order of briefings (``--update`` finds them again).
        self.shared = {target for target, count in self.owners.items() if count > 1}
        # Sort by title, then (stably) by date.
        placed = sorted(
            (index for index, outline in enumerate(outlines) if outline.placed),
            key=lambda index: outlines[index].title.casefold(),
        )
        placed.sort(key=lambda index: outlines[index].date, reverse=True)
        return placed

    def keys_of(self, outline: Outline) -> list[str]:
        """The keys of a placed briefing for ``finish``: its own, then one per found item.
        The keys taken before decide which are free: each briefing's in document order."""
        own = self.keys.take(content_id("b", outline.file))
        shared = self.shared
        bases = [f"{base}-{own}" if item in shared else base for item, base in outline.items]
        return [own, *self.keys.take_all(bases)]

    def groups(self, briefings: list[ExportBriefing]) -> list[Group]:
        if self.selection.group_by == "briefing":
            return [briefing_group(briefing) for briefing in briefings]
        items = [item for briefing in briefings for item in briefing.items]
        if self.selection.group_by == "section":
            return [
                Group(f"section/{kind}", "section", SECTION_TITLES[kind], [section])
                for kind in KINDS
                if (section := _section(f"section/{kind}/{kind}", kind, items))
            ]
        return self.tag_groups(items)

    def tag_groups(self, items: list[ExportItem]) -> list[Group]:
        names: dict[str, Md] = {}
        members: dict[str, list[ExportItem]] = {}
        untagged: list[ExportItem] = []
        for item in items:
            chosen = [t for t in item.tags if not self.wanted or t.casefold() in self.wanted]
            for name in chosen:
                names.setdefault(name.casefold(), name)
                members.setdefault(name.casefold(), []).append(item)
            if not chosen:
                untagged.append(item)
        groups = [self.tag_group(names[fold], members[fold]) for fold in sorted(members)]
        if untagged:
            groups.append(Group("untagged", "tag", "Untagged", _sections("untagged", untagged)))
        return groups

    def tag_group(self, tag: Md, items: list[ExportItem]) -> Group:
        """An item may sit under several tags: each copy's key names its tag (``q-1a2b-nato``),
        so keys stay the same when a tag is added or removed elsewhere."""
        suffix = safe_key(tag) or "tag"
        copies = [dataclasses.replace(i, key=self.keys.take(f"{i.key}-{suffix}")) for i in items]
        return Group(f"tag/{tag}", "tag", Md(f"#{tag}"), _sections(f"tag/{tag}", copies), tag=tag)


def briefing_group(briefing: ExportBriefing) -> Group:
    """A briefing's exported items under its whole summary (the summary gives context)."""
    items = [*briefing.summary, *(i for i in briefing.items if i.kind != "summary")]
    return Group(
        briefing.key, "briefing", briefing.title, _sections(briefing.key, items), briefing=briefing
    )


def _sections(key: str, items: list[ExportItem]) -> list[Section]:
    return [s for kind in KINDS if (s := _section(f"{key}/{kind}", kind, items))]


def _section(key: str, kind: ItemKind, items: Iterable[ExportItem]) -> Section | None:
    members = [item for item in items if item.kind == kind]
    return Section(key, kind, SECTION_TITLES[kind], members) if members else None


def _place(export: ExportItem, article: Article, target: str, span: Span) -> None:
    """Paragraph number and the RFC 5147 link to the span's characters in the article file."""
    export.paragraph = span.paragraph
    export.char_start = article.body_offset + span.start
    export.char_end = article.body_offset + span.end
    export.link = Md(f"{target}#char={export.char_start},{export.char_end}")


def _tags(raw: Iterable[str]) -> list[Md]:
    """Tag names normalised for ``#tag`` use, without repeats (case-insensitively)."""
    seen: set[str] = set()
    out: list[Md] = []
    for tag in raw:
        name = tag_name(tag)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(Md(name))
    return out


def build_document(
    prepared: Sequence[Prepared], selection: Selection, *, now: datetime, today: date
) -> ExportDocument:
    """Everything a template needs, from every briefing ``prepare`` made ready."""
    arranger = Arranger(selection)
    outlines = [ready.outline for ready in prepared]
    for outline in outlines:
        arranger.count(outline)
    document, order = plan_document(arranger, outlines, now=now, today=today)
    for index in order:
        keys = arranger.keys_of(outlines[index])
        if outlines[index].kept:
            document.briefings.append(finish(prepared[index], keys))
    document.groups = arranger.groups(document.briefings)
    return document


def plan_document(
    arranger: Arranger, outlines: Sequence[Outline], *, now: datetime, today: date
) -> tuple[ExportDocument, list[int]]:
    """The document's head (``document_head``) from every prepared briefing's outline, each
    counted by ``arranger``; and its placed briefings in document order (``Arranger.order``),
    to be given their keys in that order."""
    order = arranger.order(outlines)
    kept = [outlines[index] for index in order if outlines[index].kept]
    return document_head(kept, arranger.selection, now, today), order


def document_head(
    kept: Sequence[Outline], selection: Selection, now: datetime, today: date
) -> ExportDocument:
    """The document's own fields for the briefings it ``kept`` (in document order), without
    their briefings and groups, which the caller fills in or renders on its own."""
    tags = _tags(
        [tag for outline in kept for tag in outline.item_tags]
        + [tag for outline in kept for tag in outline.tags]
    )
    tags.sort(key=str.casefold)
    filters: dict[str, Any] = {"scope": "all" if selection.include_all else "tagged"}
    if selection.tags:
        filters["tags"] = [str(tag) for tag in _tags(selection.tags)]
    if selection.since:
        filters["since"] = selection.since.isoformat()
    if selection.until:
        filters["until"] = selection.until.isoformat()
    return ExportDocument(
        title=kept[0].title if len(kept) == 1 else DEFAULT_TITLE,
        exported=now.isoformat(timespec="seconds"),
        today=today.isoformat(),
        group_by=selection.group_by,
        include_all=selection.include_all,
        filters=filters,
        tags=tags,
        count=len(kept),
        briefings=[],
        groups=[],
    )
