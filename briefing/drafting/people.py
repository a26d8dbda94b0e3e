"""People and other speakers named in an article, and every mention of them outside quotes.

A capitalised run of words is a person when the article gives it a title ("Lithuanian Prime
Minister Inga Ruginiene"), an apposition ("Marcus Hale, the shadow chancellor,"), puts it next to
a speech verb ("said Tomas Berg"), or uses its last word alone next to one ("Rutte said").
A pronoun stands for the nearest fitting person of its own sentence, else for the subject of a
sentence just before ("Jansen met Lund. He said ..." is Jansen), else for the nearest fitting
person; gender comes from titles, gendered role words and the pronouns that refer back to a
person. Descriptions ("the NATO chief", "the premier") go to the person whose role fits.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from briefing.drafting import vocabulary as vocab
from briefing.drafting.text import ABBREVIATIONS, Reading

MentionKind = Literal["person", "pronoun", "phrase", "org"]
#: Capitalised words (and "The") just before a mention that starts with a possessive.
_POSSESSOR = re.compile(r"(?:^|(?<=\s))(?:(?:The|A|An)\s+)?(?:[A-Z][\w'\u2019-]*\s+)*$")


def _bare(word: str) -> str:
    """A token without its possessive and full stop, lower-cased, for vocabulary checks."""
    return re.sub(r"['\u2019]s?$", "", word).rstrip(".").lower()


@dataclass(eq=False)
class Person:
    name: str
    role: str = ""
    votes: Counter[str] = field(default_factory=Counter)

    @property
    def gender(self) -> str | None:
        male, female = self.votes["m"], self.votes["f"]
        if male == female:
            return None
        return "m" if male > female else "f"

    def fits(self, gender: str | None) -> bool:
        return gender is None or self.gender in (None, gender)


@dataclass
class Mention:
    start: int
    end: int
    kind: MentionKind
    text: str
    person: Person | None = None
    #: For a phrase: its determiner and head noun ("the", "chief").
    det: str = ""
    head: str = ""
    modifiers: tuple[str, ...] = ()
    #: For a person: the mention opens its clause, so it is likely the clause's subject.
    subject: bool = False


@dataclass
class Speaker:
    name: str
    role: str = ""


class People:
    """Everyone an article names, and every mention outside quotes, in order."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.masked = reading.masked
        self._by_surname: dict[str, Person] = {}
        self._lone = {m[1] for m in vocab.LONE_SPEAKER.finditer(self.masked)}
        named = self._named_mentions()
        persons = sorted((m.start, m.end) for m in named if m.kind == "person")
        mentions = [m for m in named if m.kind == "person"]
        phrases = self._outside(persons, self._phrases())
        taken = sorted(persons + [(m.start, m.end) for m in phrases])
        mentions += phrases + self._outside(taken, [m for m in named if m.kind == "org"])
        pronouns = [
            Mention(m.start(), m.end(), "pronoun", m.group())
            for m in re.finditer(r"\b(?:[Hh]e|[Ss]he)\b", self.masked)
        ]
        mentions += self._outside(persons, pronouns)
        mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self._named = [m for m in mentions if m.kind == "person"]
        self._named_starts = [m.start for m in self._named]
        self._mark_subjects()
        self._vote_genders()

    # --- finding people ------------------------------------------------------------------

    def _runs(self) -> list[list[re.Match[str]]]:
        """Runs of capitalised words (with name particles and "of"/"for"/"the" inside)."""
        runs: list[list[re.Match[str]]] = []
        current: list[re.Match[str]] = []
        previous: re.Match[str] | None = None
        for token in vocab.TOKEN.finditer(self.masked):
            word = token.group()
            capital = word[0].isupper()
            joinable = capital or word in vocab.CONNECTORS or word in vocab.PARTICLES
            if current and previous is not None:
                gap = self.masked[previous.end() : token.start()]
                abbreviated = gap == ". " and previous.group().lower() in ABBREVIATIONS
                if not joinable or not (gap == " " or abbreviated) or _possessive(previous):
                    runs.append(current)
                    current = []
            if capital or (current and joinable):
                current.append(token)
            previous = token
        if current:
            runs.append(current)
        trimmed = []
        for run in runs:
            while run and not run[-1].group()[0].isupper():
                run.pop()
            if run:
                trimmed.append(run)
        return trimmed

    def _named_mentions(self) -> list[Mention]:
        candidates: list[tuple[int, list[re.Match[str]], str, bool]] = []
        orgs: list[Mention] = []
        for run in self._runs():
            words = [token.group() for token in run]
            if any(word in vocab.CONNECTORS for word in words):
                head = self._affiliated_name(run)
                if head is None:
                    orgs.append(self._org(run))
                    continue
                run, words = head, [token.group() for token in head]
            role_at = max(
                (i for i, w in enumerate(words) if _bare(w) in vocab.ROLE_WORDS), default=-1
            )
            name = run[role_at + 1 :]
            while name and _bare(name[0].group()) in vocab.NOT_NAMES:
                name = name[1:]
            if not name or any(
                _bare(t.group()) in vocab.NOT_NAMES | vocab.ROLE_WORDS for t in name
            ):
                if role_at < 0:
                    orgs.append(self._org(run))
                continue
            start = run[0].start()
            title = " ".join(self.masked[start : name[0].start()].split())
            if role_at < 0:
                start, title = self._title_before(name[0].start())
            candidates.append((start, name, title, role_at >= 0))
        mentions: list[Mention] = []
        full: set[int] = set()
        # Full names first, so that a surname met alone can be linked to its person.
        for start, name, title, _ in candidates:
            if len(name) >= 2 and (title or self._evidence(name)):
                mentions.append(self._person_mention(start, name, title))
                full.add(start)
        for start, name, title, titled in candidates:
            if start in full:
                continue
            known = self._by_surname.get(_bare(name[-1].group()))
            if known is not None:
                mentions.append(Mention(start, name[-1].end(), "person", known.name, known))
            elif titled and len(name) == 1:
                mentions.append(self._person_mention(start, name, title))
            else:
                orgs.append(Mention(name[0].start(), name[-1].end(), "org", _words(name)))
        return mentions + orgs

    def _affiliated_name(self, run: list[re.Match[str]]) -> list[re.Match[str]] | None:
        """The name in "Paula Grant of Northbridge Securities", when the words before "of"
        (or "for") are a person's name by the usual evidence; None for an organisation."""
        words = [token.group() for token in run]
        cut = next(i for i, word in enumerate(words) if word in vocab.CONNECTORS)
        head = run[:cut]
        if len(head) < 2 or any(
            _bare(w) in vocab.NOT_NAMES | vocab.ROLE_WORDS for w in words[:cut]
        ):
            return None
        return head if self._evidence(head) else None

    def _title_before(self, start: int) -> tuple[int, str]:
        """Where a name's title starts and the title, for lower-case titles before it:
        "chief executive Helen Cho", "Presiding judge X", "Governing Council member Y"."""
        words = list(re.finditer(r"[\w-]+", self.masked[max(0, start - 80) : start]))
        offset = max(0, start - 80)
        taken: list[re.Match[str]] = []
        end = start
        for word in reversed(words[-vocab.TITLE_WORDS :]):
            if self.masked[offset + word.end() : end].strip():
                break  # punctuation between the words
            text = word.group()
            lower = text.lower()
            if not taken and not (text.islower() and lower in vocab.ROLE_WORDS):
                break
            if text.islower() and lower not in vocab.ROLE_WORDS | vocab.ROLE_MODIFIERS:
                break
            if not text.islower() and lower in vocab.NOT_NAMES:
                break
            taken.append(word)
            end = offset + word.start()
        if not taken:
            return start, ""
        first = offset + taken[-1].start()
        return first, " ".join(self.masked[first:start].split())

    def _evidence(self, name: list[re.Match[str]]) -> bool:
        start, end = name[0].start(), name[-1].end()
        head = self.masked[max(0, start - 60) : start]
        if re.search(r"\b[Tt]he\s+$", head):
            return False
        return bool(
            vocab.VERB_AFTER_NAME.match(self.masked[end : end + 40])
            or vocab.VERB_BEFORE_NAME.search(head)
            or self._role_before(name[0].start()) is not None
            or re.match(r",\s+(?:who|whose)\b", self.masked[end : end + 12])
            or self._role_after(end) is not None
            or _strip_possessive(name[-1].group()) in self._lone
        )

    def _role_before(self, start: int) -> re.Match[str] | None:
        """An apposition before a name that describes a job: "The chancellor, "."""
        before = vocab.APPOSITION_BEFORE.search(self.masked, max(0, start - 60), start)
        if before and before.end() == start and _is_role(before["role"]):
            return before
        return None

    def _role_after(self, end: int) -> re.Match[str] | None:
        """An apposition after a name that describes a job: ", the shadow chancellor,"."""
        after = vocab.APPOSITION_AFTER.match(self.masked, end)
        return after if after and _is_role(after["role"]) else None

    def _person_mention(self, start: int, name: list[re.Match[str]], title: str) -> Mention:
        full = _words(name)
        end = name[-1].end()
        role = " ".join(w for w in title.split() if _bare(w) not in vocab.HONORIFICS)
        after = None if _possessive(name[-1]) else self._role_after(end)
        if after is not None:
            role, end = after["role"].strip(), after.end()
        before = self._role_before(start)
        if before is not None:
            role, start = before["role"], before.start()
        surname = _bare(name[-1].group())
        person = self._by_surname.get(surname)
        if person is None or (
            len(name) > 1 and len(person.name.split()) > 1 and person.name != full
        ):
            person = Person(full, role)
            self._by_surname[surname] = person
        elif len(name) > len(person.name.split()):
            person.name = full
        if role and not person.role:
            person.role = role
        for word in re.findall(r"[\w-]+", title.lower() + " " + role.lower()):
            if word in vocab.MALE:
                person.votes["m"] += 3
            elif word in vocab.FEMALE:
                person.votes["f"] += 3
        return Mention(start, end, "person", full, person)

    def _org(self, run: list[re.Match[str]]) -> Mention:
        words = [t.group() for t in run]
        start = run[0].start()
        if words[0] in ("The", "the") and len(words) > 1:
            words, start = words[1:], run[1].start()
        return Mention(start, run[-1].end(), "org", " ".join(words))

    def _phrases(self) -> list[Mention]:
        return [
            Mention(
                match.start(),
                match.end(),
                "phrase",
                " ".join(match.group().split()),
                det=match["det"].lower(),
                head=match["head"].lower(),
                modifiers=tuple(match["mods"].split()),
            )
            for match in vocab.NOUN_PHRASE.finditer(self.masked)
        ]

    @staticmethod
    def _outside(taken: list[tuple[int, int]], mentions: list[Mention]) -> list[Mention]:
        """The ``mentions`` that do not overlap a person's mention (with its apposition)."""
        starts = [start for start, _ in taken]
        kept = []
        for mention in mentions:
            index = bisect_left(starts, mention.end)
            if index and taken[index - 1][1] > mention.start:
                continue
            kept.append(mention)
        return kept

    def _mark_subjects(self) -> None:
        """Mark the person mentions that open their clause: likely grammatical subjects."""
        for mention in self._named:
            sentence_start, _ = self.reading.sentences[self.reading.sentence_index(mention.start)]
            lead = self.masked[max(sentence_start, mention.start - 60) : mention.start]
            lead = _POSSESSOR.sub("", lead)  # "The European Union's commissioner, X"
            mention.subject = not lead.strip() or bool(vocab.SUBJECT_BEFORE.search(lead))

    def _vote_genders(self) -> None:
        for match in vocab.PRONOUN.finditer(self.masked):
            word = match.group().lower()
            antecedent = self._antecedent_mention(match.start(), None)
            if antecedent is None or antecedent.person is None:
                continue
            same_sentence = self.reading.sentence_index(
                antecedent.start
            ) == self.reading.sentence_index(match.start())
            if word in ("him", "her") and same_sentence:
                continue  # "Kalogirou interrupted her": not Kalogirou
            antecedent.person.votes["m" if word in ("he", "his", "him") else "f"] += 1

    def _antecedent_mention(self, position: int, gender: str | None) -> Mention | None:
        """The named mention a pronoun at ``position`` refers to.

        In its own sentence, the nearest fitting person. Otherwise the latest sentence naming a
        fitting person, and in it the person who opens a clause (its subject) if any, else the
        nearest: in "Jansen met Lund. He said ...", "He" is Jansen.
        """
        sentence = self.reading.sentence_index(position)
        index = bisect_left(self._named_starts, position) - 1
        chosen: Mention | None = None
        while index >= 0:
            mention = self._named[index]
            index -= 1
            if mention.person is None or not mention.person.fits(gender):
                continue
            here = self.reading.sentence_index(mention.start)
            if here == sentence:
                return mention
            if chosen is not None and here != self.reading.sentence_index(chosen.start):
                break
            if chosen is None or mention.subject:
                chosen = mention
        return chosen

    def antecedent(self, position: int, gender: str | None) -> Person | None:
        """The person a "he" (gender "m") or "she" ("f") at ``position`` stands for."""
        mention = self._antecedent_mention(position, gender)
        return mention.person if mention is not None else None

    # --- resolving ---------------------------------------------------------------------------

    def in_window(self, start: int, end: int) -> list[Mention]:
        index = bisect_left(self._starts, start)
        found = []
        while index < len(self.mentions) and self.mentions[index].start < end:
            if self.mentions[index].end <= end:
                found.append(self.mentions[index])
            index += 1
        return found

    def latest_person(self, before: int) -> Person | None:
        """The most recently named person before ``before``."""
        index = bisect_left(self._named_starts, before) - 1
        return self._named[index].person if index >= 0 else None

    def resolve(self, mention: Mention) -> Speaker | None:
        if mention.kind == "person" and mention.person is not None:
            return Speaker(mention.person.name, mention.person.role)
        if mention.kind == "pronoun":
            gender = "m" if mention.text.lower() == "he" else "f"
            person = self.antecedent(mention.start, gender)
            return Speaker(person.name, person.role) if person else None
        if mention.kind == "org":
            return Speaker(mention.text)
        return self._resolve_phrase(mention)

    def _resolve_phrase(self, mention: Mention) -> Speaker:
        text = mention.text
        if mention.det in ("his", "her"):
            person = self.antecedent(mention.start, "m" if mention.det == "his" else "f")
            if person is not None:
                return Speaker(f"{person.name}'s {text.split(None, 1)[1]}")
        if mention.det == "the":
            person = self._by_role(mention)
            if person is not None:
                return Speaker(person.name, person.role)
            for earlier in reversed(self.in_window(0, mention.start)):
                indefinite = earlier.det in ("a", "an", "one")
                if earlier.kind == "phrase" and earlier.head == mention.head and indefinite:
                    return Speaker(earlier.text.split(None, 1)[1])
        if mention.det in ("a", "an", "one"):
            return Speaker(text.split(None, 1)[1])
        return Speaker(text)

    def _by_role(self, mention: Mention) -> Person | None:
        """The most recent person whose role fits "the NATO chief" or "the premier"."""
        wanted = vocab.SYNONYMS.get(mention.head, {mention.head})
        names = {m for m in mention.modifiers if m[0].isupper()}
        index = bisect_left(self._named_starts, mention.start) - 1
        while index >= 0:
            person = self._named[index].person
            index -= 1
            if person is None or not person.role:
                continue
            role_words = {_bare(w) for w in re.findall(r"[\w'\u2019-]+", person.role)}
            if not {_bare(n) for n in names} <= role_words:
                continue
            if "*" in wanted or wanted & role_words:
                return person
        return None


def _possessive(token: re.Match[str]) -> bool:
    return bool(re.search(r"['\u2019]s$", token.group()))


def _strip_possessive(word: str) -> str:
    return re.sub(r"['\u2019]s$", "", word)


def _words(tokens: list[re.Match[str]]) -> str:
    return " ".join(_strip_possessive(token.group()) for token in tokens)


def _is_role(text: str) -> bool:
    """True for an apposition that describes a job ("the shadow chancellor"), not a clause."""
    words = re.findall(r"[\w'\u2019-]+", text)
    if not words or words[0].lower() in ("who", "whose", "which", "that", "said", "says"):
        return False
    return any(_bare(word) in vocab.HEAD_SET for word in words)
