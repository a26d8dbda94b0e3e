"""A large export written by worker processes (``briefing.exporting.workers``): the same bytes
as the export of the briefings loaded one by one, whatever the library holds; a failing worker
is one line of error and stops the rest; Ctrl-C leaves no file and no process behind."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import briefing.export
import briefing.parallel
from briefing.cli import main
from briefing.export import (
    ExportError,
    ExportOptions,
    Selection,
    export_text,
    library_export,
    load_sources,
)
from briefing.exporting import workers
from briefing.exporting.build import Prepared
from briefing.model import Problem
from briefing.notes import NotesStore
from briefing.parallel import Crew, cores

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(cores() < 2, reason="one core: nothing runs in a worker process")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, benchmark_generator: ModuleType) -> Path:
    """A generated library in two folders with what a real one may hold: ids shared between
    briefings, two files of the same name in different folders, an article that cannot be
    read and a notes file that cannot be read."""
    root = tmp_path_factory.mktemp("mixed")
    benchmark_generator.generate(root / "lib", 60, notes_dir=root / "notes")
    articles = sorted((root / "lib").glob("*.txt"))
    other = root / "other"
    other.mkdir()
    # Another briefing under the name of one in lib/: same file name, and the ids of a third.
    source, named = articles[3], articles[5]
    shutil.copyfile(source, other / named.name)
    shutil.copyfile(source.with_suffix(".yaml"), (other / named.name).with_suffix(".yaml"))
    (root / "lib" / "zz_unreadable.txt").write_bytes(b"\x00\x01binary\xff" * 10)
    broken = sorted((root / "notes").glob("*.yaml"))[0]
    broken.write_text("records: [never closed\n", encoding="utf-8")
    return root


def _crews(monkeypatch: pytest.MonkeyPatch) -> list[Crew]:
    """Every ``Crew`` the export starts, from now on."""
    started: list[Crew] = []

    class Recorded(Crew):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            started.append(self)

    monkeypatch.setattr(briefing.export, "Crew", Recorded)
    return started


@pytest.mark.parametrize(
    "selection",
    [
        Selection(include_all=True),
        Selection(),
        Selection(tags=["question", "key"], include_all=True),
        Selection(include_all=True, since=date(2025, 1, 1), until=date(2025, 12, 31)),
    ],
    ids=["all", "tagged", "two-tags", "dates"],
)
def test_workers_write_the_export_of_the_loaded_briefings(
    mixed: Path, selection: Selection, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [mixed / "lib", mixed / "other"]
    options = ExportOptions(selection, today=date(2026, 3, 1), now=NOW)
    output = mixed / "out" / "notes.md"
    sources, expected_problems = load_sources(paths, NotesStore(mixed / "notes"))
    expected = export_text(sources, options, output)
    assert {p.path.name for p in expected_problems} == {
        "zz_unreadable.txt",
        sorted((mixed / "notes").glob("*.yaml"))[0].name,
    }
    if selection == Selection(include_all=True):
        # What makes keys hard: a file name twice, and ids in more than one briefing.
        assert "-2 -->" in expected
        assert "-b-" in expected
    assert expected.count("\n## ") >= 2

    monkeypatch.setattr(briefing.parallel, "PARALLEL_FROM", 10)
    crews = _crews(monkeypatch)
    with library_export(paths, mixed / "notes", options, output) as export:
        assert export.problems == expected_problems
        assert "".join(export.pieces) == expected
    assert len(crews) == 1
    assert multiprocessing.active_children() == []


def test_small_messages_give_the_same_export(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles, keys and written groups sent a few at a time: the same bytes, no deadlock."""
    options = ExportOptions(Selection(include_all=True), now=NOW)
    sources, _ = load_sources([mixed / "lib"], NotesStore(mixed / "notes"))
    expected = export_text(sources, options)
    monkeypatch.setattr(briefing.parallel, "PARALLEL_FROM", 10)
    monkeypatch.setattr(workers, "CHUNK", 3)
    monkeypatch.setattr(workers, "KEYS_AT_ONCE", 2)
    monkeypatch.setattr(workers, "PIECE_SIZE", 100)  # in the workers too: they are forked
    with library_export([mixed / "lib"], mixed / "notes", options) as export:
        pieces = list(export.pieces)
    assert "".join(pieces) == expected
    assert len(pieces) > 30
    assert multiprocessing.active_children() == []


