"""Annotation YAML: the seed's anchors, and a table of bad inputs each with its located problem."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from unittest.mock import ANY

import pytest
from hostile.corpus import ALIAS_BOMB

from briefing.annotations import anchor, load_annotation, parse_annotation
from briefing.article import load_article, parse_article
from briefing.library import load_briefing
from briefing.model import Problem

PATH = Path("a.yaml")

# Where each sample quote and figure stands in the seed article (paragraph numbers from 1).
SEED_QUOTES = {
    "I would really encourage Europeans": 3,
    "This is what the US wanted.": 6,
    "We can defend ourselves today": 9,
    "Stopping this kind of support": 11,
}
SEED_FIGURES = {"5.4%": 5, "double": 5, "400%": 8, "1989": 7, "2, 4, 6 years": 9, "3.5%": 12}


def test_seed_annotation_loads_without_problems(seed: Path) -> None:
    annotation, problems = load_annotation(seed.with_suffix(".yaml"))
    assert problems == []
    assert annotation.title.startswith("Rutte urges Europe")
    assert len(annotation.summary) == 4
    assert {q.speaker for q in annotation.quotes} == {"Mark Rutte", "Inga Ruginiene"}
    assert [i.status for i in annotation.issues].count("watching") == 2
    assert annotation.dates[0].resolved == date(2026, 2, 26)
    assert "nato" in annotation.tags


def test_seed_quotes_and_figures_are_anchored_exactly(seed: Path) -> None:
    briefing = load_briefing(seed)
    assert briefing.problems == []
    assert briefing.article is not None
    body = briefing.article.body
    assert len(briefing.annotation.quotes) == len(SEED_QUOTES)
    for quote in briefing.annotation.quotes:
        assert quote.anchor is not None, quote.words
        assert body[quote.anchor.start : quote.anchor.end] == quote.words
        (paragraph,) = [n for start, n in SEED_QUOTES.items() if quote.words.startswith(start)]
        assert quote.anchor.paragraph == paragraph
    assert [f.value for f in briefing.annotation.figures] == list(SEED_FIGURES)
    for figure in briefing.annotation.figures:
        assert figure.anchor is not None, figure.value
        assert body[figure.anchor.start : figure.anchor.end] == figure.value
        assert figure.anchor.paragraph == SEED_FIGURES[figure.value]


def test_ids_are_stable_across_reordering() -> None:
    one, _ = parse_annotation("quotes:\n  - text: alpha\n  - text: beta\n", PATH)
    two, _ = parse_annotation("quotes:\n  - text: beta\n  - text: alpha\n", PATH)
    assert {q.words: q.id for q in one.quotes} == {q.words: q.id for q in two.quotes}
    assert len({q.id for q in one.quotes}) == 2


def test_explicit_ids_are_kept() -> None:
    annotation, problems = parse_annotation("quotes:\n  - id: mine\n    text: alpha\n", PATH)
    assert problems == [] and annotation.quotes[0].id == "mine"


def test_scalar_surprises_are_read_as_written() -> None:
    annotation, problems = parse_annotation(
        "figures:\n  - value: 1.10\n  - value: 012345\n  - value: 12:30:45\n"
        "issues:\n  - question: Is it?\n    status: Resolved\n    draft: yes\n"
        "dates:\n  - text: then\n    date: 2026-02-26\n",
        PATH,
    )
    assert problems == []
    assert [f.value for f in annotation.figures] == ["1.10", "012345", "12:30:45"]
    assert annotation.issues[0].status == "resolved" and annotation.issues[0].draft is True
    assert annotation.dates[0].resolved == date(2026, 2, 26)


def test_summary_as_one_string_and_tags_as_one_word() -> None:
    annotation, problems = parse_annotation("summary: One point.\ntags: nato\n", PATH)
    assert problems == []
    assert [p.body for p in annotation.summary] == ["One point."]
    assert annotation.tags == ["nato"]


def test_summary_lines_follow_their_items_past_a_bad_one() -> None:
    annotation, problems = parse_annotation("summary:\n  - a: b\n  - second\n", PATH)
    assert [(p.severity, p.line) for p in problems] == [("error", 2)]
    assert [(p.body, p.line) for p in annotation.summary] == [("second", 3)]


def test_empty_items_and_nulls() -> None:
    annotation, problems = parse_annotation("title: ~\nsummary:\nquotes: []\ntags: []\n", PATH)
    assert problems == [] and annotation.title == "" and annotation.quotes == []


# (name, YAML, [(severity, line, column)], a word the first message holds or None for
# PyYAML's own wording). ANY where the column is PyYAML's to choose.
BAD_ANNOTATIONS: list[tuple[str, str, list[tuple[str, int | None, int | None]], str | None]] = [
    ("syntax-error", "quotes:\n  - text: [unclosed\nfigures: x\n", [("error", 3, ANY)], None),
    ("duplicate-top-key", "title: a\nsummary: b\ntitle: c\n", [("error", 3, 1)], "duplicate"),
    (
        "duplicate-item-key",
        "quotes:\n  - text: a\n    text: b\n",
        [("error", 3, 5)],
        "duplicate",
    ),
    ("quotes-not-a-list", "quotes: hello\n", [("error", 1, 9)], "list"),
    ("quotes-a-mapping", "quotes:\n  text: hello\n", [("error", 2, 3)], "list"),
    ("text-a-mapping", "quotes:\n  - text: {a: b}\n", [("error", 2, 11)], "text"),
    ("text-a-list", "quotes:\n  - text: [a, b]\n", [("error", 2, 11)], "text"),
    ("title-a-list", "title: [a]\n", [("error", 1, 8)], "title"),
    ("item-not-a-mapping", "quotes:\n  - just words\n", [("error", 2, 5)], "mapping"),
    ("item-null", "figures:\n  -\n", [("error", 2, 4)], "mapping"),
    ("missing-text", "quotes:\n  - speaker: X\n", [("error", 2, 5)], "text"),
    ("empty-text", "quotes:\n  - text: ''\n", [("error", 2, 5)], "text"),
    ("missing-value", "figures:\n  - label: L\n", [("error", 2, 5)], "value"),
    ("missing-question", "issues:\n  - status: open\n", [("error", 2, 5)], "question"),
    ("status-no", "issues:\n  - question: Q?\n    status: no\n", [("error", 3, 13)], "status"),
    (
        "status-unknown",
        "issues:\n  - question: Q?\n    status: closed\n",
        [("error", 3, 13)],
        "open",
    ),
    ("draft-not-bool", "quotes:\n  - text: x\n    draft: maybe\n", [("error", 3, 12)], "draft"),
    ("impossible-date", "dates:\n  - text: x\n    date: 2026-02-30\n", [("error", 3, 11)], "date"),
    ("date-not-iso", "dates:\n  - text: x\n    date: Feb 26\n", [("error", 3, 11)], "date"),
    ("summary-a-mapping", "summary: {a: b}\n", [("error", 1, 10)], "summary"),
    ("tags-a-mapping", "tags: {a: b}\n", [("error", 1, 7)], "tags"),
    ("root-a-list", "- a\n- b\n", [("error", 1, 1)], "mapping"),
    ("root-a-string", "hello\n", [("error", 1, 1)], "mapping"),
    (
        "duplicate-items",
        "quotes:\n  - text: same\n  - text: same\n",
        [("error", 3, 5)],
        "duplicate id",
    ),
    ("tag-python", "title: !!python/object/apply:os.system ['ls']\n", [("error", 1, 8)], "tag"),
    ("tag-custom", "quotes:\n  - text: !x y\n", [("error", 2, 11)], "tag"),
    ("alias", "a: &x t\ntitle: *x\n", [("error", 1, 4)], "alias"),
    ("deep", "[" * 10_000 + "]" * 10_000, [("error", 1, ANY)], None),
    (
        "deep-block",
        "".join(f"{'  ' * n}k:\n" for n in range(40)) + "  " * 40 + "v\n",
        [("error", 33, 65)],  # the 33rd mapping, one past the limit
        "deep",
    ),
    ("tab-indent", "title: a\n\tsummary: b\n", [("error", 2, 1)], None),
    ("two-documents", "title: a\n---\ntitle: b\n", [("error", 2, 1)], None),
    ("unknown-top-key", "quote:\n  - text: x\n", [("warning", 1, 1)], "quote"),
    (
        "unknown-item-key",
        "quotes:\n  - text: x\n    speakr: Y\n",
        [("warning", 3, 5)],
        "speakr",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "word"),
    [case[1:] for case in BAD_ANNOTATIONS],
    ids=[case[0] for case in BAD_ANNOTATIONS],
)
def test_bad_annotations(
    text: str, expected: list[tuple[str, int | None, int | None]], word: str | None
) -> None:
    _, problems = parse_annotation(text, PATH)
    assert [(p.severity, p.line, p.column) for p in problems] == expected
    for problem in problems:
        assert problem.path == PATH and problem.hint
    if word is not None:
        assert word in problems[0].message


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("quote:\n  - text: x\n", "quotes"),
        ("sumary: x\n", "summary"),
        ("figures:\n  - valeu: 3\n", "value"),
        ("issues:\n  - question: q\n    stauts: open\n", "status"),
    ],
)
def test_unknown_keys_suggest_the_near_one(text: str, suggestion: str) -> None:
    _, problems = parse_annotation(text, PATH)
    warnings = [p for p in problems if p.severity == "warning"]
    assert len(warnings) == 1
    assert warnings[0].hint == f"did you mean `{suggestion}`?"


def test_unknown_key_far_from_any_lists_the_known() -> None:
    _, problems = parse_annotation("zzz: 1\n", PATH)
    assert problems[0].severity == "warning" and "summary" in problems[0].hint


def test_a_bad_item_does_not_lose_the_good_ones() -> None:
    annotation, problems = parse_annotation(
        "quotes:\n  - text: good one\n  - text: [bad]\n  - text: another\n"
        "figures:\n  - value: 5%\n",
        PATH,
    )
    assert [q.words for q in annotation.quotes] == ["good one", "another"]
    assert [f.value for f in annotation.figures] == ["5%"]
    assert [(p.severity, p.line) for p in problems] == [("error", 3)]


def test_alias_bomb_is_rejected_quickly() -> None:
    started = time.perf_counter()
    annotation, problems = parse_annotation(ALIAS_BOMB, PATH)
    assert time.perf_counter() - started < 1
    assert [(p.severity, p.line, p.column) for p in problems] == [("error", 1, 4)]
    assert annotation.items() == []


def test_control_characters_in_annotation_strings_are_replaced() -> None:
    annotation, problems = parse_annotation(
        "title: raw \x1b[2J here\n"
        'summary: ["escaped \\e]52;c;SGk=\\a", "bidi \u202ereversed"]\n'
        "quotes:\n  - text: q \x1b[31m\n    speaker: \x9bX\n    note: n\x00\n"
        'tags: ["t\\e"]\n',
        PATH,
    )
    assert problems == []
    strings = [
        annotation.title,
        *annotation.tags,
        *(item.text for item in annotation.items()),
        *(item.note for item in annotation.items()),
        annotation.quotes[0].speaker,
    ]
    for text in strings:
        assert not any(char in text for char in "\x1b\x07\x00\x9b\u202e"), text
    assert annotation.title == "raw \u241b[2J here"


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", []),
        (b"  \n\n", []),
        (b"# nothing but a comment\n", []),
        ("title: caf\u00e9\n".encode("utf-16"), []),
        (b"title: ok\nsummary: caf\xe9\n", [("error", 2, 13)]),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, [("error", None, None)]),
    ],
    ids=["empty", "whitespace", "comment", "utf16-bom", "invalid-utf8", "binary"],
)
def test_annotation_files(
    tmp_path: Path, content: bytes, expected: list[tuple[str, int | None, int | None]]
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(content)
    annotation, problems = load_annotation(path)
    assert [(p.severity, p.line, p.column) for p in problems] == expected
    assert all(p.path == path for p in problems)
    assert annotation.path == path


def test_too_large_annotation_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    with path.open("wb") as handle:
        handle.truncate(5 * 2**20)
    _, problems = load_annotation(path)
    assert [p.severity for p in problems] == ["error"] and "too large" in problems[0].message


def test_missing_annotation_file(tmp_path: Path) -> None:
    _, problems = load_annotation(tmp_path / "gone.yaml")
    assert [p.severity for p in problems] == ["error"]


# --- anchoring against an article -------------------------------------------------------------


def anchored(article_text: str, yaml_text: str) -> tuple[str, list[Problem], object]:
    article = parse_article(article_text, Path("a.txt"))
    annotation, problems = parse_annotation(yaml_text, PATH)
    assert problems == []
    return article.body, anchor(annotation, article), annotation


def test_quote_not_in_article_is_a_warning_with_its_line() -> None:
    _, problems, _ = anchored(
        "date 2026-02-26\n\nHe said something else entirely.",
        "title: t\nquotes:\n  - text: words never said\n",
    )
    assert [(p.severity, p.line, p.path) for p in problems] == [("warning", 3, PATH)]
    assert problems[0].message == 'quote "words never said" not found in article'


def test_figure_not_in_article_and_glued_figure() -> None:
    body, problems, annotation = anchored(
        "Spending rose 1400% in a decade.",
        "figures:\n  - value: 400%\n  - value: 1400%\n",
    )
    assert [(p.severity, p.line) for p in problems] == [("warning", 2)]
    assert "400%" in problems[0].message
    figure = annotation.figures[1]  # type: ignore[attr-defined]
    assert body[figure.anchor.start : figure.anchor.end] == "1400%"


def test_long_missing_quote_is_shortened_in_the_warning() -> None:
    _, problems, _ = anchored("Body.", f"quotes:\n  - text: {'long words ' * 30}\n")
    assert len(problems[0].message) < 90 and "…" in problems[0].message


def test_date_mentions_are_anchored_without_warnings(seed: Path) -> None:
    article = load_article(seed)
    annotation, _ = parse_annotation("dates:\n  - text: on Thursday\n  - text: nowhere\n", PATH)
    assert anchor(annotation, article) == []
    found, missing = annotation.dates
    assert found.anchor is not None and found.anchor.paragraph == 1
    assert missing.anchor is None
