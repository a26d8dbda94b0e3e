"""``briefing export``: exit codes, usage errors, writing files, and user templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export_support import blocks, export, parse, plain, tagged_workspace

from briefing.cli import main


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return tagged_workspace(tmp_path, monkeypatch)


def files_under(root: Path) -> set[Path]:
    return {path.relative_to(root) for path in root.rglob("*")}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "blorp"], "--since: cannot read the date 'blorp'"),
        (["--until", "the day after never"], "--until: cannot read the date 'the day after never'"),
        (["--tag", "!!!"], "--tag: '!!!' is not a usable tag"),
        (["--dry-run"], "--dry-run needs -o FILE"),
        (["--update"], "--force and --update need -o FILE"),
        (["--template", "missing.j2"], "missing.j2: no such template file"),
        (["nowhere"], "nowhere: no such file or folder"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    paths = [] if options == ["nowhere"] else ["library"]
    code, out, err = export(capsys, *paths, *options)
    assert (code, out) == (2, "")
    assert err.startswith(f"briefing export: {message}") and err.count("\n") == 1


def test_today_must_be_a_date(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "library", "--today", "2026-13-45"]) == 2
    assert capsys.readouterr().err == (
        "briefing export: --today: cannot read the date '2026-13-45' "
        '(try 2026-02-01 or "last week")\n'
    )


@pytest.mark.parametrize(
    "options", [["--group-by", "colour"], ["-o", "x.md", "--force", "--update"], ["--nope"]]
)
def test_argparse_usage_errors_exit_2(
    workspace: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    assert main(["export", "library", *options]) == 2
    assert "usage: briefing" in capsys.readouterr().err


def test_default_path_is_the_default_library(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_LIBRARY", str(workspace / "library"))
    code, out, _ = export(capsys)
    assert code == 0 and "## Getting started with briefing (2026-01-05)" in out
    assert f"]({workspace / 'library' / '002_getting_started.txt'}" in out


def test_notes_dir_defaults_to_the_user_notes(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --notes-dir the store is ``briefing.locations.notes_dir(None)`` ($BRIEFING_NOTES
    here, which the test fixtures point into tmp_path)."""
    monkeypatch.setenv("BRIEFING_NOTES", str(workspace / "notes"))
    code = main(["export", "library", "--now", "2026-03-01T09:30:00+00:00"])
    assert code == 0 and "#figure-check" in capsys.readouterr().out
    monkeypatch.setenv("BRIEFING_NOTES", str(workspace / "elsewhere"))
    assert main(["export", "library"]) == 1


