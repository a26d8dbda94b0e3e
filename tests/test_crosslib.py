"""The library-wide index and the data of the People, Figures, Open issues and Timeline views."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from briefing.crosslib import (
    IndexCache,
    IndexedBriefing,
    build_index,
    figure_groups,
    figure_rows,
    index_of,
    issue_rows,
    label_key,
    parse_figure,
    people,
    person_key,
    statuses_of,
    timeline,
)
from briefing.library import load_briefing
from briefing.notes import NotesStore

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def write(folder: Path, name: str, header: str, annotation: str | None) -> Path:
    """An article ``name.txt`` with ``header`` lines and a body, and its annotation."""
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / f"{name}.txt"
    article.write_text(f"{header}\n\nThe body of {name}.\n", encoding="utf-8")
    if annotation is not None:
        (folder / f"{name}.yaml").write_text(annotation, encoding="utf-8")
    return article


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Three dated briefings and one undated, with quotes, figures, issues and dates."""
    root = tmp_path / "library"
    write(
        root,
        "a_march",
        "title March briefing\ndate 2026-03-10",
        """
quotes:
  - {speaker: Rutte, role: NATO, text: Third thing said}
  - {speaker: Inga Ruginiene, text: Ruginiene in March}
  - {speaker: "", text: Nobody said this}
figures:
  - {value: 5.1%, label: "Lithuania: core defence spending, share of GDP"}
  - {value: "$4.5 billion", label: "US: aid"}
issues:
  - {id: i-march-open, question: March open?, status: open}
  - {id: i-march-resolved, question: March resolved?, status: resolved}
dates:
  - {id: d-summit, text: at the June summit, date: "2026-06-24"}
""",
    )
    write(
        root,
        "b_january",
        "title January briefing\ndate 2026-01-05",
        """
quotes:
  - {speaker: Mark Rutte, text: First thing said}
  - {speaker: "  RÜGINIENĖ  ", text: Ruginiene in January}
figures:
  - {value: nearly 5.4%, label: "Lithuania: core defence spending, share of GDP (nearly)"}
  - {value: "2, 4, 6 years", label: Horizon}
issues:
  - {id: i-jan-open, question: January open?, status: open}
  - {id: i-jan-watching, question: January watching?, status: watching}
dates:
  - {id: d-next, text: next year, date: "2027-01-05"}
  - {id: d-same, text: today, date: "2026-01-05"}
  - {id: d-unknown, text: some day}
""",
    )
    write(
        root,
        "c_february",
        "title February briefing\ndate 2026-02-26",
        """
quotes:
  - {speaker: "mark rutte", text: Second thing said}
figures:
  - {value: 5.4%, label: "lithuania - core defence spending; share of the GDP"}
issues:
  - {id: i-feb-open, question: February open?}
""",
    )
    write(
        root,
        "d_undated",
        "title Undated briefing",
        """
quotes:
  - {speaker: Rutte, text: Undated saying}
issues:
  - {id: i-undated, question: Undated open?}
dates:
  - {id: d-undated, text: in 2030, date: "2030-01-01"}
""",
    )
    return root


@pytest.fixture
def index(library: Path) -> list[IndexedBriefing]:
    found, problems = build_index([library])
    assert problems == []
    return found


def titles(rows: list[IndexedBriefing]) -> list[str]:
    return [row.title for row in rows]


# --- the index ---------------------------------------------------------------------------


def test_index_is_oldest_first_with_undated_last(index: list[IndexedBriefing]) -> None:
    assert titles(index) == [
        "January briefing",
        "February briefing",
        "March briefing",
        "Undated briefing",
    ]
    assert [b.date for b in index] == [date(2026, 1, 5), date(2026, 2, 26), date(2026, 3, 10), None]


