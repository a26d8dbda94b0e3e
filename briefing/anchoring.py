"""Finding annotation text in the article, tolerant of typography, and splitting sentences.

Quotes in annotations are typed with straight quotes and hyphens while articles carry curly
quotes, dashes and line breaks; both sides are normalised before searching and the match is
mapped back to offsets in the original body.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from briefing.model import Article, Span, hash_normal_body

#: Typographic variants, each folded to its plain form. One character for one, so offsets hold;
#: ``str.replace`` per character rather than ``str.translate``, which takes seconds on 50 MB.
_TYPOGRAPHY = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}
_SPACE = re.compile(r"\s+")
#: What folding changes in white space: runs, and single characters other than a plain space.
#: (The pattern starts with ``\s`` so the regex engine can skip ahead to white space.)
_ODD_SPACE = re.compile(r"\s(?:\s+|(?<! ))")


@dataclass(frozen=True)
class Folded:
    """Normalised text and the way back to offsets in the original.

    Folding only shortens runs of white space to one space, so instead of an offset per
    character (40 MB of ints for a 5 MB article) it keeps, for each shortened run, the folded
    offset from which the text is shifted (``marks``) and the total shift from there on
    (``shifts``).
    """

    text: str
    marks: list[int]
    shifts: list[int]

    def original(self, index: int) -> int:
        """The original offset of the folded character at ``index``."""
        return index + self.shifts[bisect_right(self.marks, index) - 1]

    @cached_property
    def _region_starts(self) -> list[int]:
        return [mark + shift for mark, shift in zip(self.marks, self.shifts, strict=True)]

    def folded(self, offset: int) -> int:
        """The first folded index whose character stands at or after original ``offset``."""
        region = bisect_right(self._region_starts, offset)
        index = offset - self.shifts[region - 1]
        return min(index, self.marks[region]) if region < len(self.marks) else index

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` offsets of folded ``[start, end)``."""
        return self.original(start), self.original(end - 1) + 1


def fold(text: str) -> Folded:
    """Fold quotes, dashes and runs of white space; keep a map back to ``text``."""
    return _fold(text)[0]


def _fold(text: str) -> tuple[Folded, str]:
    """``fold(text)``, and ``text`` with only its white space folded (what
    ``Article.body_hash`` hashes, stripped). Typography folds one character for one, so
    white space is folded first, on the text as written."""
    # One pass over what folding changes: each run of white space (or a lone tab or line
    # break) becomes one space, and each run longer than one shifts the rest of the text.
    pieces: list[str] = []
    marks, shifts = [0], [0]
    last = removed = 0
    for space in _ODD_SPACE.finditer(text):
        start, end = space.span()
        pieces.append(text[last:start])
        last = end
        if end - start > 1:
            removed += end - start - 1
            marks.append(end - removed)
            shifts.append(removed)
    pieces.append(text[last:])
    spaced = " ".join(pieces)
    return Folded(_plain_typography(spaced), marks, shifts), spaced


def _plain_typography(text: str) -> str:
    if text.isascii():  # most quotes and figures: nothing to fold
        return text
    for fancy, plain in _TYPOGRAPHY.items():
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


def fold_needle(text: str) -> str:
    return _SPACE.sub(" ", _plain_typography(text)).strip()


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
        self.folded, spaced = _fold(article.body)
        if article.known_body_hash is None:  # one pass over the body, not two
            article.known_body_hash = hash_normal_body(spaced.strip())
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
        start_at = self.folded.folded(after) if after else 0
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
        """Not glued to a letter or digit, nor part of a longer number ("1,400", "4.400")."""

        def digit(index: int) -> bool:
            return 0 <= index < len(haystack) and haystack[index].isdigit()

        before = haystack[start - 1] if start > 0 else " "
        after = haystack[end] if end < len(haystack) else " "
        first, last = haystack[start], haystack[end - 1]
        glued_before = first.isalnum() and (
            before.isalnum() or (first.isdigit() and before in ".," and digit(start - 2))
        )
        glued_after = last.isalnum() and (
            after.isalnum() or (last.isdigit() and after in ".," and digit(end + 1))
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
