"""Each thing the drafter finds, on small articles written to show one behaviour at a time."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from briefing.article import parse_article
from briefing.draft import draft_annotation
from briefing.model import Annotation


def draft(body: str, day: str | None = "2026-02-26") -> Annotation:
    """Draft an article with ``body`` (dated ``day``, a Thursday, unless None)."""
    header = f"date {day}\n\n" if day else ""
    return draft_annotation(parse_article(header + body, Path("a.txt")))


def quotes(body: str) -> list[tuple[str, str]]:
    return [(q.words, q.speaker) for q in draft(body).quotes]


def values(body: str) -> list[str]:
    return [f.value for f in draft(body).figures]


# --- quotes ----------------------------------------------------------------------------------


def test_straight_and_curly_quotes_with_attribution_after() -> None:
    body = (
        'Finance Minister Anna Berg spoke in Oslo. "We will not raise taxes this year," '
        "Berg said.\n\n“The budget is balanced and it will stay so,” said Berg."
    )
    assert quotes(body) == [
        ("We will not raise taxes this year", "Anna Berg"),
        ("The budget is balanced and it will stay so", "Anna Berg"),
    ]


def test_a_split_quote_gives_both_fragments_to_the_speaker() -> None:
    body = (
        "Defence Minister Jonas Holm visited the base. "
        '"We can defend ourselves today," he said, "but we must be ready for tomorrow."'
    )
    assert quotes(body) == [
        ("We can defend ourselves today", "Jonas Holm"),
        ("but we must be ready for tomorrow.", "Jonas Holm"),
    ]


def test_a_colon_introduced_quote_takes_the_subject_of_its_clause() -> None:
    body = (
        "Prime Minister Ewa Nowak stressed that aid would continue, adding: "
        '"Stopping this support is not acceptable for us."'
    )
    assert quotes(body) == [("Stopping this support is not acceptable for us.", "Ewa Nowak")]


def test_a_quote_over_two_paragraphs_is_one_quote_that_anchors() -> None:
    body = (
        'Chancellor Tomas Lind was blunt: "This will cost money. I will not pretend otherwise.'
        '\n\n"We will borrow some of it, and we will raise the rest."'
    )
    drafted = draft(body)
    assert len(drafted.quotes) == 1
    quote = drafted.quotes[0]
    assert quote.speaker == "Tomas Lind"
    assert quote.words.startswith("This will cost money.")
    assert quote.words.endswith("we will raise the rest.")
    assert quote.anchor is not None and quote.anchor.paragraph == 1


def test_an_unclosed_quote_is_dropped() -> None:
    assert quotes('Minister Ana Silva said: "We will never accept this plan and') == []


@pytest.mark.parametrize(
    "body",
    [
        'The so-called "coalition of the willing" met again on Thursday.',
        'Critics dubbed it the "paperwork full employment act" last year.',
        'The report, titled "Simpler Rules, Stronger Europe", was published.',
        'The firm\'s "Omnibus Plan" was delayed.',
        'Officials promised to "simplify" the rules.',
        'The plan for "green steel and clean cars" was welcomed by industry.',
    ],
)
def test_scare_quotes_titles_and_terms_are_not_quotes(body: str) -> None:
    assert quotes(body) == []


def test_a_partial_quote_is_attributed_by_the_verb_before_it() -> None:
    body = 'Opposition leader Claire Dubois said the plan was "built on borrowed money" again.'
    assert quotes(body) == [("built on borrowed money", "Claire Dubois")]


def test_names_inside_quotes_are_never_speakers() -> None:
    body = (
        "Senator Laura Kim spoke after the vote. "
        '"Ask Secretary Thomas Reyes why it takes so long," she said.'
    )
    assert quotes(body) == [("Ask Secretary Thomas Reyes why it takes so long", "Laura Kim")]


# --- speakers --------------------------------------------------------------------------------


def test_pronouns_resolve_to_the_latest_person_of_their_gender() -> None:
    body = (
        "Economy Minister Mark Jansen met Governor Eva Lund. He said he was pleased.\n\n"
        "Lund said her state would sign. She added that talks went well.\n\n"
        '"We have a deal in principle," he said.\n\n'
        '"The details will take weeks," she said.'
    )
    assert quotes(body) == [
        ("We have a deal in principle", "Mark Jansen"),
        ("The details will take weeks", "Eva Lund"),
    ]


def test_a_pronoun_takes_the_latest_sentence_naming_someone() -> None:
    body = (
        '"It is an insult," said Tina Stege, the envoy of the Marshall Islands, and he left.\n\n'
        "The European Union's climate commissioner, Wopke Janssen, said the bloc was ready. "
        '"Everybody who can pay should pay," he said.'
    )
    assert [s for _, s in quotes(body)] == ["Tina Stege", "Wopke Janssen"]


def test_descriptions_resolve_to_the_person_whose_role_fits() -> None:
    body = (
        "NATO Secretary-General Mark Rutte met Lithuanian Prime Minister Inga Ruginiene.\n\n"
        '"We are stronger than ever," the NATO chief said.\n\n'
        'The premier said: "Our support for Ukraine will not stop."'
    )
    assert quotes(body) == [
        ("We are stronger than ever", "Mark Rutte"),
        ("Our support for Ukraine will not stop.", "Inga Ruginiene"),
    ]


def test_unnamed_sources_are_described() -> None:
    body = (
        "One senior diplomat laughed at the idea. "
        '"With this parliament? Good luck," the diplomat said.\n\n'
        "Governor Ellen Park has a week to decide. "
        'Her office said she was "reviewing the bill carefully."\n\n'
        '"The rules are final and will not change," the Commission said.'
    )
    assert quotes(body) == [
        ("With this parliament? Good luck", "senior diplomat"),
        ("reviewing the bill carefully.", "Ellen Park's office"),
        ("The rules are final and will not change", "the Commission"),
    ]


def test_according_to_and_inverted_said() -> None:
    body = (
        '"Prices will fall next year," said Dana Whitfield, chief executive of Lone Star Power.'
        '\n\n"Demand is speculative," according to analyst Raj Menon.'
    )
    drafted = draft(body)
    assert [(q.speaker, q.role) for q in drafted.quotes] == [
        ("Dana Whitfield", "chief executive of Lone Star Power"),
        ("Raj Menon", "analyst"),
    ]


def test_speakers_described_after_the_verb() -> None:
    body = (
        '"A quote you can jump to is a quote you can check," as one analyst put it.\n\n'
        '"Nobody should write YAML from nothing," says the manual, which is short.'
    )
    assert quotes(body) == [
        ("A quote you can jump to is a quote you can check", "analyst"),
        ("Nobody should write YAML from nothing", "the manual"),
    ]


def test_a_quote_standing_alone_keeps_the_previous_speaker() -> None:
    body = (
        '"We are in a good place," ECB President Maria Lindqvist told reporters. '
        '"Uncertainty remains exceptionally high."'
    )
    assert [s for _, s in quotes(body)] == ["Maria Lindqvist", "Maria Lindqvist"]


def test_roles_come_from_titles_and_appositions() -> None:
    body = (
        'The chancellor, Harriet Lowe, said: "We fixed the foundations of this economy."\n\n'
        '"This is stealth over honesty," said Marcus Hale, the shadow chancellor.\n\n'
        '"All options remain open to us," said Lt. Col. Mark Ortiz.'
    )
    roles = [(q.speaker, q.role) for q in draft(body).quotes]
    assert roles == [
        ("Harriet Lowe", "chancellor"),
        ("Marcus Hale", "shadow chancellor"),
        ("Mark Ortiz", "Lt. Col."),
    ]


# --- figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "It costs $4.5 billion and €800bn and £1.2bn and US$300 million.",
            ["$4.5 billion", "€800bn", "£1.2bn", "US$300 million"],
        ),
        ("They paid 5 billion euros, then $12m, then $1.09.", ["5 billion euros", "$12m", "$1.09"]),
        (
            "Growth was 2.1% or 3 per cent or 4.5 percent, up 0.3 percentage points.",
            ["2.1%", "3 per cent", "4.5 percent", "0.3 percentage points"],
        ),
        (
            "Spending will double, then rise threefold, then 2.5x, twice as fast.",
            ["double", "threefold", "2.5x", "twice"],
        ),
        ("Costs fell by a third; as much as half of it was waste.", ["a third", "half"]),
        (
            "They sent 2,300 troops and 400 air-defense launchers over 18 months.",
            ["2,300 troops", "400 air-defense launchers", "18 months"],
        ),
        ("A 2,000-kilometre cable and a 40-year concession.", ["2,000-kilometre", "40-year"]),
        ("Be ready in 2, 4, 6 years from now.", ["2, 4, 6 years"]),
        ("Targets for 2030, since 1989, in the 1960s.", ["2030", "1989", "1960s"]),
        (
            "Cases rose to more than 12,400, and 1.1 million of the 3 million doses came.",
            ["12,400", "1.1 million", "3 million doses"],
        ),
        ("Warming of 1.5C is the limit.", ["1.5C"]),
    ],
)
def test_figures(body: str, expected: list[str]) -> None:
    assert values(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "The meeting is on April 23 and was on 26 February 2026 and in March 2024.",
        "The talks start at 10:30 and end at 9 pm.",
        "Ferreira, 52, trained as an engineer. The 54-year-old minister spoke.",
        "Article 5 applies; the G7 met during COVID-19 and bought F-35 jets.",
        "It was the 3rd attempt, and the 21st summit.",
        "We are not going to learn that lesson twice.",
        "Double standards and double-digit growth annoyed them.",
        "Five years and three utilities later, nothing changed.",
        "Ask them three times to three authorities.",
        "The Spanish half of the upgrade is late.",
        "Paragraphs are numbered from 1 and pages from 2.",
    ],
)
def test_numbers_that_are_not_figures(body: str) -> None:
    assert values(body) == []


def test_each_figure_once_with_a_label_from_its_clause() -> None:
    drafted = draft(
        "The NATO chief pointed to Lithuania's nearly 5.4% of GDP allocation to core defense "
        "and Germany's plans to double defense spending. Lithuania's 5.4% is a record."
    )
    assert [(f.value, f.label) for f in drafted.figures] == [
        ("5.4%", "Lithuania: nearly … of GDP allocation to core defense"),
        ("double", "Germany: plans to … defense spending"),
    ]


# --- dates -----------------------------------------------------------------------------------


def test_dates_are_resolved_against_the_article_date() -> None:
    drafted = draft(
        "Rutte spoke on Thursday and will travel on Monday. The deal was signed last week, "
        "runs until 2030 and will be reviewed in 2 years. Talks resume on April 23. "
        "Cases doubled in a month."
    )
    assert [(d.mention, d.resolved) for d in drafted.dates] == [
        ("on Thursday", date(2026, 2, 26)),
        ("on Monday", date(2026, 3, 2)),
        ("last week", date(2026, 2, 19)),
        ("until 2030", date(2030, 1, 1)),
        ("in 2 years", date(2028, 2, 26)),
        ("April 23", date(2026, 4, 23)),
    ]


def test_without_an_article_date_only_dates_with_a_year_are_kept() -> None:
    drafted = draft("The deal was signed on Thursday, last week, by 2030, on 3 March 2025.", None)
    assert [(d.mention, d.resolved) for d in drafted.dates] == [
        ("by 2030", date(2030, 1, 1)),
        ("3 March 2025", date(2025, 3, 3)),
    ]


def _modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_the_drafting_core_never_imports_textual() -> None:
    modules = _modules_after(
        "import briefing.draft, briefing.cli.draft\n"
        "from pathlib import Path\n"
        "from briefing.article import load_article\n"
        "briefing.draft.draft_annotation(load_article(Path('briefings/"
        "001_nato_rutte_defence_spending.txt')))"
    )
    assert "briefing.draft" in modules
    assert not any(name == "textual" or name.startswith("textual.") for name in modules)


def test_dateparser_is_imported_only_when_a_phrase_needs_it() -> None:
    prelude = (
        "from pathlib import Path\nfrom briefing.article import parse_article\n"
        "from briefing.draft import draft_annotation\n"
    )
    needs_none = prelude + (
        "draft_annotation(parse_article('date 2026-02-26\\n\\nThe plan runs until 2030 and "
        "costs $4bn, Rutte said.', Path('a.txt')))"
    )
    needs_it = prelude + (
        "draft_annotation(parse_article('date 2026-02-26\\n\\nRutte spoke on Thursday.', "
        "Path('a.txt')))"
    )
    assert "dateparser" not in _modules_after(needs_none)
    assert "dateparser" in _modules_after(needs_it)


# --- open issues -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "question"),
    [
        (
            "Asked about Hungary's blocking of an EU loan to Ukraine, Rutte smiled.",
            "Will Hungary lift its block on an EU loan to Ukraine?",
        ),
        (
            "Lindqvist declined to say whether the bank would resume cuts in June.",
            "Will the bank resume cuts in June?",
        ),
        ("The committee has not yet scheduled a vote.", "Has the committee scheduled a vote yet?"),
        (
            "Regulators in Madrid have yet to approve the Spanish half of the upgrade.",
            "Will regulators in Madrid approve the Spanish half of the upgrade?",
        ),
        (
            "The court is expected to rule before the end of July.",
            "Will the court rule before the end of July?",
        ),
        (
            "She urged allies to move toward allocating at least 3.5% of GDP to defense.",
            "Will allies move toward allocating at least 3.5% of GDP to defense?",
        ),
        (
            "The minister denied that the army was blocking convoys.",
            "Is it true that the army was blocking convoys?",
        ),
        ("The union also disputes the valuation.", "Who is right about the valuation?"),
        ("Who will pay for the new bridge?", "Who will pay for the new bridge?"),
    ],
)
def test_open_issue_candidates_are_questions(body: str, question: str) -> None:
    issues = draft(body).issues
    assert [i.question for i in issues] == [question]
    assert issues[0].status == "open" and issues[0].note == f"Paragraph 1: {body}"


def test_a_pronoun_subject_becomes_the_person() -> None:
    body = "Ana Ferreira said she was tired. Asked whether she would stay, she laughed."
    assert [i.question for i in draft(body).issues] == ["Will Ana Ferreira stay?"]


# --- summary ---------------------------------------------------------------------------------


def test_summary_cuts_the_dateline_names_the_pronoun_and_skips_quotes() -> None:
    body = (
        "FRANKFURT, March 12 (Wire) - The European Central Bank left its deposit rate at 2.25% "
        "on Thursday and cut its growth forecast to 0.9% for the euro zone.\n\n"
        '"We are in a good place, but a good place is not a comfortable place at all," '
        "President Maria Lindqvist said.\n\n"
        "She said that defence budgets of €500bn would add 0.3 percentage points to growth.\n\n"
        "The weather in Frankfurt was mild and the streets were quiet in the evening."
    )
    summary = [point.body for point in draft(body).summary]
    assert summary[0].startswith("The European Central Bank left its deposit rate")
    assert "Maria Lindqvist said that defence budgets of €500bn" in summary[1]
    assert not any("good place" in point for point in summary)
    assert len(summary) <= 3


def test_an_empty_or_quote_only_article_drafts_nothing_but_does_not_fail() -> None:
    drafted = draft('"Yes."')
    assert drafted.items() == []


def test_a_bare_month_after_would_is_the_next_one() -> None:
    """Reported future ("she would press it again in March") points ahead of the article."""
    from briefing.article import parse_article
    from briefing.draft import draft_annotation

    article = parse_article(
        "date 2026-11-20\ntitle T\n\n"
        "The minister said she would press the issue again in March, aides said.\n",
        Path("a.txt"),
    )
    dates = {m.mention: m.resolved for m in draft_annotation(article).dates}
    assert dates == {"in March": date(2027, 3, 1)}
