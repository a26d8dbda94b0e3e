"""Candidate open issues, each phrased as a question and noted with the sentence it came from.

Found from the sentence shapes that leave something open: blocks ("Hungary's blocking of X"),
questions asked and not answered ("declined to say whether the bank would resume cuts"),
refusals to comment on something, denials and disputes, pending decisions ("have yet to
approve", "is expected to rule", "is weighing", "has not yet scheduled"), calls to act ("urging
allies to move ..."), and questions the article itself asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.drafting.people import People
from briefing.drafting.text import Reading

MAX_ISSUES = 8
#: Longest excerpt of the source sentence kept in an issue's note.
_NOTE = 120
_NAME = r"[A-Z][\w-]*(?:\s(?:of\s)?[A-Z][\w-]*)*"
_TAIL = r"(?:[^.;:!?\"\u201c\u201d]|\.(?=\d))+?"
_END = r"(?=[;:!?\"\u201c\u201d]|[.,](?!\d)|\s(?:but|while|because|after|as|without)\s|$)"
#: A clause's subject: from the sentence's start, or after a comma, "and", "but" or "that".
_SUBJECT = (
    r"(?:^|(?<=,\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bthat\s)|(?<=\bwhile\s))"
    r"(?!(?:and|but|or|while|that)\b)(?P<subject>[\w'\u2019-]+(?:\s[\w'\u2019-]+){0,6}?)"
)
_MODALS = {
    "will": "Will",
    "would": "Will",
    "can": "Can",
    "could": "Can",
    "should": "Should",
    "shall": "Will",
    "is": "Is",
    "was": "Is",
    "are": "Are",
    "were": "Are",
    "has": "Has",
    "had": "Has",
    "have": "Have",
}
_WHETHER = re.compile(
    rf"\bwhether\s+(?P<subject>[\w'\u2019-]+(?:\s[\w'\u2019-]+){{0,6}}?)\s+(?P<modal>{'|'.join(_MODALS)})\s+(?P<rest>{_TAIL}){_END}"
)
_WH = re.compile(
    r"\b(?:unclear|not clear|uncertain|did not say|would not say|declined to say|not known)\s+"
    rf"(?P<wh>how|when|where|why|who)\s+(?P<subject>[\w'\u2019-]+(?:\s[\w'\u2019-]+){{0,6}}?)\s+(?P<modal>will|would|can|could)\s+"
    rf"(?P<rest>{_TAIL}){_END}"
)
_BLOCK = re.compile(
    rf"\b(?P<who>{_NAME})['\u2019]s\s+(?:blocking|block|veto)\s+of\s+(?P<what>{_TAIL}){_END}"
    rf"|\b(?P<who2>{_NAME})\s+(?:has\s+|have\s+|is\s+|are\s+)?(?:blocked|blocking|vetoed)\s+"
    rf"(?P<what2>{_TAIL}){_END}"
)
_REFUSAL = re.compile(
    r"\b(?:declined|refused|would not|did not|without)\s+(?:to\s+)?"
    r"(?:comment|commenting|say|saying|discuss|discussing)\s+(?:\w+ly\s+)?(?:on|about)\s+"
    rf"(?P<what>{_TAIL}){_END}"
)
_DENIAL = re.compile(rf"\b(?:denied|denies|denying)\s+that\s+(?P<what>{_TAIL}){_END}")
_DISPUTE = re.compile(
    r"\b(?:disputes?|disputed|contests?|contested|questioned|questions|challenged|challenges)\s+"
    rf"(?P<what>the\s{_TAIL}){_END}"
)
_YET_TO = re.compile(
    rf"{_SUBJECT}\s+(?:has|have)\s+yet\s+to\s+(?P<verb>\w+)\s+(?P<what>{_TAIL}){_END}"
)
_NOT_YET = re.compile(
    rf"{_SUBJECT}\s+(?P<aux>has|have)\s+not\s+yet\s+(?P<verb>\w+ed)\s+(?P<what>{_TAIL}){_END}"
)
_EXPECTED = re.compile(
    rf"{_SUBJECT}\s+(?:is|are)\s+(?:expected|due|set|scheduled)\s+to\s+(?P<verb>\w+)"
    rf"(?P<what>\s{_TAIL})?{_END}"
)
_WEIGHING = re.compile(
    rf"{_SUBJECT}\s+(?:is|are)\s+(?:weighing|considering|reviewing)\s+(?P<what>{_TAIL}){_END}"
)
_NO_DECISION = re.compile(rf"\bno decision\s+(?P<what>(?:on|about)\s{_TAIL})\s+(?:has|had)\s+been")
_URGE = re.compile(
    r"\b(?:urg(?:ed|ing|es)|called on|calling on|pressed|pressing)\s+"
    rf"(?P<whom>[\w'\u2019-]+(?:\s[\w'\u2019-]+)?)\s+to\s+(?P<verb>\w+)\s+(?P<what>{_TAIL}){_END}"
)
#: A word every pattern needs, checked first so that most sentences are passed over cheaply.
_TRIGGER = re.compile(
    r"whether|unclear|not clear|uncertain|not known|block|veto|declin|refus|would not|did not|"
    r"without|denie|denying|disput|contest|question|challeng|yet|expected|due|set to|scheduled|"
    r"weighing|considering|reviewing|no decision|urg|called on|calling on|press"
)
_LOWER_FIRST = frozenset("the a an its their his her some many most regulators donors".split())


@dataclass
class FoundIssue:
    question: str
    note: str


class _Phraser:
    def __init__(self, reading: Reading, people: People) -> None:
        self.reading = reading
        self.people = people

    def subject(self, text: str, at: int) -> str:
        """A clause subject fit for the middle of a question; "she" becomes her name."""
        text = " ".join(text.split())
        if text.lower() in ("he", "she"):
            person = self.people.antecedent(at, "m" if text.lower() == "he" else "f")
            return person.name if person else text.lower()
        first, _, rest = text.partition(" ")
        if first.lower() in _LOWER_FIRST:
            first = first.lower()
        return f"{first} {rest}".strip()

    def ask(self, pattern: re.Pattern[str], text: str, offset: int) -> Iterator[str]:
        for match in pattern.finditer(text):
            question = self.question(pattern, match, offset + match.start())
            if question:
                yield _tidy(question)

    def question(self, pattern: re.Pattern[str], m: re.Match[str], at: int) -> str | None:
        if pattern is _WHETHER:
            return f"{_MODALS[m['modal']]} {self.subject(m['subject'], at)} {m['rest']}?"
        if pattern is _WH:
            modal = "will" if m["modal"] in ("will", "would") else "can"
            return f"{m['wh'].capitalize()} {modal} {self.subject(m['subject'], at)} {m['rest']}?"
        if pattern is _BLOCK:
            who, what = (m["who"], m["what"]) if m["who"] else (m["who2"], m["what2"])
            return f"Will {who} lift its block on {what}?"
        if pattern is _REFUSAL:
            return f"What will come of {_lower_article(m['what'])}?"
        if pattern is _DENIAL:
            return f"Is it true that {m['what']}?"
        if pattern is _DISPUTE:
            return f"Who is right about {m['what']}?"
        if pattern is _YET_TO:
            return f"Will {self.subject(m['subject'], at)} {m['verb']} {m['what']}?"
        if pattern is _NOT_YET:
            aux = m["aux"].capitalize()
            return f"{aux} {self.subject(m['subject'], at)} {m['verb']} {m['what']} yet?"
        if pattern is _EXPECTED:
            what = m["what"] or ""
            return f"Will {self.subject(m['subject'], at)} {m['verb']}{what}?"
        if pattern is _WEIGHING:
            return f"Will {self.subject(m['subject'], at)} adopt {m['what']}?"
        if pattern is _NO_DECISION:
            return f"When will a decision be made {m['what']}?"
        if pattern is _URGE:
            return f"Will {self.subject(m['whom'], at)} {m['verb']} {m['what']}?"
        return None


_PATTERNS = (
    _BLOCK,
    _WHETHER,
    _WH,
    _REFUSAL,
    _DENIAL,
    _DISPUTE,
    _YET_TO,
    _NOT_YET,
    _EXPECTED,
    _WEIGHING,
    _NO_DECISION,
    _URGE,
)


def _lower_article(text: str) -> str:
    return re.sub(r"^(The|A|An)\b", lambda m: m.group().lower(), text)


def _tidy(question: str) -> str:
    question = " ".join(question.split())
    question = re.sub(r"\s+\?$", "?", question)
    return question[0].upper() + question[1:]


def find_issues(reading: Reading, people: People) -> list[FoundIssue]:
    """Up to ``MAX_ISSUES`` candidate open issues, in order, without repeats."""
    phraser = _Phraser(reading, people)
    found: list[FoundIssue] = []
    seen: set[str] = set()
    for start, end in reading.sentences:
        if reading.in_quote(start):
            continue
        text = reading.masked[start:end]
        sentence = " ".join(reading.body[start:end].split())
        if not _TRIGGER.search(text):
            questions = []
        else:
            questions = [q for pattern in _PATTERNS for q in phraser.ask(pattern, text, start)]
        if text.rstrip().endswith("?") and "_" not in text:
            questions.append(sentence)
        for question in questions:
            key = question.casefold()
            if "_" in question or key in seen or len(question.split()) < 4:
                continue
            seen.add(key)
            number = reading.paragraph_number(start)
            note = sentence if len(sentence) <= _NOTE else sentence[:_NOTE].rsplit(" ", 1)[0] + " …"
            found.append(FoundIssue(question, f"Paragraph {number}: {note}"))
    return found[:MAX_ISSUES]
