"""A synthetic briefing library for the benchmarks: ``python benchmarks/generate.py N DIR``.

Each briefing is an article of 3-15 KB (``title``/``date``/``source``/``author`` header lines,
dates spread over two years) and an annotation with 5-30 items whose quotes, figures and date
mentions are copied from the article text, so every one of them anchors. One briefing in ten
gets tags and a note, written through ``briefing.notes.NotesStore`` so the notes files are in
the real format. Everything except the notes' timestamps is determined by the seed: briefing
``i`` draws from its own ``random.Random(f"{seed}:{i}")``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

#: The first day a briefing may be dated; the last is two years later.
START = date(2024, 3, 1)
SPAN_DAYS = 730
#: "Today" for a generated library: the day after the newest possible briefing.
TODAY = START + timedelta(days=SPAN_DAYS)
NOTED_SHARE = 0.1
#: Briefings per job when a large library is written by several processes.
CHUNK = 500

COUNTRIES = (
    "Poland", "Lithuania", "Germany", "France", "Spain", "Italy", "Finland", "Sweden",
    "Norway", "Estonia", "Latvia", "Romania", "Greece", "Portugal", "Ireland", "Denmark",
    "the Netherlands", "Belgium", "Austria", "Czechia", "Slovakia", "Hungary", "Croatia",
    "Canada", "Japan", "South Korea", "Australia", "Brazil", "India", "Kenya", "Nigeria",
    "Mexico", "Chile", "Turkey", "Ukraine", "Moldova", "Georgia", "Morocco", "Egypt",
)  # fmt: skip
CITIES = (
    "Brussels", "Warsaw", "Vilnius", "Berlin", "Paris", "Madrid", "Rome", "Helsinki",
    "Stockholm", "Oslo", "Tallinn", "Riga", "Bucharest", "Athens", "Lisbon", "Dublin",
    "The Hague", "Vienna", "Prague", "Ottawa", "Tokyo", "Seoul", "Canberra", "Nairobi",
    "Geneva", "Strasbourg", "Luxembourg", "Kyiv", "Chisinau", "Ankara",
)  # fmt: skip
FIRST = (
    "Anna", "Marek", "Ingrid", "Jonas", "Sofia", "Pieter", "Elena", "Tomas", "Hanna",
    "Luis", "Marta", "Olaf", "Irena", "Kasper", "Nadia", "Viktor", "Clara", "Mikael",
    "Agnes", "Rui", "Lea", "Stefan", "Amara", "Kenji", "Priya", "Diego", "Ruth", "Emil",
)  # fmt: skip
LAST = (
    "Kowalska", "Petraitis", "Lindqvist", "Moreau", "Fischer", "Rossi", "Virtanen", "Novak",
    "Horvath", "Jansen", "Costa", "Dumitru", "Papadaki", "Byrne", "Larsen", "Tamm",
    "Ozols", "Weber", "Garcia", "Bianchi", "Nakamura", "Okafor", "Mehta", "Silva",
    "Andersen", "Kruger", "Halvorsen", "Dvorak",
)  # fmt: skip
ROLES = (
    "Prime Minister", "Defence Minister", "Finance Minister", "Foreign Minister",
    "Energy Minister", "Economy Minister", "central bank governor", "EU Commissioner",
    "NATO deputy secretary-general", "opposition leader", "trade union chief",
    "chief executive", "senior analyst", "parliamentary committee chair", "ambassador",
)  # fmt: skip
SOURCES = (
    "Northern Wire", "Capital Desk", "Continental Press", "Baltic Bulletin", "Policy Monitor",
    "Harbour Agency", "Evening Ledger", "Field Reports", "Open Briefing Service",
)  # fmt: skip

#: Topics: (name, tags, nouns used in titles and prose, figure labels).
TOPICS = (
    ("defence spending", ("defence", "nato", "budget"),
     ("defence budget", "air-defence plan", "procurement programme", "readiness target"),
     ("defence spending, share of GDP", "new air-defence batteries", "troops on rotation")),
    ("energy prices", ("energy", "gas", "markets"),
     ("gas storage plan", "power-price cap", "grid upgrade", "LNG contract"),
     ("household power-price rise", "gas storage level", "grid investment")),
    ("trade talks", ("trade", "tariffs", "eu"),
     ("tariff schedule", "free-trade agreement", "export quota", "customs deal"),
     ("tariff on steel imports", "exports to the bloc", "trade surplus")),
    ("migration policy", ("migration", "borders", "asylum"),
     ("asylum reform", "border fund", "relocation scheme", "return agreement"),
     ("asylum applications this year", "border staff hired", "relocation places")),
    ("inflation", ("economy", "inflation", "central-bank"),
     ("rate decision", "wage agreement", "price index", "budget rule"),
     ("annual inflation rate", "policy interest rate", "public wage increase")),
    ("climate targets", ("climate", "emissions", "energy"),
     ("emissions target", "carbon levy", "coal exit plan", "heat-pump subsidy"),
     ("emissions cut by 2030", "carbon price per tonne", "coal plants to close")),
    ("health funding", ("health", "budget", "hospitals"),
     ("hospital fund", "vaccine order", "staffing plan", "drug-price deal"),
     ("hospital beds added", "health budget increase", "nurses recruited")),
    ("sanctions", ("sanctions", "russia", "eu"),
     ("sanctions package", "asset freeze", "oil price cap", "export ban"),
     ("assets frozen", "oil price cap per barrel", "companies listed")),
)  # fmt: skip
TITLE_VERBS = (
    "pledges", "delays", "defends", "unveils", "questions", "doubles", "scales back",
    "signs", "rejects", "revives", "speeds up", "reviews",
)  # fmt: skip
ADJECTIVES = (
    "ambitious", "contested", "overdue", "costly", "modest", "sweeping", "fragile",
    "cautious", "long-awaited", "revised", "temporary", "binding",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
FILLER = (
    "Officials in {city} said the {noun} would be discussed again before the end of the month.",
    "The {adj} {noun} has divided the governing coalition in {country} for weeks.",
    "{country} has argued that any {noun} must be matched by support from its neighbours.",
    "Critics say the {noun} arrives too late and does too little for those most affected.",
    "Diplomats described the talks in {city} as {adj} but constructive.",
    "The opposition accused the government of using the {noun} to distract from {topic}.",
    "Analysts expect the {noun} to face legal challenges once it is published in full.",
    "Several ministers declined to comment on the {adj} {noun} as they left the meeting.",
    "A draft seen by reporters suggests the {noun} could be phased in over three years.",
    "Business groups welcomed the {noun} but warned about rising costs for smaller firms.",
    "The European Commission is expected to publish its own assessment of {topic} shortly.",
    "Local authorities in {city} have asked for more time to prepare for the {noun}.",
    "Questions remain about who will pay for the {noun} and how quickly it can be delivered.",
    "Public support for the {noun} has slipped in recent polls, according to pollsters.",
    "The debate over {topic} is likely to dominate the next summit in {city}.",
    "{country} and its partners have so far avoided a public dispute over the {noun}.",
    "Earlier proposals on {topic} were shelved after objections from several capitals.",
    "Observers noted that the tone of the meeting in {city} was noticeably calmer than before.",
    "The ministry said further details of the {noun} would follow in a written statement.",
    "Unions have threatened strikes if the {adj} {noun} is adopted without consultation.",
    "The {noun} is part of a wider package that also touches on {topic}.",
    "Lawmakers in {country} are due to vote on the {noun} after the summer recess.",
    "Neighbouring governments are watching the {noun} closely for signs of a shift.",
    "Some economists argue that the {noun} will matter less than the broader outlook.",
)  # fmt: skip
QUOTE_OPENERS = (
    "We are not going to", "Nobody should doubt that we will", "It is our duty to",
    "We have made it very clear that we will", "Our partners know that we intend to",
    "The people of {country} expect us to", "There is no reason why we cannot",
    "We must be honest that we cannot yet", "I can tell you today that we will",
)  # fmt: skip
QUOTE_ACTIONS = (
    "deliver the {noun} on time", "cut corners on the {noun}", "defend every part of the {noun}",
    "put the {noun} to a vote", "share the burden of the {noun} fairly",
    "explain the {noun} to every household", "walk away from the {noun}",
    "finish what we started with the {noun}", "pay for the {noun} with new debt",
)  # fmt: skip
QUOTE_TAILS = (
    "", " This is about trust.", " That is the honest answer.", " We owe that to {city}.",
    " Anything else would be a mistake.", " The numbers speak for themselves.",
    " And we will not apologise for it.", " That is what {country} voted for.",
)  # fmt: skip
FIGURE_SENTENCES = (
    "Figures published on {weekday} put the {label} at {value}.",
    "According to the ministry, the {label} now stands at {value}.",
    "The plan foresees {value} for the {label}, up from last year.",
    "Officials confirmed a figure of {value} for the {label}.",
    "The {label} reached {value}, the statistics office said.",
)  # fmt: skip
ISSUE_QUESTIONS = (
    "Will {country} secure a majority for the {noun}?",
    "Who pays for the {noun} if growth stalls?",
    "Can the {noun} be delivered before the deadline in {city}?",
    "Will neighbouring governments follow with a {noun} of their own?",
    "How will the courts rule on the {noun}?",
    "Does the {noun} survive the next budget round?",
    "What happens to {topic} if the coalition collapses?",
)  # fmt: skip
TAG_NAMES = ("key", "follow-up", "question", "disputed", "figure-check")


@dataclass(frozen=True)
class Library:
    """What ``generate`` made: where, how many, how many with notes, and its "today"."""

    root: Path
    notes_dir: Path
    count: int
    noted: int
    bytes_written: int
    seconds: float
    today: date = TODAY


@dataclass
class _Parts:
    """One briefing as text, before it is written."""

    name: str
    article: str
    annotation: str


def _figure_value(rng: random.Random, used: set[str]) -> str:
    while True:
        shape = rng.randrange(5)
        if shape == 0:
            value = f"{rng.randint(1, 49)}.{rng.randint(1, 9)}%"
        elif shape == 1:
            value = f"{rng.randint(2, 950)} billion euros"
        elif shape == 2:
            value = f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}"
        elif shape == 3:
            value = f"${rng.randint(2, 90)}.{rng.randint(1, 9)} million"
        else:
            value = f"{rng.randint(11, 999)} units"
        if value not in used:
            used.add(value)
            return value


def _yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON string escapes are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _briefing(seed: int, index: int) -> _Parts:
    rng = random.Random(f"{seed}:{index}")
    country, city = rng.choice(COUNTRIES), rng.choice(CITIES)
    topic, topic_tags, nouns, labels = rng.choice(TOPICS)
    when = START + timedelta(days=rng.randrange(SPAN_DAYS))
    people = [
        (f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES))
        for _ in range(rng.randint(1, 4))
    ]

    def fill(template: str, **extra: str) -> str:
        return template.format(
            country=country,
            city=city,
            topic=topic,
            noun=rng.choice(nouns),
            adj=rng.choice(ADJECTIVES),
            weekday=rng.choice(WEEKDAYS),
            **extra,
        )

    total = rng.randint(5, 30)
    n_quotes = max(1, round(total * rng.uniform(0.2, 0.4)))
    n_figures = max(1, round(total * rng.uniform(0.25, 0.4)))
    n_dates = min(4, max(0, total - n_quotes - n_figures - 1))
    n_issues = max(1, total - n_quotes - n_figures - n_dates)

    quotes: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(quotes) < n_quotes:
        words = (
            fill(rng.choice(QUOTE_OPENERS))
            + " "
            + fill(rng.choice(QUOTE_ACTIONS))
            + "."
            + fill(rng.choice(QUOTE_TAILS))
        )
        if words not in seen:
            seen.add(words)
            name, role = rng.choice(people)
            quotes.append((words, name, role))
    used_values: set[str] = set()
    figures = [(_figure_value(rng, used_values), rng.choice(labels)) for _ in range(n_figures)]
    dates: list[tuple[str, date]] = []
    for offset in rng.sample(range(3, 300), n_dates):
        future = when + timedelta(days=offset)
        dates.append((f"on {future.day} {MONTHS[future.month - 1]} {future.year}", future))
    issues = list(dict.fromkeys(fill(rng.choice(ISSUE_QUESTIONS)) for _ in range(n_issues * 3)))
    issues = issues[:n_issues]

    # The article: a lead, then paragraphs of filler with the annotated sentences spread in.
    name0, role0 = people[0]
    lead = (
        f"{role0} {name0} on {rng.choice(WEEKDAYS)} set out {country}'s position on {topic}, "
        f"telling reporters in {city} that the {rng.choice(nouns)} would go ahead."
    )
    special = [
        f"\u201c{words}\u201d {name} said." if rng.random() < 0.5 else f'{name} said: "{words}"'
        for words, name, _role in quotes
    ]
    special += [
        fill(rng.choice(FIGURE_SENTENCES), label=label, value=value) for value, label in figures
    ]
    special += [f"Talks are due to resume {text}, officials said." for text, _ in dates]
    rng.shuffle(special)
    target_size = rng.randint(3000, 14500)
    paragraphs = [lead]
    size = len(lead)
    while special or size < target_size:
        sentences = [fill(rng.choice(FILLER)) for _ in range(rng.randint(1, 3))]
        if special:
            sentences.insert(rng.randrange(len(sentences) + 1), special.pop())
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    verb, noun = rng.choice(TITLE_VERBS), rng.choice(nouns)
    title = f"{country} {verb} {rng.choice(ADJECTIVES)} {noun} amid {topic} row"
    header = (
        f"title {title}\ndate {when.isoformat()}\nsource {rng.choice(SOURCES)}\n"
        f"author {rng.choice(FIRST)} {rng.choice(LAST)}\n\n"
    )
    article = header + "\n\n".join(paragraphs) + "\n"

    lines = [f"# Annotation of briefing {index} (generated for the benchmarks)."]
    if rng.random() < 0.5:
        lines.append(f"title: {_yaml_text(f'{country}: {noun} and the {topic} debate')}")
    lines.append("summary:")
    lines += [f"  - {_yaml_text(fill(rng.choice(FILLER)))}" for _ in range(rng.randint(2, 4))]
    lines.append("quotes:")
    for words, name, role in quotes:
        lines += [
            f"  - speaker: {_yaml_text(name)}",
            f"    role: {_yaml_text(role)}",
            f"    text: {_yaml_text(words)}",
        ]
    lines.append("figures:")
    for value, label in figures:
        lines += [f"  - value: {_yaml_text(value)}", f"    label: {_yaml_text(label)}"]
    lines.append("issues:")
    for question in issues:
        status = rng.choice(("open", "open", "watching", "resolved"))
        lines += [f"  - question: {_yaml_text(question)}", f"    status: {status}"]
    if dates:
        lines.append("dates:")
        for text, day in dates:
            lines += [f"  - text: {_yaml_text(text)}", f'    date: "{day.isoformat()}"']
    tags = sorted({*rng.sample(topic_tags, rng.randint(1, 3)), country.lower().replace(" ", "-")})
    lines.append(f"tags: [{', '.join(tags)}]")
    slug = "_".join(title.lower().replace("-", " ").split()[:5]).replace("'", "")
    return _Parts(f"{index:05d}_{slug}", article, "\n".join(lines) + "\n")


def _add_notes(article: Path, notes_dir: Path, scratch: Path, rng: random.Random) -> None:
    """Tag a few items and one sentence and write a note, through the real notes store.

    Each briefing's notes are made in an empty scratch store and moved into ``notes_dir``:
    the store looks through every notes file when it opens a briefing, which would make
    writing a thousand of them quadratic.
    """
    from briefing.anchoring import sentences
    from briefing.library import load_briefing
    from briefing.notes import NotesStore, ref_for_item, ref_for_sentence

    briefing = load_briefing(article)
    if briefing.article is None or briefing.problems:
        raise RuntimeError(f"generated briefing does not load cleanly: {briefing.problems}")
    store = NotesStore(scratch)
    notes = store.open(briefing)
    items = [*briefing.annotation.quotes, *briefing.annotation.figures]
    for item in rng.sample(items, min(len(items), rng.randint(1, 3))):
        store.add_tag(notes, ref_for_item(item), rng.choice(TAG_NAMES))
    sentence = ref_for_sentence(briefing.article, rng.choice(sentences(briefing.article)))
    store.set_note(notes, sentence, "Check this against the ministry's own figures.")
    os.replace(notes.path, notes_dir / notes.path.name)


@contextmanager
def _without_fsync() -> Iterator[None]:
    """Skip ``os.fsync`` while writing notes: durability of throwaway benchmark data does not
    matter, and two fsyncs per save made a thousand notes files take over a minute."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real


