"""Editing a draft: items moved, duplicated, removed, turned into text and back into a new
block; problems that lead to their place; a refused export; the draft changed on disk."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from pleitbrief.tui.livedraft import ItemRef
from pleitbrief.tui.screens.block_source import BlockSourceScreen
from pleitbrief.tui.screens.conflict import ConflictScreen
from pleitbrief.tui.screens.draft import DraftScreen
from pleitbrief.tui.screens.export import ExportScreen
from pleitbrief.tui.screens.save_block import SaveBlockScreen
from pleitbrief.tui.widgets.markdown_area import MarkdownArea
from pleitbrief.tui.widgets.outline import Outline
from pleitbrief.tui.widgets.preview_pane import PreviewPane
from pleitbrief.tui.widgets.problems_panel import ProblemsPanel
from tests.tui.conftest import paste, settle, type_text

DRAFT = "open-brief-mobilisatie.yaml"


def points(path: Path) -> list:
    return list(YAML(typ="rt").load(path.read_text(encoding="utf-8"))["sections"]["points"])


async def go(pilot, ref: ItemRef) -> DraftScreen:
    screen = pilot.app.screen
    screen.query_one(Outline).select(ref)
    await pilot.pause()
    assert screen.current == ref
    return screen


async def test_move_duplicate_remove_keep_comments(make_app, ws: Path) -> None:
    path = ws / "drafts" / DRAFT
    before = [p["block"] for p in points(path)]
    async with make_app(DRAFT).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await go(pilot, ItemRef.item("points", 0))
        await pilot.press("alt+down")
        await settle(pilot)
        assert screen.current == ItemRef.item("points", 1)
        assert [p["block"] for p in points(path)] == [before[1], before[0], before[2]]
        await pilot.press("f7")  # duplicate: the copy is selected
        await pilot.pause()
        assert screen.current == ItemRef.item("points", 2)
        assert len(points(path)) == 3  # not saved yet
        await pilot.press("f8")  # and removed again
        await go(pilot, ItemRef.item("points", 1))
        await pilot.press("alt+up")
        await settle(pilot)
    assert [p["block"] for p in points(path)] == before
    text = path.read_text(encoding="utf-8")
    assert "# Elk punt is een argumentblok uit templates/blocks" in text
    assert "# closing: weggelaten" in text
    assert "vars: {verklaring_datum: 28 december 2022, stopdatum: 31 oktober 2022}" in text


async def test_enter_on_a_block_item_goes_to_its_first_variable(make_app) -> None:
    async with make_app(DRAFT).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await go(pilot, ItemRef.item("points", 1))
        screen.query_one(Outline).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.focused.id == "var-isw_datum"
        await type_text(pilot, "1 mei")  # the value is selected on focus: typing replaces it
        await settle(pilot)
        assert points(screen.path)[1]["vars"]["isw_datum"] == "1 mei"


async def test_block_to_text_and_text_to_new_block(make_app, ws: Path) -> None:
    path = ws / "drafts" / DRAFT
    async with make_app(DRAFT).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await go(pilot, ItemRef.item("points", 0))
        await pilot.press("f4")  # the block becomes text of this letter
        await settle(pilot)
        item = points(path)[0]
        assert "block" not in item
        assert "In de verklaring van 28 december 2022" in item["text"]
        assert "[@ind-verklaring-2022]" in item["text"]
        await pilot.press("f5")  # and that text becomes a new block of the library
        await pilot.pause()
        assert isinstance(pilot.app.screen, SaveBlockScreen)
        await paste(pilot, "Geen decreet, geen einde")
        await pilot.click("#tags")
        await paste(pilot, "mobilisatie, eigen")
        await pilot.press("enter")
        await settle(pilot)
        block_file = ws / "templates" / "blocks" / "mobilisatie" / "geen-decreet-geen-einde.md"
        assert block_file.is_file()
        source = block_file.read_text(encoding="utf-8")
        assert source.startswith("---\ntitle: Geen decreet, geen einde\n")
        assert "tags: [mobilisatie, eigen]" in source
        assert points(path)[0]["block"] == "mobilisatie/geen-decreet-geen-einde"
        assert (
            "In de verklaring van 28 december 2022"
            in pilot.app.screen.query_one(PreviewPane).text()
        )

        # and its source can be edited with the same editor
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BlockSourceScreen)
        area = pilot.app.screen.query_one(MarkdownArea)
        area.move_cursor((area.document.line_count - 1, 0))
        await paste(pilot, "Een zin erbij.\n")
        await pilot.press("ctrl+s", "escape")
        await settle(pilot)
        assert "Een zin erbij." in block_file.read_text(encoding="utf-8")
        assert "Een zin erbij." in pilot.app.screen.query_one(PreviewPane).text()


async def test_problem_goes_to_its_place_and_refuses_export(make_app, ws: Path) -> None:
    async with make_app(DRAFT).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.current == ItemRef.item("intro", 0)
        area = screen.query_one("#text", MarkdownArea)
        area.move_cursor((1, 0))
        await paste(pilot, "Zie [@nos-2022-reservistn]. ")
        await settle(pilot)
        panel = screen.query_one(ProblemsPanel)
        # the core also reports the key once more at the letter template's line (the
        # template's rendered text holds the sections): only the draft's place is ours
        mine = [p for p in panel.problems if p.file == screen.path]
        assert [p.code for p in mine] == ["unknown-citation"]
        assert "did you mean 'nos-2022-reservisten'" in mine[0].message
        await go(pilot, ItemRef.item("points", 2))
        panel.focus()
        panel.highlighted = panel.problems.index(mine[0])
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current == ItemRef.item("intro", 0)
        assert area.has_focus
        assert area.cursor_location == (1, 4)  # at the '[' of the bad citation

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExportScreen)
        pilot.app.screen.query_one("#format").value = "md"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert not (ws / "drafts" / "open-brief-mobilisatie.md").exists()
        assert panel.border_title.startswith("Export refused")
        assert any(n.title == "Export refused" for n in pilot.app._notifications)


async def test_changed_on_disk_reload_theirs_or_keep_mine(make_app, ws: Path) -> None:
    path = ws / "drafts" / DRAFT
    async with make_app(DRAFT).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        area = screen.query_one("#text", MarkdownArea)
        theirs = path.read_text(encoding="utf-8").replace(
            "Wij schrijven u", "Wij (zij) schrijven u"
        )
        path.write_text(theirs, encoding="utf-8")
        screen.check_disk()  # what the app does every second
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConflictScreen)
        await pilot.press("r")
        await settle(pilot)
        assert area.text.startswith("Wij (zij) schrijven u")

        # now both sides change: my edit is waiting for its autosave, theirs lands first
        await type_text(pilot, "X")
        path.write_text(theirs.replace("Wij (zij)", "Zij"), encoding="utf-8")
        await settle(pilot)  # the autosave finds the conflict
        assert isinstance(pilot.app.screen, ConflictScreen)
        await pilot.press("k")
        await settle(pilot)
        assert "XWij (zij) schrijven u" in path.read_text(encoding="utf-8")
        assert not screen.dirty
