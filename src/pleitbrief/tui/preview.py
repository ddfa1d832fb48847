"""The live preview: the letter as the pipeline makes it, cut into pieces that re-render alone.

A full build of a 200-point letter takes half a second, too slow to follow typing. So the
letter is made of two kinds of piece, each cached:

- the **frame**: the letter template filled with the fields, every section item replaced by
  a marker paragraph. It depends on the fields and on how many items each section has, not
  on what they say, so typing in an item never rebuilds it.
- one **item** piece per section item: its text (or its block, rendered with its
  variables) parsed and its citations resolved in the draft's style.

The frame's markers are swapped for the items' pieces, footnotes are numbered in reading
order, and each piece becomes a Rich renderable with a ``key`` that changes only when what
it shows changes. The preview widget replaces only the pieces whose key changed: one
keystroke re-parses one item and repaints one widget (and the notes after it only when the
number of notes in that item changed).

Nothing here imports Textual; it runs in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Hashable, Iterable
from dataclasses import field
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pleitbrief import templating
from pleitbrief.assemble import assemble, block_variables, document_lang, parse_date
from pleitbrief.blocks import Block
from pleitbrief.cite.resolve import resolve_citations
from pleitbrief.cite.styles import (
    CiteprocError,
    NoteStyle,
    UnknownStyleError,
    get_style,
    in_workspace,
)
from pleitbrief.drafts import BlockItem, Draft, Item, TextItem
from pleitbrief.letters import LetterTemplate
from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_markdown
from pleitbrief.markup.text import plain_text
from pleitbrief.pipeline import LoadedWorkspace
from pleitbrief.records import record
from pleitbrief.sanitize import clean_document
from pleitbrief.tui.livedraft import ItemRef

MARK = "PLEITBRIEFITEMMARK"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PLACEHOLDER = "⟨{}⟩"


@record
class Piece:
    """One part of the letter before its notes are numbered."""

    uid: str
    """Stable while the letter's shape stays: ``frame:N`` or ``item:SECTION:INDEX``."""
    content_key: Hashable
    """Changes whenever the blocks change."""
    blocks: list[m.Block]
    ref: ItemRef | None = None
    marker: str = ""
    """``3.`` or ``•`` for an item of a numbered or bulleted section."""
    error: str = ""


@record
class RenderedPiece:
    uid: str
    key: Hashable
    """Equal keys render the same: the widget skips a repaint."""
    body: RenderableType
    notes: RenderableType | None
    ref: ItemRef | None = None
    note_count: int = 0


@record
class PreviewResult:
    pieces: list[RenderedPiece] = field(default_factory=list)
    style: str = ""
    message: str = ""
    """Why the letter cannot be shown whole (no template, a template error…)."""


@record
class _Frame:
    pieces: list[Piece]
    style: NoteStyle
    style_name: str
    lang: str


