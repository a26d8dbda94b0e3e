"""The issue's quality bar on the seed article: every direct quote with its speaker, every figure
of the hand-written annotation, and the dates, issues and summary it names."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from briefing.annotations import load_annotation
from briefing.article import load_article
from briefing.cli import main
from briefing.draft import draft_annotation
from briefing.library import load_briefing
from briefing.model import Annotation
from briefing.yamlio import parse


def drafted(seed: Path) -> Annotation:
    return draft_annotation(load_article(seed))


def test_every_hand_annotated_quote_is_found_with_its_speaker(seed: Path) -> None:
    hand, _ = load_annotation(seed.with_suffix(".yaml"))
    draft = drafted(seed)
    by_text = {q.words.rstrip("."): q for q in draft.quotes}
    assert len(hand.quotes) == 4
    for quote in hand.quotes:
        found = by_text[quote.words.rstrip(".")]
        assert found.speaker == quote.speaker
    assert len(draft.quotes) == 4
    speakers = {q.speaker: q.role for q in draft.quotes}
    assert speakers == {
        "Mark Rutte": "NATO Secretary-General",
        "Inga Ruginiene": "Lithuanian Prime Minister",
    }


def test_every_hand_annotated_figure_is_found(seed: Path) -> None:
    hand, _ = load_annotation(seed.with_suffix(".yaml"))
    values = [f.value for f in drafted(seed).figures]
    assert [f.value for f in hand.figures] == [
        "5.4%",
        "double",
        "400%",
        "1989",
        "2, 4, 6 years",
        "3.5%",
    ]
    for figure in hand.figures:
        assert figure.value in values
    labels = {f.value: f.label for f in drafted(seed).figures}
    assert labels["5.4%"].startswith("Lithuania: ")
    assert labels["double"].startswith("Germany: ")


def test_the_dates_of_the_hand_annotation_are_resolved_alike(seed: Path) -> None:
    dates = {d.mention: d.resolved for d in drafted(seed).dates}
    assert dates["on Thursday"] == date(2026, 2, 26)
    assert dates["2, 4, 6 years from now"] == date(2028, 2, 26)


def test_issues_are_questions_and_find_the_hungarian_block(seed: Path) -> None:
    issues = drafted(seed).issues
    assert issues and all(i.question.endswith("?") and i.draft for i in issues)
    assert any("Hungary" in i.question and "block" in i.question for i in issues)
    assert all(i.note.startswith("Paragraph ") for i in issues)


def test_summary_is_extractive_and_not_the_first_paragraph(seed: Path) -> None:
    article = load_article(seed)
    summary = [point.body for point in drafted(seed).summary]
    assert 2 <= len(summary) <= 3
    assert summary[0] == article.paragraphs[0].text
    assert " ".join(summary) != article.paragraphs[0].text
    body = " ".join(article.body.split())
    assert all(point in body for point in summary)


def test_the_written_seed_draft_validates_and_anchors(seed: Path, tmp_path: Path) -> None:
    copy = tmp_path / seed.name
    shutil.copyfile(seed, copy)
    assert main(["draft", str(copy)]) == 0
    briefing = load_briefing(copy)
    assert briefing.problems == []
    annotation = briefing.annotation
    assert all(q.anchor is not None for q in annotation.quotes)
    assert all(f.anchor is not None for f in annotation.figures)
    assert all(d.anchor is not None for d in annotation.dates)
    assert all(item.draft for item in annotation.items() if item.kind != "summary")
    root = parse(copy.with_suffix(".yaml").read_text("utf-8"), copy)
    assert root is not None
    assert list(root.value) == ["summary", "quotes", "figures", "issues", "dates"]
