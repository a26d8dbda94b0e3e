"""Re-anchoring: finding each stored target in the briefing as it is now, or else the
candidate offered for an orphan."""

from __future__ import annotations

from dataclasses import replace

from briefing.anchoring import fold_needle, sentences
from briefing.model import Briefing, Item, Span
from briefing.notes.model import CONTEXT, Record, TextSelector

#: rapidfuzz ratio (0-100) at which an edited sentence counts as the same sentence.
FOUND_SCORE = 90.0
#: Lowest ratio still offered to the user as a candidate for an orphaned sentence.
CANDIDATE_SCORE = 50.0
#: Lowest rapidfuzz WRatio offered for an orphaned item. Items are short ("400%" becoming
#: "around 400%" scores 46 by plain ratio), so a scorer that credits containment is used.
ITEM_CANDIDATE_SCORE = 75.0


def _common_prefix(a: str, b: str) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[count] == b[count]:
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


class _Anchorer:
    """Finds stored targets in the briefing as it is now."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.article = briefing.article
        self._sentences: list[tuple[Span, str]] | None = None
        annotation = briefing.annotation
        unreadable = any(
            p.severity == "error" and p.path == annotation.path for p in briefing.problems
        )
        #: When the annotation could not be read, missing items say nothing about orphans.
        self.items_known = not (unreadable and not annotation.items())

    def place(self, record: Record) -> None:
        """Set ``span``, ``orphan`` and ``candidate`` of ``record``."""
        record.span, record.orphan = None, False
        record.candidate = record.candidate_target = None
        if record.kind == "sentence":
            self._place_sentence(record)
        else:
            self._place_item(record)

    def _place_item(self, record: Record) -> None:
        item = self.briefing.item(record.target)
        if item is not None:
            record.span = getattr(item, "anchor", None)
            return
        record.orphan = self.items_known
        if not record.orphan:
            return
        from rapidfuzz import fuzz, utils

        best: tuple[float, Item] | None = None
        for other in self.briefing.annotation.items():
            if other.kind != record.kind or other.id in record.rejected:
                continue
            score = fuzz.WRatio(record.text, other.text, processor=utils.default_process)
            if score >= ITEM_CANDIDATE_SCORE and (best is None or score > best[0]):
                best = (score, other)
        if best is not None:
            item = best[1]
            anchor: Span | None = getattr(item, "anchor", None)
            if anchor is not None and self.article is not None:
                record.candidate = replace(
                    TextSelector.from_span(self.article, anchor), exact=item.text
                )
            else:
                record.candidate = TextSelector(item.text, "", "", 0, 0, 0)
            record.candidate_target = item.id

    def _place_sentence(self, record: Record) -> None:
        selector, article = record.selector, self.article
        if selector is None or article is None:
            return  # without the article nothing can be said either way
        body = article.body
        if body[selector.start : selector.end] == selector.exact and selector.exact:
            record.span = Span(article.paragraph_at(selector.start), selector.start, selector.end)
            return
        found = self._exact(selector, body)
        if found is not None:
            record.span = Span(article.paragraph_at(found), found, found + len(selector.exact))
            return
        match = self._fuzzy(selector, record.rejected)
        if match is None:
            record.orphan = True
        elif match[0] >= FOUND_SCORE:
            record.span = match[1]
        else:
            record.orphan = True
            record.candidate = TextSelector.from_span(article, match[1])

    @staticmethod
    def _exact(selector: TextSelector, body: str) -> int | None:
        """Every occurrence of the exact text, the one whose surroundings agree best
        with the stored prefix and suffix, then the nearest to where it was."""
        best: tuple[int, int, int] | None = None
        if not selector.exact:
            return None
        position = body.find(selector.exact)
        while position >= 0:
            end = position + len(selector.exact)
            agreement = _common_suffix(
                selector.prefix, body[max(0, position - CONTEXT) : position]
            ) + _common_prefix(selector.suffix, body[end : end + CONTEXT])
            score = (agreement, -abs(position - selector.start), position)
            if best is None or score[:2] > best[:2]:
                best = score
            position = body.find(selector.exact, position + 1)
        return best[2] if best else None

    def _fuzzy(self, selector: TextSelector, rejected: list[str]) -> tuple[float, Span] | None:
        from rapidfuzz import fuzz, utils

        if self._sentences is None:
            assert self.article is not None
            body = self.article.body
            self._sentences = [
                (span, fold_needle(body[span.start : span.end])) for span in sentences(self.article)
            ]
        needle = fold_needle(selector.exact)
        best: tuple[float, int, Span] | None = None
        for span, text in self._sentences:
            if text in rejected:
                continue
            score = fuzz.ratio(needle, text, processor=utils.default_process)
            rank = (score, -abs(span.start - selector.start))
            if score >= CANDIDATE_SCORE and (best is None or rank > best[:2]):
                best = (score, rank[1], span)
        return (best[0], best[2]) if best else None
