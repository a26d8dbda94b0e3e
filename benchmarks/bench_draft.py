"""Time `briefing draft` on a generated article of about 10,000 words.

Run as ``.venv/bin/python benchmarks/bench_draft.py [--words N]``. The first draft in the process
is timed apart (it pays for importing dateparser and compiling its patterns); the steady state is
the median of five further runs. The target is under a second for the whole first draft.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

FIRST = ["Mark", "Inga", "Maria", "Pierre", "Ana", "Daniel", "Claire", "Thomas", "Laura", "Raj"]
LAST = ["Rutte", "Ruginiene", "Lindqvist", "Aubert", "Ferreira", "Okafor", "Dubois", "Reyes"]
TITLES = ["Prime Minister", "Finance Minister", "Senator", "ECB President", "Army Secretary"]
PLACES = ["Brussels", "Lithuania", "Germany", "the Baltic states", "Portugal", "Texas"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
PARAGRAPHS = [
    "{title} {name} on {weekday} said {place} would raise defence spending to {pct} of GDP "
    "by {year}, with {count} troops and a budget of {money}.",
    '"We can defend ourselves today, but we want to be sure that in {n}, {m} years from now '
    'we are ready," {surname} said. "The threat moved faster than our budgets did."',
    "{surname} said the plan would {mult} spending on air defence, adding: "
    '"Stopping this kind of support is not acceptable for us."',
    "Asked whether {place} would meet the target, {surname} declined to comment on the talks. "
    "The committee has not yet scheduled a vote, and regulators have yet to approve the deal.",
    '"This is what we wanted," {he} told reporters, "and we are now equalizing."',
    "Inflation rose {pct} last week while unemployment fell to {pct2} in {place}, the lowest "
    "since {old_year}, according to figures published on {weekday}.",
    'The so-called "green deal" and the "Omnibus Plan" were not discussed. Critics said '
    'the {money} package was "built on borrowed money and wishful thinking".',
]


def generate(words: int, seed: int = 7) -> str:
    """An article of about ``words`` words in wire style, different on every paragraph."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        text = rng.choice(PARAGRAPHS).format(
            title=rng.choice(TITLES),
            name=name,
            surname=name.split()[-1],
            he=rng.choice(["he", "she"]),
            weekday=rng.choice(WEEKDAYS),
            place=rng.choice(PLACES),
            pct=f"{rng.randint(1, 9)}.{rng.randint(0, 9)}%",
            pct2=f"{rng.randint(2, 12)} per cent",
            year=rng.randint(2026, 2040),
            old_year=rng.randint(1950, 2020),
            count=f"{rng.randint(1, 90)},{rng.randint(100, 999)}",
            money=f"{rng.choice('$€£')}{rng.randint(1, 900)}{rng.choice(['bn', ' billion', 'm'])}",
            n=rng.randint(2, 5),
            m=rng.randint(6, 9),
            mult=rng.choice(["double", "triple", "quadruple"]),
        )
        paragraphs.append(text)
        count += len(text.split())
    return "date 2026-02-26\ntitle Generated benchmark article\n\n" + "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    from briefing.article import parse_article
    from briefing.draft import draft_annotation, render

    imported = time.perf_counter() - started
    text = generate(args.words)
    path = Path("benchmark.txt")

    started = time.perf_counter()
    article = parse_article(text, path)
    parsed = time.perf_counter() - started

    started = time.perf_counter()
    draft = draft_annotation(article)
    first = time.perf_counter() - started

    started = time.perf_counter()
    render(draft, article)
    rendered = time.perf_counter() - started

    steady = []
    for _ in range(args.runs):
        started = time.perf_counter()
        draft_annotation(parse_article(text, path))
        steady.append(time.perf_counter() - started)

    words = len(article.body.split())
    rows = [
        ("article", f"{words:,} words, {len(article.paragraphs)} paragraphs, {len(text):,} chars"),
        (
            "found",
            f"{len(draft.quotes)} quotes, {len(draft.figures)} figures, "
            f"{len(draft.dates)} dates, {len(draft.issues)} issues, {len(draft.summary)} summary",
        ),
        ("import briefing.draft", f"{imported * 1000:8.1f} ms"),
        ("parse the article", f"{parsed * 1000:8.1f} ms"),
        ("first draft (imports dateparser)", f"{first * 1000:8.1f} ms"),
        ("render YAML", f"{rendered * 1000:8.1f} ms"),
        (f"later drafts, median of {args.runs}", f"{statistics.median(steady) * 1000:8.1f} ms"),
        ("total for a first draft", f"{(imported + parsed + first + rendered) * 1000:8.1f} ms"),
        ("target", "under 1000 ms for a 10,000-word article"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
