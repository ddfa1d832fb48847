"""Someone else changed the draft on disk: reload theirs, or keep mine."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConflictScreen(ModalScreen[str]):
    """Dismissed with ``"theirs"`` (reload from disk) or ``"mine"`` (overwrite with mine)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "choose('theirs')",
            "Reload theirs",
            tooltip="Drop my unsaved edits and load the file as it is on disk now",
        ),
        Binding(
            "k", "choose('mine')", "Keep mine", tooltip="Save my version over the file on disk"
        ),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("The draft changed on disk", classes="dialog-title")
            yield Static(
                f"{self.path.name} was changed by someone or something else since it was "
                "opened here. Which version do you want to keep?"
            )
            with Horizontal(classes="buttons"):
                yield Button("Reload theirs (r)", id="theirs", variant="warning")
                yield Button("Keep mine (k)", id="mine", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