def test_index_of_the_sample_library_matches_full_loading(seed: Path) -> None:
    found, problems = build_index([seed.parent])
    assert problems == []
    full = load_briefing(seed)
    entry = next(b for b in found if b.path == seed)
    assert (entry.title, entry.date) == (full.title, full.date)
    assert [q.id for q in entry.annotation.quotes] == [q.id for q in full.annotation.quotes]
    assert [f.value for f in entry.annotation.figures] == [f.value for f in full.annotation.figures]
    assert entry.annotation.summary == []  # summary points are not indexed
    assert all(q.anchor is None for q in entry.annotation.quotes)  # no article was read


def test_broken_files_are_skipped_and_reported(library: Path) -> None:
    write(library, "e_broken_yaml", "title Broken YAML\ndate 2026-04-01", "title: [unclosed\n")
    write(
        library,
        "f_bad_item",
        "title One bad item\ndate 2026-04-02",
        "quotes:\n  - {speaker: Ok, text: Fine}\n  - {speaker: Bad}\n",
    )
    write(library, "g_bad_date", "title Impossible date\ndate 2026-02-30", "quotes: []\n")
    (library / "h_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    found, problems = build_index([library])
    by_title = {b.title: b for b in found}
    assert "Impossible date" not in by_title and "h binary" not in by_title
    assert by_title["Broken YAML"].annotation.items() == []
    assert [q.words for q in by_title["One bad item"].annotation.quotes] == ["Fine"]
    where = sorted((p.path.name, p.line) for p in problems)
    assert where == [
        ("e_broken_yaml.yaml", 2),
        ("f_bad_item.yaml", 3),
        ("g_bad_date.txt", 2),
        ("h_binary.txt", None),
    ]
    assert all(p.severity == "error" for p in problems)


def test_a_file_reached_twice_counts_once(library: Path) -> None:
    (library / "again").symlink_to(library)
    found, _ = build_index([library, library / "b_january.txt"])
    assert len(found) == 4


def test_index_reads_only_the_article_header(tmp_path: Path) -> None:
    """The body of a large article is never read: an invalid UTF-8 byte far down goes unseen."""
    article = write(tmp_path / "lib", "big", "title Big\ndate 2026-01-01", "quotes: []\n")
    with article.open("ab") as handle:
        handle.write(b"x" * 1_000_000 + b"\xff\xfe broken")
    found, problems = build_index([tmp_path / "lib"])
    assert titles(found) == ["Big"] and problems == []
    assert load_briefing(article).errors  # loading it in full does see the bad byte


def test_cache_gives_the_same_index_and_skips_parsing(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_file = tmp_path / "cache" / "index.json"
    fresh, fresh_problems = build_index([library], IndexCache(cache_file))
    assert cache_file.is_file()

    def refuse(path: Path) -> None:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr("briefing.crosslib.index.load_annotation", refuse)
    cached, cached_problems = build_index([library], IndexCache(cache_file))
    assert cached == fresh and cached_problems == fresh_problems


def test_cache_notices_changed_files(library: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "index.json"
    build_index([library], IndexCache(cache_file))
    annotation = library / "c_february.yaml"
    annotation.write_text("quotes:\n  - {speaker: Someone Else, text: Changed and longer}\n")
    found, _ = build_index([library], IndexCache(cache_file))
    february = next(b for b in found if b.title == "February briefing")
    assert [q.speaker for q in february.annotation.quotes] == ["Someone Else"]


def test_cache_keeps_problems_and_skipped_briefings(library: Path, tmp_path: Path) -> None:
    write(library, "x_broken", "title Broken\ndate 2026-05-01", "quotes: [\n")
    write(library, "y_bad_date", "title Bad date\ndate 2026-13-01", None)
    cache_file = tmp_path / "index.json"
    first = build_index([library], IndexCache(cache_file))
    second = build_index([library], IndexCache(cache_file))
    assert second == first and len(first[1]) == 2


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all",
        json.dumps({"version": 99, "entries": {}}),
        json.dumps({"version": 1, "entries": []}),
    ],
)
def test_damaged_cache_file_is_read_afresh(library: Path, tmp_path: Path, damage: str) -> None:
    cache_file = tmp_path / "index.json"
    cache_file.write_text(damage)
    found, _ = build_index([library], IndexCache(cache_file))
    assert len(found) == 4
    assert json.loads(cache_file.read_text())["version"] == 1


def test_damaged_cache_entries_are_read_afresh(library: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "index.json"
    expected, _ = build_index([library], IndexCache(cache_file))
    data = json.loads(cache_file.read_text())
    entries = list(data["entries"].values())
    entries[0]["entry"]["briefing"]["quotes"][0][0] = 12  # an id that is not text
    entries[1]["entry"]["briefing"]["issues"] = [["i", "", False, None, "q", "bogus"]]
    entries[2]["entry"]["problems"] = [{"severity": "fatal"}]
    entries[3]["entry"] = "junk"
    cache_file.write_text(json.dumps(data))
    found, _ = build_index([library], IndexCache(cache_file))
    assert found == expected


def test_cache_that_cannot_be_written_costs_nothing_but_speed(
    library: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    found, _ = build_index([library], IndexCache(blocker / "index.json"))
    assert len(found) == 4


def test_ten_thousand_briefings_index_in_seconds(seed: Path, tmp_path: Path) -> None:
    """The sample's rich annotation (18 items) as 10,000 briefings, listed from the cache.

    The copies are hard links (same size and modification time), so the cache is seeded by
    indexing one and repeating its entry: the test does not pay for 10,000 YAML parses."""
    root = tmp_path / "big"
    root.mkdir()
    originals = tmp_path / "one.txt", tmp_path / "one.yaml"  # on the same file system
    originals[0].write_bytes(seed.read_bytes())
    originals[1].write_bytes(seed.with_suffix(".yaml").read_bytes())
    paths = []
    for number in range(10_000):
        path = root / f"b{number:05}.txt"
        os.link(originals[0], path)
        os.link(originals[1], path.with_suffix(".yaml"))
        paths.append(path)
    cache_file = tmp_path / "index.json"
    build_index([paths[0]], IndexCache(cache_file))
    data = json.loads(cache_file.read_text())
    (entry,) = data["entries"].values()
    data["entries"] = {os.path.abspath(path): entry for path in paths}
    cache_file.write_text(json.dumps(data))
    started = time.perf_counter()
    found, problems = build_index([root], IndexCache(cache_file))
    elapsed = time.perf_counter() - started
    assert len(found) == 10_000 and problems == []
    assert found[-1].annotation.figures[0].value == "5.4%"
    assert elapsed < 6.0, f"{elapsed:.1f}s to index 10,000 briefings from the cache"


# --- people ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rüginienė", "ruginiene"),
        ("Inga RUGINIENĖ", "inga ruginiene"),
        ("  Mark   Rutte. ", "mark rutte"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Jean-Claude Juncker", "jean claude juncker"),
        ("Straße", "strasse"),
    ],
)
def test_person_key_ignores_case_accents_and_punctuation(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)


def test_person_key_keeps_different_names_apart() -> None:
    assert person_key("Mark Rutte") != person_key("Mark Rutter")
    assert person_key("") == person_key(" .,- ") == ""


def test_people_without_aliases(index: list[IndexedBriefing]) -> None:
    found = people(index, {})
    counts = {person.name: len(person.quotes) for person in found}
    # "Mark Rutte" and "mark rutte" are one person; bare "Rutte" stays apart without an alias;
    # the accented and plain spellings of Ruginiene are one person; nobody for the empty one.
    assert counts == {"Rutte": 2, "Mark Rutte": 2, "Inga Ruginiene": 1, "RÜGINIENĖ": 1}


def test_aliases_merge_variants(index: list[IndexedBriefing]) -> None:
    aliases = {"Rutte": "Mark Rutte", "ruginiene": "Inga Ruginiene", "RÜGINIENĖ": "Inga Ruginiene"}
    found = people(index, aliases)
    assert [(p.name, len(p.quotes)) for p in found] == [("Mark Rutte", 4), ("Inga Ruginiene", 2)]
    rutte = found[0]
    assert [q.words for _, q in rutte.quotes] == [
        "First thing said",
        "Second thing said",
        "Third thing said",
        "Undated saying",
    ]
    assert [b.title for b, _ in rutte.quotes][-1] == "Undated briefing"
    assert rutte.key == "mark rutte"


def test_alias_keys_are_matched_loosely_and_chains_followed(index: list[IndexedBriefing]) -> None:
    found = people(index, {"RUTTE": "M. Rutte", "m rutte": "Mark Rutte"})
    assert found[0].name == "Mark Rutte" and len(found[0].quotes) == 4


def test_alias_cycles_end(index: list[IndexedBriefing]) -> None:
    found = people(index, {"Rutte": "Mark Rutte", "Mark Rutte": "Rutte"})
    assert sum(len(p.quotes) for p in found) == 6


def test_spelling_shown_is_the_most_used(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    quotes = "quotes:\n" + "".join(
        f"  - {{speaker: {name}, text: Words {i}}}\n"
        for i, name in enumerate(["inga ruginiene", "Inga Ruginienė", "Inga Ruginienė"])
    )
    write(root, "one", "title One\ndate 2026-01-01", quotes)
    found = people(build_index([root])[0], {})
    assert [(p.name, len(p.quotes)) for p in found] == [("Inga Ruginienė", 3)]


def test_unattributed_quotes_are_nobody(index: list[IndexedBriefing]) -> None:
    found = people(index, {})
    said = [q.words for person in found for _, q in person.quotes]
    assert "Nobody said this" not in said and len(said) == 6


# --- figures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number", "unit"),
    [
        ("5.4%", 5.4, "%"),
        ("nearly 5.4 per cent", 5.4, "%"),
        ("at least 3.5%", 3.5, "%"),
        ("around 400%", 400.0, "%"),
        ("−3.2%", -3.2, "%"),
        ("3 percentage points", 3.0, "pp"),
        ("50 bps", 50.0, "bp"),
        ("$4.5 billion", 4.5e9, "USD"),
        ("US$4.5bn", 4.5e9, "USD"),
        ("€800bn", 8e11, "EUR"),
        ("£2m", 2e6, "GBP"),
        ("¥1,000", 1000.0, "JPY"),
        ("CHF 12.5 million", 12.5e6, "CHF"),
        ("800m EUR", 8e8, "EUR"),
        ("4.5 billion dollars", 4.5e9, "USD"),
        ("800 euros", 800.0, "EUR"),
        ("2,300 troops", 2300.0, "troops"),
        ("2,300 troops to Lithuania", 2300.0, "troops"),
        ("12k troops", 12000.0, "troops"),
        ("1.3 terawatt hours", 1.3, "terawatt hours"),
        ("3 panes", 3.0, "panes"),
        ("1989", 1989.0, ""),
        ("double", 2.0, "×"),
        ("doubling", 2.0, "×"),
        ("twice", 2.0, "×"),
        ("tripled", 3.0, "×"),
        ("threefold", 3.0, "×"),
        ("3x", 3.0, "×"),
        ("halved", 0.5, "×"),
        ("2, 4, 6 years", None, ""),
        ("3 to 4%", None, ""),
        ("2026-02-26", None, ""),
        ("12:30", None, ""),
        ("five", None, ""),
        ("Europe", None, ""),
        ("", None, ""),
    ],
)
def test_figure_values_are_read(value: str, number: float | None, unit: str) -> None:
    assert parse_figure(value) == (number, unit)


def test_figure_rows_follow_the_index(index: list[IndexedBriefing]) -> None:
    rows = figure_rows(index)
    assert [(r.briefing.title, r.figure.value, r.number, r.unit) for r in rows] == [
        ("January briefing", "nearly 5.4%", 5.4, "%"),
        ("January briefing", "2, 4, 6 years", None, ""),
        ("February briefing", "5.4%", 5.4, "%"),
        ("March briefing", "5.1%", 5.1, "%"),
        ("March briefing", "$4.5 billion", 4.5e9, "USD"),
    ]
    assert all(row.paragraph is None for row in rows)  # the index has no anchors


def test_rows_of_loaded_briefings_know_their_paragraph(seed: Path) -> None:
    rows = figure_rows(index_of([load_briefing(seed)]))
    assert [row.paragraph for row in rows] == [5, 5, 8, 7, 9, 12]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Lithuania: core defence spending, share of GDP (nearly)",
            "Lithuania: core defence spending, share of GDP",
        ),
        ("Lithuania: core defence spending, share of GDP", "lithuania — core defence spending"),
        ("Germany's defence budget [est.]", "germany s defence budget"),
        ("Share of the vote (around) (first round)", "share of vote"),
        ("Lietuvos gynybos išlaidos", "lietuvos gynybos islaidos"),
        ("Allies: at least 3.5% target", "allies 3 5 target"),
    ],
)
def test_labels_that_group_together(a: str, b: str) -> None:
    same = "spending" not in b or "share" in b  # dropping "share of GDP" makes another series
    assert (label_key(a) == label_key(b)) is same


