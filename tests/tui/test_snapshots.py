"""Snapshots of the main screens (reviewed by eye before each update: ``--snapshot-update``).

Start, draft, block library and reference browser at 100x40; the draft screen at 80x24
(the preview folds away behind F6) and in the light theme.
"""

from __future__ import annotations

from textual.pilot import Pilot

from pleitbrief.tui.widgets.outline import Outline
from tests.tui.conftest import settle

DRAFT = "open-brief-mobilisatie.yaml"


async def steady(pilot: Pilot[object]) -> None:
    """Everything loaded and no blinking cursor, so two runs draw the same picture."""
    await settle(pilot)
    for outline in pilot.app.screen.query(Outline):
        outline.focus()  # no text cursor in the picture: its blink is timing
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await settle(pilot)


def test_start_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=steady)


def test_draft_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(DRAFT), terminal_size=(100, 40), run_before=steady)


def test_draft_screen_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(DRAFT), terminal_size=(80, 24), run_before=steady)


def test_draft_screen_light(snap_compare, make_app) -> None:
    async def light(pilot: Pilot[object]) -> None:
        pilot.app.theme = "textual-light"
        await steady(pilot)

    assert snap_compare(make_app(DRAFT), terminal_size=(100, 40), run_before=light)


def test_block_library(snap_compare, make_app) -> None:
    async def library(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await steady(pilot)

    assert snap_compare(make_app(DRAFT), terminal_size=(100, 40), run_before=library)


def test_reference_browser(snap_compare, make_app) -> None:
    async def references(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("r")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=references)
