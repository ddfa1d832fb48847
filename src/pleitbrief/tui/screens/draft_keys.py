"""The draft screen's keys: its ``BINDINGS`` table, and which keys the selected item takes.

The command palette lists the same table (see :mod:`pleitbrief.tui.palette`), so a key
added here is in the palette too, with its tooltip as help.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from pleitbrief.drafts import BlockItem, TextItem

BINDINGS: list[BindingType] = [
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
    Binding("f9", "problems", "Go to problems", tooltip="Move to the problems list", show=False),
]


def available(action: str, item: TextItem | BlockItem | None) -> bool | None:
    """``DraftScreen.check_action`` for the selected ``item`` (``None`` when none is).

    Textual's meaning: ``None`` keeps a key listed but greyed out (``False`` would hide
    it); the command palette lists only what is ``True``.
    """
    if action in ("move_up", "move_down", "remove_item", "duplicate"):
        return True if item is not None else None
    if action in ("to_text", "edit_block_source"):
        return True if isinstance(item, BlockItem) else None
    if action == "save_as_block":
        return True if isinstance(item, TextItem) else None
    return True
