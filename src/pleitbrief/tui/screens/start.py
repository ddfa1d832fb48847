"""The start screen: the workspace's drafts, and a new one from a template."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from pleitbrief.tui.drafts_list import DraftSummary, list_drafts
from pleitbrief.tui.messages import SessionReady


def problems_cell(summary: DraftSummary) -> Text:
    if summary.errors is None or summary.warnings is None:
        return Text("…", style="dim")
    if summary.errors:
        return Text(f"{summary.errors} error(s)", style="bold red")
    if summary.warnings:
        return Text(f"{summary.warnings} warning(s)", style="yellow")
    return Text("none", style="green")


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_draft", "New letter", tooltip="Start a new letter from a template"),
        Binding("enter", "open_draft", "Open", tooltip="Open the selected draft", show=False),
        Binding("b", "blocks", "Blocks", tooltip="Browse the argument-block library"),
        Binding("r", "references", "References", tooltip="Browse the reference library"),
        Binding("f5", "refresh", "Refresh", tooltip="Read the drafts folder again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DraftSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static(
                "Your letters. Choose one and press Enter to open it, or start a new one.",
                classes="hint",
            )
            yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="buttons"):
                yield Button("New letter (n)", id="new", variant="primary")
                yield Button("Open (⏎)", id="open")
                yield Button("Blocks (b)", id="blocks")
                yield Button("References (r)", id="references")
            yield Static("", id="status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        workspace = self.app.workspace  # type: ignore[attr-defined]
        self.title = "pleitbrief"
        self.sub_title = str(workspace.root.name)
        table = self.query_one(DataTable)
        title_width = max(16, self.size.width - 12 - 16 - 12 - 14)
        table.add_column("Title", key="title", width=title_width)
        table.add_column("Template", key="template", width=12)
        table.add_column("Changed", key="changed", width=16)
        table.add_column("Problems", key="problems", width=12)
        table.focus()  # the rows come when the screen is shown (on_screen_resume)

    def action_refresh(self) -> None:
        workspace = self.app.workspace  # type: ignore[attr-defined]
        self.rows = list_drafts(workspace.drafts_dir)
        table = self.query_one(DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(
                row.title,
                row.template,
                row.changed.strftime("%Y-%m-%d %H:%M"),
                problems_cell(row),
                key=str(row.path),
            )
        status = self.query_one("#status", Static)
        if not self.rows:
            status.update("No drafts yet: press n to start a letter.")
        elif self.app.session is None:  # type: ignore[attr-defined]
            status.update("Loading the reference library…")
        if self.app.session is not None:  # type: ignore[attr-defined]
            self.count_problems()

    def on_session_ready(self, _message: SessionReady) -> None:
        self.query_one("#status", Static).update("")
        self.count_problems()

    @work(thread=True, exclusive=True, group="draft-checks")
    def count_problems(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        worker = get_current_worker()
        for row in list(self.rows):
            if worker.is_cancelled:
                return
            session.count_problems(row)
            self.app.call_from_thread(self.show_problems, row)

    def show_problems(self, row: DraftSummary) -> None:
        table = self.query_one(DataTable)
        key = str(row.path)
        if key in table.rows:
            table.update_cell(key, "problems", problems_cell(row))

    def selected_path(self) -> Path | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].path

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_open_draft()

    def action_open_draft(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.app.open_draft(path)  # type: ignore[attr-defined]

    def action_new_draft(self) -> None:
        from pleitbrief.tui.screens.new_draft import NewDraftScreen

        def made(path: Path | None) -> None:
            if path is not None:
                self.action_refresh()
                self.app.open_draft(path)  # type: ignore[attr-defined]

        self.app.push_screen(NewDraftScreen(), made)

    def action_blocks(self) -> None:
        self.app.action_open_blocks()  # type: ignore[attr-defined]

    def action_references(self) -> None:
        self.app.action_open_references()  # type: ignore[attr-defined]

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "new": "new_draft",
            "open": "open_draft",
            "blocks": "blocks",
            "references": "references",
        }
        if event.button.id in actions:
            await self.run_action(actions[event.button.id])

    def on_screen_resume(self) -> None:
        self.action_refresh()
