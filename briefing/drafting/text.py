"""Reading an article once for drafting: quote marks paired into spans, sentence boundaries, and
the body with quoted words blanked out, so that a name inside a quote is never taken for a
speaker and a number inside one is still a figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from briefing.model import Article

_MARK = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_OPENING = "\u201c\u201e\u00ab"
_CLOSING = "\u201d\u00bb"
#: Characters after which a straight quote mark opens a quotation.
_OPEN_AFTER = "([{\u2014\u2013-/:;"
#: Characters before which a straight quote mark closes one.
_CLOSE_BEFORE = ".,;:!?)]}\u2014\u2013-'\u2019"
#: Quoted words are replaced by this in ``Reading.masked`` (same length, so offsets agree).
BLANK = "_"
_SENTENCE_END = re.compile("(?<=[.!?])[\"'\u201d\u2019)\\]]*\\s+(?=[\"'\u201c\u2018(\\[]?[A-Z0-9])")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st lt col gen sgt capt maj adm gov sen rep prof jr sr no vs etc inc ltd co "
    "corp jan feb mar apr aug sep sept oct nov dec mt ft rev hon".split()
)
_INITIALS = re.compile(r"(?:\b[A-Z]\.)+$")
_WORD_BEFORE_DOT = re.compile(r"(\w+)\.$")


@dataclass(frozen=True)
class QuoteSpan:
    """A stretch of text between quote marks; ``close`` is the offset of the closing mark."""

    open: int
    close: int

    def words(self, body: str) -> str:
        """The quoted words on one line, without a trailing comma (which belongs to the
        attribution that follows)."""
        text = " ".join(body[self.open + 1 : self.close].split())
        return text.rstrip(",").rstrip()


def _kind(body: str, index: int) -> str:
    """Whether the quote mark at ``index`` opens, closes, or could do either."""
    char = body[index]
    if char in _OPENING:
        return "open"
    if char in _CLOSING:
        return "close"
    before = body[index - 1] if index else " "
    after = body[index + 1] if index + 1 < len(body) else " "
    opens = (before.isspace() or before in _OPEN_AFTER) and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in _CLOSE_BEFORE)
    if opens != closes:
        return "open" if opens else "close"
    return "either"


def find_quote_spans(article: Article) -> list[QuoteSpan]:
    """Pair quote marks paragraph by paragraph.

    A quotation left open at the end of a paragraph continues when the next paragraph starts
    with an opening mark (the convention for quotes over several paragraphs); otherwise the
    unclosed mark is dropped. Straight marks are told apart by what stands around them.
    """
    body = article.body
    spans: list[QuoteSpan] = []
    #: The opening mark of a quotation not closed yet.
    pending: int | None = None
    for paragraph in article.paragraphs:
        marks = [paragraph.start + m.start() for m in _MARK.finditer(paragraph.text)]
        first = 0
        if pending is not None:
            if marks and marks[0] == paragraph.start and _kind(body, marks[0]) != "close":
                first = 1  # the continuation mark of a quote running on
            else:
                pending = None
        current = pending
        for position in marks[first:]:
            kind = _kind(body, position)
            if current is None:
                if kind != "close":
                    current = position
            elif kind == "open":
                current = position
            else:
                spans.append(QuoteSpan(current, position))
                current = None
        pending = current
    return spans


def _is_abbreviation(head: str) -> bool:
    if _INITIALS.search(head):
        return True
    word = _WORD_BEFORE_DOT.search(head)
    return word is not None and word[1].lower() in ABBREVIATIONS


class Reading:
    """One article read for drafting; every other drafting module works from this."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.body = article.body
        self.spans = find_quote_spans(article)
        chars = list(self.body)
        for span in self.spans:
            for index in range(span.open + 1, span.close):
                if chars[index] != "\n":
                    chars[index] = BLANK
        self.masked = "".join(chars)
        self._inner_starts = [span.open + 1 for span in self.spans]
        self.sentences = self._split_sentences()
        self._sentence_starts = [start for start, _ in self.sentences]
        #: Sentence starts that do not fall inside a quotation, for attribution windows.
        self._outer_starts = sorted(
            {p.start for p in article.paragraphs}
            | {start for start, _ in self.sentences if not self.in_quote(start)}
        )
        self._paragraph_starts = [p.start for p in article.paragraphs]

    def _split_sentences(self) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for paragraph in self.article.paragraphs:
            text = paragraph.text
            start = 0
            for boundary in _SENTENCE_END.finditer(text):
                if _is_abbreviation(text[: boundary.start()]):
                    continue
                end = boundary.start() + len(boundary.group().rstrip())
                found.append((paragraph.start + start, paragraph.start + end))
                start = boundary.end()
            if start < len(text):
                found.append((paragraph.start + start, paragraph.end))
        return found

    def in_quote(self, offset: int) -> bool:
        """True when ``offset`` lies between a pair of quote marks."""
        index = bisect_right(self._inner_starts, offset) - 1
        return index >= 0 and offset < self.spans[index].close

    def paragraph_number(self, offset: int) -> int:
        index = bisect_right(self._paragraph_starts, offset) - 1
        return self.article.paragraphs[max(index, 0)].number if self.article.paragraphs else 1

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        index = max(bisect_right(self._paragraph_starts, offset) - 1, 0)
        paragraph = self.article.paragraphs[index]
        return paragraph.start, paragraph.end

    def sentence_index(self, offset: int) -> int:
        """Index into ``sentences`` of the sentence holding ``offset``."""
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def outer_sentence_start(self, offset: int) -> int:
        """Where the sentence holding ``offset`` starts, ignoring full stops inside quotes."""
        index = bisect_right(self._outer_starts, offset) - 1
        return self._outer_starts[index] if index >= 0 else 0

    def outer_sentence_end(self, offset: int) -> int:
        """Where the sentence holding ``offset`` ends (the next outer start, or the paragraph's
        end), ignoring full stops inside quotes."""
        _, paragraph_end = self.paragraph_bounds(offset)
        index = bisect_left(self._outer_starts, offset + 1)
        if index < len(self._outer_starts):
            return min(self._outer_starts[index], paragraph_end)
        return paragraph_end
