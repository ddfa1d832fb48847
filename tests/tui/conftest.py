"""TUI tests: the app on a temporary copy of the example campaign, driven by keys and clicks."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from pleitbrief.tui.app import PleitbriefApp
from pleitbrief.workspace import load_workspace
from tests.conftest import REPO

FIXED_TIME = 1_673_344_800  # 2023-01-10 10:00 UTC: the start screen's "Changed" column


def copy_example(target: Path) -> Path:
    """The repository's example workspace, copied (tests never touch the repository)."""
    target.mkdir(parents=True)
    shutil.copy(REPO / "pleitbrief.toml", target / "pleitbrief.toml")
    for folder in ("references", "templates", "drafts"):
        shutil.copytree(
            REPO / folder,
            target / folder,
            ignore=shutil.ignore_patterns("*.md.bak", "*.docx", "*.mine"),
        )
    for draft in (target / "drafts").iterdir():
        if draft.suffix != ".yaml":
            draft.unlink()  # exports someone left beside the drafts
        else:
            os.utime(draft, (FIXED_TIME, FIXED_TIME))
    return target


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "ws")


@pytest.fixture
def make_app(ws: Path):
    def make(draft: str | None = None) -> PleitbriefApp:
        path = ws / "drafts" / draft if draft else None
        return PleitbriefApp(load_workspace(ws), path)

    return make


async def workers_done(app: App[object]) -> None:
    """Every worker finished. A worker cancelled by a newer one of its exclusive group (a
    preview started twice) makes ``wait_for_complete`` raise; that one is done too."""
    while True:
        try:
            return await app.workers.wait_for_complete()
        except WorkerCancelled:
            await asyncio.sleep(0.01)  # until the cancelled one has left the list


async def settle(pilot: Pilot[object]) -> None:
    """Let the app finish: debounced work now, then every worker, then the messages."""
    from pleitbrief.tui.screens.draft import DraftScreen

    for _ in range(3):
        await pilot.pause()
        for screen in pilot.app.screen_stack:
            if isinstance(screen, DraftScreen):
                screen.settle()
        await workers_done(pilot.app)
        await pilot.pause()


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Key by key (each key costs the pilot ~50 ms: keep it for short things)."""
    await pilot.press(*["enter" if c == "\n" else c for c in text])


async def paste(pilot: Pilot[object], text: str) -> None:
    """Text arrives as a terminal delivers a paste: one event into the focused widget."""
    assert pilot.app.focused is not None
    pilot.app.post_message(events.Paste(text))  # the app hands it to the focused widget
    await pilot.pause()
