"""The export dialog: format, output path, citation style."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from pleitbrief.records import record
from pleitbrief.writers import FORMATS


@record(frozen=True)
class ExportRequest:
    format: str
    path: Path
    style: str
    keep_citations: bool = False


def default_format() -> str:
    """Word when the DOCX writer is there, else the first format there is."""
    return "docx" if "docx" in FORMATS else next(iter(FORMATS))


class ExportScreen(ModalScreen[ExportRequest | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without exporting"),
        Binding("ctrl+o", "export", "Export", tooltip="Export with these settings", priority=True),
    ]

    def __init__(self, draft_path: Path, style: str, styles: list[str]) -> None:
        super().__init__()
        self.draft_path = draft_path
        self.style_name = style
        self.style_names = sorted({*styles, style})
        self._path_edited = False

    def compose(self) -> ComposeResult:
        fmt = default_format()
        with Vertical(classes="dialog"):
            yield Static("Export the letter", classes="dialog-title")
            yield Label("Format")
            yield Select(
                [(f"{f.description} ({name})", name) for name, f in FORMATS.items()],
                value=fmt,
                allow_blank=False,
                id="format",
            )
            yield Label("Save as")
            yield Input(str(self.suggested_path(fmt)), id="path")
            yield Label("Citation style")
            yield Select(
                [(s, s) for s in self.style_names],
                value=self.style_name,
                allow_blank=False,
                id="style",
            )
            yield Checkbox("Keep [@key] citations (Markdown for pandoc)", id="keep")
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def suggested_path(self, fmt: str) -> Path:
        return self.draft_path.with_suffix(FORMATS[fmt].suffix)

    def on_mount(self) -> None:
        self.query_one("#format", Select).focus()
        self.query_one("#keep", Checkbox).disabled = default_format() != "md"

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            self._path_edited = True

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "format":
            return
        self.query_one("#keep", Checkbox).disabled = event.value != "md"
        if not self._path_edited:
            self.query_one("#path", Input).value = str(self.suggested_path(str(event.value)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.dismiss(None)

    def action_export(self) -> None:
        path_text = self.query_one("#path", Input).value.strip()
        if not path_text:
            self.notify("Say where to save the letter.", severity="error")
            return
        path = Path(path_text).expanduser()
        if not path.is_absolute():
            path = self.draft_path.parent / path
        self.dismiss(
            ExportRequest(
                format=str(self.query_one("#format", Select).value),
                path=path,
                style=str(self.query_one("#style", Select).value),
                keep_citations=self.query_one("#keep", Checkbox).value
                and not self.query_one("#keep", Checkbox).disabled,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
