"""The library index: each briefing's header fields and annotation, cached as JSON."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from briefing.annotations import ANNOTATION_SUFFIXES, load_annotation
from briefing.article import HEADER_BYTES, header_date, parse_header, read_text
from briefing.library import discover
from briefing.model import (
    ISSUE_STATUSES,
    Annotation,
    Article,
    Briefing,
    BriefingError,
    DateMention,
    Figure,
    IssueStatus,
    OpenIssue,
    Problem,
    Quote,
)
from briefing.notes import BriefingNotes
from briefing.safety import atomic_write, sanitize


@dataclass
class IndexedBriefing:
    """One briefing as the cross-library views see it: header fields and annotation.

    ``title`` is safe to show (sanitized, even when it comes from a hostile file name);
    ``path`` is the file's real name, to be sanitized where it is shown."""

    path: Path
    title: str
    date: date | None
    annotation: Annotation


def _sort_key(briefing: IndexedBriefing) -> tuple[bool, int, str]:
    """Oldest first, undated last, then by title."""
    when = briefing.date
    return (when is None, when.toordinal() if when else 0, briefing.title.casefold())


# --- the index ---------------------------------------------------------------------------


def _annotation_path(article: Path) -> Path | None:
    for suffix in ANNOTATION_SUFFIXES:
        candidate = article.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _index_one(article_path: Path) -> tuple[IndexedBriefing | None, list[Problem]]:
    """The header (first ``HEADER_BYTES``) and annotation of one briefing, and its errors."""
    try:
        head = read_text(article_path, HEADER_BYTES)
        if not head.strip():
            raise BriefingError(
                Problem("error", article_path, "the article is empty", 1, 1, "add its text")
            )
        header = parse_header(head, article_path)
        when = header_date(header, article_path)
    except BriefingError as exc:
        return None, [exc.problem]
    annotation = Annotation()
    problems: list[Problem] = []
    annotation_path = _annotation_path(article_path)
    if annotation_path is not None:
        annotation, found = load_annotation(annotation_path)
        annotation.summary = []  # not used across the library; kept out of index and cache
        problems = [problem for problem in found if problem.severity == "error"]
    fields = {key: sanitize(value) for key, value in header.fields.items()}
    # The title rule of ``Briefing.title``, from a header-only article.
    shell = Briefing(article_path, Article(article_path, "", [], fields=fields), annotation)
    return IndexedBriefing(article_path, sanitize(shell.title), when, annotation), problems


_SECTIONS: dict[str, type[Quote | Figure | OpenIssue | DateMention]] = {
    "quotes": Quote,
    "figures": Figure,
    "issues": OpenIssue,
    "dates": DateMention,
}


#: The cached fields of each item type, in the order they are stored (anchors are not cached).
_LAYOUT = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if f.init and f.name != "anchor")
    for cls in _SECTIONS.values()
}
_NOT_TEXT = frozenset({"draft", "line", "resolved"})


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _to_json(entry: IndexedBriefing | None, problems: list[Problem]) -> dict[str, Any]:
    data: dict[str, Any] = {"problems": [_problem_json(p) for p in problems]}
    if entry is None:
        return data
    annotation = entry.annotation
    data["briefing"] = {
        "title": entry.title,
        "date": entry.date.isoformat() if entry.date else None,
        "annotation_path": str(annotation.path) if annotation.path else None,
        "annotation_title": annotation.title,
        "tags": annotation.tags,
    }
    for section, cls in _SECTIONS.items():
        layout = _LAYOUT[cls]
        data["briefing"][section] = [
            [_plain(getattr(item, name)) for name in layout]
            for item in getattr(annotation, section)
        ]
    return data


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {**dataclasses.asdict(problem), "path": str(problem.path)}


_PROBLEM_FIELDS = {f.name for f in dataclasses.fields(Problem)}


class _Damaged(ValueError):
    """A cache entry that is not what this version writes; the briefing is read afresh."""


