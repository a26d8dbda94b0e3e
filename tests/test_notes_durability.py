"""Notes survive kill -9, two writers at once, and hand-broken files."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

import briefing.notes.store as notes_module
from briefing.anchoring import sentences
from briefing.library import load_briefing
from briefing.model import Briefing, BriefingError
from briefing.notes import BriefingNotes, NotesStore, ref_for_item, ref_for_sentence

SAMPLE = Path(__file__).resolve().parent.parent / "briefings"
STEM = "001_nato_rutte_defence_spending"


@pytest.fixture
def briefing(tmp_path: Path) -> Briefing:
    library = tmp_path / "library"
    library.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copyfile(SAMPLE / f"{STEM}{suffix}", library / f"{STEM}{suffix}")
    return load_briefing(library / f"{STEM}.txt")


def fork(work: Callable[[], None]) -> int:
    """Run ``work`` in a forked child that never returns into pytest; its pid."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            work()
            code = 0
        except BaseException:
            traceback.print_exc(file=sys.stderr)
        finally:
            os._exit(code)
    return pid


def exit_code(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


# --- kill -9 -----------------------------------------------------------------------------


def test_sigkill_at_random_moments_leaves_old_or_new_file(
    briefing: Briefing, tmp_path: Path
) -> None:
    """Each write adds tag t<n>; after every kill the file must hold t0..tk exactly, for a k
    no smaller than the last one seen: a complete old or new state, never a torn one."""
    root = tmp_path / "notes"
    ref = ref_for_item(briefing.annotation.quotes[0])
    rng = random.Random(20260226)
    seen = 0
    # A large note makes each write long, so kills often land in the middle of one.
    bulk = "\n".join(f"line {n} of a long note kept through every kill" for n in range(300))
    setup = NotesStore(root)
    setup.set_note(setup.open(briefing), ref_for_item(briefing.annotation.figures[0]), bulk)
    for _ in range(30):
        ready_r, ready_w = os.pipe()

        def writer(ready_r: int = ready_r, ready_w: int = ready_w) -> None:
            os.close(ready_r)
            store = NotesStore(root)
            notes = store.open(briefing)
            record = notes.records.get(ref.target)
            count = len(record.tags) if record else 0
            os.write(ready_w, b"r")
            while True:
                store.add_tag(notes, ref, f"t{count}")
                count += 1

        pid = fork(writer)
        os.close(ready_w)
        assert os.read(ready_r, 1) == b"r"
        os.close(ready_r)
        time.sleep(rng.uniform(0.005, 0.06))
        os.kill(pid, signal.SIGKILL)
        assert exit_code(pid) == -signal.SIGKILL
        after = NotesStore(root).open(briefing)
        assert not after.read_only, after.problem
        record = after.records.get(ref.target)
        tags = record.tags if record else []
        assert tags == [f"t{n}" for n in range(len(tags))]
        kept = after.records.get(briefing.annotation.figures[0].id)
        assert kept is not None and kept.note == bulk
        assert len(tags) >= seen
        seen = len(tags)
    assert seen >= 30  # the writers did write between kills
    # Temporary files of killed writers are swept by the next write, under the lock.
    store = NotesStore(root)
    store.add_tag(store.open(briefing), ref, "after")
    assert [p.name for p in root.iterdir() if p.name.endswith(".tmp")] == []


# --- two writers -------------------------------------------------------------------------


def test_two_processes_tagging_the_same_briefing_keep_every_change(
    briefing: Briefing, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    assert briefing.article is not None
    shared = ref_for_item(briefing.annotation.quotes[0])
    own = [
        ref_for_sentence(briefing.article, sentences(briefing.article)[2]),
        ref_for_item(briefing.annotation.figures[1]),
    ]
    go_r, go_w = os.pipe()

    def worker(number: int) -> None:
        store = NotesStore(root)
        notes = store.open(briefing)  # both open before either writes: stale views
        assert os.read(go_r, 1) == b"g"
        for n in range(50):
            store.add_tag(notes, shared, f"w{number}-{n}")
            if n == 10:
                store.set_note(notes, own[number], f"note from {number}")
        store.remove_tag(notes, shared, f"w{number}-0")
        store.add_tag(notes, own[number], f"mine-{number}")

    pids = [fork(lambda number=number: worker(number)) for number in (0, 1)]
    os.write(go_w, b"gg")
    assert [exit_code(pid) for pid in pids] == [0, 0]
    notes = NotesStore(root).open(briefing)
    expected = {f"w{w}-{n}" for w in (0, 1) for n in range(1, 50)}
    assert set(notes.records[shared.target].tags) == expected
    assert len(notes.records[shared.target].tags) == 98
    for number in (0, 1):
        record = notes.records[own[number].target]
        assert (record.tags, record.note) == ([f"mine-{number}"], f"note from {number}")


def test_a_held_lock_makes_a_writer_give_up_with_a_message(
    briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notes_module, "LOCK_TIMEOUT", 0.2)
    store = NotesStore(tmp_path / "notes")
    notes = store.open(briefing)
    ref = ref_for_item(briefing.annotation.quotes[0])
    store.add_tag(notes, ref, "key")
    before = notes.path.read_bytes()
    with open(notes.path.with_name(notes.path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(BriefingError) as caught:
            store.add_tag(notes, ref, "question")
    assert "locked" in caught.value.problem.message
    assert notes.path.read_bytes() == before
    store.add_tag(notes, ref, "question")  # the lock released, writing works again
    assert notes.records[ref.target].tags == ["key", "question"]


def test_unwritable_notes_folder_is_an_error_not_a_traceback(
    briefing: Briefing, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    root.write_text("a file where the folder should be")
    store = NotesStore(root)
    notes = store.open(briefing)
    with pytest.raises(BriefingError) as caught:
        store.add_tag(notes, ref_for_item(briefing.annotation.quotes[0]), "key")
    assert "cannot save" in caught.value.problem.message
    assert "--notes-dir" in caught.value.problem.hint


# --- hand-broken files -------------------------------------------------------------------


def tagged_notes(briefing: Briefing, root: Path) -> BriefingNotes:
    store = NotesStore(root)
    notes = store.open(briefing)
    store.add_tag(notes, ref_for_item(briefing.annotation.quotes[0]), "key")
    return notes


def every_change(store: NotesStore, notes: BriefingNotes, briefing: Briefing) -> list[str]:
    """Try each mutating call; the names of those that did not raise ``BriefingError``."""
    ref = ref_for_item(briefing.annotation.quotes[0])
    issue = briefing.annotation.issues[0].id
    calls: dict[str, Callable[[], object]] = {
        "toggle_tag": lambda: store.toggle_tag(notes, ref, "key"),
        "add_tag": lambda: store.add_tag(notes, ref, "new"),
        "remove_tag": lambda: store.remove_tag(notes, ref, "key"),
        "set_note": lambda: store.set_note(notes, ref, "a note"),
        "set_reading": lambda: store.set_reading(notes, "done"),
        "set_status": lambda: store.set_status(notes, issue, "resolved"),
    }
    allowed = []
    for name, call in calls.items():
        try:
            call()
            allowed.append(name)
        except BriefingError:
            pass
    return allowed


def test_hand_broken_file_is_read_only_located_and_never_overwritten(
    briefing: Briefing, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    path = tagged_notes(briefing, root).path
    lines = path.read_text("utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("records:"))
    lines.insert(number + 1, "  broken: [unclosed\n")
    path.write_text("".join(lines), "utf-8")
    broken = path.read_bytes()

    store = NotesStore(root)
    notes = store.open(briefing)
    assert notes.read_only
    assert notes.path == path  # claimed by name: no second file is started beside it
    problem = notes.problem
    assert problem is not None and problem.path == path and problem.severity == "error"
    assert problem.line is not None and problem.line >= number + 2
    assert problem.column is not None
    assert f"{path}:{problem.line}:{problem.column}" in str(problem)
    assert "read-only" in problem.hint
    assert notes.backup is None  # no backup is made until a repair is asked for

    assert every_change(store, notes, briefing) == []
    assert path.read_bytes() == broken
    assert sorted(p.name for p in root.glob("*.yaml")) == [path.name]

    (listed,) = NotesStore(root).all_notes()
    assert listed.read_only and listed.problem == problem
    assert NotesStore(root).used_tags() == []


def test_repair_backs_up_then_starts_afresh(briefing: Briefing, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    path = tagged_notes(briefing, root).path
    path.write_text("records: {q: [\n", "utf-8")
    broken = path.read_bytes()
    store = NotesStore(root)
    notes = store.open(briefing)
    with pytest.raises(ValueError):
        store.repair(store.open(load_briefing(tmp_path / "library" / "nothing.txt")))

    backup = store.repair(notes)
    assert notes.backup == backup
    assert backup.parent == root and backup.name.startswith(path.name) and backup.suffix == ".bak"
    assert backup.read_bytes() == broken
    assert not notes.read_only and notes.problem is None and notes.records == {}
    ref = ref_for_item(briefing.annotation.quotes[1])
    store.add_tag(notes, ref, "again")
    reopened = NotesStore(root).open(briefing)
    assert not reopened.read_only and list(reopened.records) == [ref.target]
    assert [n.path for n in NotesStore(root).all_notes()] == [path]  # the backup is not notes

    # The same breakage again: opening it names the backup that already holds those bytes.
    path.write_bytes(broken)
    again = NotesStore(root).open(briefing)
    assert again.read_only and again.backup == backup


def test_repair_after_a_fix_by_hand_overwrites_nothing(briefing: Briefing, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    path = tagged_notes(briefing, root).path
    good = path.read_bytes()
    path.write_text("records: [\n", "utf-8")
    store = NotesStore(root)
    notes = store.open(briefing)
    path.write_bytes(good)  # the user fixes it in an editor meanwhile
    store.repair(notes)
    assert path.read_bytes() == good
    assert notes.records[briefing.annotation.quotes[0].id].tags == ["key"]


def test_file_broken_while_open_turns_read_only_at_the_next_change(
    briefing: Briefing, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    store = NotesStore(root)
    notes = store.open(briefing)
    ref = ref_for_item(briefing.annotation.quotes[0])
    store.add_tag(notes, ref, "key")
    notes.path.write_text("version: 1\nrecords:\n  - [\n", "utf-8")
    broken = notes.path.read_bytes()
    with pytest.raises(BriefingError) as caught:
        store.add_tag(notes, ref, "question")
    assert caught.value.problem.line is not None
    assert notes.read_only and notes.problem == caught.value.problem
    with pytest.raises(BriefingError):
        store.undo()
    assert notes.path.read_bytes() == broken


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("version: 1\nrecords:\n  q-1:\n    kind: quote\n    tags: 5\n", 5, "must be a list"),
        ("version: 1\nrecords:\n  q-1:\n    kind: banana\n", 4, "must be one of"),
        ("version: 1\nrecords:\n  q-1:\n    kind: quote\n    colour: red\n", 5, "unknown key"),
        ("version: 1\nrecords:\n  q-1:\n    kind: quote\n    tags: ['!!']\n", 5, "not a usable"),
        ("version: 1\nrecords:\n  s-1:\n    kind: sentence\n    tags: [a]\n", 3, "selector"),
        (
            "records:\n  s-1:\n    kind: sentence\n    selector:\n      exact: x\n"
            "      prefix: ''\n      suffix: ''\n      start: ten\n      end: 3\n"
            "      paragraph: 1\n",
            8,
            "whole number",
        ),
        ("version: 2\n", 1, "version 2"),
        ("reading: skimmed\n", 1, "must be one of"),
        ("statuses:\n  i-1: closed\n", 2, "must be one of"),
        ("records: [a, b]\n", 1, "must be a mapping"),
        ("title: a\ntitle: b\n", 2, "duplicate key"),
        ("title: &t a\ndate: *t\n", 1, "aliases"),
        ("- just\n- a list\n", 1, "must be a mapping"),
    ],
)
def test_invalid_contents_are_located(
    briefing: Briefing, tmp_path: Path, text: str, line: int, words: str
) -> None:
    root = tmp_path / "notes"
    path = tagged_notes(briefing, root).path
    path.write_text(text, "utf-8")
    store = NotesStore(root)
    notes = store.open(briefing)
    assert notes.read_only and notes.problem is not None
    assert words in notes.problem.message
    assert notes.problem.line == line
    assert every_change(store, notes, briefing) == []
    assert path.read_text("utf-8") == text


def test_undecodable_file_is_read_only(briefing: Briefing, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    path = tagged_notes(briefing, root).path
    path.write_bytes(b"title: caf\xe9\n")
    notes = NotesStore(root).open(briefing)
    assert notes.read_only and notes.problem is not None
    assert (notes.problem.line, notes.problem.column) == (1, 11)
    assert path.read_bytes() == b"title: caf\xe9\n"
