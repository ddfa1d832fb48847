"""The citation picker under the cursor: library entries and the footnote each makes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pleitbrief.library.entry import Entry


class CitePopup(OptionList):
    """Shown by the screen while a key is typed after ``[@``; the editor keeps the focus."""

    DEFAULT_CSS = """
    CitePopup {
        layer: overlay;
        position: absolute;
        width: 76;
        max-width: 95%;
        height: auto;
        max-height: 12;
        border: round $accent;
        background: $panel;
        display: none;
        padding: 0;
    }
    CitePopup.-shown {
        display: block;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.can_focus = False
        self.keys: list[str] = []

    def show_entries(self, entries: list[tuple[Entry, str]], query: str) -> None:
        self.clear_options()
        self.keys = [entry.key for entry, _ in entries]
        for entry, footnote in entries:
            label = Text.assemble((entry.key, "bold"), "\n  ", (footnote, "dim"))
            self.add_option(Option(label, id=entry.key))
        if not entries:
            self.add_option(
                Option(Text(f"No source matches {query!r}", style="italic"), disabled=True)
            )
        self.highlighted = 0 if entries else None
        self.border_title = f"Cite: @{query}" if query else "Cite a source"
        self.border_subtitle = "↑↓ choose · ⏎ insert · esc close"

    def chosen_key(self) -> str | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.keys):
            return None
        return self.keys[index]

    def move_highlight(self, delta: int) -> None:
        if not self.keys:
            return
        index = 0 if self.highlighted is None else self.highlighted
        self.highlighted = max(0, min(len(self.keys) - 1, index + delta))
