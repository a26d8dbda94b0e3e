"""The Figures view: values read as numbers and units, rows grouped by normalised label."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.crosslib.index import IndexedBriefing, _sort_key
from briefing.crosslib.views import person_key
from briefing.model import Figure

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
