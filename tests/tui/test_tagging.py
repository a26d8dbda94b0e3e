"""Tagging and notes from the keyboard: every key, asserting what the store holds on disk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from briefing.library import load_briefing
from briefing.notes import NotesStore, ref_for_item
from briefing.tui.screens.dialogs import Confirm, NoteEditor, TagPrompt
from briefing.tui.screens.main import MainScreen
from briefing.tui.screens.tagged import TaggedScreen
from briefing.tui.widgets.article_view import ArticleView
from briefing.tui.widgets.item_pane import ItemPane

from .conftest import AppFactory, settle
from .test_hostile_display import screen_text

SEED = "001_nato_rutte_defence_spending.txt"


def stored(tmp_path: Path, library: Path, name: str = SEED) -> dict[str, list[str]]:
    """Tags on disk for one briefing, read by a fresh store: target → tags."""
    notes = NotesStore(tmp_path / "notes").open(load_briefing(library / name))
    return {record.target: record.tags for record in notes.records.values() if record.tags}


def stored_notes(tmp_path: Path, library: Path) -> dict[str, str]:
    notes = NotesStore(tmp_path / "notes").open(load_briefing(library / SEED))
    return {record.target: record.note for record in notes.records.values() if record.note}


def prompt(app, kind: str, index: int) -> str:  # type: ignore[no-untyped-def]
    """The text of one pane row, as drawn."""
    pane = main(app).panes.pane(kind)
    return str(pane.get_option_at_index(index).prompt)


def main(app) -> MainScreen:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def test_digit_toggles_its_tag_and_dot_repeats(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("Q", "1")
        first = main(app).panes.pane("quote").items[0]
        assert stored(tmp_path, library) == {first.id: ["key"]}
        assert "#key" in prompt(app, "quote", 0)
        await pilot.press("j", "full_stop")
        second = main(app).panes.pane("quote").items[1]
        assert stored(tmp_path, library) == {first.id: ["key"], second.id: ["key"]}
        await pilot.press("1")
        assert stored(tmp_path, library) == {first.id: ["key"]}
        await pilot.press("k", "1")
        assert stored(tmp_path, library) == {}


async def test_t_adds_any_tag_with_completion_and_T_removes(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F", "t")
        assert isinstance(app.screen, TagPrompt)
        await pilot.press(*"Budget Line", "enter")
        await pilot.pause()
        figure = main(app).panes.pane("figure").items[0]
        assert stored(tmp_path, library) == {figure.id: ["budget-line"]}
        await pilot.press("2")  # a second tag, so T must ask which
        await pilot.press("j", "t")
        box = app.screen.query_one(Input)
        await pilot.press(*"bud", "right")  # completion from tags already used
        assert box.value == "budget-line"
        await pilot.press("enter")
        await pilot.pause()
        second = main(app).panes.pane("figure").items[1]
        assert stored(tmp_path, library)[second.id] == ["budget-line"]
        await pilot.press("T")  # one tag: removed at once
        assert second.id not in stored(tmp_path, library)
        await pilot.press("k", "T")
        assert isinstance(app.screen, TagPrompt)
        await pilot.press(*"follow-up", "enter")
        await pilot.pause()
        assert stored(tmp_path, library) == {figure.id: ["budget-line"]}


async def test_a_edits_a_note_ctrl_s_saves_escape_confirms(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("I", "a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Ask the EU desk", "enter", *"before Friday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        issue = main(app).panes.pane("issue").items[0]
        assert stored_notes(tmp_path, library) == {issue.id: "Ask the EU desk\nbefore Friday"}
        await pilot.press("a")
        await pilot.press(*" [edited]")
        await pilot.press("escape")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text.endswith("[edited]")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert stored_notes(tmp_path, library) == {issue.id: "Ask the EU desk\nbefore Friday"}


async def test_u_undoes_and_ctrl_r_redoes(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", "3")
        point = main(app).panes.pane("summary").items[0]
        assert stored(tmp_path, library) == {point.id: ["question"]}
        await pilot.press("u")
        assert stored(tmp_path, library) == {}
        assert "#question" not in prompt(app, "summary", 0)
        await pilot.press("ctrl+r")
        assert stored(tmp_path, library) == {point.id: ["question"]}


async def test_v_selects_sentences_and_tags_them_inline(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "v")
        view = app.query_one(ArticleView)
        assert view.sentence_mode and view.cursor is not None
        assert view.cursor.paragraph == 1
        await pilot.press("j", "j")
        assert view.cursor.paragraph == 3  # paragraphs 1 and 2 are one sentence each
        await pilot.press("2")
        notes = NotesStore(tmp_path / "notes").open(load_briefing(library / SEED))
        (record,) = notes.records.values()
        assert record.kind == "sentence" and record.tags == ["follow-up"]
        assert record.text.startswith('"I would really encourage Europeans')
        assert record.selector is not None and record.selector.paragraph == 3
        await pilot.pause()
        assert "#follow-up" in screen_text(app)
        await pilot.press("v")
        assert not view.sentence_mode


async def test_nothing_focused_to_tag_says_so(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("tab", "1")  # the article, not in sentence mode
        await pilot.pause()
        assert stored(tmp_path, library) == {}
        assert any("Nothing to tag" in (n.title or "") for n in app._notifications)


async def test_tagged_view_lists_filters_and_jumps(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("Q", "j", "j", "1", "I", "4")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("F", "5")
        await pilot.press("ctrl+t")
        await pilot.pause()
        tagged = app.screen
        assert isinstance(tagged, TaggedScreen)
        assert len(tagged.shown) == 3
        await pilot.press("f", *"#key")
        assert len(tagged.shown) == 1
        await pilot.press("enter", "enter")
        await settle(pilot)
        screen = main(app)
        assert isinstance(app.screen, MainScreen)
        assert screen.briefing is not None and screen.briefing.path.name == SEED
        view = app.query_one(ArticleView)
        quote = screen.briefing.annotation.quotes[2]
        assert quote.anchor is not None
        line = view.line_of(quote.anchor.start)
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        assert "★2" in screen_text(app)  # the library counts this briefing's tagged items


async def test_library_config_rebinds_digits(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    (library / ".briefing.yaml").write_text("tags:\n  1: urgent\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("Q", "1")
        assert list(stored(tmp_path, library).values()) == [["urgent"]]


async def test_unreadable_notes_stay_untouched(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    store = NotesStore(tmp_path / "notes")
    briefing = load_briefing(library / SEED)
    notes = store.open(briefing)
    store.add_tag(notes, ref_for_item(briefing.annotation.quotes[0]), "key")
    broken = b"records: [unclosed\n"
    notes.path.write_bytes(broken)
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert any("cannot be read" in (n.title or "") for n in app._notifications)
        await pilot.press("Q", "2")
        await pilot.pause()
        assert notes.path.read_bytes() == broken
        assert any("read-only" in (n.title or "") for n in app._notifications)
        assert isinstance(app.focused, ItemPane)
