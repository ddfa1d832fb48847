"""The draft screen: outline, editor, live preview, problems; autosaved.

Edits go to an ``EditableDraft`` (round-trip YAML: the user's comments and order survive);
a moment after typing stops the draft is saved atomically. The preview follows each
keystroke through a short debounce and a worker that re-renders only what changed
(see :mod:`pleitbrief.tui.preview`); the checks (the same as ``pleitbrief check``) run a
little later in a worker of their own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from ruamel.yaml.comments import CommentedSeq
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Input, Static, TextArea
from textual.worker import get_current_worker

from pleitbrief.blockfiles import block_file_text, write_new_block
from pleitbrief.check import sort_problems
from pleitbrief.cite.styles import available_styles
from pleitbrief.drafts import BlockItem, Draft, TextItem, parse_draft_text
from pleitbrief.editing import ConflictError, EditableDraft
from pleitbrief.fsio import write_text_atomic
from pleitbrief.letters import LetterTemplate
from pleitbrief.pipeline import build_draft
from pleitbrief.problems import PleitbriefError, Problem, error
from pleitbrief.tui.livedraft import (
    ItemRef,
    draft_from_data,
    field_text,
    item_label,
    locate,
)
from pleitbrief.tui.messages import SessionReady
from pleitbrief.tui.preview import PreviewResult, render_block
from pleitbrief.tui.screens.export import ExportRequest
from pleitbrief.tui.session import Session
from pleitbrief.tui.widgets.block_form import BlockForm
from pleitbrief.tui.widgets.cite_popup import CitePopup
from pleitbrief.tui.widgets.fields_form import FieldsForm
from pleitbrief.tui.widgets.markdown_area import MarkdownArea
from pleitbrief.tui.widgets.outline import Outline, item_mark
from pleitbrief.tui.widgets.preview_pane import PreviewPane
from pleitbrief.tui.widgets.problems_panel import ProblemsPanel

PREVIEW_DELAY = 0.02
"""Seconds after a keystroke before the preview renders: coalesces a burst (a paste, a
held key) without a lag a typist sees."""
CHECK_DELAY = 0.6
AUTOSAVE_DELAY = 1.0
DISK_POLL = 1.0

Target = tuple[ItemRef, int, int] | None


class Debounce:
    """Call ``callback`` once, ``delay`` seconds after the last ``poke``."""

    def __init__(self, screen: Screen[Any], delay: float, callback: Any) -> None:
        self.screen = screen
        self.delay = delay
        self.callback = callback
        self.timer: Timer | None = None

    def poke(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.screen.set_timer(self.delay, self._fire)

    def _fire(self) -> None:
        self.timer = None
        self.callback()

    @property
    def pending(self) -> bool:
        return self.timer is not None

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self._fire()


class DraftScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save now (it also saves by itself a moment after you stop typing)",
            priority=True,
        ),
        Binding(
            "ctrl+b",
            "blocks",
            "Blocks",
            tooltip="Insert an argument block from the block library",
            priority=True,
        ),
        Binding(
            "ctrl+n",
            "new_text",
            "Text",
            tooltip="Add a text item after the selected one",
            priority=True,
        ),
        Binding(
            "ctrl+r",
            "references",
            "Sources",
            tooltip="Browse the reference library and cite a source",
            priority=True,
        ),
        Binding(
            "ctrl+o",
            "export",
            "Export",
            tooltip="Export the letter (Word, Markdown)",
            priority=True,
        ),
        # priority: the TextArea's own F6/F7 (select line/all) would hide these
        Binding(
            "f6",
            "toggle_preview",
            "Preview",
            tooltip="Show or hide the preview (narrow terminals: instead of the editor)",
            priority=True,
        ),
        Binding("escape", "close", "Drafts", tooltip="Save and go back to the list of drafts"),
        Binding(
            "alt+up",
            "move_up",
            "Move up",
            tooltip="Move the selected item up",
            show=False,
            priority=True,
        ),
        Binding(
            "alt+down",
            "move_down",
            "Move down",
            tooltip="Move the selected item down",
            show=False,
            priority=True,
        ),
        Binding("f8", "remove_item", "Remove item", tooltip="Remove the selected item", show=False),
        Binding(
            "f7",
            "duplicate",
            "Duplicate item",
            tooltip="Copy the selected item below it",
            show=False,
            priority=True,
        ),
        Binding(
            "f4",
            "to_text",
            "Turn block into text",
            tooltip="Replace the block with its text, to edit it freely in this letter",
            show=False,
        ),
        Binding(
            "f5",
            "save_as_block",
            "Save text as block",
            tooltip="Make the text item a new block of the library (asks title, tags, summary)",
            show=False,
        ),
        Binding(
            "f3",
            "edit_block_source",
            "Edit block source",
            tooltip="Edit the block's own file (changes every letter that uses it)",
            show=False,
        ),
        Binding(
            "f2",
            "fields",
            "Edit fields",
            tooltip="Addressee, subject, date, signatories…",
            show=False,
        ),
        Binding(
            "f9", "problems", "Go to problems", tooltip="Move to the problems list", show=False
        ),
    ]

    @dataclass
    class PreviewReady(Message):
        result: PreviewResult
        generation: int

    @dataclass
    class ChecksReady(Message):
        problems: list[Problem]
        targets: list[Target]
        title: str = ""

    @dataclass
    class ExportDone(Message):
        request: ExportRequest
        written: Path | None
        problems: list[Problem]
        targets: list[Target]
        failure: str = ""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path.resolve()
        self.ed: EditableDraft | None = None
        self.draft: Draft | None = None
        self.current = ItemRef.fields()
        self._editing_ref: ItemRef | None = None
        self.dirty = False
        self._asking = False
        self.preview_generation = 0
        self.previewed_generation = 0
        self.preview_shown_at = 0.0
        self.cite_answered_at = 0.0
        self.saves = 0
        self._targets: dict[int, Target] = {}
        self._form: BlockForm | FieldsForm | None = None
        """The form in the editor now (the one before may still be on its way out)."""
        self._preview = Debounce(self, PREVIEW_DELAY, self.start_preview)
        self._checks = Debounce(self, CHECK_DELAY, self.start_checks)
        self._autosave = Debounce(self, AUTOSAVE_DELAY, self.autosave)

    # --- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="draft-body"):
            yield Outline(id="outline")
            with Vertical(id="editor-column"):
                with ContentSwitcher(id="editor", initial="section-info"):
                    yield MarkdownArea(id="text")
                    yield Vertical(id="form-holder")
                    yield Static("", id="section-info", classes="hint")
                yield ProblemsPanel(id="problems")
            yield PreviewPane(id="preview")
        yield CitePopup(id="cite-popup")
        yield Footer()

    @property
    def session(self) -> Session | None:
        return self.app.session  # type: ignore[attr-defined,no-any-return]

    @property
    def template(self) -> LetterTemplate | None:
        if self.draft is None:
            return None
        return self.app.templates.get(self.draft.template)  # type: ignore[attr-defined,no-any-return]

    @property
    def lang(self) -> str:
        workspace = self.app.workspace  # type: ignore[attr-defined]
        return (self.draft.lang if self.draft else None) or str(workspace.lang)

    def on_mount(self) -> None:
        try:
            self.ed = EditableDraft.open(self.path)
        except PleitbriefError as exc:
            message = exc.problems[0].message if exc.problems else str(exc)
            self.notify(f"Cannot open {self.path.name}: {message}", severity="error", timeout=10)
            self.set_timer(0, self._leave)
            return
        self.app.open_drafts.append(self)  # type: ignore[attr-defined]
        self.title = self.path.stem
        self.sub_title = "saved"
        self.draft = draft_from_data(self.ed.data, self.path)
        first = next(
            (ItemRef.item(name, 0) for name, items in self.draft.sections.items() if items),
            ItemRef.fields(),
        )
        self.rebuild_outline(first)
        self.show_ref(first)
        self.set_interval(DISK_POLL, self.check_disk)
        if self.session is None:
            self.query_one(PreviewPane).show_message("Loading the reference library…")
        else:
            self.start_preview()
            self.start_checks()

    def on_session_ready(self, _message: SessionReady) -> None:
        if self.draft is None:
            return
        self.rebuild_outline(self.current)
        self.show_ref(self.current, focus=False)
        self.start_preview()
        self.start_checks()

    def on_unmount(self) -> None:
        note = self.save_on_exit()
        if note:
            self.app.exit_notes.append(note)  # type: ignore[attr-defined]
        if self in self.app.open_drafts:  # type: ignore[attr-defined]
            self.app.open_drafts.remove(self)  # type: ignore[attr-defined]

    def _leave(self) -> None:
        self.app.pop_screen()

    # --- outline and editor -------------------------------------------------------

    def block_titles(self) -> dict[str, str]:
        return self.session.block_titles() if self.session else {}

    def rebuild_outline(self, select: ItemRef | None = None) -> None:
        assert self.draft is not None
        self.query_one(Outline).rebuild(self.draft, self.template, self.block_titles(), select)

    @on(Outline.Selected)
    def outline_selected(self, event: Outline.Selected) -> None:
        if event.ref != self.current:
            self.show_ref(event.ref, focus=False)
        if event.activated:
            self.call_after_refresh(self.focus_editor)

    @on(PreviewPane.PieceClicked)
    def preview_clicked(self, event: PreviewPane.PieceClicked) -> None:
        self.show_ref(event.ref)
        self.query_one(Outline).select(event.ref)

    def item_at(self, ref: ItemRef) -> TextItem | BlockItem | None:
        if self.draft is None or ref.kind != "item":
            return None
        items = self.draft.sections.get(ref.section, [])
        return items[ref.index] if 0 <= ref.index < len(items) else None

    def show_ref(self, ref: ItemRef, focus: bool = True) -> None:
        """Show ``ref`` in the editor (attributes down)."""
        assert self.draft is not None
        if ref.kind == "item" and self.item_at(ref) is None:
            ref = ItemRef.of_section(ref.section)
        self.current = ref
        self.hide_popup()
        switcher = self.query_one("#editor", ContentSwitcher)
        column = self.query_one("#editor-column")
        holder = self.query_one("#form-holder", Vertical)
        item = self.item_at(ref)
        template = self.template
        section = template.sections.get(ref.section) if template and ref.section else None
        section_label = section.label if section else ref.section
        if isinstance(item, TextItem):
            area = self.query_one("#text", MarkdownArea)
            self._editing_ref = ref
            if area.text != item.text:
                area.load_text(item.text)
            switcher.current = "text"
            column.border_title = f"{section_label} · {ref.index + 1} · text"
            if focus:
                area.focus()
        elif isinstance(item, BlockItem):
            self._editing_ref = None
            holder.remove_children()
            block = self.block_of(item)
            text = self.block_text(item)
            self._form = BlockForm(block, item.block_id, item.vars, text)
            holder.mount(self._form)
            switcher.current = "form-holder"
            column.border_title = f"{section_label} · {ref.index + 1} · block"
        elif ref.kind == "fields" and template is not None:
            self._editing_ref = None
            holder.remove_children()
            settings = {"lang": self.draft.lang, "style": self.draft.style}
            self._form = FieldsForm(template, self.draft.fields, settings, available_styles())
            holder.mount(self._form)
            switcher.current = "form-holder"
            column.border_title = "Fields"
        else:
            self._editing_ref = None
            info = self.query_one("#section-info", Static)
            if ref.kind == "fields":
                info.update(Text(f"No letter template {self.draft.template!r}.", "bold red"))
            else:
                count = len(self.draft.sections.get(ref.section, []))
                kind = (
                    "numbered points"
                    if section and section.numbered
                    else "bullets"
                    if section and section.bullets
                    else "paragraphs"
                )
                info.update(
                    f"{section_label}: {kind}, {count} item(s).\n\n"
                    "ctrl+b inserts an argument block here, ctrl+n a text of your own."
                )
            switcher.current = "section-info"
            column.border_title = section_label or "Letter"
        preview = self.query_one(PreviewPane)
        preview.mark_current(ref if ref.kind == "item" else None)
        if ref.kind == "item":
            preview.scroll_to_ref(ref)
        self.refresh_bindings()

    def block_of(self, item: BlockItem) -> Any:
        if self.session is None:
            return None
        return self.session.loaded.blocks.get(item.block_id, self.lang)

    def block_text(self, item: BlockItem) -> str:
        block = self.block_of(item)
        if block is None or self.draft is None:
            return "" if self.session else "Loading the block library…"
        text, problem = render_block(block, item, self.draft, self.lang)
        return text if text is not None else problem

    def focus_editor(self, row: int | None = None, col: int = 0) -> None:
        """Focus what edits the current item; a text's cursor goes to ``row``, ``col``."""
        if isinstance(self.item_at(self.current), TextItem):
            area = self.query_one("#text", MarkdownArea)
            area.focus()
            if row is not None:
                area.move_cursor((row, col), center=True)
        elif isinstance(self._form, FieldsForm):
            self._form.focus_field()
        elif self._form is not None:
            for field in self._form.query(Input):
                field.focus()
                break

    # --- edits ---------------------------------------------------------------------

    def changed(self, structure: bool = False, select: ItemRef | None = None) -> None:
        """The draft changed: schedule preview, checks and autosave."""
        assert self.ed is not None
        self.dirty = True
        self.sub_title = "editing…"
        self.draft = draft_from_data(self.ed.data, self.path)
        if structure:
            target = select or self.current
            self.rebuild_outline(target)
            self.show_ref(target)
        self._preview.poke()
        self._checks.poke()
        self._autosave.poke()

    @on(TextArea.Changed, "#text")
    def text_changed(self, event: TextArea.Changed) -> None:
        ref = self._editing_ref
        item = self.item_at(ref) if ref else None
        if ref is None or self.ed is None or not isinstance(item, TextItem):
            return
        text = event.text_area.text
        if text == item.text:
            return
        self.ed.set_text(ref.section, ref.index, text)
        self.changed()
        new_item = self.item_at(ref)
        if new_item is not None:
            template = self.template
            spec = template.sections.get(ref.section) if template else None
            label = f"{item_mark(spec, ref.index)} {item_label(new_item, {}, 40)}"
            self.query_one(Outline).relabel(ref, label)

    @on(BlockForm.VarChanged)
    def var_changed(self, event: BlockForm.VarChanged) -> None:
        ref = self.current
        if self.ed is None or not isinstance(self.item_at(ref), BlockItem):
            return
        item = self.item_at(ref)
        assert isinstance(item, BlockItem)
        if field_text(item.vars.get(event.name)) == (event.value or ""):
            return  # the form showing what is there
        self.ed.set_var(ref.section, ref.index, event.name, event.value)
        self.changed()
        item = self.item_at(ref)
        if isinstance(item, BlockItem):
            for form in self.query(BlockForm):
                form.show_text(self.block_text(item))

    @on(FieldsForm.FieldChanged)
    def field_changed(self, event: FieldsForm.FieldChanged) -> None:
        if self.ed is None:
            return
        if self.draft is None:
            return
        current = (
            getattr(self.draft, event.name)
            if event.name in ("lang", "style")
            else self.draft.fields.get(event.name)
        )
        if field_text(current) == field_text(event.value):
            return  # the form showing what is there
        if event.name in ("lang", "style"):
            if event.value:
                self.ed.data[event.name] = event.value
            else:
                self.ed.data.pop(event.name, None)
        else:
            value = event.value
            if isinstance(value, list):
                seq = CommentedSeq(value)
                seq.fa.set_flow_style()
                value = seq
            self.ed.set_field(event.name, value)
        self.changed()
        if event.name in ("lang", "style"):
            self.rebuild_outline(self.current)

    def insert_position(self, section: str) -> int | None:
        ref = self.current
        if ref.kind == "item" and ref.section == section:
            return ref.index + 1
        return None

    def target_section(self) -> str | None:
        template = self.template
        if self.current.section:
            return self.current.section
        if template is None or not template.sections:
            return None
        numbered = [s.name for s in template.sections.values() if s.numbered]
        return numbered[0] if numbered else next(iter(template.sections))

    def action_new_text(self) -> None:
        section = self.target_section()
        if self.ed is None or section is None:
            return
        index = self.ed.add_text(section, "", self.insert_position(section))
        self.changed(structure=True, select=ItemRef.item(section, index))

    def action_blocks(self) -> None:
        session = self.session
        template = self.template
        if session is None or template is None:
            self.notify("The library is still loading…")
            return
        from pleitbrief.tui.screens.blocks import BlockLibraryScreen, InsertBlock

        sections = {name: spec.label for name, spec in template.sections.items()}

        def insert(choice: InsertBlock | None) -> None:
            if choice is None or self.ed is None:
                return
            index = self.ed.add_block(
                choice.section, choice.block_id, self.insert_position(choice.section)
            )
            self.changed(structure=True, select=ItemRef.item(choice.section, index))
            self.notify(f"Inserted {choice.block_id}")

        self.app.push_screen(
            BlockLibraryScreen(session, sections, self.target_section(), self.lang), insert
        )

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def _move(self, delta: int) -> None:
        ref = self.current
        if self.ed is None or ref.kind != "item":
            return
        index = self.ed.move(ref.section, ref.index, delta)
        self.changed(structure=True, select=ItemRef.item(ref.section, index))

    def action_remove_item(self) -> None:
        ref = self.current
        if self.ed is None or ref.kind != "item":
            return
        self.ed.remove(ref.section, ref.index)
        remaining = len(self.ed.section(ref.section))
        target = (
            ItemRef.item(ref.section, min(ref.index, remaining - 1))
            if remaining
            else ItemRef.of_section(ref.section)
        )
        self.changed(structure=True, select=target)
        self.notify(
            "Item removed (ctrl+z does not bring it back; the previous autosave "
            "is in the file until the next one)",
            timeout=4,
        )

    def action_duplicate(self) -> None:
        ref = self.current
        if self.ed is None or ref.kind != "item":
            return
        index = self.ed.duplicate(ref.section, ref.index)
        self.changed(structure=True, select=ItemRef.item(ref.section, index))

    def action_to_text(self) -> None:
        ref = self.current
        item = self.item_at(ref)
        if self.ed is None or not isinstance(item, BlockItem):
            return
        block = self.block_of(item)
        if block is None:
            self.notify(f"No block {item.block_id!r} to take the text from.", severity="error")
            return
        self.ed.replace_with_text(ref.section, ref.index, self.block_text(item))
        self.changed(structure=True, select=ref)

    def action_save_as_block(self) -> None:
        ref = self.current
        item = self.item_at(ref)
        session = self.session
        if self.ed is None or session is None or not isinstance(item, TextItem):
            return
        if not item.text.strip():
            self.notify("The text is empty.", severity="warning")
            return
        from pleitbrief.tui.screens.save_block import NewBlock, SaveBlockScreen

        def save(new: NewBlock | None) -> None:
            if new is None or self.ed is None or session is None:
                return
            text = block_file_text(new.title, item.text, new.summary, new.tags, self.lang)
            try:
                path = write_new_block(session.workspace.blocks_dir, new.block_id, text)
            except (ValueError, OSError) as exc:
                self.notify(str(exc), severity="error")
                return
            session.reload_blocks()
            self.ed.replace_with_block(ref.section, ref.index, new.block_id)
            self.changed(structure=True, select=ref)
            self.notify(f"Saved as block {new.block_id} ({path.name})")

        self.app.push_screen(
            SaveBlockScreen(session.workspace.blocks_dir, item.text, session.blocks.tags()),
            save,
        )

    def action_edit_block_source(self) -> None:
        item = self.item_at(self.current)
        session = self.session
        if session is None or not isinstance(item, BlockItem):
            return
        block = self.block_of(item)
        if block is None:
            return
        self.open_block_source(block.file)

    def open_block_source(self, file: Path, line: int = 0) -> None:
        session = self.session
        if session is None:
            return
        from pleitbrief.tui.screens.block_source import BlockSourceScreen

        def edited(saved: bool | None) -> None:
            if saved:
                self.changed(structure=True)

        self.app.push_screen(BlockSourceScreen(session, file, line), edited)

    def action_fields(self) -> None:
        self.query_one(Outline).select(ItemRef.fields())
        self.show_ref(ItemRef.fields())
        self.focus_editor()

    def action_problems(self) -> None:
        self.query_one(ProblemsPanel).focus()

    def action_toggle_preview(self) -> None:
        self.toggle_class("-preview-toggled")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.item_at(self.current)
        if action in ("move_up", "move_down", "remove_item", "duplicate"):
            return True if item is not None else None
        if action in ("to_text", "edit_block_source"):
            return True if isinstance(item, BlockItem) else None
        if action == "save_as_block":
            return True if isinstance(item, TextItem) else None
        return True

    # --- citing ------------------------------------------------------------------------

    @on(MarkdownArea.CiteQuery)
    def cite_query(self, event: MarkdownArea.CiteQuery) -> None:
        session = self.session
        if event.query is None or session is None or not event.area.has_focus:
            self.hide_popup()
            return
        style = session.style_name(self.draft.style if self.draft else None, self.lang)
        entries = session.search_entries(event.query, limit=10)
        popup = self.query_one(CitePopup)
        popup.show_entries(
            [(e, session.footnote(e.key, style, self.lang)) for e in entries], event.query
        )
        height = min(12, 2 * max(1, len(entries)) + 2)
        x = max(0, min(event.offset.x - 2, self.size.width - 78))
        y = event.offset.y + 1
        if y + height > self.size.height - 1:
            y = max(0, event.offset.y - height)
        popup.styles.offset = (x, y)
        popup.add_class("-shown")
        event.area.completing = True
        self.cite_answered_at = time.perf_counter()

    def hide_popup(self) -> None:
        popup = self.query_one(CitePopup)
        popup.remove_class("-shown")
        self.query_one("#text", MarkdownArea).completing = False

    @on(MarkdownArea.CompletionKey)
    def completion_key(self, event: MarkdownArea.CompletionKey) -> None:
        popup = self.query_one(CitePopup)
        moves = {"up": -1, "down": 1, "pageup": -5, "pagedown": 5}
        if event.key in moves:
            popup.move_highlight(moves[event.key])
        elif event.key in ("enter", "tab"):
            key = popup.chosen_key()
            self.hide_popup()
            if key is not None:
                event.area.complete_citation(key)
        else:
            self.hide_popup()

    @on(CitePopup.OptionSelected)
    def popup_clicked(self, event: CitePopup.OptionSelected) -> None:
        event.stop()
        self.hide_popup()
        if event.option.id:
            area = self.query_one("#text", MarkdownArea)
            area.complete_citation(event.option.id)
            area.focus()

    def action_references(self) -> None:
        session = self.session
        if session is None:
            self.notify("The library is still loading…")
            return
        from pleitbrief.tui.screens.references import ReferencesScreen

        can_cite = isinstance(self.item_at(self.current), TextItem)
        area = self.query_one("#text", MarkdownArea)
        cursor = area.cursor_location

        def cite(key: str | None) -> None:
            if key is None or not can_cite:
                return
            area.focus()
            area.move_cursor(cursor)
            area.insert(f"[@{key}]")

        self.app.push_screen(ReferencesScreen(session, can_cite=can_cite), cite)

    def settle(self) -> None:
        """Run what is waiting on a timer now: preview, checks, autosave (tests, quitting)."""
        for debounce in (self._preview, self._checks, self._autosave):
            debounce.flush()

    # --- preview and checks ---------------------------------------------------------

    def start_preview(self) -> None:
        if self.session is None or self.draft is None:
            return
        self.preview_generation += 1
        self.render_preview(self.session, self.draft, self.preview_generation)

    @work(thread=True, exclusive=True, group="preview")
    def render_preview(self, session: Session, draft: Draft, generation: int) -> None:
        result = session.engine.render(draft)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PreviewReady(result, generation))

    @on(PreviewReady)
    def preview_ready(self, message: PreviewReady) -> None:
        if message.generation < self.previewed_generation:
            return
        preview = self.query_one(PreviewPane)
        preview.show(message.result)
        preview.mark_current(self.current if self.current.kind == "item" else None)
        self.previewed_generation = message.generation
        self.preview_shown_at = time.perf_counter()

    def start_checks(self) -> None:
        if self.session is None or self.ed is None:
            return
        self.run_checks(self.session, self.ed.dump())

    @work(thread=True, exclusive=True, group="checks")
    def run_checks(self, session: Session, text: str) -> None:
        draft, problems = parse_draft_text(text, self.path)
        if draft is not None:
            problems = session.check_draft(draft, problems)
        else:
            problems = sort_problems(list(session.workspace.problems) + problems)
        targets = [locate(p, draft) for p in problems]
        if not get_current_worker().is_cancelled:
            self.post_message(self.ChecksReady(problems, targets))

    @on(ChecksReady)
    def checks_ready(self, message: ChecksReady) -> None:
        self.show_problems(message.problems, message.targets, message.title)

    def show_problems(
        self, problems: list[Problem], targets: list[Target], title: str = ""
    ) -> None:
        self._targets = {id(p): t for p, t in zip(problems, targets, strict=True)}
        root = self.app.workspace.root  # type: ignore[attr-defined]
        self.query_one(ProblemsPanel).show(problems, root, title)

    @on(ProblemsPanel.Chosen)
    def problem_chosen(self, event: ProblemsPanel.Chosen) -> None:
        problem = event.problem
        target = self._targets.get(id(problem))
        if target is not None:
            ref, row, col = target
            self.query_one(Outline).select(ref)
            self.show_ref(ref)
            self.focus_editor(row, col)
            return
        session = self.session
        file = problem.file
        if session is None or file is None:
            self.notify(problem.message)
            return
        if file.suffix == ".md" and session.workspace.blocks_dir in file.parents:
            self.open_block_source(file, problem.line)
            return
        if file.suffix == ".bib":
            key = next(
                (
                    e.key
                    for e in session.loaded.library
                    if e.file == file and e.line == problem.line
                ),
                "",
            )
            from pleitbrief.tui.screens.references import ReferencesScreen

            self.app.push_screen(ReferencesScreen(session, query=key))
            return
        self.notify(problem.format(session.workspace.root), timeout=8)

    # --- saving ------------------------------------------------------------------------

    def autosave(self) -> None:
        self.save()

    def save(self) -> bool:
        if self.ed is None:
            return True
        if not self.dirty:
            return True
        try:
            self.ed.save()
        except ConflictError:
            self.ask_conflict()
            return False
        except OSError as exc:
            self.notify(f"Could not save {self.path.name}: {exc}", severity="error")
            return False
        self.dirty = False
        self.saves += 1
        self.sub_title = f"saved {time.strftime('%H:%M:%S')}"
        return True

    def action_save(self) -> None:
        self._autosave.flush()
        if self.save():
            self.notify(f"Saved {self.path.name}", timeout=2)

    def save_on_exit(self) -> str:
        """Save before the app closes; on a conflict, keep mine beside the file."""
        if self.ed is None or not self.dirty:
            return ""
        try:
            self.ed.save()
            self.dirty = False
            return ""
        except ConflictError:
            side = self.path.with_name(f".{self.path.name}.mine")
            write_text_atomic(side, self.ed.dump())
            return (
                f"{self.path.name} changed on disk while you edited it; your version is in {side}"
            )

    def check_disk(self) -> None:
        if self.ed is not None and not self._asking and self.ed.changed_on_disk():
            self.ask_conflict()

    def ask_conflict(self) -> None:
        if self._asking:
            return
        self._asking = True
        from pleitbrief.tui.screens.conflict import ConflictScreen

        def chosen(choice: str | None) -> None:
            self._asking = False
            if self.ed is None:
                return
            if choice == "theirs":
                try:
                    self.ed.reload()
                except (PleitbriefError, OSError) as exc:
                    self.notify(f"Cannot reload: {exc}", severity="error")
                    return
                self.dirty = False
                self.draft = draft_from_data(self.ed.data, self.path)
                self.rebuild_outline(self.current)
                self.show_ref(self.current, focus=False)
                self.start_preview()
                self.start_checks()
                self.sub_title = "reloaded from disk"
            else:
                self.ed.save(force=True)
                self.dirty = False
                self.sub_title = f"saved {time.strftime('%H:%M:%S')} (kept mine)"

        self.app.push_screen(ConflictScreen(self.path), chosen)

    def action_close(self) -> None:
        if self.query_one(CitePopup).has_class("-shown"):
            self.hide_popup()
            return
        self._autosave.flush()
        if self.dirty:
            return  # a conflict is being asked about
        self.dismiss(None)

    # --- export ------------------------------------------------------------------------

    def action_export(self) -> None:
        session = self.session
        if session is None or self.ed is None:
            self.notify("The library is still loading…")
            return
        from pleitbrief.tui.screens.export import ExportScreen

        style = session.style_name(self.draft.style if self.draft else None, self.lang)

        def export(request: ExportRequest | None) -> None:
            if request is not None and self.ed is not None:
                self._autosave.flush()
                self.notify(f"Exporting to {request.path.name}…", timeout=2)
                self.run_export(session, request, self.ed.dump())

        self.app.push_screen(ExportScreen(self.path, style, available_styles()), export)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, session: Session, request: ExportRequest, text: str) -> None:
        from pleitbrief.writers import WriteOptions, write

        draft, problems = parse_draft_text(text, self.path)
        if draft is None:
            self.post_message(self.ExportDone(request, None, problems, [None] * len(problems)))
            return
        built = build_draft(
            session.loaded,
            draft,
            problems,
            style_name=request.style,
            keep_citations=request.keep_citations,
        )
        problems = sort_problems(list(session.workspace.problems) + built.problems)
        targets = [locate(p, draft) for p in problems]
        if built.document is None or any(p.is_error for p in problems):
            if not any(p.is_error for p in problems):
                problems.append(error(self.path, 0, "export", "the letter could not be built"))
                targets.append(None)
            self.post_message(self.ExportDone(request, None, problems, targets))
            return
        options = WriteOptions(
            keep_citations=request.keep_citations, reference_doc=session.workspace.reference_doc
        )
        try:
            write(built.document, request.path, request.format, options)
        except OSError as exc:
            self.post_message(
                self.ExportDone(
                    request, None, problems, targets, failure=f"cannot write {request.path}: {exc}"
                )
            )
            return
        self.post_message(self.ExportDone(request, request.path, problems, targets))

    @on(ExportDone)
    def export_done(self, message: ExportDone) -> None:
        root = self.app.workspace.root  # type: ignore[attr-defined]
        if message.written is not None:
            try:
                shown = message.written.relative_to(root)
            except ValueError:
                shown = message.written
            self.notify(f"Wrote {shown}", title="Exported", timeout=8)
            self.show_problems(message.problems, message.targets)
            return
        if message.failure:
            self.notify(message.failure, title="Export failed", severity="error", timeout=10)
            return
        errors = sum(p.is_error for p in message.problems)
        self.show_problems(message.problems, message.targets, title="Export refused")
        self.notify(
            f"{errors} error(s) stop the export; they are listed under Problems.",
            title="Export refused",
            severity="error",
            timeout=10,
        )
        self.query_one(ProblemsPanel).focus()
