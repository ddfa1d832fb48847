"""The block library: search, filter by tag, preview with footnotes, insert into a section."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Rule, Select, Static
from textual.widgets.option_list import Option

from pleitbrief.blocks import Block
from pleitbrief.records import record
from pleitbrief.tui.session import Session


@record(frozen=True)
class InsertBlock:
    block_id: str
    section: str


class BlockLibraryScreen(Screen[InsertBlock | None]):
    """Dismissed with the block to insert and where, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", tooltip="Back without inserting"),
        Binding(
            "ctrl+f",
            "focus_search",
            "Search",
            tooltip="Search blocks by title, summary, tags and text",
            priority=True,
        ),
        Binding(
            "ctrl+t", "focus_tags", "Tag", tooltip="Show only blocks with one tag", priority=True
        ),
        Binding(
            "f2",
            "insert",
            "Insert",
            tooltip="Insert the block into the chosen section (or press Enter on it)",
            id="insert",
        ),
        Binding("f3", "edit_source", "Edit source", tooltip="Edit the block's own file"),
    ]

    def __init__(
        self,
        session: Session,
        sections: dict[str, str] | None = None,
        section: str | None = None,
        lang: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.sections = sections or {}
        """Section name → label of the draft's numbered/bulleted/paragraph sections."""
        self.section = section
        self.lang = lang or session.workspace.lang
        self.hits: list[Block] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="library"):
            with Vertical(id="library-list"):
                yield Input(placeholder="Search title, summary, tags, text…", id="search")
                tags = self.session.blocks.tags()
                yield Select([(t, t) for t in tags], prompt="All tags", id="tag")
                yield OptionList(id="results")
            with Vertical(id="library-preview"):
                yield Static("", id="block-head")
                with VerticalScroll(id="block-body"):
                    yield Static("", id="block-text")
                    yield Rule()
                    yield Static("", id="block-notes")
                if self.sections:
                    with Horizontal(classes="buttons"):
                        yield Label("Insert into")
                        yield Select(
                            [(label, name) for name, label in self.sections.items()],
                            value=self.section
                            if self.section in self.sections
                            else next(iter(self.sections)),
                            allow_blank=False,
                            id="section",
                        )
                        yield Button("Insert", id="insert", variant="primary")
                with Horizontal(classes="buttons"):
                    yield Button("Edit source", id="edit-source")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Block library"
        self.sub_title = f"{len(self.session.loaded.blocks)} blocks"
        self.refresh_results()
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#tag")
    def refresh_results(self) -> None:
        query = self.query_one("#search", Input).value
        tag_value = self.query_one("#tag", Select).value
        tag = None if tag_value is Select.NULL else str(tag_value)
        self.hits = [hit.item for hit in self.session.blocks.search_tagged(query, tag)]
        results = self.query_one("#results", OptionList)
        results.clear_options()
        for block in self.hits:
            tags = ", ".join(block.tags)
            # the meta line is cut, not wrapped: OptionList sizes an option before its
            # scrollbar appears, and a wrapped last line would be lost
            label = Group(
                Text(block.title, style="bold"),
                Text(f"{block.id} · {tags}", style="dim", no_wrap=True, overflow="ellipsis"),
            )
            results.add_option(Option(label, id=block.id))
        results.highlighted = 0 if self.hits else None
        self.show_block(self.hits[0] if self.hits else None)

    @on(OptionList.OptionHighlighted, "#results")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        self.show_block(self.hits[index] if 0 <= index < len(self.hits) else None)

    @on(OptionList.OptionSelected, "#results")
    @on(Input.Submitted, "#search")
    def selected(self) -> None:
        if self.sections:
            self.action_insert()

    def current(self) -> Block | None:
        index = self.query_one("#results", OptionList).highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None

    def show_block(self, block: Block | None) -> None:
        head = self.query_one("#block-head", Static)
        if block is None:
            head.update(Text("No block matches.", style="italic"))
            self.query_one("#block-text", Static).update("")
            self.query_one("#block-notes", Static).update("")
            return
        meta = [block.id]
        if block.tags:
            meta.append("tags: " + ", ".join(block.tags))
        if block.reviewed:
            meta.append(f"reviewed {block.reviewed.isoformat()}")
        langs = sorted(self.session.loaded.blocks.variants.get(block.id, {}))
        meta.append("languages: " + ", ".join(langs))
        head.update(
            Text.assemble(
                (block.title, "bold"),
                "\n",
                (" · ".join(meta), "dim"),
                "\n",
                (block.summary, "italic"),
            )
        )
        variant = self.session.loaded.blocks.get(block.id, self.lang) or block
        body, notes = self.session.engine.block_preview(variant, self.lang)
        self.query_one("#block-text", Static).update(body)
        self.query_one("#block-notes", Static).update(notes or Text("No footnotes.", "dim"))

    def action_insert(self) -> None:
        block = self.current()
        if block is None or not self.sections:
            return
        section = str(self.query_one("#section", Select).value)
        self.dismiss(InsertBlock(block.id, section))

    def action_edit_source(self) -> None:
        block = self.current()
        if block is None:
            return
        from pleitbrief.tui.screens.block_source import BlockSourceScreen

        def edited(saved: bool | None) -> None:
            if saved:
                self.refresh_results()

        self.app.push_screen(BlockSourceScreen(self.session, block.file), edited)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "insert":
            self.action_insert()
        elif event.button.id == "edit-source":
            self.action_edit_source()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_tags(self) -> None:
        self.query_one("#tag", Select).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "insert" and not self.sections:
            return None
        return True
