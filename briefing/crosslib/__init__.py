"""Work across the whole library: the index, and the data of the People, Figures, Open issues
and Timeline views.

The index holds each briefing's header fields (title, date) and its annotation, never the
article text, so ten thousand briefings index in seconds::

    index, problems = build_index([library])
    people(index, config.people)          # speakers, most quoted first
    figure_groups(figure_rows(index))     # figures with the same normalised label, over time
    issue_rows(index, statuses_of(store.all_notes()), date.today())
    timeline(index)                       # briefings and their dated mentions, oldest first

Items in the index have no anchors (the article is not read); ``index_of`` turns fully loaded
briefings into index entries that keep theirs (for the paragraph column of the figures table).

The package: ``index`` (the index and its cache), ``figures`` (the Figures view) and ``views``
(People, Open issues, Timeline). ``load_annotation`` is looked up in ``index``, so patch it
there (``briefing.crosslib.index.load_annotation``).
"""

from briefing.crosslib.figures import FigureRow, figure_groups, figure_rows, label_key, parse_figure
from briefing.crosslib.index import (
    IndexCache,
    IndexedBriefing,
    build_index,
    default_index_cache,
    index_of,
)
from briefing.crosslib.views import (
    IssueRow,
    Person,
    TimelineRow,
    issue_rows,
    people,
    person_key,
    statuses_of,
    timeline,
)

__all__ = [
    "FigureRow",
    "IndexCache",
    "IndexedBriefing",
    "IssueRow",
    "Person",
    "TimelineRow",
    "build_index",
    "default_index_cache",
    "figure_groups",
    "figure_rows",
    "index_of",
    "issue_rows",
    "label_key",
    "parse_figure",
    "people",
    "person_key",
    "statuses_of",
    "timeline",
]
