"""Direct quotes and who said them.

Every pair of quote marks is a candidate. A candidate is a quote when it has at least three words
and is not a name, title or term ("so-called ...", "titled ...", a run of capitalised words), and
when either its own sentence attributes it (a speech verb or a colon next to it) or it stands as
a sentence of its own, as the later quotes of a speaker often do.

The speaker comes from the attribution after the quote (`," he said`, `," said X`,
`," X told reporters`), else the one before it (`X said: "`, `adding: "`, `X said the plan was
"...`). Without one, the speaker is the previous quote's in the paragraph, else the subject of
the sentence before, else the previous paragraph's speaker, else the latest person named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.drafting.people import Mention, People, Speaker
from briefing.drafting.text import QuoteSpan, Reading
from briefing.drafting.vocabulary import GERUNDS, SPEECH

MIN_WORDS = 3
_WORD = re.compile(r"[^\W_][\w'\u2019-]*")
_NAMING = re.compile(
    r"(?:so-called|dubbed|nicknamed|known as|titled|entitled|named|labell?ed|branded|"
    r"the (?:word|term|phrase|slogan|motto|hashtag))\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with vs".split())
#: `," as one analyst put it`: the speaker is whoever stands between "as" and "put it".
_AS_PUT = re.compile(
    r"[\s,]*as\s+(?P<who>[\w'\u2019-]+(?:\s+[\w'\u2019-]+){0,3}?)\s+(?:put|puts)\s+it\b"
)
#: `," says the manual.`: a described speaker after the verb that no other rule names.
_DESCRIBED = re.compile(
    r"\s+(?P<who>(?:the|a|an|one)\s+[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,2}?)"
    r"(?=\s*[,.;!?]|\s*$)"
)


@dataclass
class FoundQuote:
    span: QuoteSpan
    words: str
    speaker: Speaker | None


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _is_title(words: str) -> bool:
    """A run of capitalised words without a full stop: a name or title, not speech."""
    if words.rstrip().endswith((".", "!", "?")):
        return False
    tokens = _WORD.findall(words)
    content = [t for t in tokens if t.lower() not in _SMALL_WORDS]
    return bool(content) and all(t[0].isupper() or t[0].isdigit() for t in content)


class _Attributor:
    def __init__(self, reading: Reading, people: People) -> None:
        self.reading = reading
        self.people = people
        self.masked = reading.masked

    def windows(self, index: int) -> tuple[tuple[int, int] | None, tuple[int, int]]:
        """The text after a quote up to its sentence's end (None when the quote closes its
        sentence) and the text before it back to its sentence's start."""
        spans = self.reading.spans
        span = spans[index]
        after: tuple[int, int] | None = None
        inner = self.reading.body[span.open + 1 : span.close].rstrip()
        next_word = re.match(r"\s*(\S)", self.masked[span.close + 1 :])
        closes_sentence = inner.endswith(".") or (
            inner.endswith(("?", "!")) and (next_word is None or next_word[1].isupper())
        )
        if not closes_sentence:
            end = self.reading.outer_sentence_end(span.close + 1)
            if index + 1 < len(spans):
                end = min(end, spans[index + 1].open)
            after = (span.close + 1, end)
        start = self.reading.outer_sentence_start(span.open)
        if index and spans[index - 1].close < span.open:
            start = max(start, spans[index - 1].close + 1)
        return after, (start, span.open)

    def after(self, window: tuple[int, int]) -> Mention | None:
        """`," he said`, `," said Rutte`, `," Governing Council member X, the ..., said`."""
        start, end = window
        mentions = self.people.in_window(start, end)
        put = _AS_PUT.match(self.masked, start, end)
        if put is not None:
            inside = [m for m in mentions if m.start >= put.start("who")]
            return inside[0] if inside else _phrase(put, "who")
        verb = SPEECH.search(self.masked, start, end)
        if verb is None or verb[0] in GERUNDS:
            return None
        if _word_count(self.masked[start : verb.start()]) == 0:
            following = [m for m in mentions if m.start >= verb.end()]
            if following and not self.masked[verb.end() : following[0].start].strip():
                return following[0]
            described = _DESCRIBED.match(self.masked, verb.end(), end)
            return _phrase(described, "who") if described else None
        for mention in mentions:
            if mention.end > verb.start():
                break
            lead = self.masked[start : mention.start]
            gap = self.masked[mention.end : verb.start()]
            if _word_count(lead) == 0 and _word_count(gap) <= 3 and "." not in gap:
                return mention
        return None

    def before(self, window: tuple[int, int]) -> Mention | None:
        """`X said: "`, `he added: "`, `adding: "`, `X said the plan was "...`."""
        start, end = window
        verbs = list(SPEECH.finditer(self.masked, start, end))
        mentions = self.people.in_window(start, end)
        if not verbs:
            if self.masked[start:end].rstrip().endswith(":") and mentions:
                return _first_speaker(mentions)
            return None
        verb = verbs[-1]
        if verb[0] == "according to":
            following = [m for m in mentions if m.start >= verb.end()]
            return following[0] if following else None
        preceding = [m for m in mentions if m.end <= verb.start()]
        if verb[0] in GERUNDS:
            people = [m for m in preceding if m.kind in ("person", "pronoun")]
            preceding = people or preceding
        if preceding:
            return preceding[-1]
        # "said X, the ...: " with the name after the verb
        following = [m for m in mentions if m.start >= verb.end()]
        if following and _word_count(self.masked[verb.end() : following[0].start]) == 0:
            return following[0]
        return None

    def sentence_subject(self, position: int) -> Speaker | None:
        """The first person or pronoun of the sentence before ``position`` in its paragraph."""
        sentence_start = self.reading.outer_sentence_start(position)
        paragraph_start, _ = self.reading.paragraph_bounds(position)
        if sentence_start <= paragraph_start:
            return None
        previous_start = self.reading.outer_sentence_start(sentence_start - 1)
        for mention in self.people.in_window(previous_start, sentence_start):
            if mention.kind in ("person", "pronoun"):
                return self.people.resolve(mention)
        return None


