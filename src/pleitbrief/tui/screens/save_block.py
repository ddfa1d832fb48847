"""Save a text item as a new argument block: the library grows from the letters written."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from pleitbrief.blockfiles import slug, valid_block_id
from pleitbrief.records import record


@record(frozen=True)
class NewBlock:
    block_id: str
    title: str
    summary: str
    tags: list[str]


class SaveBlockScreen(ModalScreen[NewBlock | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving a block"),
    ]

    def __init__(self, blocks_dir: Path, text: str, topics: list[str]) -> None:
        super().__init__()
        self.blocks_dir = blocks_dir
        self.text = text
        self.topics = topics
        self._id_edited = False

    def compose(self) -> ComposeResult:
        first_line = " ".join(self.text.split())[:60]
        with Vertical(classes="dialog"):
            yield Static("Save as a new block", classes="dialog-title")
            yield Static(f"“{first_line}…”", classes="dialog-note")
            yield Label("Title *")
            yield Input(id="title", placeholder="What the argument says, in a few words")
            yield Label("Summary")
            yield Input(id="summary", placeholder="One sentence for the block library")
            yield Label("Tags (separate with ,)")
            yield Input(id="tags", placeholder=", ".join(self.topics[:3]) or "asiel, mobilisatie")
            yield Label("Block id (folder/name)")
            yield Input(id="block-id", placeholder="topic/name")
            yield Static("", id="error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Save block", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "block-id" and event.input.has_focus:
            self._id_edited = True
        if event.input.id in ("title", "tags") and not self._id_edited:
            self.query_one("#block-id", Input).value = self.suggested_id()

    def suggested_id(self) -> str:
        tags = self.tag_list()
        topic = slug(tags[0]) if tags else "eigen"
        return f"{topic}/{slug(self.query_one('#title', Input).value)}"

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.query_one("#tags", Input).value.split(",") if t.strip()]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        block_id = self.query_one("#block-id", Input).value.strip() or self.suggested_id()
        error = ""
        if not title:
            error = "A block needs a title."
        elif not valid_block_id(block_id):
            error = f"{block_id!r} is not a block id: lower case, like 'asiel/dienstweigeraars'."
        elif (self.blocks_dir / f"{block_id}.md").exists():
            error = f"A block {block_id!r} exists already; choose another id."
        if error:
            self.query_one("#error", Static).update(error)
            return
        summary = self.query_one("#summary", Input).value.strip()
        self.dismiss(NewBlock(block_id, title, summary, self.tag_list()))

    def action_cancel(self) -> None:
        self.dismiss(None)
