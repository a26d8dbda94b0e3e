"""The briefing data model: plain dataclasses shared by the core and the TUI."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from briefing.safety import sanitize

Severity = Literal["error", "warning"]
IssueStatus = Literal["open", "watching", "resolved"]
ISSUE_STATUSES: tuple[IssueStatus, ...] = ("open", "watching", "resolved")
ItemKind = Literal["summary", "quote", "figure", "issue", "date", "sentence"]


@dataclass(frozen=True)
class Problem:
    """An error or warning about a file, with its location where known and a hint."""

    severity: Severity
    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class BriefingError(Exception):
    """Raised by core readers for bad input; carries the ``Problem`` to show the user."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True, init=False)
class Span:
    """A located stretch of the article: offsets into ``Article.body`` and its paragraph."""

    paragraph: int
    start: int
    end: int

    def __init__(self, paragraph: int, start: int, end: int) -> None:
        # As for ``Paragraph``: one per anchored item of every briefing read.
        fields = self.__dict__
        fields["paragraph"] = paragraph
        fields["start"] = start
        fields["end"] = end


@dataclass(frozen=True, init=False)
class Paragraph:
    number: int
    start: int
    end: int
    text: str

    def __init__(self, number: int, start: int, end: int, text: str) -> None:
        # Tens are made for every article read: filling the instance dict directly is twice
        # as fast as the generated frozen ``__init__`` (an ``object.__setattr__`` per field).
        fields = self.__dict__
        fields["number"] = number
        fields["start"] = start
        fields["end"] = end
        fields["text"] = text


def hash_normal_body(normal: str) -> str:
    """``Article.body_hash`` of a body whose white space runs are single spaces, none at
    either end."""
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    path: Path
    body: str
    paragraphs: list[Paragraph]
    #: Character offset of ``body`` within the file's text, for ``#char=`` fragments.
    body_offset: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    date: date | None = None
    #: ``body_hash()`` once worked out (anchoring works it out as it folds the body); not
    #: copied by ``dataclasses.replace``, which may change the body.
    known_body_hash: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    @property
    def source(self) -> str:
        return self.fields.get("source", "")

    def paragraph_at(self, offset: int) -> int:
        """The number of the paragraph holding body ``offset`` (the nearest one before it)."""
        number = 1
        for paragraph in self.paragraphs:
            if paragraph.start > offset:
                break
            number = paragraph.number
        return number

    def body_hash(self) -> str:
        """A hash of the whitespace-normalised body, so notes follow a moved or renamed file."""
        if self.known_body_hash is None:
            self.known_body_hash = hash_normal_body(" ".join(self.body.split()))
        return self.known_body_hash


@dataclass
class Item:
    """Common fields of every annotation item."""

    id: str
    note: str = ""
    draft: bool = False
    #: 1-based line of the item in the annotation file, for messages.
    line: int | None = None

    kind: ItemKind = field(default="summary", init=False)

    @property
    def text(self) -> str:
        raise NotImplementedError


@dataclass
class SummaryPoint(Item):
    body: str = ""
    kind: ItemKind = field(default="summary", init=False)

    @property
    def text(self) -> str:
        return self.body


@dataclass
class Quote(Item):
    words: str = ""
    speaker: str = ""
    role: str = ""
    anchor: Span | None = None
    kind: ItemKind = field(default="quote", init=False)

    @property
    def text(self) -> str:
        return self.words


@dataclass
class Figure(Item):
    value: str = ""
    label: str = ""
    anchor: Span | None = None
    kind: ItemKind = field(default="figure", init=False)

    @property
    def text(self) -> str:
        return self.value


@dataclass
class OpenIssue(Item):
    question: str = ""
    status: IssueStatus = "open"
    kind: ItemKind = field(default="issue", init=False)

    @property
    def text(self) -> str:
        return self.question


@dataclass
class DateMention(Item):
    mention: str = ""
    resolved: date | None = None
    anchor: Span | None = None
    kind: ItemKind = field(default="date", init=False)

    @property
    def text(self) -> str:
        return self.mention


@dataclass
class Annotation:
    path: Path | None = None
    title: str = ""
    summary: list[SummaryPoint] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    issues: list[OpenIssue] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def items(self) -> list[Item]:
        """Every item, in pane order."""
        return [*self.summary, *self.quotes, *self.figures, *self.issues, *self.dates]


@dataclass
class Briefing:
    """An article, its annotation, and every problem found while reading them."""

    path: Path
    article: Article | None
    annotation: Annotation
    problems: list[Problem] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.annotation.title:
            return self.annotation.title
        if self.article is not None and self.article.title:
            return self.article.title
        return sanitize(self.path.stem.replace("_", " ").replace("-", " "))

    @property
    def date(self) -> date | None:
        return self.article.date if self.article else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def item(self, item_id: str) -> Item | None:
        for item in self.annotation.items():
            if item.id == item_id:
                return item
        return None


def content_id(prefix: str, *parts: str) -> str:
    """A stable id from an item's own content, so tags survive reordering of the file."""
    normal = "\x1f".join([" ".join(part.casefold().split()) for part in parts])
    return f"{prefix}-{hashlib.sha1(normal.encode('utf-8')).hexdigest()[:8]}"
