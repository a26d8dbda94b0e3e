"""The footer shows the focused widget's keys and is rebuilt only when they change."""

from __future__ import annotations

from briefing.tui.widgets.footer import KeysFooter

from .conftest import AppFactory, settle


async def test_footer_follows_focus_and_skips_rebuilds_that_change_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)

        def shown() -> list[str]:
            return [str(getattr(key, "description", "")) for key in footer.query("FooterKey")]

        assert "Filter" in shown() and "Results" not in shown()
        widgets = list(footer.children)
        app.screen.refresh_bindings()  # what Textual does again after every focus change
        await pilot.pause()
        await pilot.pause()
        assert list(footer.children) == widgets  # the very same widgets: not rebuilt
        await pilot.press("f")
        await pilot.pause()
        assert "Results" in shown() and "Filter" not in shown()
        await pilot.press("escape")
        await pilot.pause()
        assert "Filter" in shown() and "Results" not in shown()
