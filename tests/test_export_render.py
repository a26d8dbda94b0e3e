"""The export of the sample library with a fixed notes store: golden files, structure, links,
filters and groupings. ``BRIEFING_UPDATE_GOLDEN=1 pytest tests/test_export_render.py`` rewrites
the golden files after a deliberate change (review the diff before committing)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from test_export_support import (
    GUIDE,
    NATO,
    SENTENCE,
    blocks,
    body,
    copy_sample,
    export,
    parse,
    plain,
    tagged_workspace,
)

from briefing.anchoring import fold_needle
from briefing.yamlio import parse as parse_yaml

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return tagged_workspace(tmp_path, monkeypatch)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"export differs from {path}"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("export_default.md", []),
        ("export_by_tag.md", ["--group-by", "tag"]),
        ("export_all_by_section.md", ["--all", "--group-by", "section"]),
    ],
)
def test_golden_exports(
    workspace: Path, capsys: pytest.CaptureFixture[str], name: str, options: list[str]
) -> None:
    code, out, err = export(capsys, "library", *options)
    assert (code, err) == (0, "")
    check_golden(name, out)


def test_golden_export_to_a_file_links_articles_relative_to_it(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "out").mkdir()
    code, out, err = export(capsys, "library", "--tag", "key", "-o", "out/notes.md")
    assert (code, out) == (0, "")
    assert "wrote out/notes.md" in err
    text = (workspace / "out" / "notes.md").read_text(encoding="utf-8")
    check_golden("export_to_file.md", text)
    assert "](../library/001_nato_rutte_defence_spending.txt#char=" in text


def test_front_matter_fields(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = export(capsys, "library", "--tag", "key", "--since", "2026-02-01")
    front = parse_yaml(out[4 : out.index("\n---\n", 3) + 1], Path("front"))
    assert front is not None
    fields = {key: value.value for key, value in front.value.items()}
    assert (
        fields["title"]
        == "Rutte urges Europe to deliver on defence spending rather than question the US role"
    )
    assert fields["exported"] == "2026-03-01T09:30:00+00:00"
    assert fields["briefings"] == "1"
    tags = [tag.value for tag in fields["tags"]]
    assert "key" in tags and "nato" in tags and "figure-check" not in tags
    filters = {key: value.value for key, value in fields["filters"].items()}
    assert filters["scope"] == "tagged"
    assert [t.value for t in filters["tags"]] == ["key"]
    assert filters["since"] == "2026-02-01"


def test_default_export_structure(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = export(capsys, "library")
    tokens = parse(body(out))
    headings = [
        (token.tag, plain(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    assert headings[0] == ("h1", "Briefing notes")
    assert [text for tag, text in headings if tag == "h2"] == [
        "Rutte urges Europe to deliver on defence spending rather than question the US role "
        "(2026-02-26)",
        "Getting started with briefing (2026-01-05)",
    ]
    assert [text for tag, text in headings if tag == "h3"] == [
        "Summary", "Quotes", "Figures", "Open issues", "Dates", "Tagged passages",
        "Summary", "Quotes", "Figures",
    ]  # fmt: skip
    quotes = blocks(tokens, "blockquote_open")
    assert len(quotes) == 4  # three quotes and one tagged sentence
    assert quotes[0].endswith("— Mark Rutte, NATO Secretary-General (¶3) #key #nato ^q-ae2d96a7")
    assert SENTENCE in quotes[2] and quotes[2].endswith("(¶4) #us-commitment ^sentence-c6c9649b")
    rows = [token for token in tokens if token.type == "tr_open"]
    assert len(rows) == 4  # two tables: a header row and one tagged figure each
    cells = [plain(t) for t in tokens if t.type == "inline"]
    assert (
        "5.4%" in cells and "Check against NATO's own estimate. #figure-check ^f-47d8a967" in cells
    )
    items = blocks(tokens, "list_item_open")
    assert any(
        i.startswith("[x] Will Hungary lift its block on the EU loan to Ukraine? #hungary ^i-f4a6")
        for i in items
    )
    assert any(i.startswith("[ ] What is Rutte doing") and "(watching)" in i for i in items)
    notes = [p for p in blocks(tokens, "paragraph_open") if p.startswith("Note:")]
    assert "Note: Lead the brief with this." in notes and "Note: A note without a tag." in notes


def test_links_select_the_cited_characters(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every ``[¶N](FILE#char=START,END)`` link selects, in the article file, what it cites."""
    _, out, _ = export(capsys, "library", "--all")
    links = re.findall(r"\[¶(\d+)\]\(([^)#]+)#char=(\d+),(\d+)\)", out)
    assert len(links) == 6 + 9 + 2 + 1  # quotes, figures, dates and the tagged sentence
    for _, path, start, end in links:
        assert 0 <= int(start) < int(end) <= len((workspace / path).read_text(encoding="utf-8"))

    def cited(pattern: str) -> str:
        found = re.search(pattern + r".*?\]\(([^)#]+)#char=(\d+),(\d+)\)", out, re.DOTALL)
        assert found is not None, pattern
        text = (workspace / found[1]).read_text(encoding="utf-8")
        return text[int(found[2]) : int(found[3])]

    quote = fold_needle(cited("> I would really encourage"))
    assert quote.startswith("I would really encourage Europeans")
    assert quote.endswith("anchors the United States even more into NATO")
    assert cited(r"f-d8534dbe -->100%") == "100%"
    assert cited(r"f-144a3b30 -->2, 4, 6 years") == "2, 4, 6 years"
    assert cited(r"> Rutte stressed").startswith(SENTENCE)
    assert cited(r"- on Thursday") == "on Thursday"