def _write_chunk(root: Path, notes_dir: Path, seed: int, indexes: range, noted: set[int]) -> int:
    """Write briefings ``indexes`` and the notes of those in ``noted``; the bytes written."""
    written = 0
    scratch = Path(tempfile.mkdtemp(prefix=".scratch-", dir=notes_dir.parent))
    try:
        for index in indexes:
            parts = _briefing(seed, index)
            article = root / f"{parts.name}.txt"
            data, annotation = parts.article.encode(), parts.annotation.encode()
            article.write_bytes(data)
            article.with_suffix(".yaml").write_bytes(annotation)
            written += len(data) + len(annotation)
            if index in noted:
                with _without_fsync():
                    _add_notes(article, notes_dir, scratch, random.Random(f"{seed}:notes:{index}"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written


def generate(root: Path, count: int, *, notes_dir: Path, seed: int = 2026) -> Library:
    """Write ``count`` briefings into ``root`` and notes for a tenth of them into ``notes_dir``.

    ``root`` must be empty or missing; ``notes_dir`` is created. Large libraries are written
    by one process per CPU, each taking a range of indexes (the output does not depend on it).
    """
    started = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    notes_dir.mkdir(parents=True, exist_ok=True)
    noted = set(random.Random(f"{seed}:noted").sample(range(count), round(count * NOTED_SHARE)))
    chunks = [range(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
    if len(chunks) <= 1:
        written = sum(_write_chunk(root, notes_dir, seed, chunk, noted) for chunk in chunks)
    else:
        with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
            jobs = [
                pool.submit(_write_chunk, root, notes_dir, seed, chunk, noted & set(chunk))
                for chunk in chunks
            ]
            written = sum(job.result() for job in jobs)
    seconds = time.perf_counter() - started
    return Library(root, notes_dir, count, len(noted), written, seconds, TODAY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many briefings")
    parser.add_argument("root", type=Path, help="an empty or new folder for the library")
    parser.add_argument("--notes-dir", type=Path, help="default: ROOT-notes beside the library")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    notes_dir = args.notes_dir or args.root.with_name(args.root.name + "-notes")
    try:
        library = generate(args.root, args.count, notes_dir=notes_dir, seed=args.seed)
    except ValueError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(
        f"{library.count} briefings ({library.bytes_written / 2**20:.1f} MiB) in {library.root}, "
        f"notes on {library.noted} in {library.notes_dir}, {library.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
