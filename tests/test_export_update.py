"""``--update``: items refreshed, added and marked removed inside their markers; every line the
reader wrote outside them kept byte for byte; ``--dry-run`` shows the diff and writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_export_support import NATO, export, parse, tagged_workspace

from briefing.exporting.update import REMOVED_LINE, Region, UpdateProblem, merge
from briefing.exporting.update import parse as parse_tree
from briefing.library import load_briefing
from briefing.notes import NotesStore, ref_for_item


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return tagged_workspace(tmp_path, monkeypatch)


def edit(path: Path) -> list[str]:
    """Edit an export as a reader would; return the lines they wrote (with line endings)."""
    text = path.read_text(encoding="utf-8")
    mine = [
        "aliases: [march-brief]\n",  # front matter
        "My summary of the week, written by hand.\n",  # under the title
        "\n",
        "> my blockquote, with a [link](https://example.org) and a ^my-block\n",  # after a quote
        "- my own list item\n",  # after the figures table's group
        "## My conclusions\n",  # at the end
        "Spend more on air defence.   \n",  # trailing spaces kept
    ]
    text = text.replace("title: Briefing notes\n", "title: Briefing notes\n" + mine[0], 1)
    text = text.replace("# Briefing notes\n", "# Briefing notes\n\n" + "".join(mine[1:3]), 1)
    quote_end = text.index("<!-- /briefing:item -->\n", text.index("^q-ae2d96a7")) + 24
    text = text[:quote_end] + mine[3] + text[quote_end:]
    table_end = text.index("<!-- /briefing:group -->\n", text.index("| --- |")) + 25
    text = text[:table_end] + mine[4] + text[table_end:]
    text += "\n" + "".join(mine[5:])
    path.write_text(text, encoding="utf-8")
    return mine


def change_notes(workspace: Path) -> None:
    """Change the note on one item, tag a new one, untag another."""
    store = NotesStore(workspace / "notes")
    nato = load_briefing(workspace / "library" / NATO)
    opened = store.open(nato)
    quotes, figures = nato.annotation.quotes, nato.annotation.figures
    store.set_note(opened, ref_for_item(quotes[0]), "Lead with this, updated.")
    store.add_tag(opened, ref_for_item(figures[2]), "air-defence")  # new: 400%
    store.add_tag(opened, ref_for_item(quotes[1]), "key")  # new: the second quote
    store.remove_tag(opened, ref_for_item(quotes[3]), "ukraine")  # removed: Ruginiene


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    iterator = iter(whole)
    return all(line in iterator for line in part)


def free_lines(text: str) -> list[str]:
    """The lines outside every item marker (the reader's and the export's structure)."""
    inside, out = False, []
    for line in text.splitlines(keepends=True):
        if re.match(r"^<!-- briefing:item ", line):
            inside = True
        if not inside and not line.startswith("| <!-- briefing:item"):
            out.append(line)
        if line.startswith("<!-- /briefing:item -->"):
            inside = False
    return out


def test_update_keeps_the_readers_lines_and_refreshes_items(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = workspace / "notes.md"
    assert export(capsys, "library", "-o", "notes.md")[0] == 0
    mine = edit(target)
    edited = target.read_text(encoding="utf-8")
    change_notes(workspace)

    code, out, err = export(capsys, "library", "-o", "notes.md", "--update")
    assert (code, out, err) == (0, "", "briefing export: wrote notes.md\n")
    updated = target.read_text(encoding="utf-8")

    # Every line outside the markers survives, in order, byte for byte.
    assert is_subsequence(free_lines(edited), updated.splitlines(keepends=True))
    for line in mine:
        assert line in updated.splitlines(keepends=True)
    assert "Spend more on air defence.   \n" in updated
    # The reader's line stays right after the item it followed.
    assert re.search(
        r"\^q-ae2d96a7\n\n\*Annotation:\*.*?\n\n\*\*Note:\*\* Lead with this, updated\.\n"
        r"<!-- /briefing:item -->\n> my blockquote",
        updated,
        re.DOTALL,
    )
    assert "Lead the brief with this." not in updated
    # Added: the second quote after the first (and the reader's line after it), the 400% row
    # in the table right after the 5.4% row.
    assert re.search(
        r"> my blockquote.*\n<!-- briefing:item q-5842a6dd -->\n> This is what the US wanted",
        updated,
    )
    rows = [line for line in updated.splitlines() if line.startswith("| <!--")]
    assert [re.search(r"item ([\w-]+)", row)[1] for row in rows] == [  # type: ignore[index]
        "f-47d8a967", "f-e58546e6", "f-d8534dbe",
    ]  # fmt: skip
    # Removed: still there, marked, with its text.
    removed = updated.index("<!-- briefing:item q-3b5500d8 removed -->\n")
    assert updated[removed:].split("\n", 3)[1:3] == [REMOVED_LINE, ""]
    assert "> Stopping this kind of support is not acceptable for us." in updated
    # The front matter's own keys are refreshed, the reader's kept.
    front = updated[: updated.index("\n---\n", 3)]
    assert "aliases: [march-brief]" in front and "- key\n" in front
    # And it is still one valid document: the export's structure parses as before.
    tokens = parse(updated)
    assert sum(1 for t in tokens if t.type == "table_open") == 2
    assert sum(1 for t in tokens if t.type == "tr_open") == 2 + 3


def test_update_twice_changes_nothing(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert export(capsys, "library", "-o", "notes.md")[0] == 0
    edit(workspace / "notes.md")
    change_notes(workspace)
    assert export(capsys, "library", "-o", "notes.md", "--update")[0] == 0
    once = (workspace / "notes.md").read_bytes()
    code, out, err = export(capsys, "library", "-o", "notes.md", "--update", "--dry-run")
    assert (code, out, err) == (0, "", "briefing export: notes.md: no changes\n")
    assert export(capsys, "library", "-o", "notes.md", "--update")[0] == 0
    assert (workspace / "notes.md").read_bytes() == once


def test_removed_items_come_back(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert export(capsys, "library", "-o", "notes.md")[0] == 0
    store = NotesStore(workspace / "notes")
    nato = load_briefing(workspace / "library" / NATO)
    ruginiene = ref_for_item(nato.annotation.quotes[3])
    store.remove_tag(store.open(nato), ruginiene, "ukraine")
    assert export(capsys, "library", "-o", "notes.md", "--update")[0] == 0
    assert "q-3b5500d8 removed" in (workspace / "notes.md").read_text(encoding="utf-8")
    store.add_tag(store.open(nato), ruginiene, "ukraine")
    assert export(capsys, "library", "-o", "notes.md", "--update")[0] == 0
    text = (workspace / "notes.md").read_text(encoding="utf-8")
    assert "<!-- briefing:item q-3b5500d8 -->\n> Stopping" in text and REMOVED_LINE not in text


def test_dry_run_update_prints_the_diff_and_writes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = workspace / "notes.md"
    assert export(capsys, "library", "-o", "notes.md")[0] == 0
    edit(target)
    before = target.read_bytes()
    change_notes(workspace)
    code, out, _ = export(capsys, "library", "-o", "notes.md", "--update", "--dry-run")
    assert code == 0
    assert out.startswith("--- notes.md\n+++ notes.md\n@@ ")
    assert "-**Note:** Lead the brief with this.\n" in out
    assert "+**Note:** Lead with this, updated.\n" in out
    assert "+<!-- briefing:item q-3b5500d8 removed -->\n" in out
    assert not any(line.startswith("-") and "my own" in line for line in out.splitlines())
    assert target.read_bytes() == before


def test_update_creates_a_missing_file(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert export(capsys, "library", "-o", "new.md", "--update")[0] == 0
    assert (workspace / "new.md").read_text(encoding="utf-8").startswith("---\n")


ITEM_CLOSE, GROUP_CLOSE = "<!-- /briefing:item -->\n", "<!-- /briefing:group -->\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (ITEM_CLOSE, "", "item 'b-4cd1a191/head' is never closed"),
        (GROUP_CLOSE, "", "group 'b-4cd1a191' is never closed"),
        ("# Briefing notes\n", "# Briefing notes\n" + GROUP_CLOSE,
         "a group is closed that was never opened"),
        ("item s-47d3a247 -->", "item -->", "a briefing marker out of place or altered"),
    ],
)  # fmt: skip
def test_damaged_markers_refuse_to_update(
    workspace: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    target = workspace / "notes.md"
    assert export(capsys, "library", "-o", "notes.md")[0] == 0
    damaged = target.read_text(encoding="utf-8").replace(old, new, 1)
    target.write_text(damaged, encoding="utf-8")
    code, out, err = export(capsys, "library", "-o", "notes.md", "--update")
    assert (code, out) == (1, "")
    assert re.fullmatch(
        rf"briefing export: notes\.md:\d+: cannot update: {re.escape(message)} "
        r"\(fix it, or use --force to replace the file\)\n",
        err,
    )
    assert target.read_text(encoding="utf-8") == damaged


def test_update_refuses_files_that_are_not_exports(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "diary.md").write_text("# Dear diary\n", encoding="utf-8")
    code, _, err = export(capsys, "library", "-o", "diary.md", "--update")
    assert code == 1 and "no briefing export markers found" in err
    (workspace / "latin1.md").write_bytes(b"caf\xe9\n")
    code, _, err = export(capsys, "library", "-o", "latin1.md", "--update")
    assert code == 1 and "latin1.md: is not UTF-8 text" in err
    assert (workspace / "diary.md").read_text(encoding="utf-8") == "# Dear diary\n"


def test_update_keeps_crlf_lines_and_a_bom(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = workspace / "notes.md"
    assert export(capsys, "library", "-o", "notes.md")[0] == 0
    crlf = "\ufeff" + target.read_text(encoding="utf-8").replace("\n", "\r\n") + "mine\r\n"
    target.write_bytes(crlf.encode("utf-8"))
    change_notes(workspace)
    assert export(capsys, "library", "-o", "notes.md", "--update")[0] == 0
    updated = target.read_bytes().decode("utf-8")
    assert updated.startswith("\ufeff---\r\n") and updated.endswith("\r\nmine\r\n")
    assert "# Briefing notes\r\n" in updated
    assert "**Note:** Lead with this, updated.\r\n" in updated
    assert "\r\n" not in updated.replace("\r\n", "")  # no lone line feeds either


# --- the merge on its own -------------------------------------------------------------------


def doc(*items: str) -> str:
    return "".join(items)


def item(key: str, text: str) -> str:
    return f"<!-- briefing:item {key} -->\n{text}\n<!-- /briefing:item -->\n"


def row(key: str, cells: str) -> str:
    return f"| <!-- briefing:item {key} -->{cells} <!-- /briefing:item --> |\n"


def test_merge_inserts_new_items_beside_their_neighbours() -> None:
    old = doc("# T\n", item("a", "- A"), "mine after a\n", item("c", "- C"), "the end\n")
    new = doc("# T\n", item("a", "- A2"), item("b", "- B"), item("c", "- C"), item("d", "- D"))
    assert merge(old, new) == doc(
        "# T\n", item("a", "- A2"), "mine after a\n", item("b", "- B"), item("c", "- C"),
        "the end\n", item("d", "- D"),
    )  # fmt: skip


def test_merge_places_a_first_item_before_its_successor() -> None:
    old = doc("intro\n", item("b", "- B"))
    new = doc("intro\n", item("a", "- A"), "\n", item("b", "- B"))
    assert merge(old, new) == doc("intro\n", item("a", "- A"), "\n", item("b", "- B"))


def test_merge_keeps_table_rows_together() -> None:
    table = "| V | W |\n| --- | --- |\n"
    old = doc(table, row("f1", "1 | one"), "\n", "after the table\n")
    new = doc(table, row("f1", "1 | uno"), row("f2", "2 | two"), "\n")
    assert merge(old, new) == doc(
        table, row("f1", "1 | uno"), row("f2", "2 | two"), "\n", "after the table\n"
    )
    removed = merge(new, doc(table, row("f2", "2 | two"), "\n"))
    line = "| <!-- briefing:item f1 removed -->*(removed)* 1 | uno <!-- /briefing:item --> |\n"
    assert removed == doc(table, line, row("f2", "2 | two"), "\n")
    region = parse_tree([line])[0]
    assert isinstance(region, Region) and (region.key, region.removed, region.inline) == (
        "f1", True, True,
    )  # fmt: skip
    assert merge(removed, new) == new  # and back


def test_merge_recurses_into_groups_and_adds_new_ones() -> None:
    def group(key: str, *children: str) -> str:
        return f"<!-- briefing:group {key} -->\n{''.join(children)}<!-- /briefing:group -->\n"

    quotes, figures = group("b1/q", item("q1", "> q1")), group("b1/f", item("f1", "- f1"))
    two = group("b2", item("b2/head", "## Two"))
    old = group("b1", item("b1/head", "## One"), "reader inside b1\n", quotes)
    new = doc(group("b1", item("b1/head", "## One!"), quotes, figures), "\n", two)
    assert merge(old, new) == doc(
        group("b1", item("b1/head", "## One!"), "reader inside b1\n", quotes, figures), "\n", two
    )
    gone = merge(new, two)
    assert gone.count(" removed -->") == 3  # every item of b1, at every depth
    assert gone.count("<!-- briefing:group") == 4  # the groups themselves stay


def test_merge_never_lets_escaped_text_pose_as_a_marker() -> None:
    forged = r"\<!-- /briefing:item --\> \| \<!-- briefing:item x --\>"
    old = item("a", f"- {forged}") + row("f", f"{forged} | y")
    tree = parse_tree(old.splitlines(keepends=True))
    assert [(r.key, len(r.lines)) for r in tree if not isinstance(r, str)] == [("a", 3), ("f", 1)]


def test_merge_without_markers_is_refused() -> None:
    with pytest.raises(UpdateProblem, match="no briefing export markers"):
        merge("# notes\n", item("a", "x"))


def test_update_of_a_tag_grouped_export_when_a_tag_is_added(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new tag on an item adds a copy under the new tag's heading; the copies under its
    other tags keep their keys, so nothing is marked removed."""
    assert export(capsys, "library", "--group-by", "tag", "-o", "notes.md")[0] == 0
    store = NotesStore(workspace / "notes")
    nato = load_briefing(workspace / "library" / NATO)
    store.add_tag(store.open(nato), ref_for_item(nato.annotation.quotes[0]), "aardvark")
    assert export(capsys, "library", "--group-by", "tag", "-o", "notes.md", "--update")[0] == 0
    text = (workspace / "notes.md").read_text(encoding="utf-8")
    assert " removed -->" not in text
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[:2] == ["#aardvark", "#air-defence"]
    assert text.count("^q-ae2d96a7-") == 3  # under #aardvark, #key and #nato
