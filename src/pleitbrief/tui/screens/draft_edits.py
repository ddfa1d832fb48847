"""The draft screen's edits: what its editors report, and what its item keys do.

A text typed, a block's variable or a field set; a text or a block added, an item moved,
removed or duplicated, a block turned into text or a text into a block. Each goes to the
screen's ``EditableDraft`` and ends in ``screen.changed()``, which schedules the preview,
the checks and the autosave. Editing a block's own file is here too: the letter changes
with it. The screen's handlers and actions call these functions; they hold no state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedSeq
from textual.widgets import TextArea

from pleitbrief.blockfiles import block_file_text, write_new_block
from pleitbrief.drafts import BlockItem, TextItem
from pleitbrief.tui.livedraft import ItemRef, field_text, item_label
from pleitbrief.tui.widgets.block_form import BlockForm
from pleitbrief.tui.widgets.fields_form import FieldsForm
from pleitbrief.tui.widgets.outline import Outline, item_mark

if TYPE_CHECKING:
    from pleitbrief.tui.screens.draft import DraftScreen

# --- what the editor reports -------------------------------------------------------------


def text_changed(screen: DraftScreen, event: TextArea.Changed) -> None:
    ref = screen.editor.editing_ref
    item = screen.item_at(ref) if ref else None
    if ref is None or screen.ed is None or not isinstance(item, TextItem):
        return
    text = event.text_area.text
    if text == item.text:
        return
    screen.ed.set_text(ref.section, ref.index, text)
    screen.changed()
    new_item = screen.item_at(ref)
    if new_item is not None:
        template = screen.template
        spec = template.sections.get(ref.section) if template else None
        label = f"{item_mark(spec, ref.index)} {item_label(new_item, {}, 40)}"
        screen.query_one(Outline).relabel(ref, label)


def var_changed(screen: DraftScreen, event: BlockForm.VarChanged) -> None:
    ref = screen.current
    if screen.ed is None or not isinstance(screen.item_at(ref), BlockItem):
        return
    item = screen.item_at(ref)
    assert isinstance(item, BlockItem)
    if field_text(item.vars.get(event.name)) == (event.value or ""):
        return  # the form showing what is there
    screen.ed.set_var(ref.section, ref.index, event.name, event.value)
    screen.changed()
    item = screen.item_at(ref)
    if isinstance(item, BlockItem):
        for form in screen.query(BlockForm):
            form.show_text(screen.block_text(item))


def field_changed(screen: DraftScreen, event: FieldsForm.FieldChanged) -> None:
    if screen.ed is None:
        return
    if screen.draft is None:
        return
    current = (
        getattr(screen.draft, event.name)
        if event.name in ("lang", "style")
        else screen.draft.fields.get(event.name)
    )
    if field_text(current) == field_text(event.value):
        return  # the form showing what is there
    if event.name in ("lang", "style"):
        if event.value:
            screen.ed.data[event.name] = event.value
        else:
            screen.ed.data.pop(event.name, None)
    else:
        value = event.value
        if isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            value = seq
        screen.ed.set_field(event.name, value)
    screen.changed()
    if event.name in ("lang", "style"):
        screen.rebuild_outline(screen.current)


# --- what the item keys do ---------------------------------------------------------------


def insert_position(screen: DraftScreen, section: str) -> int | None:
    ref = screen.current
    if ref.kind == "item" and ref.section == section:
        return ref.index + 1
    return None


def target_section(screen: DraftScreen) -> str | None:
    template = screen.template
    if screen.current.section:
        return screen.current.section
    if template is None or not template.sections:
        return None
    numbered = [s.name for s in template.sections.values() if s.numbered]
    return numbered[0] if numbered else next(iter(template.sections))


def new_text(screen: DraftScreen) -> None:
    section = target_section(screen)
    if screen.ed is None or section is None:
        return
    index = screen.ed.add_text(section, "", insert_position(screen, section))
    screen.changed(structure=True, select=ItemRef.item(section, index))


def insert_block(screen: DraftScreen) -> None:
    session = screen.session
    template = screen.template
    if session is None or template is None:
        screen.notify("The library is still loading…")
        return
    from pleitbrief.tui.screens.blocks import BlockLibraryScreen, InsertBlock

    sections = {name: spec.label for name, spec in template.sections.items()}

    def insert(choice: InsertBlock | None) -> None:
        if choice is None or screen.ed is None:
            return
        index = screen.ed.add_block(
            choice.section, choice.block_id, insert_position(screen, choice.section)
        )
        screen.changed(structure=True, select=ItemRef.item(choice.section, index))
        screen.notify(f"Inserted {choice.block_id}")

    screen.app.push_screen(
        BlockLibraryScreen(session, sections, target_section(screen), screen.lang), insert
    )


def move(screen: DraftScreen, delta: int) -> None:
    ref = screen.current
    if screen.ed is None or ref.kind != "item":
        return
    index = screen.ed.move(ref.section, ref.index, delta)
    screen.changed(structure=True, select=ItemRef.item(ref.section, index))


def remove(screen: DraftScreen) -> None:
    ref = screen.current
    if screen.ed is None or ref.kind != "item":
        return
    screen.ed.remove(ref.section, ref.index)
    remaining = len(screen.ed.section(ref.section))
    target = (
        ItemRef.item(ref.section, min(ref.index, remaining - 1))
        if remaining
        else ItemRef.of_section(ref.section)
    )
    screen.changed(structure=True, select=target)
    screen.notify(
        "Item removed (ctrl+z does not bring it back; the previous autosave "
        "is in the file until the next one)",
        timeout=4,
    )


def duplicate(screen: DraftScreen) -> None:
    ref = screen.current
    if screen.ed is None or ref.kind != "item":
        return
    index = screen.ed.duplicate(ref.section, ref.index)
    screen.changed(structure=True, select=ItemRef.item(ref.section, index))


def to_text(screen: DraftScreen) -> None:
    ref = screen.current
    item = screen.item_at(ref)
    if screen.ed is None or not isinstance(item, BlockItem):
        return
    block = screen.block_of(item)
    if block is None:
        screen.notify(f"No block {item.block_id!r} to take the text from.", severity="error")
        return
    screen.ed.replace_with_text(ref.section, ref.index, screen.block_text(item))
    screen.changed(structure=True, select=ref)


def save_as_block(screen: DraftScreen) -> None:
    ref = screen.current
    item = screen.item_at(ref)
    session = screen.session
    if screen.ed is None or session is None or not isinstance(item, TextItem):
        return
    if not item.text.strip():
        screen.notify("The text is empty.", severity="warning")
        return
    from pleitbrief.tui.screens.save_block import NewBlock, SaveBlockScreen

    def save(new: NewBlock | None) -> None:
        if new is None or screen.ed is None or session is None:
            return
        text = block_file_text(new.title, item.text, new.summary, new.tags, screen.lang)
        try:
            path = write_new_block(session.workspace.blocks_dir, new.block_id, text)
        except (ValueError, OSError) as exc:
            screen.notify(str(exc), severity="error")
            return
        session.reload_blocks()
        screen.ed.replace_with_block(ref.section, ref.index, new.block_id)
        screen.changed(structure=True, select=ref)
        screen.notify(f"Saved as block {new.block_id} ({path.name})")

    screen.app.push_screen(
        SaveBlockScreen(session.workspace.blocks_dir, item.text, session.blocks.tags()),
        save,
    )


def edit_block_source(screen: DraftScreen) -> None:
    item = screen.item_at(screen.current)
    session = screen.session
    if session is None or not isinstance(item, BlockItem):
        return
    block = screen.block_of(item)
    if block is None:
        return
    open_block_source(screen, block.file)


def open_block_source(screen: DraftScreen, file: Path, line: int = 0) -> None:
    session = screen.session
    if session is None:
        return
    from pleitbrief.tui.screens.block_source import BlockSourceScreen

    def edited(saved: bool | None) -> None:
        if saved:
            screen.changed(structure=True)

    screen.app.push_screen(BlockSourceScreen(session, file, line), edited)
