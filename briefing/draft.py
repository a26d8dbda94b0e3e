"""Drafting the annotation of a raw article: ``briefing draft`` and the app's draft command.

``draft_annotation`` reads an article and returns an ``Annotation`` whose every item is marked
``draft``: quotes with speakers and roles, figures with labels, dates resolved against the
article's date, candidate open issues and a short extractive summary. It is deterministic,
offline and fast; dateparser is imported only when a date phrase needs it.

``render`` turns a draft into annotation YAML, ``merge_draft`` folds one into an annotation a
human already wrote (adding, never changing), and ``plan_draft`` is what the app calls: it
proposes the new text and what was added, and saves only when asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.annotations import ANNOTATION_SUFFIXES, anchor
from briefing.article import load_article, read_text
from briefing.drafting.figures import find_figures
from briefing.drafting.issues import find_issues
from briefing.drafting.merge import describe, item_data, merge_text
from briefing.drafting.people import People
from briefing.drafting.quotes import find_quotes
from briefing.drafting.summary import find_summary
from briefing.drafting.text import Reading
from briefing.drafting.timeline import find_dates
from briefing.model import (
    Annotation,
    Article,
    BriefingError,
    DateMention,
    Figure,
    OpenIssue,
    Problem,
    Quote,
    SummaryPoint,
    content_id,
)
from briefing.safety import atomic_write
from briefing.yamlio import dump

__all__ = ["DraftPlan", "draft_annotation", "merge_draft", "plan_draft", "render"]


def draft_annotation(article: Article) -> Annotation:
    """Draft every section of an annotation for ``article``; each item has ``draft=True``.

    Quotes and figures are anchored before they are returned, and any that would not anchor
    is left out, so the draft never produces a "not found in article" warning.
    """
    reading = Reading(article)
    people = People(reading)
    figures = find_figures(reading)
    annotation = Annotation(path=None)
    seen: set[str] = set()

    def fresh(item_id: str) -> bool:
        if item_id in seen:
            return False
        seen.add(item_id)
        return True

    for quote in find_quotes(reading, people):
        speaker = quote.speaker
        item = Quote(
            id=content_id("q", quote.words),
            words=quote.words,
            speaker=speaker.name if speaker else "",
            role=speaker.role if speaker else "",
            draft=True,
        )
        if fresh(item.id):
            annotation.quotes.append(item)
    for figure in figures:
        fig = Figure(
            id=content_id("f", figure.value, figure.label),
            value=figure.value,
            label=figure.label,
            draft=True,
        )
        if fresh(fig.id):
            annotation.figures.append(fig)
    for issue in find_issues(reading, people):
        open_issue = OpenIssue(
            id=content_id("i", issue.question), question=issue.question, note=issue.note, draft=True
        )
        if fresh(open_issue.id):
            annotation.issues.append(open_issue)
    for found in find_dates(reading):
        mention = DateMention(
            id=content_id("d", found.text), mention=found.text, resolved=found.when, draft=True
        )
        if fresh(mention.id):
            annotation.dates.append(mention)
    for sentence in find_summary(reading, people, [f.start for f in figures]):
        point = SummaryPoint(id=content_id("s", sentence), body=sentence, draft=True)
        if fresh(point.id):
            annotation.summary.append(point)
    anchor(annotation, article)
    annotation.quotes = [q for q in annotation.quotes if q.anchor is not None]
    annotation.figures = [f for f in annotation.figures if f.anchor is not None]
    return annotation


def render(annotation: Annotation, article: Article | None = None) -> str:
    """Annotation YAML for a draft, headed by a comment saying how to confirm it."""
    name = article.path.name if article is not None else "the article"
    header = (
        f"# Draft annotation of {name}, written by `briefing draft`.\n"
        "# Every item is marked `draft: true`: check it against the article, correct it, then\n"
        "# delete the flag. The summary lines cannot carry the flag; they are drafts too.\n"
    )
    data: dict[str, Any] = {}
    for section in ("summary", "quotes", "figures", "issues", "dates"):
        items = getattr(annotation, section)
        if items:
            data[section] = [item_data(item) for item in items]
    return header + (dump(data) if data else "")


def merge_draft(
    annotation_text: str | None, draft: Annotation, path: Path | None = None
) -> tuple[str, list[str]]:
    """Merge ``draft`` into an annotation file's text; return the new text and what was added.

    Nothing a human wrote is removed or changed: items already present (the same id, or the
    same text) are skipped, and the summary is added only when there is none. New items are
    appended as text, so comments and layout are kept; only when that cannot be done safely
    (flow-style lists, several YAML documents) is the file written out again, which drops its
    comments, and the list of additions says so. Raises ``BriefingError`` when the existing
    text has errors: a file that cannot be read is never rewritten.
    """
    where = path or Path("annotation.yaml")
    if annotation_text is None or not annotation_text.strip():
        return render(draft), describe(draft)
    return merge_text(annotation_text, draft, where)


@dataclass(frozen=True)
class DraftPlan:
    """A proposed draft for one article, ready to show and, on confirmation, to save."""

    article: Path
    target: Path
    text: str
    added: list[str]
    #: The annotation text the draft was merged into; None when there was no annotation.
    original: str | None

    @property
    def empty(self) -> bool:
        """True when the draft adds nothing."""
        return not self.added

    def save(self) -> None:
        """Write the proposal atomically.

        Refuses (``BriefingError``) when the annotation changed on disk after the plan was made,
        so an edit made meanwhile is never overwritten: draft again instead.
        """
        current = read_text(self.target) if self.target.exists() else None
        if current != self.original:
            raise BriefingError(
                Problem(
                    "error",
                    self.target,
                    "the annotation changed after the draft was made",
                    None,
                    None,
                    "draft again to merge into the current file",
                )
            )
        try:
            atomic_write(self.target, self.text)
        except OSError as exc:
            raise BriefingError(
                Problem(
                    "error",
                    self.target,
                    f"cannot write the annotation: {exc.strerror or exc}",
                    None,
                    None,
                    "check the folder's permissions and free space",
                )
            ) from None


def annotation_path(article_path: Path) -> Path:
    """The article's annotation if it has one (``.yaml`` first), else where it would go."""
    for suffix in ANNOTATION_SUFFIXES:
        candidate = article_path.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return article_path.with_suffix(ANNOTATION_SUFFIXES[0])


def plan_draft(article_path: Path) -> DraftPlan:
    """Draft ``article_path`` and merge the draft into its annotation, without writing.

    Raises ``BriefingError`` (with a located problem) when the article or the existing
    annotation cannot be read.
    """
    article = load_article(article_path)
    target = annotation_path(article_path)
    original = read_text(target) if target.exists() else None
    draft = draft_annotation(article)
    if original is None:
        return DraftPlan(article_path, target, render(draft, article), describe(draft), None)
    text, added = merge_draft(original, draft, target)
    return DraftPlan(article_path, target, text, added, original)