def test_label_key_shape() -> None:
    assert label_key("Lithuania: core defence spending, share of GDP (nearly)") == (
        "lithuania core defence spending share gdp"
    )
    assert label_key("Of the") == "of the"  # nothing but stop words: kept rather than lost
    assert label_key("") == ""


def test_figure_groups_make_series_over_time(index: list[IndexedBriefing]) -> None:
    groups = figure_groups(figure_rows(index))
    key = "lithuania core defence spending share gdp"
    assert next(iter(groups)) == key  # the largest group first
    series = groups[key]
    assert [(row.briefing.date, row.number) for row in series] == [
        (date(2026, 1, 5), 5.4),
        (date(2026, 2, 26), 5.4),
        (date(2026, 3, 10), 5.1),
    ]
    assert sorted(len(rows) for rows in groups.values()) == [1, 1, 3]


def test_figures_without_a_label_are_not_grouped(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write(root, "one", "date 2026-01-01", "figures:\n  - {value: 5%}\n  - {value: 6%}\n")
    rows = figure_rows(build_index([root])[0])
    assert len(rows) == 2 and figure_groups(rows) == {}


# --- open issues -------------------------------------------------------------------------


def issue_view(rows: list) -> list[tuple[str, str, int | None]]:  # type: ignore[type-arg]
    return [(row.issue.id, row.status, row.age_days) for row in rows]


def test_issues_open_oldest_first_then_watching_then_resolved(
    index: list[IndexedBriefing],
) -> None:
    rows = issue_rows(index, {}, date(2026, 3, 20))
    assert issue_view(rows) == [
        ("i-jan-open", "open", 74),
        ("i-feb-open", "open", 22),
        ("i-march-open", "open", 10),
        ("i-undated", "open", None),
        ("i-jan-watching", "watching", 74),
        ("i-march-resolved", "resolved", 10),
    ]
    assert not any(row.overridden for row in rows)


def test_status_overrides_from_the_notes_store_win(
    library: Path, index: list[IndexedBriefing], tmp_path: Path
) -> None:
    store = NotesStore(tmp_path / "notes")
    january = load_briefing(library / "b_january.txt")
    march = load_briefing(library / "a_march.txt")
    store.set_status(store.open(january), "i-jan-open", "resolved")
    store.set_status(store.open(january), "i-jan-watching", "open")
    store.set_status(store.open(march), "i-march-resolved", "watching")
    statuses = statuses_of(NotesStore(tmp_path / "notes").all_notes())
    rows = issue_rows(index, statuses, date(2026, 3, 20))
    assert issue_view(rows) == [
        ("i-jan-watching", "open", 74),
        ("i-feb-open", "open", 22),
        ("i-march-open", "open", 10),
        ("i-undated", "open", None),
        ("i-march-resolved", "watching", 10),
        ("i-jan-open", "resolved", 74),
    ]
    overridden = {row.issue.id for row in rows if row.overridden}
    assert overridden == {"i-jan-watching", "i-march-resolved", "i-jan-open"}


def test_statuses_keyed_by_the_path_as_indexed(index: list[IndexedBriefing]) -> None:
    february = next(b for b in index if b.title == "February briefing")
    rows = issue_rows(index, {february.path: {"i-feb-open": "resolved"}}, date(2026, 3, 20))
    assert issue_view(rows)[-2:] == [
        ("i-feb-open", "resolved", 22),
        ("i-march-resolved", "resolved", 10),
    ]


# --- timeline ----------------------------------------------------------------------------


def test_timeline_places_briefings_and_mentions_in_order(index: list[IndexedBriefing]) -> None:
    rows = timeline(index)
    assert [(row.when.isoformat(), row.kind, row.text, row.item_id) for row in rows] == [
        ("2026-01-05", "briefing", "January briefing", None),
        ("2026-01-05", "mention", "today", "d-same"),
        ("2026-02-26", "briefing", "February briefing", None),
        ("2026-03-10", "briefing", "March briefing", None),
        ("2026-06-24", "mention", "at the June summit", "d-summit"),
        ("2027-01-05", "mention", "next year", "d-next"),
        ("2030-01-01", "mention", "in 2030", "d-undated"),
    ]
    assert rows[-1].briefing.title == "Undated briefing"


def test_timeline_of_the_sample_puts_in_2_years_at_its_resolved_date(seed: Path) -> None:
    rows = timeline(build_index([seed])[0])
    assert [(row.when.isoformat(), row.kind, row.text) for row in rows] == [
        ("2026-02-26", "briefing", load_briefing(seed).title),
        ("2026-02-26", "mention", "on Thursday"),
        ("2028-02-26", "mention", "2, 4, 6 years from now"),
    ]


# --- hostile input -----------------------------------------------------------------------


def test_the_hostile_corpus_never_breaks_the_views(hostile_corpus: Path, tmp_path: Path) -> None:
    """Every case of the shared hostile corpus: indexing, the four views, the figures CSV and
    the JSON-LD export run without raising, in bounded time, and put out nothing unsafe."""
    from hostile.corpus import cases_here, unsafe_in

    from briefing.export import load_sources
    from briefing.tables import render_figures_csv
    from briefing.webannotation import render_jsonld

    for case in cases_here():
        folder = case.folder(hostile_corpus)
        started = time.perf_counter()
        index, problems = build_index([folder], IndexCache(tmp_path / f"{case.name}.json"))
        rows = figure_rows(index)
        shown = [p.name for p in people(index, {"x": "y"})]
        shown += [text for row in rows for text in (row.unit, row.group, row.figure.label)]
        shown += [row.text for row in timeline(index)]
        shown += [row.issue.question for row in issue_rows(index, {}, date(2026, 3, 1))]
        assert set(figure_groups(rows)) <= {row.group for row in rows}
        sources, _ = load_sources([folder], NotesStore(tmp_path / "notes"))
        briefings = [briefing for briefing, _ in sources]
        notes = [n for _, n in sources if n is not None]
        csv_text = render_figures_csv(briefings)
        json_text = render_jsonld(briefings, notes, include_items=True, now=NOW)
        assert time.perf_counter() - started < 20, case.name
        shown += [str(problem) for problem in problems]
        shown += [value for row in csv.reader(io.StringIO(csv_text, newline="")) for value in row]
        shown += _strings(json.loads(json_text))
        bad = [text for text in [*shown, json_text] if unsafe_in(text)]
        assert not bad, (case.name, bad)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


# --- the core stays free of Textual ------------------------------------------------------


def test_crosslib_webannotation_and_tables_do_not_import_textual() -> None:
    code = (
        "import sys, briefing.crosslib, briefing.webannotation, briefing.tables, "
        "briefing.cli.importing; print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