class PreviewEngine:
    """Renders drafts of one workspace, remembering what it rendered before."""

    def __init__(self, loaded: LoadedWorkspace) -> None:
        self.loaded = loaded
        self._lock = threading.Lock()
        self._frames: dict[Hashable, _Frame | str] = {}
        self._items: dict[Hashable, tuple[list[m.Block], str]] = {}
        self._rendered: dict[Hashable, RenderedPiece] = {}

    def clear(self) -> None:
        """Forget everything (the blocks or the library changed on disk)."""
        with self._lock:
            self._frames.clear()
            self._items.clear()
            self._rendered.clear()

    # --- the whole letter ----------------------------------------------------------

    def render(self, draft: Draft) -> PreviewResult:
        with self._lock:
            return self._render(draft)

    def _render(self, draft: Draft) -> PreviewResult:
        frame = self._frame(draft)
        if isinstance(frame, str):
            return PreviewResult(message=frame)
        result = PreviewResult(style=frame.style_name)
        note = 1
        for piece in frame.pieces:
            if piece.ref is not None and piece.ref.kind == "item":
                piece = self._item_piece(draft, piece, frame)
            rendered = self._rendered_piece(piece, note)
            result.pieces.append(rendered)
            note += rendered.note_count
        if len(self._rendered) > 4000:  # old numberings of pieces: let them go
            self._rendered.clear()
        return result

    def _rendered_piece(self, piece: Piece, first_note: int) -> RenderedPiece:
        key = (piece.uid, piece.content_key, piece.marker, first_note, piece.error)
        cached = self._rendered.get(key)
        if cached is not None:
            return cached
        writer = _RichWriter(first_note)
        body: RenderableType = (
            Text(piece.error, style="bold red") if piece.error else writer.blocks(piece.blocks)
        )
        if piece.marker:
            grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
            grid.add_column(justify="right", width=max(2, len(piece.marker)), no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(Text(piece.marker), body)
            body = grid
        rendered = RenderedPiece(
            piece.uid, key, body, writer.notes_renderable(), piece.ref, writer.count
        )
        self._rendered[key] = rendered
        return rendered

    # --- the frame -----------------------------------------------------------------

    def _frame(self, draft: Draft) -> _Frame | str:
        template = self.loaded.templates.get(draft.template)
        if template is None:
            return f"No letter template {draft.template!r}: see Problems."
        shape = tuple((name, len(items)) for name, items in draft.sections.items())
        key = (
            draft.template,
            draft.lang,
            draft.style,
            repr(sorted((k, repr(v)) for k, v in draft.fields.items())),
            shape,
        )
        cached = self._frames.get(key)
        if cached is None:
            cached = self._make_frame(draft, template)
            if len(self._frames) > 64:
                self._frames.clear()
            self._frames[key] = cached
        return cached

    def _make_frame(self, draft: Draft, template: LetterTemplate) -> _Frame | str:
        workspace = self.loaded.workspace
        lang = document_lang(draft, workspace)
        refs: dict[str, ItemRef] = {}
        fake = Draft(
            path=draft.path,
            name=draft.name,
            template=draft.template,
            template_line=1,
            lang=draft.lang,
            style=draft.style,
            fields=preview_fields(draft.fields, template),
        )
        fake.field_lines = dict.fromkeys(fake.fields, 1)
        for name, spec in template.sections.items():
            items = draft.sections.get(name, [])
            fake.section_lines[name] = 1
            markers: list[Item] = []
            for index in range(len(items)):
                mark = f"{MARK}{len(refs)}"
                refs[mark] = ItemRef.item(name, index)
                markers.append(TextItem(mark))
            if not items and spec.required:
                mark = f"{MARK}{len(refs)}"
                refs[mark] = ItemRef.of_section(name)
                markers.append(TextItem(mark))
            fake.sections[name] = markers
        assembled, problems = assemble(fake, template, self.loaded.blocks, workspace)
        if assembled is None:
            first = next((p for p in problems if p.is_error), None)
            return "The letter template cannot be filled in" + (
                f": {first.message}" if first else "."
            )
        style_name = in_workspace(assembled.style, workspace.root)
        try:
            style = get_style(style_name, lang)
        except UnknownStyleError:
            style_name = f"pleitbrief-{lang}"
            style = get_style(style_name, lang)
        document = m.Document(parse_markdown(assembled.markdown), assembled.meta)
        document, error = self._resolve(document, style, lang)
        if error:
            style_name, style = f"pleitbrief-{lang}", get_style(f"pleitbrief-{lang}", lang)
        document = clean_document(document)
        pieces = _split_frame(document.blocks, refs, template)
        return _Frame(pieces, style, style_name, lang)

    # --- the items -----------------------------------------------------------------

    def _item_piece(self, draft: Draft, slot: Piece, frame: _Frame) -> Piece:
        assert slot.ref is not None
        item = draft.sections[slot.ref.section][slot.ref.index]
        key = (frame.style_name, frame.lang, item_key(item))
        cached = self._items.get(key)
        if cached is None:
            cached = self._make_item(draft, item, frame)
            if len(self._items) > 2000:
                self._items.clear()
            self._items[key] = cached
        blocks, error = cached
        return Piece(slot.uid, key, blocks, slot.ref, slot.marker, error)

    def _make_item(self, draft: Draft, item: Item, frame: _Frame) -> tuple[list[m.Block], str]:
        if isinstance(item, TextItem):
            markdown = item.text
        else:
            block = self.loaded.blocks.get(item.block_id, frame.lang)
            if block is None:
                return [], f"No block {item.block_id!r}: see Problems."
            text, error = render_block(block, item, draft, frame.lang)
            if text is None:
                return [], error
            markdown = text
        document = m.Document(parse_markdown(markdown))
        # a failing style falls back to the house style here; the problems panel (the same
        # checks as export) says why, once, rather than every item
        document, _error = self._resolve(document, frame.style, frame.lang)
        return clean_document(document).blocks, ""

    def _resolve(self, document: m.Document, style: NoteStyle, lang: str) -> tuple[m.Document, str]:
        """Citations resolved in ``style``; if a CSL style fails (pandoc), in the house style,
        with the reason, so the preview never breaks on a style."""
        entries = self.loaded.library.entries
        try:
            return resolve_citations(document, entries, style), ""
        except CiteprocError as exc:
            house = get_style(f"pleitbrief-{lang}", lang)
            return resolve_citations(document, entries, house), f"Citation style failed: {exc}"

    # --- one block on its own (the block library) -------------------------------

    def block_preview(
        self, block: Block, lang: str, style_name: str | None = None
    ) -> tuple[RenderableType, RenderableType | None]:
        """A block with its defaults (placeholders where it has none) and its footnotes."""
        workspace = self.loaded.workspace
        name = style_name or workspace.style or f"pleitbrief-{lang}"
        try:
            style = get_style(in_workspace(name, workspace.root), lang)
        except UnknownStyleError:
            style = get_style(f"pleitbrief-{lang}", lang)
        dummy = Draft(path=block.file, name="", template="", template_line=1)
        text, error = render_block(block, BlockItem(block.id), dummy, lang)
        if text is None:
            return Text(error, style="bold red"), None
        document = m.Document(parse_markdown(text))
        document, _error = self._resolve(document, style, lang)
        writer = _RichWriter(1)
        body = writer.blocks(clean_document(document).blocks)
        return body, writer.notes_renderable()


def item_key(item: Item) -> Hashable:
    if isinstance(item, TextItem):
        return ("text", item.text)
    return ("block", item.block_id, tuple(sorted((k, repr(v)) for k, v in item.vars.items())))


def render_block(block: Block, item: BlockItem, draft: Draft, lang: str) -> tuple[str | None, str]:
    """The block's Markdown with the item's variables; a variable without a value shows its
    label as a placeholder, so the text can be read while it is being filled in."""
    values: dict[str, Any] = {}
    for name, variable in block.variables.items():
        value = item.vars.get(name)
        if value is None or value == "":
            value = variable.default
        values[name] = PLACEHOLDER.format(variable.label) if value in (None, "") else value
    filled = BlockItem(block.id, values, item.line)
    variables, _problems = block_variables(filled, block, draft, lang)
    text, problems = templating.render(block.body, variables, block.file, block.body_line, lang)
    if text is None:
        return None, problems[0].message if problems else "the block cannot be rendered"
    return text, ""


def preview_fields(fields: dict[str, Any], template: LetterTemplate) -> dict[str, Any]:
    """The draft's fields, with what is missing or malformed shown as its label."""
    out: dict[str, Any] = {}
    for name, spec in template.fields.items():
        value = fields.get(name)
        empty = value is None or value == "" or value == []
        if spec.type == "date":
            day = None if empty else parse_date(value)
            out[name] = day or dt.date.today()
            continue
        if empty:
            value = spec.default
        if value is None or value == "" or value == []:
            if not spec.required:
                continue
            value = PLACEHOLDER.format(spec.label)
            out[name] = [value] if spec.type == "list" else value
            continue
        out[name] = value
    return out


def _marker_of(block: m.Block, refs: dict[str, ItemRef]) -> ItemRef | None:
    if isinstance(block, m.Paragraph) and len(block.inlines) == 1:
        only = block.inlines[0]
        if isinstance(only, m.Text):
            return refs.get(only.text.strip())
    return None


def _split_frame(
    blocks: list[m.Block], refs: dict[str, ItemRef], template: LetterTemplate
) -> list[Piece]:
    pieces: list[Piece] = []
    pending: list[m.Block] = []
    found: set[ItemRef] = set()

    def flush() -> None:
        if pending:
            uid = f"frame:{len(pieces)}"
            pieces.append(Piece(uid, ("frame", uid, id(pending[0])), list(pending)))
            pending.clear()

    def slot(ref: ItemRef, marker: str) -> None:
        found.add(ref)
        if ref.kind == "section":  # a required section without items
            label = template.sections[ref.section].label
            pieces.append(
                Piece(
                    f"empty:{ref.section}",
                    ("empty", ref.section),
                    [m.Paragraph([m.Text(PLACEHOLDER.format(f"{label}: no items yet"))])],
                    ref,
                    marker,
                )
            )
        else:
            pieces.append(Piece(f"item:{ref.section}:{ref.index}", None, [], ref, marker))

    for block in blocks:
        ref = _marker_of(block, refs)
        if ref is not None:
            flush()
            slot(ref, "")
            continue
        if isinstance(block, m.OrderedList | m.BulletList) and any(
            item.blocks and _marker_of(item.blocks[0], refs) for item in block.items
        ):
            flush()
            for number, list_item in enumerate(block.items):
                marker = f"{block.start + number}." if isinstance(block, m.OrderedList) else "•"
                item_ref = _marker_of(list_item.blocks[0], refs) if list_item.blocks else None
                if item_ref is not None and len(list_item.blocks) == 1:
                    slot(item_ref, marker)
                else:
                    pieces.append(
                        Piece(
                            f"frame:{len(pieces)}",
                            ("li", id(list_item)),
                            list_item.blocks,
                            marker=marker,
                        )
                    )
            continue
        pending.append(block)
    flush()
    missing = set(refs.values()) - found
    if missing:  # a template that puts a section somewhere unusual: show it as one piece
        return [Piece("frame:whole", ("whole", id(blocks)), blocks)]
    return pieces


class _RichWriter:
    """Model blocks → Rich renderables; notes numbered from ``first_note``."""

    def __init__(self, first_note: int) -> None:
        self.first = first_note
        self.notes: list[list[m.Block]] = []

    @property
    def count(self) -> int:
        return len(self.notes)

    def blocks(self, blocks: Iterable[m.Block]) -> RenderableType:
        parts: list[RenderableType] = []
        for block in blocks:
            if parts:
                parts.append(Text(""))
            parts.append(self.block(block))
        return Group(*parts) if len(parts) != 1 else parts[0]

    def block(self, block: m.Block) -> RenderableType:
        if isinstance(block, m.Paragraph):
            return self.inlines(block.inlines)
        if isinstance(block, m.Heading):
            text = self.inlines(block.inlines)
            text.stylize("bold underline" if block.level == 1 else "bold")
            return text
        if isinstance(block, m.OrderedList | m.BulletList):
            grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
            grid.add_column(justify="right", no_wrap=True)
            grid.add_column(ratio=1)
            for number, item in enumerate(block.items):
                marker = f"{block.start + number}." if isinstance(block, m.OrderedList) else "•"
                grid.add_row(Text(marker), self.blocks(item.blocks))
            return grid
        if isinstance(block, m.BlockQuote):
            grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(Text("▌", style="dim"), self.blocks(block.blocks))
            return grid
        return Text("―" * 12, style="dim")

    def inlines(self, inlines: Iterable[m.Inline], style: str = "") -> Text:
        text = Text()
        self._inlines(inlines, text, style)
        return text

    def _inlines(self, inlines: Iterable[m.Inline], text: Text, style: str) -> None:
        for inline in inlines:
            if isinstance(inline, m.Text):
                text.append(inline.text, style=style or None)
            elif isinstance(inline, m.Emph):
                self._inlines(inline.children, text, f"{style} italic".strip())
            elif isinstance(inline, m.Strong):
                self._inlines(inline.children, text, f"{style} bold".strip())
            elif isinstance(inline, m.Code):
                text.append(inline.text, style=f"{style} reverse".strip())
            elif isinstance(inline, m.Link):
                self._inlines(inline.children, text, f"{style} underline".strip())
            elif isinstance(inline, m.SoftBreak):
                text.append(" ")
            elif isinstance(inline, m.LineBreak):
                text.append("\n")
            elif isinstance(inline, m.CiteGroup):
                text.append(inline.source, style="dim")
            elif isinstance(inline, m.Note):
                self.notes.append(inline.blocks)
                number = str(self.first + len(self.notes) - 1)
                text.append(number.translate(_SUPERSCRIPT), style="bold")

    def notes_renderable(self) -> RenderableType | None:
        if not self.notes:
            return None
        grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
        grid.add_column(justify="right", no_wrap=True, width=4)
        grid.add_column(ratio=1)
        done = 0
        while done < len(self.notes):  # a note inside a note joins the queue
            blocks = self.notes[done]
            grid.add_row(Text(f"{self.first + done}."), self.blocks(blocks))
            done += 1
        return grid


def letter_plain_text(result: PreviewResult) -> str:
    """For tests: the pieces' text, as a terminal would show it (roughly)."""
    from rich.console import Console

    console = Console(width=200, color_system=None, file=None, record=True)
    with console.capture() as capture:
        for piece in result.pieces:
            console.print(piece.body)
        for piece in result.pieces:
            if piece.notes is not None:
                console.print(piece.notes)
    return capture.get()


__all__ = ["PreviewEngine", "PreviewResult", "RenderedPiece", "letter_plain_text", "plain_text"]
