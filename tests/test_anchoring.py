"""Finding annotation text in the article: typography, white space, whole words, exact spans."""

from __future__ import annotations

import dataclasses
import time
from bisect import bisect_right
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.anchoring import Locator, fold, fold_needle, sentences
from briefing.article import parse_article
from briefing.model import Article, Span


def article(text: str) -> Article:
    return parse_article(text, Path("a.txt"))


def found(body: str, needle: str, **options: bool) -> str | None:
    """The original text the needle was matched to, or None."""
    span = Locator(article(body)).find(needle, **options)
    return None if span is None else article(body).body[span.start : span.end]


@pytest.mark.parametrize(
    ("body", "needle", "original"),
    [
        ("He said \u201cwe act\u201d.", '"we act"', "\u201cwe act\u201d"),
        ('He said "we act".', "\u201cwe act\u201d", '"we act"'),
        ("Washington\u2019s role", "Washington's role", "Washington\u2019s role"),
        ("\u00abnous agissons\u00bb", '"nous agissons"', "\u00abnous agissons\u00bb"),
        ("in 2020\u20132021 it", "2020-2021", "2020\u20132021"),
        ("a pause \u2014 then", "a pause - then", "a pause \u2014 then"),
        ("minus \u22125 degrees", "-5 degrees", "\u22125 degrees"),
        ("we are\nstrong", "we are strong", "we are\nstrong"),
        ("we   are \t strong", "we are strong", "we   are \t strong"),
        ("we are strong", "we\n  are   strong", "we are strong"),
        ("5\u00a0000 troops", "5 000 troops", "5\u00a0000 troops"),
        ("  padded  ", "  padded ", "padded"),
    ],
)
def test_typography_and_white_space_are_tolerated(body: str, needle: str, original: str) -> None:
    assert found(body, needle) == original


def test_case_insensitive_fallback_prefers_an_exact_match() -> None:
    body = "the Alliance said. Later THE ALLIANCE and the alliance."
    assert found(body, "THE ALLIANCE") == "THE ALLIANCE"
    assert found(body, "the alliance") == "the alliance"
    assert found(body, "tHe AlLiAnCe") == "the Alliance"  # no exact match: the first, any case


def test_case_folding_keeps_offsets_for_characters_that_grow() -> None:
    body = "\u0130stanbul and \u0130zmir: the word."  # İ lower-cases to two characters
    assert found(body, "THE WORD") == "the word"
    assert found(body, "\u0130ZMIR") == "\u0130zmir"


@pytest.mark.parametrize(
    ("body", "needle", "original"),
    [
        ("rose 1400% last year", "400%", None),
        ("rose by 400% last year", "400%", "400%"),
        ("rose by 400%.", "400%", "400%"),
        ("(400%)", "400%", "400%"),
        ("1400% then 400% later", "400%", "400%"),
        ("some 1,400 troops", "400", None),
        ("some 400,000 troops", "400", None),
        ("some 4.400 troops", "400", None),
        ("some 400, then more", "400", "400"),
        ("about 5.45% of GDP", "5.4", None),
        ("about 5.4% of GDP", "5.4%", "5.4%"),
        ("Germany's plans to double spending", "double", "double"),
        ("a doubled budget", "double", None),
        ("$4.5 billion in aid", "$4.5 billion", "$4.5 billion"),
        ("since 1989, as", "1989", "1989"),
        ("in 19891 cases", "1989", None),
    ],
)
def test_figures_match_whole_words_only(body: str, needle: str, original: str | None) -> None:
    assert found(body, needle, whole_word=True) == original


def test_quotes_are_not_limited_to_whole_words() -> None:
    assert found("rose 1400% last year", "400%") == "400%"


def test_span_gives_the_paragraph() -> None:
    body = "First one.\n\nSecond \u201cquoted words\u201d here.\n\nThird."
    located = Locator(article(body)).find('"quoted words"')
    assert located is not None and located.paragraph == 2


