"""The reference browser: the library as a table, an entry's details, and where it is cited."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from pleitbrief.library.entry import Entry
from pleitbrief.tui.session import Place, Session

ALL_ROWS_LIMIT = 10_000


class ReferencesScreen(Screen[str | None]):
    """Dismissed with a key to cite (when opened from a text item), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", tooltip="Back to where you were"),
        Binding(
            "ctrl+f",
            "focus_search",
            "Search",
            tooltip="Search key, title, author, outlet",
            priority=True,
        ),
        Binding(
            "f2", "cite", "Cite", tooltip="Insert [@key] at the cursor of the text item", id="cite"
        ),
    ]

    def __init__(self, session: Session, can_cite: bool = False, query: str = "") -> None:
        super().__init__()
        self.session = session
        self.can_cite = can_cite
        self.initial_query = query
        self.keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="refs"):
            with Vertical(id="refs-list"):
                yield Input(
                    self.initial_query,
                    placeholder="Search key, title, author, outlet…",
                    id="search",
                )
                yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="refs-detail"):
                yield Static("", id="entry")
                yield Static("", id="cited")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "References"
        self.sub_title = f"{len(self.session.loaded.library)} entries"
        table = self.query_one(DataTable)
        table.add_column("Key", key="key", width=22)
        table.add_column("Date", key="date", width=10)
        # the title takes what key and date (and each cell's padding) leave of the list,
        # three fifths of the screen less its padding and scrollbar
        visible = (self.size.width - 2) * 3 // 5 - 4
        table.add_column("Title", key="title", width=max(12, visible - 24 - 12 - 2))
        self.fill(self.initial_query)
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def fill(self, query: str) -> None:
        if query.strip():
            entries = self.session.search_entries(query, limit=200)
        else:
            entries = sorted(self.session.loaded.library, key=lambda e: e.key)[:ALL_ROWS_LIMIT]
        table = self.query_one(DataTable)
        table.clear()
        self.keys = [e.key for e in entries]
        table.add_rows([(e.key, e.date.iso() if e.date else "", e.title) for e in entries])
        if entries:
            table.move_cursor(row=0)
            self.show_entry(entries[0])
        else:
            self.query_one("#entry", Static).update(Text("No entry matches.", style="italic"))
            self.query_one("#cited", Static).update("")

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.keys):
            entry = self.session.loaded.library.get(self.keys[event.cursor_row])
            if entry is not None:
                self.show_entry(entry)

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        if self.can_cite:
            self.action_cite()

    def current_key(self) -> str | None:
        row = self.query_one(DataTable).cursor_row
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def show_entry(self, entry: Entry) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for name, value in entry.fields.items():
            grid.add_row(name, value)
        root = self.session.workspace.root
        try:
            place = f"{entry.file.relative_to(root)}:{entry.line}"
        except ValueError:
            place = f"{entry.file}:{entry.line}"
        head = Text.assemble(
            (entry.key, "bold"),
            f"  ({entry.type})  ",
            (place, "dim"),
            "\n\n",
            ("Footnote: ", "bold"),
            self.session.footnote(entry.key),
            "\n",
        )
        from rich.console import Group

        self.query_one("#entry", Static).update(Group(head, grid))
        self.query_one("#cited", Static).update(Text("Where it is cited: looking…", "dim"))
        self.find_places(entry.key)

    @work(thread=True, exclusive=True, group="cited-by")
    def find_places(self, key: str) -> None:
        places = self.session.cited_by(key)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_places, key, places)

    def show_places(self, key: str, places: list[Place]) -> None:
        if key != self.current_key():
            return
        text = Text("\nWhere it is cited\n", style="bold")
        if not places:
            text.append("nowhere yet\n", style="italic")
        for place in places:
            via = f" (through block {place.via})" if place.via else ""
            kind = "block" if place.kind == "block" else "draft"
            text.append(f"  {kind} ", style="dim")
            text.append(place.name)
            text.append(f"{via}  line {place.line}\n", style="dim")
        self.query_one("#cited", Static).update(text)

    def action_cite(self) -> None:
        key = self.current_key()
        if key is not None and self.can_cite:
            self.dismiss(key)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cite" and not self.can_cite:
            return None
        return True