def _phrase(match: re.Match[str], group: str) -> Mention:
    """A described speaker found by ``match`` as a mention: "one analyst", "the manual"."""
    words = match[group].split()
    det = words[0].lower() if words[0].lower() in ("the", "a", "an", "one") else ""
    return Mention(
        match.start(group),
        match.end(group),
        "phrase",
        " ".join(words),
        det=det,
        head=words[-1].lower(),
        modifiers=tuple(words[1:-1] if det else words[:-1]),
    )


def _first_speaker(mentions: list[Mention]) -> Mention:
    for mention in mentions:
        if mention.kind in ("person", "pronoun"):
            return mention
    return mentions[0]


def find_quotes(reading: Reading, people: People) -> list[FoundQuote]:
    """Every direct quote of the article with its speaker, in order."""
    attributor = _Attributor(reading, people)
    found: list[FoundQuote] = []
    for index, span in enumerate(reading.spans):
        words = span.words(reading.body)
        if _word_count(words) < MIN_WORDS:
            continue
        lead = reading.masked[max(0, span.open - 40) : span.open]
        if _NAMING.search(lead):
            continue
        after, before = attributor.windows(index)
        mention = (attributor.after(after) if after else None) or attributor.before(before)
        if mention is None and (_is_title(words) or reading.masked[before[0] : before[1]].strip()):
            continue
        speaker = people.resolve(mention) if mention is not None else None
        if speaker is None:
            speaker = _context_speaker(attributor, found, span)
        found.append(FoundQuote(span, words, speaker))
    return found


def _context_speaker(
    attributor: _Attributor, found: list[FoundQuote], span: QuoteSpan
) -> Speaker | None:
    """The speaker of a quote standing as a sentence of its own."""
    reading = attributor.reading
    paragraph_start, _ = reading.paragraph_bounds(span.open)
    previous = found[-1] if found else None
    if previous is not None and previous.span.open >= paragraph_start:
        return previous.speaker
    subject = attributor.sentence_subject(span.open)
    if subject is not None:
        return subject
    if previous is not None and span.open == paragraph_start:
        previous_paragraph = reading.paragraph_number(span.open) - 1
        if reading.paragraph_number(previous.span.close) == previous_paragraph:
            return previous.speaker
    person = attributor.people.latest_person(span.open)
    return Speaker(person.name, person.role) if person else None