def test_find_after_an_offset_and_find_all() -> None:
    body = "NATO one. nato two. Nato three."
    locator = Locator(article(body))
    first = locator.find("NATO")
    assert first == Span(1, 0, 4)
    later = locator.find("NATO", after=first.end)
    assert later is not None and body[later.start : later.end] == "nato"
    assert [body[s.start : s.end] for s in locator.find_all("nato")] == ["NATO", "nato", "Nato"]
    assert locator.find_all("   ") == [] and locator.find("") is None


def test_fold_maps_back_to_the_original() -> None:
    text = "a \u201cb\u201d\n\n  c\u2014d"
    folded = fold(text)
    assert folded.text == 'a "b" c-d'
    start, end = folded.span(2, 5)
    assert text[start:end] == "\u201cb\u201d"
    start, end = folded.span(6, 9)
    assert text[start:end] == "c\u2014d"
    assert fold_needle("  a\n\u2018b\u2019  ") == "a 'b'"


def test_sentences_skip_abbreviations_and_keep_paragraphs() -> None:
    body = (
        'Mr. Rutte met Dr. Who in the U.S. on Jan. 5. "We act," he said. Then: done!\n\n'
        "Second paragraph. Two sentences."
    )
    parsed = article(body)
    texts = [(s.paragraph, parsed.body[s.start : s.end]) for s in sentences(parsed)]
    assert texts == [
        (1, "Mr. Rutte met Dr. Who in the U.S. on Jan. 5."),
        (1, '"We act," he said.'),
        (1, "Then: done!"),
        (2, "Second paragraph."),
        (2, "Two sentences."),
    ]


def test_locator_on_a_five_megabyte_article_is_bounded() -> None:
    body = "word " * 1_000_000 + "needle at the end"
    parsed = article(body)
    started = time.perf_counter()
    locator = Locator(parsed)
    span = locator.find("needle at the end")
    missing = locator.find("not there at all", whole_word=True)
    assert time.perf_counter() - started < 5
    assert span is not None and parsed.body[span.start : span.end] == "needle at the end"
    assert missing is None


BODY = st.text(
    st.sampled_from(list("abcAB \n\t.-'\"\u2019\u201c\u201d\u2013\u2014\u00a0\u0130")), max_size=60
)


@settings(max_examples=300, deadline=None)
@given(BODY, st.integers(0, 60), st.integers(1, 20))
def test_any_piece_of_the_body_is_found_exactly(text: str, start: int, length: int) -> None:
    parsed = article("x\n\n" + text)
    body = parsed.body
    needle = body[start : start + length]
    assume(needle.strip())
    span = Locator(parsed).find(needle)
    assert span is not None
    assert fold_needle(body[span.start : span.end]) == fold_needle(needle)
    assert span.start <= len(body) and span.end <= len(body)


def naive_origin(text: str) -> list[int]:
    """For each folded character, the offset it came from: the obvious, slow definition."""
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace() and previous_space:
            continue
        previous_space = char.isspace()
        origin.append(index)
    return origin


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab \n\t\u2014\u201c")), max_size=40))
def test_fold_map_agrees_with_the_obvious_one(text: str) -> None:
    folded = fold(text)
    origin = naive_origin(text)
    assert folded.text == "".join(
        " " if text[o].isspace() else fold_needle(text[o]) for o in origin
    )
    assert [folded.original(index) for index in range(len(origin))] == origin
    for offset in range(len(text) + 1):
        assert folded.folded(offset) == bisect_right(origin, offset - 1)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab \n\t\r\u2014\u201c\u00a0\u2028\x1f")), max_size=40))
def test_anchoring_gives_the_body_hash_the_body_has(text: str) -> None:
    """Anchoring works the body hash out as it folds the body (notes are found by it): the
    same hash as the article's own, whatever the white space and typography."""
    anchored = Article(Path("a.txt"), text, [])
    Locator(anchored)
    assert anchored.known_body_hash is not None
    assert anchored.known_body_hash == Article(Path("a.txt"), text, []).body_hash()


def test_a_copy_with_another_body_hashes_its_own_body() -> None:
    article = Article(Path("a.txt"), "one two", [])
    Locator(article)
    changed = dataclasses.replace(article, body="three four")
    assert changed.body_hash() == Article(Path("a.txt"), "three four", []).body_hash()
    assert changed.body_hash() != article.body_hash()