def test_fewer_briefings_than_parallel_from_are_exported_in_this_process(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workers start while the library is listed, and stop when it is found small.
    crews = _crews(monkeypatch)
    asked: list[object] = []
    monkeypatch.setattr(workers, "prepare_on", lambda *args: asked.append(args))
    options = ExportOptions(Selection(include_all=True), now=NOW)
    sources, _ = load_sources([mixed / "other"], NotesStore(mixed / "notes"))
    with library_export([mixed / "other"], mixed / "notes", options) as export:
        assert multiprocessing.active_children() == []
        assert "".join(export.pieces) == export_text(sources, options)
    assert len(crews) == 1 and asked == []


def test_nothing_selected_gives_nothing(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(briefing.parallel, "PARALLEL_FROM", 10)
    options = ExportOptions(Selection(tags=["no-such-tag"]), now=NOW)
    with library_export([mixed / "lib"], mixed / "notes", options) as export:
        assert export.empty
        assert list(export.pieces) == []
    assert multiprocessing.active_children() == []


def _failing(action: Callable[[], None]) -> Callable[..., object]:
    """``prepare_file`` doing ``action`` for one of the briefings."""
    real = workers.prepare_file

    def prepare_file(
        notes_root: Path | None, selection: Selection, link_base: Path | None, article: Path
    ) -> tuple[Prepared | None, list[Problem]]:
        if article.name.startswith("00007"):
            action()
        return real(notes_root, selection, link_base, article)

    return prepare_file


def _raise() -> None:
    raise RuntimeError("cannot go on\nwith this")


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (_raise, "a worker process failed: RuntimeError: cannot go on with this"),
        (lambda: os._exit(3), "a worker process stopped unexpectedly (exit code 3)"),
    ],
    ids=["raises", "dies"],
)
def test_a_failing_worker_is_one_line_and_stops_the_others(
    mixed: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    action: Callable[[], None],
    message: str,
) -> None:
    # Worker processes are forked from this one: they run the failing function too.
    monkeypatch.setattr(briefing.parallel, "PARALLEL_FROM", 10)
    monkeypatch.setattr(workers, "prepare_file", _failing(action))
    options = ExportOptions(Selection(include_all=True), now=NOW)
    with pytest.raises(ExportError) as caught, library_export([mixed / "lib"], None, options):
        pass
    assert str(caught.value) == message
    assert multiprocessing.active_children() == []

    out = tmp_path / "out.md"
    assert main(["export", str(mixed / "lib"), "--all", "-o", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"briefing export: {message}"
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]
    assert multiprocessing.active_children() == []


#: The export command with the threshold lowered and each step slowed down, so that a signal
#: surely comes in the middle: in reading (workers running) or in writing (the temporary file).
_SLOW_EXPORT = """
import sys, time
import briefing.parallel
from briefing.exporting import workers, template
from briefing.cli import main

briefing.parallel.PARALLEL_FROM = 10
prepare_file, group_writer = workers.prepare_file, workers.group_writer

def slow_prepare(*args):
    time.sleep(0.05)
    return prepare_file(*args)

def slow_writer(template):
    write = group_writer(template)
    def slow(group):
        time.sleep(0.05)
        return write(group)
    return slow

workers.prepare_file, workers.group_writer = slow_prepare, slow_writer
sys.exit(main(sys.argv[1:]))
"""


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
        return [int(child) for child in handle.read().split()]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _start_slow_export(mixed: Path, out: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", _SLOW_EXPORT, "export", str(mixed / "lib"), "--all"]
    return subprocess.Popen(
        [*command, "-o", str(out), "--notes-dir", str(mixed / "notes")],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("moment", ["reading", "writing"])
def test_ctrl_c_leaves_no_file_and_no_worker(mixed: Path, tmp_path: Path, moment: str) -> None:
    out = tmp_path / "out.md"
    process = _start_slow_export(mixed, out)
    try:
        _wait_for(lambda: len(_children(process.pid)) == cores())
        started = _children(process.pid)
        if moment == "writing":
            _wait_for(lambda: any(p.name.endswith(".tmp") for p in tmp_path.iterdir()))
        else:
            time.sleep(0.3)  # in the middle of reading 60 briefings at 0.05 s each
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]
    assert not any(_running(pid) for pid in started)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_of_a_killed_export_stop(mixed: Path, tmp_path: Path) -> None:
    process = _start_slow_export(mixed, tmp_path / "out.md")
    try:
        _wait_for(lambda: len(_children(process.pid)) == cores())
        started = _children(process.pid)
        process.kill()  # no chance to stop its workers
        process.communicate(timeout=20)
        _wait_for(lambda: not any(_running(pid) for pid in started))
    finally:
        if process.poll() is None:
            process.kill()
