"""Edit a block's own file (front matter and text) with the letter editor."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from pleitbrief.blocks import load_block
from pleitbrief.fsio import write_text_atomic
from pleitbrief.tui.session import Session
from pleitbrief.tui.widgets.markdown_area import MarkdownArea


class BlockSourceScreen(Screen[bool]):
    """Dismissed with True when the file was saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the block file (every letter using it changes)",
            priority=True,
        ),
        Binding("escape", "close", "Back", tooltip="Save if changed, and go back"),
    ]

    def __init__(self, session: Session, path: Path, line: int = 0) -> None:
        super().__init__()
        self.session = session
        self.path = path
        self.line = line
        self.saved = False
        self._text = path.read_text(encoding="utf-8")

    def compose(self) -> ComposeResult:
        yield Header()
        root = self.session.workspace.root
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        yield Static(
            f"{shown} — front matter between the --- lines, then the text. "
            "Variables: {{ name }}.",
            classes="hint",
        )
        yield MarkdownArea(self._text, id="source", show_line_numbers=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Block source"
        self.sub_title = self.path.name
        area = self.query_one(MarkdownArea)
        if self.line > 0:
            area.move_cursor((self.line - 1, 0), center=True)
        area.focus()

    def action_save(self) -> bool:
        text = self.query_one(MarkdownArea).text
        if text == self._text:
            return True
        write_text_atomic(self.path, text)
        self._text = text
        self.saved = True
        self.session.reload_blocks()
        blocks_dir = self.session.workspace.blocks_dir
        block_id = self.path.relative_to(blocks_dir).with_suffix("").as_posix()
        _block, problems = load_block(self.path, block_id, self.session.workspace.lang)
        errors = [p for p in problems if p.is_error]
        if errors:
            self.notify(
                errors[0].format(self.session.workspace.root),
                title="Saved, but:",
                severity="error",
                timeout=8,
            )
        else:
            self.notify(f"Saved {self.path.name}")
        return True

    def action_close(self) -> None:
        self.action_save()
        self.dismiss(self.saved)