def _check(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Damaged(f"expected {kind}, got {type(value).__name__}")
    return value


def _item_from_json(cls: type[Quote | Figure | OpenIssue | DateMention], data: Any) -> Any:
    """An item from its values in ``_LAYOUT`` order, every type checked."""
    layout = _LAYOUT[cls]
    if type(data) is not list or len(data) != len(layout):
        raise _Damaged(cls.__name__)
    values = dict(zip(layout, data, strict=True))
    line, resolved = values["line"], values.get("resolved")
    if (
        type(values["draft"]) is not bool
        or not (line is None or type(line) is int)
        or values.get("status", "open") not in ISSUE_STATUSES
        or not all(type(values[name]) is str for name in layout if name not in _NOT_TEXT)
    ):
        raise _Damaged(cls.__name__)
    if resolved is not None:
        values["resolved"] = date.fromisoformat(_check(resolved, str))
    return cls(**values)


def _from_json(path: Path, data: Any) -> tuple[IndexedBriefing | None, list[Problem]]:
    _check(data, dict)
    problems = []
    for raw in _check(data.get("problems"), list):
        _check(raw, dict)
        if set(raw) != _PROBLEM_FIELDS or raw["severity"] not in ("error", "warning"):
            raise _Damaged("problem")
        for name in ("line", "column"):
            if raw[name] is not None:
                _check(raw[name], int)
        for name in ("path", "message", "hint"):
            _check(raw[name], str)
        problems.append(Problem(**{**raw, "path": Path(raw["path"])}))
    if "briefing" not in data:
        return None, problems
    raw = _check(data["briefing"], dict)
    raw_date = raw.get("date")
    annotation_path = raw.get("annotation_path")
    annotation = Annotation(
        path=None if annotation_path is None else Path(_check(annotation_path, str)),
        title=_check(raw.get("annotation_title"), str),
        tags=[_check(tag, str) for tag in _check(raw.get("tags"), list)],
    )
    for section, cls in _SECTIONS.items():
        items = [_item_from_json(cls, item) for item in _check(raw.get(section), list)]
        setattr(annotation, section, items)
    when = None if raw_date is None else date.fromisoformat(_check(raw_date, str))
    return IndexedBriefing(path, _check(raw.get("title"), str), when, annotation), problems


class IndexCache:
    """Index entries kept as JSON, valid while the article's and the annotation's size and
    modification time are unchanged. A damaged cache (or entry) is simply read afresh."""

    VERSION = 1

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._data: dict[str, Any] = {}
        self._dirty = False
        if path is not None:
            try:
                loaded = json.loads(path.read_text("utf-8"))
                if isinstance(loaded, dict) and loaded.get("version") == self.VERSION:
                    entries = loaded.get("entries")
                    self._data = entries if isinstance(entries, dict) else {}
            except (OSError, ValueError, RecursionError):
                self._data = {}

    @staticmethod
    def _stamp(article: Path) -> list[int]:
        stamp: list[int] = []
        for candidate in (article, *(article.with_suffix(s) for s in ANNOTATION_SUFFIXES)):
            try:
                info = candidate.stat()
                stamp += [info.st_size, info.st_mtime_ns]
            except OSError:
                stamp += [-1, -1]
        return stamp

    def read(self, article: Path) -> tuple[IndexedBriefing | None, list[Problem]]:
        key = os.path.abspath(article)  # not resolve(): it raises on a symlink loop
        stamp = self._stamp(article)
        cached = self._data.get(key)
        if isinstance(cached, dict) and cached.get("stamp") == stamp:
            try:
                return _from_json(article, cached.get("entry"))
            except (_Damaged, ValueError, TypeError):
                pass  # read afresh below
        entry, problems = _index_one(article)
        self._data[key] = {"stamp": stamp, "entry": _to_json(entry, problems)}
        self._dirty = True
        return entry, problems

    def save(self) -> None:
        """Write the cache if anything changed; a cache that cannot be written only costs
        speed next time."""
        if self.path is None or not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps({"version": self.VERSION, "entries": self._data}))
            self._dirty = False
        except OSError:
            pass


def default_index_cache() -> IndexCache:
    """The index cache in the user's cache directory."""
    from briefing.locations import cache_dir

    return IndexCache(cache_dir() / "index.json")


def build_index(
    paths: Iterable[Path], cache: IndexCache | None = None
) -> tuple[list[IndexedBriefing], list[Problem]]:
    """Index every briefing under ``paths`` (library folders or article files).

    Returns the briefings (oldest first, undated last) and the errors met. A briefing whose
    article header cannot be read (unreadable file, impossible date) is left out; one whose
    annotation has errors keeps the items that could be read (none when the YAML itself is
    broken) and its errors are returned. The same file reached twice (symlinks) counts once.
    Summary points are not indexed. With a ``cache`` (``default_index_cache()``), unchanged
    briefings are not parsed again and the cache is saved at the end.
    """
    found: list[IndexedBriefing] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for root in paths:
        articles, trouble = discover(root)
        problems.extend(p for p in trouble if p.severity == "error")
        for article in articles:
            real = os.path.realpath(article)
            if real in seen:
                continue
            seen.add(real)
            entry, errors = cache.read(article) if cache is not None else _index_one(article)
            problems.extend(errors)
            if entry is not None:
                found.append(entry)
    if cache is not None:
        cache.save()
    found.sort(key=_sort_key)
    return found, problems


