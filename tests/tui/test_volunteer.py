"""The volunteer's path, by keys and clicks: a new open letter from the template, three
argument blocks, a citation through the autocomplete, a block variable changed, the
letter exported to Markdown and Word, and the saved YAML and the outputs checked."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ruamel.yaml import YAML

from pleitbrief.tui.screens.draft import DraftScreen
from pleitbrief.tui.screens.new_draft import NewDraftScreen
from pleitbrief.tui.screens.start import StartScreen
from pleitbrief.tui.widgets.cite_popup import CitePopup
from pleitbrief.tui.widgets.markdown_area import MarkdownArea
from pleitbrief.tui.widgets.preview_pane import PreviewPane
from pleitbrief.writers import FORMATS
from tests.tui.conftest import paste, settle, type_text


async def fill(pilot, selector: str, text: str) -> None:
    """Click a field, clear it, paste the text."""
    await pilot.click(selector)
    await pilot.press("end", "ctrl+u")
    await paste(pilot, text)


async def insert_block(pilot, query: str) -> None:
    await pilot.press("ctrl+b")
    await pilot.pause()
    await paste(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


async def export(pilot, fmt: str, ws: Path) -> Path:
    await pilot.press("ctrl+o")
    await pilot.pause()
    dialog = pilot.app.screen
    dialog.query_one("#format").value = fmt
    await pilot.pause()
    path = Path(dialog.query_one("#path").value)
    await pilot.press("ctrl+o")
    await settle(pilot)
    return path


def load_yaml(path: Path):
    return YAML(typ="rt").load(path.read_text(encoding="utf-8"))


async def test_new_letter_blocks_citation_variable_export(make_app, ws: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert len(app.screen.rows) == 2

        # a new letter from the open-letter template, through the form of its fields
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen)
        assert app.screen.template.name == "open-brief"
        await fill(pilot, "#field-addressee", "de Staatssecretaris van Justitie en Veiligheid")
        await fill(pilot, "#field-subject", "Asiel voor dienstweigeraars")
        await fill(pilot, "#field-date", "2023-02-31")  # no such day: the form says so
        await fill(pilot, "#name", "mijn-brief")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewDraftScreen)
        assert "date like" in str(app.screen.query_one("#error-date").content)
        assert "required" in str(app.screen.query_one("#error-place").content)
        await fill(pilot, "#field-date", "2023-02-01")
        await fill(pilot, "#field-place", "Amsterdam")
        await fill(pilot, "#field-signatories", "Stichting Free Russia NL; Jan Jansen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        path = ws / "drafts" / "mijn-brief.yaml"
        assert screen.path == path.resolve()

        # three argument blocks into the numbered points
        await pilot.click("#outline")
        await pilot.press("home", "down", "down")  # Fields, Inleiding, Argumenten
        await pilot.pause()
        assert screen.current.section == "points"
        await insert_block(pilot, "decreet")
        await insert_block(pilot, "mobilisatie gaat door")
        await insert_block(pilot, "baltische grenzen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        points = load_yaml(path)["sections"]["points"]
        assert [item["block"] for item in points] == [
            "mobilisatie/geen-decreet",
            "mobilisatie/mobilisatie-gaat-door",
            "europa/baltische-grenzen",
        ]

        # a text of our own, citing through the autocomplete
        await pilot.press("ctrl+n")
        await pilot.pause()
        area = screen.query_one("#text", MarkdownArea)
        assert area.has_focus
        await paste(pilot, "Ook de NOS meldde drukte aan de grenzen ")
        await type_text(pilot, "[@nos")
        await pilot.pause()
        popup = screen.query_one(CitePopup)
        assert popup.has_class("-shown")
        assert popup.keys[0] == "nos-2022-reservisten"
        shown = str(popup.get_option_at_index(0).prompt)
        assert "NOS, 22 september 2022" in shown  # the footnote it would make
        await pilot.press("enter")
        await type_text(pilot, ".")
        assert area.text == "Ook de NOS meldde drukte aan de grenzen [@nos-2022-reservisten]."
        assert not popup.has_class("-shown")

        # a block's variable, through its form
        await pilot.click("#outline")
        await pilot.press("home", "down", "down", "down")  # the first point
        await pilot.pause()
        assert screen.current.index == 0
        await fill(pilot, "#var-verklaring_datum", "5 januari 2023")
        await settle(pilot)
        preview = screen.query_one(PreviewPane).text()
        assert "In de verklaring van 5 januari 2023" in preview
        assert "NOS, 22 september 2022" in preview

        # saved by itself, comments of the new draft kept
        saved = load_yaml(path)
        assert saved["fields"]["place"] == "Amsterdam"
        assert str(saved["fields"]["date"]) == "2023-02-01"
        assert list(saved["fields"]["signatories"]) == ["Stichting Free Russia NL", "Jan Jansen"]
        points = saved["sections"]["points"]
        assert points[0]["vars"] == {"verklaring_datum": "5 januari 2023"}
        assert points[3]["text"].startswith("Ook de NOS meldde drukte")
        written = path.read_text(encoding="utf-8")
        assert "# Aan (geadresseerde) (verplicht)" in written
        assert "\n  place: Amsterdam\n" in written  # plain, as a person writes it

        # export: Markdown with real footnotes, Word when its writer is there
        md = await export(pilot, "md", ws)
        text = md.read_text(encoding="utf-8")
        assert "Open brief aan de Staatssecretaris van Justitie en Veiligheid" in text
        assert "1. In de verklaring van 5 januari 2023" in text
        assert "4. Ook de NOS meldde drukte aan de grenzen.[^" in text
        assert "NOS, 22 september 2022, «Eerste Russische reservisten" in text
        assert "[^1]: " in text
        assert any("Wrote drafts/mijn-brief.md" in n.message for n in app._notifications)
        if "docx" in FORMATS:
            docx = await export(pilot, "docx", ws)
            with zipfile.ZipFile(docx) as archive:
                footnotes = archive.read("word/footnotes.xml").decode("utf-8")
            assert "NOS, 22 september 2022" in footnotes
