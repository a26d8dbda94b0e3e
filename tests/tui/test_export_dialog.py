"""The export dialog (e) and quick export (E): preview, writing, overwrite, clipboard."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from textual.widgets import Input, RadioSet, TextArea

from briefing.tui.screens.dialogs import Confirm
from briefing.tui.screens.export import ExportScreen
from briefing.tui.screens.main import MainScreen

from .conftest import AppFactory, settle


async def _open_dialog(pilot) -> ExportScreen:  # type: ignore[no-untyped-def]
    await pilot.press("Q", "1", "e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def test_e_previews_and_writes_the_tagged_items(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        preview = dialog.query_one("#export-preview", TextArea).text
        assert "I would really encourage Europeans" in preview
        assert "#key" in preview
        assert "We can defend ourselves today" not in preview  # not tagged
        target = tmp_path / "out" / "notes.md"
        target.parent.mkdir()
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        written = target.read_text()
        tokens = MarkdownIt().parse(written)
        assert any(t.type == "blockquote_open" for t in tokens)
        assert "I would really encourage Europeans" in written
        # Links are relative to the file written.
        assert "](../library/001_nato_rutte_defence_spending.txt#char=" in written
        assert any(str(target) in n.message for n in app._notifications)
        assert app.state.export["folder"] == str(target.parent)


async def test_grouping_and_every_item_change_the_preview(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        group = dialog.query_one("#export-group", RadioSet)
        group.query("RadioButton")[1].value = True  # by tag
        await settle(pilot)
        assert "## #key" in dialog.query_one("#export-preview", TextArea).text
        await pilot.click("#export-all")
        await settle(pilot)
        assert "We can defend ourselves today" in dialog.query_one("#export-preview", TextArea).text


async def test_writing_over_a_file_asks_first(make_app: AppFactory, tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("mine\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text() == "mine\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "I would really encourage Europeans" in target.read_text()


async def test_copy_puts_the_markdown_on_the_clipboard(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        text = dialog.text
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard == text and "#key" in text
        assert isinstance(app.screen, MainScreen)


async def test_missing_folder_is_reported_not_created(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        dialog.query_one("#export-path", Input).value = str(tmp_path / "nope" / "x.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "no such folder" in str(dialog.query_one("#export-status").render())
        assert not (tmp_path / "nope").exists()


async def test_E_exports_the_briefing_without_a_dialog(
    make_app: AppFactory, isolated_user_dirs: Path
) -> None:
    documents = isolated_user_dirs / "Documents"
    documents.mkdir()
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("Q", "1", "E")
        await pilot.pause()
        (written,) = documents.glob("briefing-001_nato_rutte_defence_spending-*.md")
        assert "I would really encourage Europeans" in written.read_text()
        await pilot.press("E")  # the same name again: asks before replacing
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_long_export_path_shows_its_file_name(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    app.state.export["folder"] = str(tmp_path / ("a-rather-long-folder-name-" * 4))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot)
        await pilot.pause()
        path = dialog.query_one("#export-path", Input)
        shown = "".join(segment.text for segment in path.render_line(0)).rstrip()
        assert shown.endswith(".md")  # the end of the path, not its start, is in view
        scopes = dialog.query_one("#export-scope", RadioSet)
        scopes.query("RadioButton")[1].value = True  # another scope: another file name
        await settle(pilot)
        shown = "".join(segment.text for segment in path.render_line(0)).rstrip()
        assert "briefing-notes" in shown and shown.endswith(".md")