def index_of(briefings: Iterable[Briefing]) -> list[IndexedBriefing]:
    """Index entries for fully loaded briefings; their items keep their anchors."""
    entries = [IndexedBriefing(b.path, sanitize(b.title), b.date, b.annotation) for b in briefings]
    entries.sort(key=_sort_key)
    return entries


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


# --- figures -----------------------------------------------------------------------------

_SIGNS = {"US$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "$": "USD", "€": "EUR"}
_SIGNS |= {"£": "GBP", "¥": "JPY", "₹": "INR"}
_CODES = ("USD", "EUR", "GBP", "CHF", "JPY", "CNY", "AUD", "CAD", "INR", "RUB")
_CURRENCY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "franc": "CHF",
    "rupee": "INR",
    "rouble": "RUB",
    "ruble": "RUB",
}
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trn": 1e12,
    "trillion": 1e12,
}
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WORD_NUMBERS |= {"eight": 8, "nine": 9, "ten": 10}
_MULTIPLIERS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "quadruple": 4.0, "half": 0.5}
_MULTIPLIER_WORD = re.compile(
    r"^(?P<stem>doubl|tripl|quadrupl|halv|twice|half)(?:e|ed|es|ing)?$"
    r"|^(?P<count>\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:[- ]?fold|\s?[x×]|\s+times)$"
)
_QUALIFIER = re.compile(
    r"^(?:~|c\.\s*|(?:nearly|almost|about|around|roughly|approximately|approx\.?|some|over|under"
    r"|just|only|more than|less than|fewer than|at least|at most|up to|as much as|as many as)\s+)",
    re.IGNORECASE,
)
_SIGN_PATTERN = "|".join(re.escape(sign) for sign in sorted(_SIGNS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"^(?P<minus>[-+])?\s*(?P<sign>{_SIGN_PATTERN}|(?:{'|'.join(_CODES)})\s?)?\s*"
    r"(?P<minus2>[-+])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: What after a number makes the value a list or a range ("2, 4, 6 years", "3 to 4%").
_MORE_NUMBERS = re.compile(r"^\s*(?:,|-|–|—|/|:|to|or|and)\s*[$€£¥₹]?\d", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_POINTS = re.compile(r"^\s*(?:percentage points?|pp|ppts?)\b", re.IGNORECASE)
_BASIS = re.compile(r"^\s*(?:basis points?|bps?)\b", re.IGNORECASE)
_TIMES = re.compile(r"^\s*(?:[x×]|-?fold|times)(?![a-z])", re.IGNORECASE)
_SCALE = re.compile(r"^\s?(?P<scale>thousand|million|billion|trillion|mn|bn|trn|tn|k|m|b)\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
#: Words after which a unit stops ("2,300 troops to Lithuania" -> "troops").
_UNIT_STOP = frozenset(
    "a an the of in on at to for by from with and or than as that which who per each is are was "
    "were be been will would this these those its their his her into over under since until "
    "about after before".split()
)
_MAX_UNIT_WORDS = 3
_UNIT_END = re.compile(r"[,;:()\[\]]")


def _currency_word(rest: str) -> tuple[str, str] | None:
    """The currency named at the start of ``rest`` ("euros", "USD") and what follows it."""
    words = rest.strip()
    for code in _CODES:
        if words.upper().startswith(code) and not words[len(code) : len(code) + 1].isalpha():
            return code, words[len(code) :]
    lowered = words.casefold()
    for word, code in sorted(_CURRENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if lowered.startswith(word):
            tail = words[len(word) :]
            tail = tail[1:] if tail[:1] == "s" else tail
            if not tail[:1].isalpha():
                return code, tail
    return None


def _unit_words(rest: str) -> str:
    """The unit written after a number: its words up to punctuation or a preposition, at
    most three ("2,300 troops to Lithuania" -> "troops")."""
    head = _UNIT_END.split(rest, maxsplit=1)[0]
    words: list[str] = []
    for match in _WORD.finditer(head):
        word = match.group().rstrip(".'’")
        if word.casefold() in _UNIT_STOP or len(words) == _MAX_UNIT_WORDS:
            break
        words.append(word)
    return " ".join(words)


def parse_figure(value: str) -> tuple[float | None, str]:
    """The number and unit of a figure's value; ``(None, "")`` when it cannot be read.

    ``"5.4%"`` -> ``(5.4, "%")``, ``"$4.5 billion"`` -> ``(4.5e9, "USD")``, ``"€800bn"`` ->
    ``(8e11, "EUR")``, ``"2,300 troops"`` -> ``(2300, "troops")``, ``"double"`` -> ``(2, "×")``,
    ``"3 percentage points"`` -> ``(3, "pp")``. Leading qualifiers ("nearly", "around", "at
    least") are skipped. Lists and ranges ("2, 4, 6 years", "3 to 4%") are not one number.
    """
    text = " ".join(value.replace("\u2212", "-").split())
    while match := _QUALIFIER.match(text):
        text = text[match.end() :]
    word = _MULTIPLIER_WORD.match(text.casefold())
    if word:
        if word["stem"]:
            stem = word["stem"]
            factor = 0.5 if stem == "halv" else _MULTIPLIERS[stem + "e" * (stem[-1] == "l")]
            return factor, "×"
        count = word["count"]
        return float(_WORD_NUMBERS.get(count) or count), "×"
    amount = _AMOUNT.match(text)
    if amount is None:
        return None, ""
    rest = amount["rest"]
    if _MORE_NUMBERS.match(rest) or (amount["minus"] and amount["minus2"]):
        return None, ""
    number = float(amount["num"].replace(",", ""))
    if "-" in (amount["minus"], amount["minus2"]):
        number = -number
    sign = (amount["sign"] or "").strip()
    currency = _SIGNS.get(sign) or (sign.upper() if sign else "")
    for pattern, unit in ((_PERCENT, "%"), (_POINTS, "pp"), (_BASIS, "bp"), (_TIMES, "×")):
        if pattern.match(rest) and not currency:
            return number, unit
    scale = _SCALE.match(rest)
    after = rest[scale.end() :] if scale else rest
    named = None if currency else _currency_word(after)
    if named is not None:
        currency, after = named
    if scale is None or currency or scale["scale"].casefold() not in ("m", "b"):
        number *= _SCALES[scale["scale"].casefold()] if scale else 1
        rest = after
    if currency:
        return number, currency
    return number, _unit_words(rest)


@dataclass
class FigureRow:
    """A figure of one briefing, its value read as a number where possible."""

    briefing: IndexedBriefing
    figure: Figure
    number: float | None
    unit: str
    #: The normalised label (``label_key``): rows with the same group form a series.
    group: str

    @property
    def paragraph(self) -> int | None:
        """The figure's paragraph, when the briefing was loaded in full (``index_of``)."""
        return self.figure.anchor.paragraph if self.figure.anchor else None


_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
#: Words that do not tell one series from another: articles, prepositions and qualifiers.
_LABEL_STOP = frozenset(
    "a an the of in on at to for by from with and or as its their his her it is are was were "
    "be been this that these those per than nearly almost about around roughly approximately "
    "some over under just only least most more less up".split()
)


def label_key(label: str) -> str:
    """The grouping key of a figure label.

    Folded like ``person_key`` (case, accents, punctuation), with parenthetical qualifiers
    ``(nearly)``/``[est.]`` removed first and stop words dropped (articles, prepositions, and
    qualifiers such as "nearly", "around", "at least"). So "Lithuania: core defence spending,
    share of GDP (nearly)" and "lithuania — core defence spending share of the GDP" share
    ``"lithuania core defence spending share gdp"``. A label of nothing but stop words keeps
    them all rather than becoming empty.
    """
    previous = None
    while previous != label:  # nested parentheses, innermost first
        previous, label = label, _PARENTHESES.sub(" ", label)
    words = person_key(label).split()
    kept = [word for word in words if word not in _LABEL_STOP]
    return " ".join(kept or words)


def figure_rows(index: Iterable[IndexedBriefing]) -> list[FigureRow]:
    """Every figure across ``index``, oldest briefing first (undated last), in file order."""
    rows: list[FigureRow] = []
    for briefing in sorted(index, key=_sort_key):
        for figure in briefing.annotation.figures:
            number, unit = parse_figure(figure.value)
            rows.append(FigureRow(briefing, figure, number, unit, label_key(figure.label)))
    return rows


def figure_groups(rows: Iterable[FigureRow]) -> dict[str, list[FigureRow]]:
    """Rows sharing a normalised label, each group in date order; the largest groups first
    (ties by key). Figures without a label have nothing to match on and are left out."""
    groups: dict[str, list[FigureRow]] = {}
    for row in rows:
        if row.group:
            groups.setdefault(row.group, []).append(row)
    for members in groups.values():
        members.sort(key=lambda row: _sort_key(row.briefing))
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


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