def test_writes_a_file_and_refuses_to_overwrite_it(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = export(capsys, "library", "-o", "notes.md")
    assert (code, out, err) == (0, "", "briefing export: wrote notes.md\n")
    written = (workspace / "notes.md").read_bytes()
    assert written.startswith(b"---\ntitle: Briefing notes\n")
    code, out, err = export(capsys, "library", "--all", "-o", "notes.md")
    assert (code, out) == (1, "")
    assert err == (
        "briefing export: notes.md: already exists "
        "(use --force to replace it or --update to update it)\n"
    )
    assert (workspace / "notes.md").read_bytes() == written
    code, _, _ = export(capsys, "library", "--all", "--force", "-o", "notes.md")
    assert code == 0 and b"scope: all" in (workspace / "notes.md").read_bytes()


def test_keeps_the_mode_of_a_replaced_file(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = workspace / "notes.md"
    target.write_text("old\n")
    target.chmod(0o640)
    assert export(capsys, "library", "--force", "-o", "notes.md")[0] == 0
    assert target.stat().st_mode & 0o777 == 0o640


def test_never_creates_folders(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files_under(workspace)
    code, out, err = export(capsys, "library", "-o", "reports/march/notes.md")
    assert (code, out) == (1, "")
    assert err == (
        "briefing export: reports/march: no such folder "
        "(create it first, or write somewhere that exists)\n"
    )
    assert files_under(workspace) == before


def test_a_bad_destination_is_told_before_the_library_is_read(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A broken briefing would be reported if the library were read first.
    (workspace / "library" / "003_bad.txt").write_bytes(b"\xff\xfe\xfa not text at all")
    (workspace / "notes.md").write_text("mine\n")
    for output, message in [
        ("reports/notes.md", "reports: no such folder"),
        ("notes.md", "notes.md: already exists"),
        ("library", "library: is a folder"),
    ]:
        code, out, err = export(capsys, "library", "-o", output)
        assert (code, out) == (1, "")
        assert err.startswith(f"briefing export: {message}") and err.count("\n") == 1
    assert (workspace / "notes.md").read_text() == "mine\n"


def test_a_folder_is_not_a_file(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "out").mkdir()
    code, _, err = export(capsys, "library", "-o", "out")
    assert code == 1 and "out: is a folder" in err


def test_dot_dot_paths_write_where_typed(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "sub").mkdir()
    code, _, _ = export(capsys, "library", "-o", "sub/../up.md")
    assert code == 0
    assert (workspace / "up.md").is_file() and list((workspace / "sub").iterdir()) == []
    # Links are relative to the folder the path names, however it was spelled.
    assert "](library/001_nato" in (workspace / "up.md").read_text(encoding="utf-8")
    before = files_under(workspace)
    code, _, err = export(capsys, "library", "-o", "missing/../up2.md")
    assert code == 1 and "missing/..: no such folder" in err
    assert files_under(workspace) == before


def test_dry_run_prints_a_diff_and_writes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files_under(workspace)
    code, out, _ = export(capsys, "library", "-o", "notes.md", "--dry-run")
    assert code == 0
    assert out.startswith("--- /dev/null\n+++ notes.md\n@@ -0,0 +1,")
    assert "+# Briefing notes\n" in out
    assert files_under(workspace) == before


def test_broken_briefings_are_reported_and_the_rest_exported(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "library" / "003_bad.txt").write_bytes(b"\xff\xfe\xfa not text at all")
    (workspace / "library" / "004_orphan.yaml").write_text("quotes: []\n")
    code, out, err = export(capsys, "library")
    assert code == 0 and "## Getting started" in out
    assert "004_orphan.yaml: error: annotation without an article" in err
    assert "003_bad.txt" in err


def test_user_template(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = workspace / "mine.md.j2"
    template.write_text(
        "# {{ title }} ({{ count }} briefings, {{ exported }})\n"
        "{% for b in briefings %}\n"
        "## {{ b.title }}\n"
        "{% for item in b.items %}\n"
        "- {{ item.kind }}: {{ item.text }} {{ item.cite }} {{ item.hashtags }} "
        "{{ item.tags|join(', ') }}\n"
        "{% endfor %}\n"
        "{% endfor %}\n",
        encoding="utf-8",
    )
    code, out, _ = export(capsys, "library", "--template", "mine.md.j2", "--tag", "key")
    assert code == 0
    assert out.splitlines()[0] == "# Briefing notes (2 briefings, 2026-03-01T09:30:00+00:00)"
    assert (
        "- quote: I would really encourage Europeans to stop worrying about United States and "
        "do as much as they can"
    ) in out
    assert "(library/001_nato_rutte_defence_spending.txt#char=526,848) #key #nato key, nato" in out
    assert "- figure: 100% [¶7](library/002_getting_started.txt#char=2013,2017) #key key\n" in out


def test_user_templates_escape_untrusted_text(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The escaping is the environment's: ``{{ }}``, ``|e``, ``|join``, ``~`` and methods of
    safe strings all escape; only ``|safe`` writes text raw."""
    notes = workspace / "notes"
    from briefing.library import load_briefing
    from briefing.notes import NotesStore, ref_for_item

    store = NotesStore(notes)
    briefing = load_briefing(workspace / "library" / "002_getting_started.txt")
    opened = store.open(briefing)
    hostile = "# *x* | <b>y</b> [l](u) `c`"
    store.set_note(opened, ref_for_item(briefing.annotation.figures[2]), hostile)
    (workspace / "t.j2").write_text(
        "{% for item in items if item.note %}\n"
        "A: {{ item.note }}\n"
        "B: {{ item.note|e }}\n"
        "C: {{ [item.note, item.hashtags]|join(' ; ') }}\n"
        "D: {{ '**' ~ item.note ~ '**' }}\n"
        "E: {{ item.hashtags + item.note }}\n"
        "F: {{ item.note|upper }}\n"
        "G: {{ item.note|safe }}\n"
        "{% endfor %}\n",
        encoding="utf-8",
    )
    code, out, _ = export(capsys, "library", "--template", "t.j2", "--tag", "key")
    assert code == 0
    lines = dict(line.split(": ", 1) for line in out.splitlines() if line[1:3] == ": ")
    escaped = r"\# \*x\* \| \<b\>y\</b\> \[l\](u) \`c\`"
    assert lines["A"] == lines["B"] == escaped
    assert lines["C"] == escaped + " ; #key"
    assert lines["D"] == r"\*\*" + escaped + r"\*\*"
    assert lines["E"] == "#key" + escaped
    assert lines["F"] == escaped.upper()
    assert lines["G"] == hostile
    tokens = parse(lines["A"])
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert [child.type for child in tokens[1].children or []] == ["text"]
    assert plain(tokens[1]) == hostile


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("ok\n{% for x in items %}\n{{ x.text }\n", 3, "unexpected '}'"),
        ("a\nb\n{{ items[0].nonsense }}\n", 3, "has no attribute 'nonsense'"),
        ("{{ undefined_field }}\n", 1, "'undefined_field' is undefined"),
        ("\n{{ items[0].__class__.__mro__ }}\n", 2, "__class__"),
        ("{{ 1 / 0 }}\n", 1, "division by zero"),
    ],
)
def test_template_errors_exit_2_naming_file_and_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], source: str, line: int, message: str
) -> None:
    (workspace / "bad.j2").write_text(source, encoding="utf-8")
    code, out, err = export(capsys, "library", "--template", "bad.j2")
    assert (code, out) == (2, "")
    assert err.startswith(f"briefing export: bad.j2:{line}: template error: ")
    assert message in err and err.count("\n") == 1


LATE_FAILURE = "{% for i in range(30000) %}line {{ i }}\n{% endfor %}{{ 1 / 0 }}\n"


def test_a_template_failing_late_writes_nothing_to_stdout(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Output comes in pieces, but a user template's is printed whole or not at all."""
    (workspace / "late.j2").write_text(LATE_FAILURE, encoding="utf-8")
    code, out, err = export(capsys, "library", "--template", "late.j2")
    assert (code, out) == (2, "")
    assert "division by zero" in err


def test_a_template_failing_late_leaves_the_file_as_it_was(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "late.j2").write_text(LATE_FAILURE, encoding="utf-8")
    (workspace / "out.md").write_text("my notes\n", encoding="utf-8")
    before = files_under(workspace)
    code, _, err = export(capsys, "library", "--template", "late.j2", "-o", "out.md", "--force")
    assert code == 2 and "division by zero" in err
    assert (workspace / "out.md").read_text(encoding="utf-8") == "my notes\n"
    assert files_under(workspace) == before


def test_user_template_may_import_the_item_macros(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "t.j2").write_text(
        '{% import "items.md.j2" as show %}\n'
        "{% for group in groups %}\n"
        "# {{ group.title }}\n\n"
        "{% for section in group.sections %}\n"
        "{{ show.section(section, group) }}\n"
        "{% endfor %}\n"
        "{% endfor %}\n",
        encoding="utf-8",
    )
    code, out, _ = export(capsys, "library", "--template", "t.j2", "--tag", "figure-check")
    assert code == 0
    tokens = parse(out)
    assert sum(1 for t in tokens if t.type == "tr_open") == 2
    assert blocks(tokens, "bullet_list_open")[0].startswith("NATO Secretary-General")
