"""The words the drafter reads speakers by: speech verbs, titles and roles, the nouns that
head a description of a speaker, and the patterns built from them."""

from __future__ import annotations

import re

FINITE_VERBS = (
    "said says say added adds told tells stressed stresses noted notes warned warns argued "
    "argues explained explains insisted insists asked asks replied replies responded responds "
    "wrote writes declared declares continued concluded recalled acknowledged admitted remarked "
    "urged urges predicted cautioned complained conceded countered suggested announced called "
    "calls described describes pledged promised vowed claimed claims maintained observed "
    "emphasised emphasized joked quipped tweeted posted testified"
).split()
GERUNDS = (
    "adding saying noting warning arguing insisting telling stressing explaining calling "
    "describing urging declaring claiming emphasising emphasizing asking replying"
).split()
VERB_WORDS = "|".join(FINITE_VERBS + GERUNDS)
#: A speech verb, "according to", or a gerund (which takes the subject of its clause).
SPEECH = re.compile(rf"\b(?:according to|{VERB_WORDS})\b")
VERB_AFTER_NAME = re.compile(
    rf"^\s+(?:(?:also|later|then|again|earlier|on \w+day|\w+ly)\s+)?(?:{VERB_WORDS})\b"
)
VERB_BEFORE_NAME = re.compile(rf"\b(?:{'|'.join(FINITE_VERBS)})\s+$")
#: What may stand before a clause's subject in its sentence: nothing, punctuation, a speech verb.
SUBJECT_BEFORE = re.compile(rf"(?:[,;:\"\u201d\u2014(]|\b(?:{'|'.join(FINITE_VERBS)}))\s*$")
LONE_SPEAKER = re.compile(
    rf"\b([A-Z][\w'\u2019-]+)\s+(?:(?:also|later|then|again)\s+)?(?:{VERB_WORDS})\b"
)

ROLE_WORDS = frozenset(
    """secretary-general secretary minister premier president vice-president chancellor senator
    sen governor gov mayor judge justice dr doctor prof professor lt col gen general sgt sergeant
    capt captain maj adm admiral colonel commander lieutenant officer ambassador envoy
    commissioner director director-general chairman chairwoman chair chairperson chief ceo cfo
    spokesman spokeswoman spokesperson representative rep speaker leader head member deputy
    economist analyst strategist lawyer attorney counsel prosecutor researcher scientist adviser
    advisor negotiator executive founder manager editor correspondent diplomat official mr mrs ms
    miss sir dame lord lady king queen prince princess pope archbishop bishop rabbi imam mp mep
    congressman congresswoman lawmaker candidate governor-general coach""".split()
)
#: Titles that say nothing about the job, left out of the role when an apposition gives one.
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady".split())
MALE = frozenset("mr sir lord king prince spokesman chairman congressman businessman".split())
FEMALE = frozenset(
    "mrs ms miss dame lady queen princess spokeswoman chairwoman congresswoman "
    "businesswoman".split()
)
#: Nouns that head a description of a speaker: "the NATO chief", "a senior diplomat".
HEAD_NOUNS = sorted(
    ROLE_WORDS
    - HONORIFICS
    - {"sen", "gov", "lt", "col", "gen", "sgt", "capt", "maj", "adm", "rep", "prof", "dr"}
    | set(
        """government ministry consortium union company agency watchdog bank commission court
        army office party group committee council department administration regulator firm
        operator organisation organization institute treasury source sources witness expert
        campaigner activist resident owner officials""".split()
    ),
    key=len,
    reverse=True,
)
HEADS = "|".join(HEAD_NOUNS)
HEAD_SET = frozenset(HEAD_NOUNS)
DETERMINERS = r"(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|and|or|but)"
NOUN_PHRASE = re.compile(
    r"\b(?P<det>[Tt]he|[Aa]n?|[Oo]ne|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]*['\u2019]s)\s+"
    rf"(?P<mods>(?:(?!{DETERMINERS}\s)[\w-]+\s+){{0,3}}?)(?P<head>(?i:{HEADS}))\b(?!['\u2019]s)"
    r"(?P<post>\s+(?:of|for|at|from|led by)\s+(?:the\s+)?[A-Z][\w&-]*"
    r"(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w&-]*)*)?"
)
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]im|[Hh]er|[Hh]ers)\b")
TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*")
CONNECTORS = frozenset({"of", "for", "the"})
PARTICLES = frozenset("de da dos das do van von der den del della di du la le bin al ibn".split())
NOT_NAMES = frozenset(
    """the a an in on at as but and or if when while after before since for from with without
    to of by meanwhile however asked speaking opening turning according some most many every
    each this that these those it its he she they we i his her their our not no yes there here
    then also still even only just why what who how where which whose january february march
    april may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday""".split()
)
APPOSITION_AFTER = re.compile(
    r",\s+(?:(?:the|an?)\s+)?(?P<role>[^,.;:\u201c\"()]{2,80}?)(?=,|\.(?:\s|$)|;|$)"
)
APPOSITION_BEFORE = re.compile(
    r"(?:^|(?<=[\s(]))(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]*['\u2019]s)\s+"
    r"(?P<role>(?:[\w-]+\s+){0,3}[\w-]+),\s+$"
)
#: Most words of a title written before a name in lower case ("chief financial officer").
TITLE_WORDS = 4
ROLE_MODIFIERS = frozenset(
    """chief executive financial operating technology senior deputy former acting interim vice
    foreign finance health defence defense interior economy economic trade energy environment
    justice education armed services shadow presiding principal lead general managing assistant
    associate junior state national federal regional local party prime incident""".split()
)
SYNONYMS = {
    "premier": {"premier", "prime"},
    "pm": {"premier", "prime"},
    "chief": {"*"},
    "head": {"*"},
    "leader": {"*"},
    "boss": {"*"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson"},
    "lawyer": {"lawyer", "counsel", "attorney"},
    "diplomat": {"diplomat", "envoy", "ambassador"},
}
