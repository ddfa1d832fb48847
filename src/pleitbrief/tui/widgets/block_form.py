"""A block item: its variables as a form (defaults shown) and the block's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from pleitbrief.blocks import Block
from pleitbrief.tui.livedraft import field_text


class BlockForm(VerticalScroll):
    """Shows one block item; posts ``VarChanged`` when a variable is edited."""

    DEFAULT_CSS = """
    BlockForm {
        height: 1fr;
        padding: 0 1;
    }
    BlockForm > .block-title {
        text-style: bold;
        color: $text-primary;
    }
    BlockForm > .block-meta {
        color: $text-muted;
    }
    BlockForm > Label {
        margin-top: 1;
        width: 1fr;
    }
    BlockForm > .block-text {
        margin-top: 1;
        padding: 0 1;
        border-left: wide $primary 50%;
    }
    BlockForm > Horizontal {
        height: auto;
        margin-top: 1;
    }
    BlockForm Button {
        margin-right: 1;
    }
    """

    can_focus = False  # Tab goes straight to the fields

    @dataclass
    class VarChanged(Message):
        name: str
        value: str | None
        """None: the variable was cleared, the block's default applies."""

    def __init__(
        self, block: Block | None, block_id: str, values: dict[str, Any], text: str, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.block = block
        self.block_id = block_id
        self.values = values
        self.text = text

    def compose(self) -> ComposeResult:
        block = self.block
        if block is None:
            yield Static(Text(f"No block {self.block_id!r} in the library.", style="bold red"))
            return
        yield Static(block.title, classes="block-title")
        tags = ", ".join(block.tags)
        yield Static(f"{block.id} · {tags}" if tags else block.id, classes="block-meta")
        if block.summary:
            yield Static(block.summary, classes="block-meta")
        for variable in block.variables.values():
            default = variable.default
            hint = f" (default: {default})" if default is not None else " * (no default)"
            yield Label(f"{variable.label}{hint}")
            yield Input(
                field_text(self.values.get(variable.name)),
                placeholder=default or "",
                id=f"var-{re.sub(r'[^A-Za-z0-9_-]', '_', variable.name)}",
                name=variable.name,
                compact=True,
                tooltip=f"Variable {{{{ {variable.name} }}}}; leave empty for the default",
            )
        yield Static(Text(self.text), classes="block-text", id="block-text")
        with Horizontal():
            yield Button(
                "Turn into text",
                id="to-text",
                tooltip="Edit this block's text freely in this letter (F4)",
            )
            yield Button(
                "Edit block source",
                id="edit-source",
                tooltip="Edit the block file itself, for every letter (F3)",
            )

    def show_text(self, text: str) -> None:
        self.text = text
        for static in self.query("#block-text").results(Static):
            static.update(Text(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.name:
            event.stop()
            value = event.value.strip() or None
            self.post_message(self.VarChanged(event.input.name, value))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"to-text": "screen.to_text", "edit-source": "screen.edit_block_source"}
        if event.button.id in action:
            await self.run_action(action[event.button.id])
