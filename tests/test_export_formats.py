"""``briefing export --format json`` and ``--format csv --kind figures``, end to end."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.library import load_briefing
from briefing.notes import NotesStore, ref_for_item

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def library(tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(ROOT / "briefings", target)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_of_figures_parses_back(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(library), "--format", "csv", "--kind", "figures")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9  # six in the seed, three in the getting-started briefing
    lithuania = next(row for row in rows if row["value"] == "5.4%")
    assert (lithuania["number"], lithuania["unit"], lithuania["paragraph"]) == ("5.4", "%", "5")
    assert lithuania["date"] == "2026-02-26"
    code, out, _ = run(
        capsys, str(library), "--format", "csv", "--kind", "figures", "--since", "2026-02-01"
    )
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 6


def test_json_round_trips_through_import(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes_dir = tmp_path / "notes"
    store = NotesStore(notes_dir)
    briefing = load_briefing(library / "001_nato_rutte_defence_spending.txt")
    notes = store.open(briefing)
    store.add_tag(notes, ref_for_item(briefing.annotation.figures[0]), "figure-check")
    store.set_note(notes, ref_for_item(briefing.annotation.quotes[0]), "Lead with this.")
    code, out, _ = run(capsys, str(library), "--format", "json", "--notes-dir", str(notes_dir))
    assert code == 0
    document = json.loads(out)
    assert document["type"] == "AnnotationCollection" and document["total"] == 2
    exported = tmp_path / "tags.jsonld"
    exported.write_text(out)
    fresh = tmp_path / "fresh"
    code = main(["import", str(exported), "--notes-dir", str(fresh), "--library", str(library)])
    assert code == 0
    copied = NotesStore(fresh).open(briefing)
    assert {t: (r.tags, r.note) for t, r in copied.records.items()} == {
        t: (r.tags, r.note) for t, r in store.open(briefing).records.items()
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv"], "--format csv needs --kind figures"),
        (["--kind", "figures"], "--kind goes with --format csv"),
        (["--format", "json", "--tag", "key"], "--tag works with --format markdown only"),
        (["--format", "json", "--group-by", "tag"], "--group-by works with --format markdown"),
    ],
)
def test_format_usage_errors(
    library: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, str(library), *args)
    assert code == 2 and message in err


def test_json_with_nothing_tagged_is_exit_1(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, str(library), "--format", "json", "--notes-dir", str(tmp_path / "empty")
    )
    assert code == 1 and out == "" and "nothing to export" in err