def test_all_exports_every_item(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, tagged, _ = export(capsys, "library")
    _, everything, _ = export(capsys, "library", "--all")
    assert len(blocks(parse(body(tagged)), "blockquote_open")) == 4
    # 4 + 2 quotes of the two briefings, 1 tagged sentence; 6 + 3 figures; 6 + 3 issues.
    tokens = parse(body(everything))
    assert len(blocks(tokens, "blockquote_open")) == 7
    assert sum(1 for t in tokens if t.type == "tr_open") == 9 + 2
    assert sum(1 for i in blocks(tokens, "list_item_open") if i.startswith(("[ ]", "[x]"))) == 9
    assert "scope: all" in everything


def test_tag_filter_keeps_items_with_any_given_tag(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = export(capsys, "library", "--tag", "key", "--tag", "Hungary")
    assert code == 0
    ids = re.findall(r"\^([\w-]+)", body(out))
    summaries = ["s-47d3a247", "s-863cc392", "s-ce5e8413", "s-dc43e691"]  # always, as context
    guide = ["s-42156c6d", "s-aa5b44c5", "s-f1b237eb", "s-3929d337"]
    assert ids == [*summaries, "q-ae2d96a7", "i-f4a6093c", *guide, "f-d8534dbe"]


def test_date_filters(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The NATO briefing is dated 2026-02-26, the guide 2026-01-05; today is 2026-03-01."""
    titles = {
        "since": ("--since", "last week"),
        "until": ("--until", "2026-01-31"),
        "both": ("--since", "2026-01-05", "--until", "5 January 2026"),
    }
    found = {}
    for name, options in titles.items():
        code, out, _ = export(capsys, "library", *options)
        assert code == 0
        found[name] = re.findall(r"^## (.+)$", body(out), re.MULTILINE)
    assert found["since"] == [
        "Rutte urges Europe to deliver on defence spending rather than question the US role "
        "(2026-02-26)"
    ]
    assert found["until"] == found["both"] == ["Getting started with briefing (2026-01-05)"]
    code, _, err = export(capsys, "library", "--since", "2026-03-02")
    assert code == 1 and "nothing to export" in err


def test_group_by_tag(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = export(capsys, "library", "--group-by", "tag")
    tokens = parse(body(out))
    h2 = [plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.tag == "h2" and t.nesting == 1]
    assert h2 == ["#air-defence", "#figure-check", "#hungary", "#key", "#nato", "#timeline",
                  "#ukraine", "#us-commitment", "Untagged"]  # fmt: skip
    # The first quote is tagged key and nato: it appears under both, each copy's block id
    # naming its tag.
    assert "#key #nato ^q-ae2d96a7-key\n" in out and "#key #nato ^q-ae2d96a7-nato\n" in out
    # Grouped away from its briefing, each item says where it comes from.
    cells = [plain(t) for t in tokens if t.type == "inline"]
    assert "· Getting started with briefing, 2026-01-05 #key ^f-d8534dbe-key" in cells


def test_an_item_in_two_briefings_gets_a_key_per_briefing(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same quote in two briefings has the same content id; its keys name the briefing,
    so they do not depend on which briefing comes first."""
    library = workspace / "library"
    copy = library / "003_copy.txt"
    copy.write_text(
        (library / NATO).read_text(encoding="utf-8").replace("2026-02-26", "2026-02-27", 1),
        encoding="utf-8",
    )
    copy.with_suffix(".yaml").write_text(
        (library / NATO).with_suffix(".yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _, out, _ = export(capsys, "library", "--all")
    ids = re.findall(r"\^([\w-]+)\n", out)
    assert len(ids) == len(set(ids))
    assert "q-ae2d96a7-b-4cd1a191" in ids and "q-ae2d96a7-b-dd085660" in ids
    assert "q-5684fd47" in ids  # only in the guide: a plain key


def test_group_by_section(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = export(capsys, "library", "--all", "--group-by", "section")
    tokens = parse(body(out))
    h2 = [plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.tag == "h2" and t.nesting == 1]
    assert h2 == ["Summary", "Quotes", "Figures", "Open issues", "Dates", "Tagged passages"]
    assert not any(t.tag == "h3" for t in tokens)
    assert sum(1 for t in tokens if t.type == "table_open") == 1  # all figures in one table


def test_no_briefings_no_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty notes store exports nothing by default (exit 1) and everything with --all."""
    library = copy_sample(tmp_path)
    code, out, err = export(capsys, str(library), notes=str(tmp_path / "none"))
    assert (code, out) == (1, "")
    assert err == "briefing export: nothing to export: no tagged or noted items match\n"
    assert not (tmp_path / "none").exists()  # reading the store creates nothing
    code, out, _ = export(capsys, str(library), "--all", notes=str(tmp_path / "none"))
    assert code == 0 and out.startswith("---\n")


def test_tagged_items_gone_from_the_briefing_are_still_exported(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tag is the reader's work: when the quote it was on leaves the annotation, or the
    tagged sentence leaves the article, the export keeps it and says so."""
    library = workspace / "library"
    annotation = (library / NATO).with_suffix(".yaml")
    text = annotation.read_text(encoding="utf-8")
    gone = "text: Stopping this kind of support is not acceptable for us."
    assert gone in text
    annotation.write_text(text.replace(gone, "text: Support must go on."), encoding="utf-8")
    article = library / NATO
    body_text = article.read_text(encoding="utf-8")
    start = body_text.index(SENTENCE)
    end = body_text.index("\n", start)
    article.write_text(body_text[:start] + "Something else entirely." + body_text[end:])
    _, out, _ = export(capsys, "library", "--tag", "ukraine", "--tag", "us-commitment")
    quotes = blocks(parse(body(out)), "blockquote_open")
    assert any(
        q.startswith("Stopping this kind of support is not acceptable for us.")
        and "(no longer in the briefing) #ukraine ^q-3b5500d8" in q
        for q in quotes
    )
    assert any(
        q.startswith(SENTENCE) and "(no longer in the briefing) #us-commitment" in q for q in quotes
    )


def test_a_sentence_edited_since_tagging_is_quoted_as_it_is_now(tmp_path: Path) -> None:
    """Fuzzy re-anchoring moves the tag to the edited sentence; the export quotes the new words
    at the new place rather than the words as they were when tagged."""
    from briefing.anchoring import sentences
    from briefing.export import ExportOptions, export_text
    from briefing.library import load_briefing
    from briefing.notes import NotesStore, ref_for_sentence

    library = tmp_path / "library"
    shutil.copytree(Path(__file__).resolve().parent.parent / "briefings", library)
    article_path = library / "001_nato_rutte_defence_spending.txt"
    briefing = load_briefing(article_path)
    assert briefing.article is not None
    old = "Rutte stressed that the US remains fully committed to the alliance"
    span = next(
        s for s in sentences(briefing.article) if briefing.article.body[s.start :].startswith(old)
    )
    store = NotesStore(tmp_path / "notes")
    store.add_tag(store.open(briefing), ref_for_sentence(briefing.article, span), "disputed")
    article_path.write_text(
        article_path.read_text().replace(
            old, "Rutte stressed that the US remains firmly committed to the alliance"
        )
    )
    edited = load_briefing(article_path)
    notes = NotesStore(tmp_path / "notes").open(edited)
    text = export_text([(edited, notes)], ExportOptions())
    assert "Rutte stressed that the US remains firmly committed" in text
    assert "Rutte stressed that the US remains fully committed" not in text


def test_items_not_found_in_the_article_say_so(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quote or date mention the article does not hold has no ¶ link but says why; a figure
    has "—" in its Where column."""
    annotation = (workspace / "library" / GUIDE).with_suffix(".yaml")
    annotation.write_text(
        "quotes:\n  - speaker: Nobody\n    text: Words the article never says.\n"
        "figures:\n  - value: 12345 widgets\n    label: made up\n"
        "dates:\n  - text: on a day never mentioned\n    date: 2026-01-02\n",
        encoding="utf-8",
    )
    code, out, _ = export(capsys, str(workspace / "library" / GUIDE), "--all")
    assert code == 0
    lines = out.splitlines()
    assert "> — Nobody (not found in the article) ^q-" in "\n".join(lines)
    assert any(
        line.startswith("- on a day never mentioned → 2026-01-02 (not found in the article) ^d-")
        for line in lines
    )
    assert any(line.startswith("| ") and "12345 widgets | made up | — |" in line for line in lines)
