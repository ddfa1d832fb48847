"""The draft screen's editor column: what edits the selected place of the draft, and focus.

A text item gets the Markdown editor, a block the form of its variables, the fields
theirs, and a section (or a draft whose letter template is missing) a note about it. The
column's title says which. What the editors report back goes to :mod:`.draft_edits`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, Input, Static

from pleitbrief.cite.styles import available_styles
from pleitbrief.drafts import BlockItem, TextItem
from pleitbrief.tui.livedraft import ItemRef
from pleitbrief.tui.widgets.block_form import BlockForm
from pleitbrief.tui.widgets.fields_form import FieldsForm
from pleitbrief.tui.widgets.markdown_area import MarkdownArea

if TYPE_CHECKING:
    from pleitbrief.tui.screens.draft import DraftScreen


class EditorColumn:
    """Fills the screen's ``#editor`` switcher for one place of the draft at a time."""

    def __init__(self, screen: DraftScreen) -> None:
        self.screen = screen
        self.editing_ref: ItemRef | None = None
        """The text item in the text area, whose changes it reports (none for a form)."""
        self.form: BlockForm | FieldsForm | None = None
        """The form in the editor now (the one before may still be on its way out)."""

    def show(self, ref: ItemRef, focus: bool) -> None:
        """Put what edits ``ref`` in the column; ``focus`` a text's editor."""
        screen = self.screen
        draft = screen.draft
        assert draft is not None
        switcher = screen.query_one("#editor", ContentSwitcher)
        column = screen.query_one("#editor-column")
        holder = screen.query_one("#form-holder", Vertical)
        item = screen.item_at(ref)
        template = screen.template
        section = template.sections.get(ref.section) if template and ref.section else None
        section_label = section.label if section else ref.section
        if isinstance(item, TextItem):
            area = screen.query_one("#text", MarkdownArea)
            self.editing_ref = ref
            if area.text != item.text:
                area.load_text(item.text)
            switcher.current = "text"
            column.border_title = f"{section_label} · {ref.index + 1} · text"
            if focus:
                area.focus()
        elif isinstance(item, BlockItem):
            self.editing_ref = None
            holder.remove_children()
            block = screen.block_of(item)
            text = screen.block_text(item)
            self.form = BlockForm(block, item.block_id, item.vars, text)
            holder.mount(self.form)
            switcher.current = "form-holder"
            column.border_title = f"{section_label} · {ref.index + 1} · block"
        elif ref.kind == "fields" and template is not None:
            self.editing_ref = None
            holder.remove_children()
            settings = {"lang": draft.lang, "style": draft.style}
            self.form = FieldsForm(template, draft.fields, settings, available_styles())
            holder.mount(self.form)
            switcher.current = "form-holder"
            column.border_title = "Fields"
        else:
            self.editing_ref = None
            info = screen.query_one("#section-info", Static)
            if ref.kind == "fields":
                info.update(Text(f"No letter template {draft.template!r}.", "bold red"))
            else:
                count = len(draft.sections.get(ref.section, []))
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

    def focus(self, row: int | None = None, col: int = 0) -> None:
        """Focus what edits the current item; a text's cursor goes to ``row``, ``col``."""
        screen = self.screen
        if isinstance(screen.item_at(screen.current), TextItem):
            area = screen.query_one("#text", MarkdownArea)
            area.focus()
            if row is not None:
                area.move_cursor((row, col), center=True)
        elif isinstance(self.form, FieldsForm):
            self.form.focus_field()
        elif self.form is not None:
            for field in self.form.query(Input):
                field.focus()
                break
