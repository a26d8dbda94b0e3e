"""The People, Open issues and Timeline views: speakers matched by ``person_key``, open
issues with the reader's status and their age, and dated briefings and mentions in order."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from briefing.crosslib.index import IndexedBriefing, _sort_key
from briefing.model import IssueStatus, OpenIssue, Quote
from briefing.notes import BriefingNotes

# --- people ------------------------------------------------------------------------------

#: Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"})
_NOT_WORD = re.compile(r"[\W_]+")


def person_key(name: str) -> str:
    """A name folded for matching: case, accents and punctuation ignored, so
    ``"Rüginienė"``, ``"RUGINIENE"`` and ``"Ruginiene."`` share one key."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", bare.translate(_LETTERS)).split())


@dataclass
class Person:
    """A speaker and every quote of theirs, in date order (undated briefings last)."""

    name: str
    key: str
    quotes: list[tuple[IndexedBriefing, Quote]]


def _canonical(aliases: Mapping[str, str]) -> dict[str, str]:
    """Alias key -> the name it stands for, following chains (``A: B``, ``B: C``) to the end."""
    direct = {person_key(alias): name for alias, name in aliases.items() if person_key(alias)}
    resolved: dict[str, str] = {}
    for key, name in direct.items():
        seen = {key}
        while (next_key := person_key(name)) in direct and next_key not in seen:
            seen.add(next_key)
            name = direct[next_key]
        resolved[key] = name
    return resolved


def people(index: Iterable[IndexedBriefing], aliases: Mapping[str, str]) -> list[Person]:
    """Every speaker across ``index``, most quoted first (ties by name).

    Names match by ``person_key``; ``aliases`` (alias -> name, from the library config) merge
    variants. A person is shown by the name the alias map gives, else by the spelling used most
    often (ties: the earliest). Quotes without a speaker belong to nobody.
    """
    canonical = _canonical(aliases)
    names = {person_key(name): name for name in canonical.values()}
    quotes: dict[str, list[tuple[IndexedBriefing, Quote]]] = {}
    spellings: dict[str, Counter[str]] = {}
    for briefing in sorted(index, key=_sort_key):
        for quote in briefing.annotation.quotes:
            key = person_key(quote.speaker)
            if not key:
                continue
            if key in canonical:
                key = person_key(canonical[key])
            quotes.setdefault(key, []).append((briefing, quote))
            spellings.setdefault(key, Counter())[" ".join(quote.speaker.split())] += 1
    found = [
        Person(names.get(key) or spellings[key].most_common(1)[0][0], key, said)
        for key, said in quotes.items()
    ]
    found.sort(key=lambda person: (-len(person.quotes), person.name.casefold()))
    return found


# --- open issues -------------------------------------------------------------------------


@dataclass
class IssueRow:
    briefing: IndexedBriefing
    issue: OpenIssue
    #: The reader's status from the notes store, else the annotation's.
    status: IssueStatus
    #: Days from the briefing's date to ``today`` (negative when dated after it); None when
    #: the briefing has no date.
    age_days: int | None
    #: True when ``status`` comes from the notes store rather than the annotation.
    overridden: bool = False


_STATUS_ORDER: dict[IssueStatus, int] = {"open": 0, "watching": 1, "resolved": 2}


def statuses_of(notes: Iterable[BriefingNotes]) -> dict[Path, dict[str, IssueStatus]]:
    """The reader's status overrides by article path, from ``NotesStore.all_notes()``."""
    return {n.article: dict(n.statuses) for n in notes if n.statuses and n.article != Path()}


def issue_rows(
    index: Iterable[IndexedBriefing],
    statuses: Mapping[Path, Mapping[str, IssueStatus]],
    today: date,
) -> list[IssueRow]:
    """Every open issue across ``index`` with its status and age: open first, then watching,
    then resolved; within each the oldest first (undated last), then by title.

    ``statuses`` maps an article path (as indexed, or resolved, as the notes store keeps it)
    to item id -> status; an override there wins over the annotation's status.
    """
    rows: list[IssueRow] = []
    for briefing in index:
        if not briefing.annotation.issues:
            continue
        override = statuses.get(briefing.path)
        if override is None and statuses:
            override = statuses.get(Path(os.path.realpath(briefing.path)))
        age = (today - briefing.date).days if briefing.date else None
        for issue in briefing.annotation.issues:
            status = (override or {}).get(issue.id)
            rows.append(IssueRow(briefing, issue, status or issue.status, age, status is not None))
    rows.sort(
        key=lambda row: (
            _STATUS_ORDER[row.status],
            row.age_days is None,
            -(row.age_days or 0),
            row.briefing.title.casefold(),
        )
    )
    return rows


# --- timeline ----------------------------------------------------------------------------


@dataclass
class TimelineRow:
    when: date
    briefing: IndexedBriefing
    kind: Literal["briefing", "mention"]
    #: The briefing's title, or the mention as written ("in 2 years").
    text: str
    #: The date mention's item id; None for a briefing row.
    item_id: str | None = None


def timeline(index: Iterable[IndexedBriefing]) -> list[TimelineRow]:
    """Dated briefings and every resolved date mention, oldest first. On one day a briefing
    comes before mentions, and mentions follow their briefing's order and file order.
    Undated briefings and mentions without a resolved date cannot be placed and are left out."""
    rows: list[tuple[tuple[int, int, tuple[bool, int, str], int], TimelineRow]] = []
    for briefing in index:
        order = _sort_key(briefing)
        if briefing.date is not None:
            row = TimelineRow(briefing.date, briefing, "briefing", briefing.title)
            rows.append(((briefing.date.toordinal(), 0, order, 0), row))
        for position, mention in enumerate(briefing.annotation.dates):
            if mention.resolved is not None:
                row = TimelineRow(mention.resolved, briefing, "mention", mention.text, mention.id)
                rows.append(((mention.resolved.toordinal(), 1, order, position), row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]
