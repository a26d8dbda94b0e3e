"""``library_export``: a whole library read on every core (and, in the default layout, written
by the worker processes) gives the same notes as the briefings loaded one by one; large exports
are written in pieces; a failing worker is one line of error, and none is left running."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest

import briefing.exporting.template
import briefing.parallel
from briefing.export import (
    ExportOptions,
    Selection,
    build,
    document_pieces,
    export_text,
    library_export,
    load_sources,
)
from briefing.exporting.template import PIECE_SIZE, load_template, render, render_pieces
from briefing.notes import NotesStore
from briefing.parallel import map_on_cores

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, benchmark_generator: ModuleType) -> Path:
    root = tmp_path_factory.mktemp("export-library")
    benchmark_generator.generate(root / "lib", 40, notes_dir=root / "notes")
    return root


def _cores() -> int:
    return len(os.sched_getaffinity(0))


@pytest.mark.parametrize(
    "selection",
    [
        Selection(include_all=True),
        Selection(),
        Selection(group_by="tag"),
        Selection(include_all=True, group_by="section", since=date(2025, 1, 1)),
    ],
    ids=["all", "tagged", "by-tag", "by-section-since"],
)
def test_on_every_core_the_export_is_the_one_of_loaded_briefings(
    library: Path, selection: Selection, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = ExportOptions(selection, today=date(2026, 3, 1), now=NOW)
    output = library / "out" / "notes.md"
    sources, problems = load_sources([library / "lib"], NotesStore(library / "notes"))
    assert problems == []
    expected = export_text(sources, options, output)
    assert expected.count("\n## ") >= 3

    monkeypatch.setattr(briefing.parallel, "PARALLEL_FROM", 10)
    with library_export([library / "lib"], library / "notes", options, output) as export:
        assert export.problems == []
        assert "".join(export.pieces) == expected


def test_problems_are_reported_and_the_rest_exported(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    for path in sorted((library / "lib").iterdir())[:6]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\xff" * 10)
    options = ExportOptions(Selection(include_all=True), now=NOW)
    with library_export([folder], library / "notes", options) as export:
        assert [p.path.name for p in export.problems] == ["broken.txt"]
        assert "".join(export.pieces).count("\n## ") == 3


@pytest.mark.skipif(_cores() < 2, reason="one core: nothing runs in a worker process")
def test_work_is_shared_among_worker_processes_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefing.parallel, "PARALLEL_FROM", 10)
    results = list(map_on_cores(_pid_and_square, list(range(300))))
    assert [square for _, square in results] == [n * n for n in range(300)]
    assert os.getpid() not in {pid for pid, _ in results}


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def test_a_large_export_comes_in_pieces_that_make_the_whole(tmp_path: Path) -> None:
    (tmp_path / "lines.j2").write_text(
        "{% for i in range(count) %}line {{ i }}\n{% endfor %}end", encoding="utf-8"
    )
    template = load_template(tmp_path / "lines.j2")
    pieces = list(render_pieces(template, {"count": 30000}))
    expected = "".join(f"line {i}\n" for i in range(30000)) + "end\n"
    assert len(pieces) > 2
    assert "".join(pieces) == expected == render(template, {"count": 30000})
    assert all(len(piece) < 2 * PIECE_SIZE for piece in pieces)


def test_a_large_group_of_the_default_layout_comes_in_pieces(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grouped by tag, the untagged group holds most items: it is written section by section
    as it is rendered (a section comes from one macro call), never held whole."""
    monkeypatch.setattr(briefing.exporting.template, "PIECE_SIZE", 1024)
    sources, _ = load_sources([library / "lib"], NotesStore(library / "notes"))
    options = ExportOptions(Selection(include_all=True, group_by="tag"), now=NOW)
    pieces = list(document_pieces(build(sources, options), options))
    text = "".join(pieces)
    assert text == export_text(sources, options)
    group = text[text.index("<!-- briefing:group untagged -->") :]
    sections = group.split("<!-- briefing:group untagged/")[1:]
    assert len(sections) >= 4 and len(group) > 2 * max(map(len, sections))
    assert max(len(piece) for piece in pieces) < max(map(len, sections)) + 2 * 1024
