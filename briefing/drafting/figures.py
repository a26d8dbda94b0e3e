"""Figures: percentages, money, multipliers and changes, counts with units, and years.

Each number written in digits is read with what stands around it: a currency sign or word makes
it money, ``%`` or "per cent" a percentage, a scale word ("million") and the nouns after it a
count ("2,300 troops", "1.3 terawatt hours", "2, 4, 6 years"), four digits on their own a year.
Numbers that are part of a date, a time, an age, a name ("G7", "Article 5") or an ordinal are
not figures. Multipliers are words: "double", "threefold", "twice as", "as much as half of".
The label is the figure's clause, with the figure shown as "…" and its owner ("Lithuania's")
put first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.drafting.text import Reading

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_SIGN = r"(?:US\$|A\$|C\$|HK\$|\$|€|£|¥|₹)"
_CODE = r"(?:USD|EUR|GBP|CHF|JPY|CNY)"
_CURRENCY_WORD = (
    r"(?:euros?|dollars?|pounds?(?:\s+sterling)?|yen|yuan|francs?|rupees?|roubles?|rubles?)"
)
_NUMBER = re.compile(
    rf"(?<![\w.,/:\-\u2011])(?P<sign>{_SIGN}\s?|{_CODE}\s)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<glued>bn|mn|tn|m|k|%|s|x|\u00b0?[CF])?(?![\w/:]|[.,]\d)"
)
_PERCENT = re.compile(
    r"\s?(?:per\s?cent|percent|percentage points?|basis points?)\b", re.IGNORECASE
)
_SCALE = re.compile(r"\s(?:trillion|billion|million|thousand|bn|mn)\b")
_MONEY_WORD = re.compile(rf"(?:\s(?:trillion|billion|million|bn|mn))?\s{_CURRENCY_WORD}\b")
_LIST = re.compile(r"(?:,\s\d+(?:\.\d+)?)+(?:,?\s(?:and|or)\s\d+(?:\.\d+)?)?(?=\s[a-z])")
_HYPHEN_UNIT = re.compile(r"-(?P<unit>[a-z]+(?:-[a-z]+)*)")
_UNIT_WORD = re.compile(r"\s(?P<word>[a-z][a-z\-]*)(?=[\s,.;:!?)\u201d\"']|$)")
_DATE_BEFORE_STRICT = re.compile(rf"{_MONTHS}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?$")
_MONTH_AFTER = re.compile(rf"^\s+{_MONTHS}(?![a-z])")
#: A capitalised word just before a number, as in "Article 5" or "Boeing 737" (but not a
#: word that starts a sentence, such as "The 27 states" or "Around 40 jets").
_NAME_BEFORE = re.compile(
    r"\b(?!(?:The|A|An|All|Some|About|Around|Nearly|Almost|Over|Under|Only|Just|More|Less|"
    r"Fewer|At|By|In|On|Of|For|With|From|To|Up|Another|Those|These|Its|Their|His|Her|Our|"
    r"Each|Every|Roughly|Approximately|Between|Since|Until|After|Before|And|But|Or)\s)"
    r"[A-Z][\w.]*\s$"
)
_AGE_BEFORE = re.compile(r"(?:[A-Z][\w'\u2019-]+,\s|\baged\s)$")
_QUANTITY_CUE = re.compile(
    r"\b(?:to|from|of|at|by|about|around|roughly|nearly|almost|over|under|than|some|just|"
    r"only|reached|hit|totalled|totaled|exceeded|topped|rose|fell|grew|dropped|between|least|"
    r"most|estimated|approximately|are|were|is|was|numbered|totalling|totaling)\s$",
    re.IGNORECASE,
)
_STOP_UNITS = frozenset(
    """a an the of in on at to for by from with and or but than as that which who whom per
    each is are was were be been being will would could can may might must should shall has
    have had do does did this these those its their his her it they we he she over under into
    since until through between against about after before more less fewer a.m p.m am pm gmt
    utc cet bst et year-old years-old old says said also only just up down off out then now so
    if when while where because all""".split()
)
_PLURALS = frozenset("people children men women staff personnel police cattle".split())
_TIME_UNITS = frozenset("am pm a.m p.m gmt utc cet bst et o'clock".split())
_MULTIPLIER = re.compile(
    r"\b(?:doubl(?:e|ed|es|ing)|tripl(?:e|ed|es|ing)|quadrupl(?:e|ed|es|ing)"
    r"|halv(?:e|ed|es|ing)|(?:two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)"
    r"[- ]?fold|twice(?=\s+(?:as|the|that|what|its|their|his|her)\b)"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\s+times"
    r"(?=\s+(?:as|more|higher|larger|bigger|greater|faster|over|the)\b)|half(?=\s+(?:of|a|as)\b)"
    r"|(?:a|one|two)[- ](?:third|quarter|fifth|tenth)s?(?=\s+(?:of|since|from|on|in|to|as)\b|[,.;])"
    r")"
    r"(?![\w-])",
    re.IGNORECASE,
)
_NOT_MULTIPLIED = re.compile(
    r"(?:-|\s+(?:standards?|agents?|checks?|digits?|bind|whammy|edged|down|act|lives?|entry|"
    r"game|click|rooms?|beds?|decker|jeopardy|taxation|dip|dutch|crown)\b)",
    re.IGNORECASE,
)
_HALF_CUE = re.compile(
    r"\b(?:as much as|about|around|nearly|almost|roughly|more than|less than|over|under|only|"
    r"just|by|than|cut in)\s$",
    re.IGNORECASE,
)
_OWNER = re.compile(r"\b([A-Z][\w-]*(?:\s[A-Z][\w-]*)*)['\u2019]s\b")
_CLAUSE_STOP = re.compile(r"[;:()\u2014\u2013\"\u201c\u201d]|,(?!\d)|\s-\s")
_CLAUSE_JOIN = re.compile(r"\s(?:and|but|while|whereas)\s(?=[A-Z]|\w+['\u2019]s\b)")
_LEADING = frozenset("and but with while as including saying pointing".split())
_WINDOW = 6


@dataclass
class FoundFigure:
    value: str
    label: str
    start: int


def find_figures(reading: Reading) -> list[FoundFigure]:
    """Every distinct figure of the article, in order of first appearance."""
    spans = _number_spans(reading.body) + _multiplier_spans(reading.body)
    spans.sort()
    found: list[FoundFigure] = []
    seen: set[str] = set()
    taken_until = -1
    for start, end in spans:
        if start < taken_until:
            continue
        value = reading.body[start:end]
        taken_until = end
        key = " ".join(value.casefold().split())
        if key in seen:
            continue
        seen.add(key)
        found.append(FoundFigure(value, _label(reading, start, end), start))
    return found


def _number_spans(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(body):
        end = _figure_end(body, match)
        if end is not None:
            spans.append((match.start(), end))
    return spans


def _figure_end(body: str, match: re.Match[str]) -> int | None:
    """Where the figure starting at ``match`` ends, or None when the number is no figure."""
    end = match.end()
    rest = body[end : end + 80]
    before = body[max(0, match.start() - 30) : match.start()]
    glued, sign, number = match["glued"], match["sign"], match["num"]
    if glued in ("%", "x") or (glued and glued[-1] in "CF"):
        return end  # 5.4%, 2.5x, 1.5C
    percent = _PERCENT.match(rest)
    if percent is not None:
        return end + percent.end()
    if sign:
        scale = _SCALE.match(rest) if glued is None else None
        return end + scale.end() if scale else end
    money = _MONEY_WORD.match(rest)
    if money is not None:
        return end + money.end()
    if glued not in (None, "s"):
        scaled_unit = _unit_end(rest)
        return end + scaled_unit if scaled_unit is not None else None
    is_year = re.fullmatch(r"1[5-9]\d\d|20\d\d", number) is not None
    if glued == "s":
        return end if is_year and number.endswith("0") else None
    if _MONTH_AFTER.match(rest) or _DATE_BEFORE_STRICT.search(before):
        return None
    if is_year:
        return end
    if _AGE_BEFORE.search(before) and rest.startswith(","):
        return None
    listed = _LIST.match(rest)
    if listed:
        end, rest = end + listed.end(), rest[listed.end() :]
    scale = _SCALE.match(rest)
    if scale:
        end, rest = end + scale.end(), rest[scale.end() :]
    hyphen = _HYPHEN_UNIT.match(rest)
    if hyphen:
        unit = hyphen["unit"]
        if unit.endswith(("year-old", "years-old")) or unit in ("old", "odd"):
            return None
        return end + hyphen.end()
    unit_end = _unit_end(rest)
    if unit_end is None or (_NAME_BEFORE.search(before) and not scale):
        return None  # a time, or a name such as "Article 5 applies"
    if unit_end:
        return end + unit_end
    if _QUANTITY_CUE.search(before) and len(number) > 1:
        return end  # "to 16"; a bare digit ("from 1") is more often a list or page number
    if scale or listed or "," in number or "." in number:
        return None if _NAME_BEFORE.search(before) else end
    return None


def _unit_end(rest: str) -> int | None:
    """Length of the unit words at the start of ``rest`` (0 for none); None for a time."""
    position = 0
    words = 0
    while words < 3:
        match = _UNIT_WORD.match(rest, position)
        if match is None:
            break
        word = match["word"]
        if word.rstrip(".") in _TIME_UNITS and words == 0:
            return None
        if word in _STOP_UNITS:
            break
        if word.endswith("ed"):
            following = _UNIT_WORD.match(rest, match.end())
            if following is None or following["word"] in _STOP_UNITS:
                break
        position = match.end()
        words += 1
        if word in _PLURALS or (word.endswith("s") and not word.endswith("ss")):
            break  # the unit's noun: "3 million doses", not "3 million doses came"
    return position


def _multiplier_spans(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _MULTIPLIER.finditer(body):
        word = match.group().lower()
        if _NOT_MULTIPLIED.match(body, match.end()):
            continue
        lead = body[max(0, match.start() - 20) : match.start()]
        comparative = body.startswith(" as", match.end())
        if _is_fraction(word) and not comparative and not _HALF_CUE.search(lead):
            continue
        spans.append((match.start(), match.end()))
    return spans


def _is_fraction(word: str) -> bool:
    return word == "half" or word.rstrip("s").endswith(("third", "quarter", "fifth", "tenth"))


def _label(reading: Reading, start: int, end: int) -> str:
    """The figure's clause, trimmed: "Lithuania: nearly … of GDP allocation to core defense"."""
    sentence_start, sentence_end = reading.sentences[reading.sentence_index(start)]
    body = reading.body
    clause_start = sentence_start
    for stop in _CLAUSE_STOP.finditer(body, sentence_start, start):
        clause_start = stop.end()
    for join in _CLAUSE_JOIN.finditer(body, clause_start, start):
        clause_start = join.end()
    clause_end = sentence_end
    stop_after = _CLAUSE_STOP.search(body, end, sentence_end)
    if stop_after:
        clause_end = stop_after.start()
    join_after = _CLAUSE_JOIN.search(body, end, clause_end)
    if join_after:
        clause_end = join_after.start()
    left_text = body[clause_start:start]
    owner = ""
    owners = list(_OWNER.finditer(left_text))
    if owners:
        owner, left_text = owners[-1][1], left_text[owners[-1].end() :]
    left = left_text.split()[-_WINDOW:]
    while left and left[0].lower() in _LEADING:
        left = left[1:]
    right = body[end:clause_end].split()[:_WINDOW]
    text = " ".join([*left, "…", *right]).strip(" .,;")
    if text == "…":
        text = ""
    return f"{owner}: {text}" if owner and text else owner or text
