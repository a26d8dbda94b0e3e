"""``briefing import``: exit codes, the summary line, idempotence, stdin, never a traceback."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.anchoring import sentences
from briefing.cli import main
from briefing.library import discover, load_briefing
from briefing.notes import NotesStore, ref_for_item, ref_for_sentence
from briefing.webannotation import CONTEXT, render_jsonld

SAMPLE = Path(__file__).resolve().parent.parent / "briefings"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample library, an export of three tagged targets from another store
    (``export.jsonld``), and the current directory set to ``tmp_path``."""
    shutil.copytree(SAMPLE, tmp_path / "library")
    briefings = [load_briefing(p) for p in discover(tmp_path / "library")[0]]
    store = NotesStore(tmp_path / "theirs")
    notes = [store.open(b) for b in briefings]
    seed = next(i for i, b in enumerate(briefings) if b.path.stem.startswith("001"))
    briefing, mine = briefings[seed], notes[seed]
    assert briefing.article is not None
    store.add_tag(mine, ref_for_item(briefing.annotation.quotes[0]), "key")
    store.set_note(mine, ref_for_item(briefing.annotation.figures[0]), "Check it.")
    store.add_tag(mine, ref_for_sentence(briefing.article, sentences(briefing.article)[2]), "q")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    text = render_jsonld(briefings, notes, include_items=True, now=now)
    (tmp_path / "export.jsonld").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def stored(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.glob("*.yaml"))}


def test_import_then_import_again(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("export.jsonld", "--notes-dir", "mine", "--library", "library")
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    assert out == (
        "briefing import: 3 added, 0 already present, 0 not found in the library, "
        "32 without tags or notes\n"
    )
    first = stored(workspace / "mine")
    assert len(first) == 1
    code, out, err = run(capsys, *args)
    assert code == 0
    assert out.startswith("briefing import: 0 added, 3 already present, 0 not found")
    assert stored(workspace / "mine") == first


def test_defaults_are_the_notes_dir_and_library_of_the_environment(
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    isolated_user_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFING_LIBRARY", str(workspace / "library"))
    code, out, _ = run(capsys, "export.jsonld")
    assert code == 0 and out.startswith("briefing import: 3 added")
    assert len(stored(isolated_user_dirs / "notes")) == 1  # $BRIEFING_NOTES from conftest


def test_stdin(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (workspace / "export.jsonld").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "-", "--notes-dir", "mine", "--library", "library")
    assert code == 0 and out.startswith("briefing import: 3 added")


def test_nothing_in_the_library_exits_1_naming_the_sources(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = workspace / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.txt").write_text("title Other\ndate 2026-01-01\n\nUnrelated.\n")
    code, out, err = run(
        capsys, "export.jsonld", "--notes-dir", "mine", "--library", str(elsewhere)
    )
    assert code == 1
    assert out.startswith("briefing import: 0 added, 0 already present, 3 not found")
    source = (workspace / "library" / "001_nato_rutte_defence_spending.txt").resolve().as_uri()
    assert err == f"briefing import: not in the library: {source} (3 annotations)\n"
    assert not (workspace / "mine").exists()


def test_some_found_some_not_exits_0(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((workspace / "export.jsonld").read_text())
    extra = json.loads(json.dumps(data["first"]["items"][0]))
    extra["id"] = "https://elsewhere.example/a/1"
    extra["target"] = {"source": "https://elsewhere.example/story", "selector": []}
    extra["body"].append({"type": "TextualBody", "purpose": "tagging", "value": "x"})
    data["first"]["items"].append(extra)
    Path("mixed.jsonld").write_text(json.dumps(data))
    code, out, err = run(capsys, "mixed.jsonld", "--notes-dir", "mine", "--library", "library")
    assert code == 0
    assert "3 added, 0 already present, 1 not found" in out
    assert err == "briefing import: not in the library: https://elsewhere.example/story\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{\n  "type": "Annotation",\n  "target": \n}\n', "bad.jsonld:4:1: error: not valid JSON"),
        ("", "bad.jsonld:1:1: error: not valid JSON"),
        ('{"@context": "x", "items": []}', "bad.jsonld:1:1: error: no W3C annotations"),
        (b"\xff\xfe\x00garbage", "bad.jsonld"),
    ],
)
def test_invalid_files_exit_1_with_one_located_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, expected: str
) -> None:
    path = Path("bad.jsonld")
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    code, out, err = run(capsys, "bad.jsonld", "--notes-dir", "mine", "--library", "library")
    assert (code, out) == (1, "")
    assert err.startswith(expected) and err.count("\n") == 1


def test_malformed_annotations_are_reported_and_the_rest_imported(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((workspace / "export.jsonld").read_text())
    data["first"]["items"].insert(0, {"type": "Annotation", "id": "urn:x:broken"})
    Path("some.jsonld").write_text(json.dumps(data))
    code, out, err = run(capsys, "some.jsonld", "--notes-dir", "mine", "--library", "library")
    assert code == 0 and "3 added" in out and "1 with problems" in out
    assert err == "some.jsonld: error: annotation 1 (urn:x:broken): it has no `target`\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonld"], "briefing import: missing.jsonld: no such file (give a .jsonld"),
        (["export.jsonld", "--library", "nowhere"], "briefing: nowhere: no such file or folder"),
        ([], "usage: briefing import"),
        (["export.jsonld", "--bogus"], "usage: briefing"),
    ],
)
def test_usage_errors_exit_2(
    workspace: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(message)


def test_a_folder_given_as_the_file_exits_1(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "library", "--notes-dir", "mine", "--library", "library")
    assert code == 1 and err.startswith("library: error: ")


def test_unwritable_notes_are_reported_not_raised(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("blocker").write_text("")  # a file where the notes folder should be
    code, out, err = run(
        capsys, "export.jsonld", "--notes-dir", "blocker/notes", "--library", "library"
    )
    assert code == 1 and "0 added" in out and "3 with problems" in out
    assert "cannot save the notes" in err and "Traceback" not in err


def test_a_real_process_never_shows_a_traceback(workspace: Path) -> None:
    Path("bad.jsonld").write_text('{"@context": "' + CONTEXT + '", "type": [1, {}], "first": 3}')
    for args in (["bad.jsonld"], ["export.jsonld", "--library", "library"]):
        result = subprocess.run(
            [sys.executable, "-m", "briefing", "import", *args, "--notes-dir", "mine"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 1)
    assert result.returncode == 0 and "3 added" in result.stdout
