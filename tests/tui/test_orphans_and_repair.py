"""Tags that an article edit left without a place (Ctrl+O), and repairing unreadable notes."""

from __future__ import annotations

from pathlib import Path

from briefing.anchoring import sentences
from briefing.library import load_briefing
from briefing.notes import NotesStore, ref_for_sentence
from briefing.tui.screens.dialogs import Confirm
from briefing.tui.screens.main import MainScreen
from briefing.tui.screens.tagged import OrphansScreen

from .conftest import AppFactory, settle

SEED = "001_nato_rutte_defence_spending.txt"
SENTENCE = "Rutte stressed that the US remains fully committed to the alliance"


def main(app) -> MainScreen:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def tag_sentence(tmp_path: Path, library: Path) -> None:
    briefing = load_briefing(library / SEED)
    assert briefing.article is not None
    span = next(
        s
        for s in sentences(briefing.article)
        if briefing.article.body[s.start : s.end].startswith(SENTENCE)
    )
    store = NotesStore(tmp_path / "notes")
    store.add_tag(store.open(briefing), ref_for_sentence(briefing.article, span), "question")


async def test_rewritten_sentence_is_an_orphan_the_reader_accepts(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    tag_sentence(tmp_path, library)
    article = library / SEED
    article.write_text(
        article.read_text().replace(
            "Rutte stressed that the US remains fully committed to the alliance, including "
            "commitment to Article 5,",
            "Rutte said Washington was still committed to the alliance and to Article 5,",
        )
    )
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert any("lost their place" in (n.title or "") for n in app._notifications)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, OrphansScreen)
        (orphan,) = app.screen.orphans
        assert orphan.candidate is not None
        assert orphan.candidate.exact.startswith("Rutte said Washington")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        notes = main(app).notes
        assert notes is not None and notes.orphans() == []
    fresh = NotesStore(tmp_path / "notes").open(load_briefing(article))
    (record,) = fresh.records.values()
    assert record.tags == ["question"] and not record.orphan
    assert record.text.startswith("Rutte said Washington")


async def test_repair_keeps_a_backup_and_starts_afresh(
    make_app: AppFactory, tmp_path: Path, library: Path
) -> None:
    tag_sentence(tmp_path, library)
    (notes_file,) = (tmp_path / "notes").glob("*.yaml")
    broken = b"records: [this is not closed\n"
    notes_file.write_bytes(broken)
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        main(app).action_repair_notes()
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        backups = [p for p in notes_file.parent.iterdir() if p.name.endswith(".bak")]
        assert len(backups) == 1 and backups[0].read_bytes() == broken
        assert any(str(backups[0]) in n.message for n in app._notifications)
        await pilot.press("Q", "1")  # the notes work again
        assert notes_file.read_bytes() != broken
