"""The benchmark scripts keep working: the generator's output is valid and deterministic, and
``benchmarks/run.py --smoke`` runs end to end and prints every row. No timing is asserted."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from briefing.library import load_briefing
from briefing.notes import NotesStore

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
BRIEFING = Path(sys.executable).with_name("briefing")


def _contents(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(root.iterdir())}


def test_generated_library_is_valid_realistic_and_deterministic(
    tmp_path: Path, benchmark_generator: ModuleType
) -> None:
    generate = benchmark_generator
    made = generate.generate(tmp_path / "a", 30, notes_dir=tmp_path / "notes-a")
    again = generate.generate(tmp_path / "b", 30, notes_dir=tmp_path / "notes-b")
    other = generate.generate(tmp_path / "c", 30, notes_dir=tmp_path / "notes-c", seed=1)
    assert _contents(made.root) == _contents(again.root)
    assert _contents(made.root) != _contents(other.root)
    articles = sorted(made.root.glob("*.txt"))
    assert len(articles) == 30 and len(list(made.root.glob("*.yaml"))) == 30
    dates = set()
    for article in articles:
        assert 3000 <= article.stat().st_size <= 15 * 1024
        briefing = load_briefing(article)
        assert briefing.problems == [], briefing.problems
        annotation = briefing.annotation
        items = [*annotation.quotes, *annotation.figures, *annotation.issues, *annotation.dates]
        assert 5 <= len(items) <= 30
        assert all(item.anchor is not None for item in [*annotation.quotes, *annotation.figures])
        assert all(mention.anchor is not None for mention in annotation.dates)
        assert briefing.date is not None
        assert generate.START <= briefing.date < generate.TODAY
        dates.add(briefing.date)
    assert len(dates) > 20  # spread out, not all on one day
    # Notes on a tenth of them, in the store's own format: readable, tagged and noted.
    assert made.noted == 3
    stored = NotesStore(made.notes_dir).all_notes()
    assert len(stored) == 3
    for notes in stored:
        assert not notes.read_only, notes.problem
        assert notes.tagged()
        assert any(record.note for record in notes.records.values())
        assert notes.article.parent == made.root.resolve()


def test_generator_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, benchmark_generator: ModuleType
) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "mine.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not empty"):
        benchmark_generator.generate(tmp_path / "lib", 1, notes_dir=tmp_path / "notes")
    assert (tmp_path / "lib" / "mine.txt").read_text() == "keep me"


ROWS = [
    "bare Textual app: first screen",
    "bare Textual app: peak memory",
    *(
        f"{what}, {library}, {cache} cache"
        for library in ("sample library (2)", "1 briefing", "20 briefings")
        for cache in ("cold", "warm")
        for what in ("first screen", "all listed", "peak memory")
        if what != "peak memory" or library == "20 briefings"
    ),
    "bare Textual app: keystroke in an input box (median)",
    "filter keystroke, 20 briefings (worst key)",
    "open a briefing, 20 briefings (worst)",
    "jump to a quote, 20 briefings (worst)",
    "peak memory, headless session, 20 briefings",
    "briefing list, 20 briefings, cold cache",
    "briefing list, 20 briefings, warm cache",
    "briefing validate, 20 briefings",
    "briefing export --all, 20 briefings",
]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.skipif(not BRIEFING.exists(), reason="needs the installed briefing command")
def test_smoke_run_prints_a_table_with_every_row(
    isolated_user_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    process = subprocess.Popen(
        [sys.executable, str(BENCHMARKS / "run.py"), "--smoke"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=180)
    finally:
        process.kill()
    assert process.returncode == 0, stdout + stderr
    rows = {}
    for line in stdout.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 6 and cells[0] != "measurement":
            rows[cells[0]] = cells
    del rows[next(name for name in rows if set(name) == {"-"})]  # the header rule
    assert list(rows) == ROWS
    for name, (_, value, _ratio, target, result, _notes) in rows.items():
        assert re.fullmatch(r"[\d,.]+ (s|ms|MB)", value), (name, value)
        assert result in ("PASS", "FAIL", "info"), (name, result)
        assert (result == "info") == (target == "—"), (name, target, result)
    # Nothing left behind, nothing written to the user's own directories.
    assert list(scratch.iterdir()) == []
    sockets = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
    assert not list(sockets.glob(f"briefing-bench-{process.pid}-*"))
    assert sorted(p.name for p in isolated_user_dirs.iterdir()) == []
