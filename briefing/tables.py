"""The figures table as CSV, for spreadsheets: one row per figure across the library."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from briefing.crosslib import IndexedBriefing, figure_rows, index_of
from briefing.model import Briefing
from briefing.safety import sanitize

FIGURE_COLUMNS = ("date", "briefing", "value", "number", "unit", "label", "paragraph", "file")
#: Cells a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1+cmd|..."), unless the
#: whole cell is a plain signed number such as "-3.2%".
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_SIGNED_NUMBER = re.compile(r"^[-+]?\d[\d,.]*%?$")


def cell(text: str) -> str:
    """``text`` safe to open in a spreadsheet: a leading ``'`` keeps a would-be formula text."""
    if _FORMULA.match(text) and not _SIGNED_NUMBER.match(text):
        return "'" + text
    return text


def _number(value: float | None) -> str:
    """The number as a spreadsheet reads it: whole numbers without ``.0``, others exactly."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() and abs(value) < 1e18 else repr(value)


def render_figures_csv(briefings: Iterable[IndexedBriefing | Briefing]) -> str:
    """Every figure of ``briefings`` as CSV with the header ``FIGURE_COLUMNS``, oldest briefing
    first (undated last), figures in file order.

    ``number`` and ``unit`` are the value read by ``crosslib.parse_figure`` (empty when it
    cannot be read); ``paragraph`` needs briefings loaded in full (``Briefing``, or index
    entries from ``index_of``), since only they know where each figure is. ``briefing`` is the
    title and ``file`` the article's path (sanitized). Text that a spreadsheet would take for
    a formula is prefixed with ``'``.
    """
    given = list(briefings)
    entries = [b for b in given if isinstance(b, IndexedBriefing)]
    entries += index_of(b for b in given if isinstance(b, Briefing))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIGURE_COLUMNS)
    for row in figure_rows(entries):
        when = row.briefing.date
        writer.writerow(
            [
                when.isoformat() if when else "",
                cell(row.briefing.title),
                cell(row.figure.value),
                _number(row.number),
                cell(row.unit),
                cell(row.figure.label),
                "" if row.paragraph is None else str(row.paragraph),
                cell(sanitize(str(row.briefing.path))),
            ]
        )
    return out.getvalue()
