"""The other screens and conventions: the command palette has every action, the reference
browser cites and tells where an entry is cited, the start screen counts problems."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.command import CommandPalette

from pleitbrief.check import check_drafts
from pleitbrief.tui.palette import screen_commands
from pleitbrief.tui.screens.draft import DraftScreen
from pleitbrief.tui.screens.export import ExportScreen
from pleitbrief.tui.screens.references import ReferencesScreen
from pleitbrief.tui.screens.start import StartScreen
from pleitbrief.tui.widgets.markdown_area import MarkdownArea
from tests.tui.conftest import paste, settle, type_text, workers_done

DRAFT = "open-brief-mobilisatie.yaml"


def test_every_binding_has_a_tooltip_and_a_palette_command() -> None:
    from pleitbrief.tui.screens.blocks import BlockLibraryScreen
    from pleitbrief.tui.screens.new_draft import NewDraftScreen

    for screen in (
        StartScreen,
        DraftScreen,
        BlockLibraryScreen,
        ReferencesScreen,
        NewDraftScreen,
        ExportScreen,
    ):
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.description and binding.tooltip, (screen, binding.key)


async def test_palette_runs_the_draft_screens_actions(make_app) -> None:
    async with make_app(DRAFT).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        names = {name for name, _help, _run in screen_commands(screen)}
        # the current item is a text: its actions are there, a block's are not
        assert {
            "Save",
            "Blocks",
            "Text",
            "Sources",
            "Export",
            "Preview",
            "Drafts",
            "Move up",
            "Move down",
            "Remove item",
            "Duplicate item",
            "Save text as block",
            "Edit fields",
            "Go to problems",
            "Toggle light/dark theme",
        } <= names
        assert "Turn block into text" not in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        await type_text(pilot, "export")
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_references_cite_and_show_where_cited(make_app) -> None:
    async with make_app(DRAFT).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        area = pilot.app.screen.query_one("#text", MarkdownArea)
        area.move_cursor((0, 0))
        await pilot.press("ctrl+r")
        await pilot.pause()
        refs = pilot.app.screen
        assert isinstance(refs, ReferencesScreen)
        await paste(pilot, "baltic refuge")
        await settle(pilot)
        assert refs.current_key() == "reuters-2022-baltic"
        detail = str(refs.query_one("#entry").content.renderables[0])
        assert "Reuters, 21 September 2022" in detail or "Reuters, 21 september 2022" in detail
        cited = str(refs.query_one("#cited").content)
        assert "kamervragen-mobilisatie" in cited
        assert "europa/baltische-grenzen" in cited
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DraftScreen)
        assert area.text.startswith("[@reuters-2022-baltic]Wij schrijven u")


async def test_start_screen_counts_problems_and_opens_a_draft(make_app, ws: Path) -> None:
    (ws / "drafts" / "kapot.yaml").write_text(
        "template: open-brief\nsections:\n  points:\n    - text: Zie [@bestaat-niet].\n",
        encoding="utf-8",
    )
    async with make_app().run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        start = pilot.app.screen
        assert isinstance(start, StartScreen)
        rows = {row.path.name: row for row in start.rows}
        assert rows["open-brief-mobilisatie.yaml"].errors == 0
        loaded = pilot.app.session.loaded
        expected = check_drafts(loaded, [ws / "drafts" / "kapot.yaml"])
        assert rows["kapot.yaml"].errors == sum(p.is_error for p in expected) == 5
        await pilot.click("#drafts")
        start.query_one("#drafts").move_cursor(row=start.rows.index(rows["kapot.yaml"]))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DraftScreen)
        assert pilot.app.screen.path.name == "kapot.yaml"
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is start
