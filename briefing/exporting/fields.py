"""The fields an export template sees (documented in the README), and what to select.

Every text field holds the untrusted text as it is; the template environment escapes it on
output. Fields that are markdown already (links, ``#tags``, block ids, markers) are ``Md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from briefing.exporting.escape import Md, hashtags, tag_name
from briefing.exporting.markers import GROUP_CLOSE, ITEM_CLOSE, group_open, item_open
from briefing.model import (
    ItemKind,
)
from briefing.safety import sanitize
from briefing.yamlio import dump

GroupBy = Literal["briefing", "tag", "section"]
GROUPINGS: tuple[GroupBy, ...] = ("briefing", "tag", "section")
KINDS: tuple[ItemKind, ...] = ("summary", "quote", "figure", "issue", "date", "sentence")
SECTION_TITLES: dict[str, str] = {
    "summary": "Summary",
    "quote": "Quotes",
    "figure": "Figures",
    "issue": "Open issues",
    "date": "Dates",
    "sentence": "Tagged passages",
}
DEFAULT_TITLE = "Briefing notes"
#: Markdown that says nothing, and the closing markers: the same object every time.
_EMPTY = Md()
_ITEM_END = Md(ITEM_CLOSE)
_GROUP_END = Md(GROUP_CLOSE)
_NO_LONGER = Md("(no longer in the briefing)")
_NOT_FOUND = Md("(not found in the article)")
#: An article ``url`` that may become a link: http(s), nothing an autolink cannot hold.
_WEB_URL = re.compile(r"^https?://[^\s<>\\`\x00-\x1f\x7f]+$", re.IGNORECASE)


@dataclass
class Selection:
    """What to export: the command line's filters, or the export dialog's."""

    tags: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    include_all: bool = False
    group_by: GroupBy = "briefing"

    @property
    def wanted(self) -> set[str]:
        return {name.casefold() for name in map(tag_name, self.tags) if name}

    def takes_date(self, when: date | None) -> bool:
        if self.since is None and self.until is None:
            return True
        if when is None:
            return False
        return (self.since is None or when >= self.since) and (
            self.until is None or when <= self.until
        )


class _ItemMarkers:
    __slots__ = ()
    key: str

    @property
    def begin(self) -> Md:
        return Md(item_open(self.key))

    @property
    def end(self) -> Md:
        return _ITEM_END


class _GroupMarkers:
    __slots__ = ()
    key: str

    @property
    def begin(self) -> Md:
        return Md(group_open(self.key))

    @property
    def end(self) -> Md:
        return _GROUP_END


@dataclass(eq=False, slots=True)
class ExportItem(_ItemMarkers):
    """One exported item: an annotation item or a tagged sentence, with the reader's notes."""

    key: str
    id: str
    kind: ItemKind
    text: str
    briefing: ExportBriefing
    speaker: str = ""
    role: str = ""
    value: str = ""
    label: str = ""
    status: str = ""
    date: str = ""
    paragraph: int | None = None
    #: Character offsets of the span in the article file (RFC 5147 ``#char=`` positions).
    char_start: int | None = None
    char_end: int | None = None
    link: Md = _EMPTY
    note: str = ""
    annotation_note: str = ""
    tags: list[Md] = field(default_factory=list)
    draft: bool = False
    orphan: bool = False

    @property
    def block_id(self) -> Md:
        return Md(self.key)

    @property
    def done(self) -> bool:
        return self.status == "resolved"

    @property
    def hashtags(self) -> Md:
        return hashtags(self.tags)

    @property
    def cite(self) -> Md:
        """``[¶N](article#char=S,E)``, or ``¶N`` without a place, or nothing."""
        if self.paragraph is None:
            return _EMPTY
        return Md(f"[¶{self.paragraph}]({self.link})" if self.link else f"¶{self.paragraph}")

    @property
    def place(self) -> Md:
        """``cite`` in brackets, or why there is none: the item left the briefing, or its
        text is not in the article."""
        if self.paragraph is not None:
            return Md(f"({self.cite})")
        return _NO_LONGER if self.orphan else _NOT_FOUND

    @property
    def exported(self) -> bool:
        return bool(self.tags or self.note.strip())


@dataclass(eq=False, slots=True)
class ExportBriefing:
    key: str
    title: str
    date: str
    source: str
    author: str
    url: str
    file: str
    link: Md
    tags: list[Md]
    summary: list[ExportItem] = field(default_factory=list)
    #: The exported items (by the selection), in annotation order, tagged sentences last.
    items: list[ExportItem] = field(default_factory=list)

    @property
    def hashtags(self) -> Md:
        return hashtags(self.tags)

    @property
    def source_url(self) -> Md:
        """The article's ``url`` as an autolink ``<https://…>``; nothing unless http(s)."""
        if _WEB_URL.match(self.url):
            return Md(f"<{self.url}>")
        return _EMPTY

    def of_kind(self, kind: str) -> list[ExportItem]:
        return [item for item in self.items if item.kind == kind]

    @property
    def quotes(self) -> list[ExportItem]:
        return self.of_kind("quote")

    @property
    def figures(self) -> list[ExportItem]:
        return self.of_kind("figure")

    @property
    def issues(self) -> list[ExportItem]:
        return self.of_kind("issue")

    @property
    def dates(self) -> list[ExportItem]:
        return self.of_kind("date")

    @property
    def sentences(self) -> list[ExportItem]:
        return self.of_kind("sentence")


@dataclass(eq=False, slots=True)
class Head(_ItemMarkers):
    """The heading part of a group, kept between item markers so ``--update`` refreshes it."""

    key: str


@dataclass(eq=False, slots=True)
class Section(_GroupMarkers):
    key: str
    kind: ItemKind
    title: str
    items: list[ExportItem]


@dataclass(eq=False, slots=True)
class Group(_GroupMarkers):
    key: str
    kind: GroupBy
    title: str
    sections: list[Section]
    briefing: ExportBriefing | None = None
    tag: Md | None = None

    @property
    def head(self) -> Head:
        return Head(f"{self.key}/head")

    @property
    def items(self) -> list[ExportItem]:
        return [item for section in self.sections for item in section.items]


@dataclass(eq=False, slots=True)
class ExportDocument:
    title: str
    exported: str
    today: str
    group_by: GroupBy
    include_all: bool
    filters: dict[str, Any]
    tags: list[Md]
    #: How many briefings the document holds. (``briefings`` and ``groups`` are left empty
    #: when the groups are written elsewhere: by worker processes, for a large export.)
    count: int
    briefings: list[ExportBriefing]
    groups: list[Group]

    @property
    def items(self) -> list[ExportItem]:
        return [item for briefing in self.briefings for item in briefing.items]

    @property
    def empty(self) -> bool:
        return self.count == 0

    @property
    def front_matter(self) -> Md:
        data = {
            "title": sanitize(self.title),
            "exported": self.exported,
            "briefings": self.count,
            "tags": [str(tag) for tag in self.tags],
            "filters": self.filters,
        }
        return Md(f"---\n{dump(data)}---")

    def context(self) -> dict[str, Any]:
        """The template's top-level fields."""
        return {
            "title": self.title,
            "exported": self.exported,
            "today": self.today,
            "group_by": self.group_by,
            "all": self.include_all,
            "filters": self.filters,
            "tags": self.tags,
            "hashtags": hashtags(self.tags),
            "count": self.count,
            "briefings": self.briefings,
            "groups": self.groups,
            "items": self.items,
            "front_matter": self.front_matter,
        }
