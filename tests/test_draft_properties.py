"""Whatever the article, drafting never fails, and what it writes reads back without errors,
anchors, and merges into itself without adding anything."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.annotations import anchor, parse_annotation
from briefing.article import parse_article
from briefing.draft import draft_annotation, merge_draft, render

FRAGMENTS = [
    '"',
    "\u201c",
    "\u201d",
    "'",
    "\u2019",
    ",",
    ".",
    ":",
    "?",
    " - ",
    "\n\n",
    "\n",
    "said",
    "says",
    "told reporters",
    "according to",
    "adding:",
    "he",
    "she",
    "He",
    "She",
    "the minister",
    "a senior official",
    "the premier",
    "Her office",
    "Mark Rutte",
    "Rutte",
    "Prime Minister Inga Ruginiene",
    "Ruginiene",
    "Dr. Ana Silva,",
    "the NATO chief",
    "$4.5 billion",
    "€800bn",
    "£1.2bn",
    "5.4%",
    "3 per cent",
    "double",
    "threefold",
    "twice as",
    "2,300 troops",
    "2, 4, 6 years",
    "1989",
    "by 2030",
    "on Thursday",
    "April 23",
    "last week",
    "in 2 years",
    "Article 5",
    "G7",
    "COVID-19",
    "aged 52",
    "10:30",
    "the 1960s",
    "half of",
    "whether the bank would cut rates",
    "declined to comment on the talks",
    "has yet to decide",
    "Hungary's blocking of the loan",
    "urged allies to spend more",
    "denied that it happened",
    "We",
    "will",
    "not",
    "accept",
    "this",
    "plan",
    "and",
    "the",
    "United States",
    "Brussels",
    "[/]",
    "[bold]",
    "\x1b[31m",
    "\u202e",
    "\t",
    "  ",
    "___",
    "...",
    "\u2014",
    "(",
    ")",
]
words = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=80
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=words, dated=st.booleans())
def test_drafting_any_article_gives_a_valid_anchored_annotation(
    pieces: list[str], dated: bool
) -> None:
    header = "date 2026-02-26\n\n" if dated else ""
    body = " ".join(pieces)
    if not body.strip():
        body = "x"
    article = parse_article(header + body, Path("a.txt"))
    draft = draft_annotation(article)
    text = render(draft, article)
    annotation, problems = parse_annotation(text, Path("a.yaml"))
    assert problems == [], (text, [str(p) for p in problems])
    assert [q.words for q in annotation.quotes] == [q.words for q in draft.quotes]
    assert [f.value for f in annotation.figures] == [f.value for f in draft.figures]
    assert anchor(annotation, article) == []
    assert all(item.draft for item in annotation.items() if item.kind != "summary")
    assert merge_draft(text, draft, Path("a.yaml")) == (text, [])
