"""The draft screen: outline, editor, live preview, problems; autosaved.

Edits go to an ``EditableDraft`` (round-trip YAML: the user's comments and order survive);
a moment after typing stops the draft is saved atomically. The preview follows each
keystroke through a short debounce and a worker that re-renders only what changed
(see :mod:`pleitbrief.tui.preview`); the checks (the same as ``pleitbrief check``) run a
little later in a worker of their own.

The screen holds the state and the layout, starts the workers, and takes every message
and key; what it does with them lives beside it, one topic a module: the keys
(:mod:`.draft_keys`), the editor column (:mod:`.draft_editor`), the edits to the draft
(:mod:`.draft_edits`), citing (:mod:`.draft_citing`), the checks and the export
(:mod:`.draft_jobs`) and saving (:mod:`.draft_saving`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static, TextArea
from textual.worker import get_current_worker

from pleitbrief.cite.styles import available_styles
from pleitbrief.drafts import BlockItem, Draft, TextItem
from pleitbrief.editing import EditableDraft
from pleitbrief.letters import LetterTemplate
from pleitbrief.problems import PleitbriefError, Problem
from pleitbrief.tui.debounce import Debounce
from pleitbrief.tui.livedraft import ItemRef, draft_from_data
from pleitbrief.tui.messages import SessionReady
from pleitbrief.tui.preview import PreviewResult, render_block
from pleitbrief.tui.screens import (
    draft_citing,
    draft_edits,
    draft_jobs,
    draft_keys,
    draft_saving,
)
from pleitbrief.tui.screens.draft_editor import EditorColumn
from pleitbrief.tui.screens.draft_jobs import Target
from pleitbrief.tui.screens.export import ExportRequest
from pleitbrief.tui.session import Session
from pleitbrief.tui.widgets.block_form import BlockForm
from pleitbrief.tui.widgets.cite_popup import CitePopup
from pleitbrief.tui.widgets.fields_form import FieldsForm
from pleitbrief.tui.widgets.markdown_area import MarkdownArea
from pleitbrief.tui.widgets.outline import Outline
from pleitbrief.tui.widgets.preview_pane import PreviewPane
from pleitbrief.tui.widgets.problems_panel import ProblemsPanel

PREVIEW_DELAY = 0.02
"""Seconds after a keystroke before the preview renders: coalesces a burst (a paste, a
held key) without a lag a typist sees."""
CHECK_DELAY = 0.6
AUTOSAVE_DELAY = 1.0
DISK_POLL = 1.0


class DraftScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = draft_keys.BINDINGS

    @dataclass
    class PreviewReady(Message):
        result: PreviewResult
        generation: int

    @dataclass
    class ChecksReady(Message):
        problems: list[Problem]
        targets: list[Target]

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
        self.dirty = False
        self.asking_conflict = False
        """The conflict dialog is up: neither a save nor the disk poll asks again."""
        self.preview_generation = 0
        self.previewed_generation = 0
        self.preview_shown_at = 0.0
        self.cite_answered_at = 0.0
        self.saves = 0
        self._targets: dict[int, Target] = {}
        self.editor = EditorColumn(self)
        self._preview = Debounce(self, PREVIEW_DELAY, self.start_preview)
        self._checks = Debounce(self, CHECK_DELAY, self.start_checks)
        self._autosave = Debounce(self, AUTOSAVE_DELAY, self.autosave)

    # --- layout --------------------------------------------------------------------------

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

    # --- outline and editor: see draft_editor --------------------------------------------

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
            self.call_after_refresh(self.editor.focus)

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
        draft_citing.hide_popup(self)
        self.editor.show(ref, focus)
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

    # --- edits: see draft_edits ----------------------------------------------------------

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

    def settle(self) -> None:
        """Run what is waiting on a timer now: preview, checks, autosave (tests, quitting)."""
        for debounce in (self._preview, self._checks, self._autosave):
            debounce.flush()

    @on(TextArea.Changed, "#text")
    def text_changed(self, event: TextArea.Changed) -> None:
        draft_edits.text_changed(self, event)

    @on(BlockForm.VarChanged)
    def var_changed(self, event: BlockForm.VarChanged) -> None:
        draft_edits.var_changed(self, event)

    @on(FieldsForm.FieldChanged)
    def field_changed(self, event: FieldsForm.FieldChanged) -> None:
        draft_edits.field_changed(self, event)

    # --- item keys: see draft_edits ------------------------------------------------------

    def action_new_text(self) -> None:
        draft_edits.new_text(self)

    def action_blocks(self) -> None:
        draft_edits.insert_block(self)

    def action_move_up(self) -> None:
        draft_edits.move(self, -1)

    def action_move_down(self) -> None:
        draft_edits.move(self, 1)

    def action_remove_item(self) -> None:
        draft_edits.remove(self)

    def action_duplicate(self) -> None:
        draft_edits.duplicate(self)

    def action_to_text(self) -> None:
        draft_edits.to_text(self)

    def action_save_as_block(self) -> None:
        draft_edits.save_as_block(self)

    def action_edit_block_source(self) -> None:
        draft_edits.edit_block_source(self)

    # --- other keys ----------------------------------------------------------------------

    def action_fields(self) -> None:
        self.query_one(Outline).select(ItemRef.fields())
        self.show_ref(ItemRef.fields())
        self.editor.focus()

    def action_problems(self) -> None:
        self.query_one(ProblemsPanel).focus()

    def action_toggle_preview(self) -> None:
        self.toggle_class("-preview-toggled")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return draft_keys.available(action, self.item_at(self.current))

    # --- citing: see draft_citing --------------------------------------------------------

    @on(MarkdownArea.CiteQuery)
    def cite_query(self, event: MarkdownArea.CiteQuery) -> None:
        draft_citing.show_popup(self, event)

    @on(MarkdownArea.CompletionKey)
    def completion_key(self, event: MarkdownArea.CompletionKey) -> None:
        draft_citing.completion_key(self, event)

    @on(CitePopup.OptionSelected)
    def popup_clicked(self, event: CitePopup.OptionSelected) -> None:
        draft_citing.popup_clicked(self, event)

    def action_references(self) -> None:
        draft_citing.open_references(self)

    # --- preview and checks: see draft_jobs ----------------------------------------------

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
        problems, targets = draft_jobs.check_text(session, text, self.path)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ChecksReady(problems, targets))

    @on(ChecksReady)
    def checks_ready(self, message: ChecksReady) -> None:
        self.show_problems(message.problems, message.targets)

    def show_problems(
        self, problems: list[Problem], targets: list[Target], title: str = ""
    ) -> None:
        self._targets = {id(p): t for p, t in zip(problems, targets, strict=True)}
        root = self.app.workspace.root  # type: ignore[attr-defined]
        self.query_one(ProblemsPanel).show(problems, root, title)

    @on(ProblemsPanel.Chosen)
    def problem_chosen(self, event: ProblemsPanel.Chosen) -> None:
        draft_jobs.go_to_problem(self, event.problem, self._targets.get(id(event.problem)))

    # --- saving: see draft_saving --------------------------------------------------------

    def autosave(self) -> None:
        self.save()

    def save(self) -> bool:
        return draft_saving.save(self)

    def action_save(self) -> None:
        self._autosave.flush()
        if self.save():
            self.notify(f"Saved {self.path.name}", timeout=2)

    def save_on_exit(self) -> str:
        """Save before the app closes; on a conflict, keep mine beside the file."""
        return draft_saving.save_on_exit(self)

    def check_disk(self) -> None:
        draft_saving.check_disk(self)

    def action_close(self) -> None:
        if self.query_one(CitePopup).has_class("-shown"):
            draft_citing.hide_popup(self)
            return
        self._autosave.flush()
        if self.dirty:
            return  # a conflict is being asked about
        self.dismiss(None)

    # --- export: see draft_jobs ----------------------------------------------------------

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
        done = draft_jobs.export_text(session, request, text, self.path)
        self.post_message(
            self.ExportDone(request, done.written, done.problems, done.targets, done.failure)
        )

    @on(ExportDone)
    def export_done(self, message: ExportDone) -> None:
        draft_jobs.report_export(self, message)
