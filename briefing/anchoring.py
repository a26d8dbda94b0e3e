"""Finding annotation text in the article, tolerant of typography, and splitting sentences.

Quotes in annotations are typed with straight quotes and hyphens while articles carry curly
quotes, dashes and line breaks; both sides are normalised before searching and the match is
mapped back to offsets in the original body.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from briefing.model import Article, Span

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Folded:
    """Normalised text plus, for each of its characters, the offset it came from."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` offsets of folded ``[start, end)``."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """Fold quotes, dashes and runs of white space; keep a map back to ``text``."""
    out: list[str] = []
    origin: list[int] = []
    translated = text.translate(_FOLD)
    previous_space = False
    for index, char in enumerate(translated):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        out.append(char)
        origin.append(index)
    return Folded("".join(out), origin)


def fold_needle(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets still map back."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class Locator:
    """Searches one article body; folding is done once and shared by every lookup."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.folded = fold(article.body)
        self._lower = lower_same_length(self.folded.text)
        self._starts = [paragraph.start for paragraph in article.paragraphs]

    def paragraph_of(self, offset: int) -> int:
        index = bisect_right(self._starts, offset) - 1
        return self.article.paragraphs[max(index, 0)].number if self.article.paragraphs else 1

    def find(self, needle: str, *, whole_word: bool = False, after: int = 0) -> Span | None:
        """The first occurrence of ``needle`` at or after body offset ``after``.

        Exact (folded) match first, then case-insensitive. ``whole_word`` refuses matches
        glued to letters or digits (so "400%" does not match inside "1400%").
        """
        target = fold_needle(needle)
        if not target:
            return None
        start_at = bisect_right(self.folded.origin, after - 1) if after else 0
        for haystack, probe in (
            (self.folded.text, target),
            (self._lower, lower_same_length(target)),
        ):
            position = haystack.find(probe, start_at)
            while position >= 0:
                end = position + len(probe)
                if not whole_word or self._bounded(haystack, position, end):
                    start, stop = self.folded.span(position, end)
                    return Span(self.paragraph_of(start), start, stop)
                position = haystack.find(probe, position + 1)
        return None

    def find_all(self, needle: str) -> list[Span]:
        """Every case-insensitive occurrence of ``needle`` (for in-article search)."""
        target = lower_same_length(fold_needle(needle))
        spans: list[Span] = []
        if not target:
            return spans
        position = self._lower.find(target)
        while position >= 0:
            start, stop = self.folded.span(position, position + len(target))
            spans.append(Span(self.paragraph_of(start), start, stop))
            position = self._lower.find(target, position + len(target))
        return spans

    @staticmethod
    def _bounded(haystack: str, start: int, end: int) -> bool:
        before = haystack[start - 1] if start > 0 else " "
        after = haystack[end] if end < len(haystack) else " "
        first, last = haystack[start], haystack[end - 1]
        glued_before = first.isalnum() and before.isalnum()
        glued_after = last.isalnum() and (
            after.isalnum()
            or (after in ".," and end + 1 < len(haystack) and haystack[end + 1].isdigit())
        )
        return not (glued_before or glued_after)


_SENTENCE_END = re.compile(r"""(?<=[.!?])["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])""")
_ABBREVIATIONS = tuple(
    "Mr. Mrs. Ms. Dr. St. U.S. U.K. E.U. No. Gen. Sen. Rep. Gov. Prof. Jr. Sr. vs. e.g. i.e. "
    "etc. Inc. Ltd. Co. Corp. Jan. Feb. Aug. Sept. Oct. Nov. Dec.".split()
)


def sentences(article: Article) -> list[Span]:
    """Every sentence of the article as a span, in order; a paragraph never splits across two."""
    spans: list[Span] = []
    for paragraph in article.paragraphs:
        text = paragraph.text
        start = 0
        for boundary in _SENTENCE_END.finditer(text):
            head = text[: boundary.start()]
            if head.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", head):
                continue
            end = boundary.start() + len(boundary.group().rstrip())
            spans.append(Span(paragraph.number, paragraph.start + start, paragraph.start + end))
            start = boundary.end()
        if start < len(text):
            spans.append(Span(paragraph.number, paragraph.start + start, paragraph.end))
    return spans
