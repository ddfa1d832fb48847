"""Blocks → paragraphs: headings, list items with real numbering, quotes and rules.

The same writer lays out the body and the inside of a footnote; in a footnote every
paragraph is in the Footnote Text style (a heading there is a bold paragraph).
"""

from __future__ import annotations

from dataclasses import replace

from pleitbrief.markup import model as m
from pleitbrief.markup.walk import tidy_inlines
from pleitbrief.records import record
from pleitbrief.writers.docx.numbering import LEVELS, Numbering, indent
from pleitbrief.writers.docx.ooxml import attr
from pleitbrief.writers.docx.runs import Story, inlines_xml

__all__ = ["BlockWriter", "paragraph_xml"]

_QUOTE_INDENT = 567
_RULE = (
    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" '
    'w:color="auto"/></w:pBdr></w:pPr></w:p>'
)


@record(frozen=True)
class _Place:
    """Where a block sits: how deep in lists and quotes, and the list's spacing."""

    level: int = -1
    """The list level (``w:ilvl``) of the innermost list, -1 outside lists."""
    quote: int = 0
    loose: bool = False


def paragraph_xml(
    runs: str,
    style: str = "",
    *,
    number: tuple[int, int] | None = None,
    left: int = 0,
    loose: bool = False,
) -> str:
    """A ``w:p``: ``number`` is ``(numId, ilvl)``, ``left`` an indent in twips."""
    props = [f'<w:pStyle w:val="{attr(style)}"/>' if style else ""]
    if number is not None:
        props.append(
            f'<w:numPr><w:ilvl w:val="{number[1]}"/><w:numId w:val="{number[0]}"/></w:numPr>'
        )
    props.append(f'<w:ind w:left="{left}"/>' if left else "")
    props.append('<w:contextualSpacing w:val="0"/>' if loose else "")
    inner = "".join(props)
    return f"<w:p>{f'<w:pPr>{inner}</w:pPr>' if inner else ''}{runs}</w:p>"


def tidy(inlines: list[m.Inline]) -> list[m.Inline]:
    """A paragraph's inlines as the Markdown writer sees them (so both write the same)."""
    return tidy_inlines(inlines, block=True)


class BlockWriter:
    """Writes blocks into ``story``; ``in_note`` for the inside of a footnote."""

    def __init__(self, story: Story, numbering: Numbering, *, in_note: bool = False) -> None:
        self.story = story
        self.numbering = numbering
        self.in_note = in_note

    def blocks(self, blocks: list[m.Block]) -> list[str]:
        out: list[str] = []
        for block in blocks:
            self._block(block, _Place(), out)
        return out

    def runs(self, inlines: list[m.Inline]) -> str:
        return inlines_xml(self.story, tidy(inlines))

    def _block(self, block: m.Block, place: _Place, out: list[str]) -> None:
        if isinstance(block, m.Paragraph):
            runs = self.runs(block.inlines)
            if runs:
                out.append(self._paragraph(runs, place))
        elif isinstance(block, m.Heading):
            inlines = tidy(block.inlines)
            if self.in_note:
                runs = inlines_xml(self.story, [m.Strong(inlines)]) if inlines else ""
                style = self.story.styles.footnote_text
            else:
                runs = inlines_xml(self.story, inlines)
                style = self.story.styles.heading(block.level)
            if runs:
                out.append(paragraph_xml(runs, style))
        elif isinstance(block, m.BulletList | m.OrderedList):
            self._list(block, place, out)
        elif isinstance(block, m.BlockQuote):
            inner = replace(place, quote=place.quote + 1)
            for child in block.blocks:
                self._block(child, inner, out)
        elif isinstance(block, m.ThematicBreak):
            out.append(_RULE)

    def _paragraph(self, runs: str, place: _Place) -> str:
        """A paragraph of running text, in a list item after its first, or in a quote."""
        styles = self.story.styles
        quote_indent = _QUOTE_INDENT * place.quote
        if self.in_note:
            left = indent(place.level) if place.level >= 0 else quote_indent
            return paragraph_xml(runs, styles.footnote_text, left=left)
        if place.level >= 0:
            return paragraph_xml(
                runs, styles.list_paragraph, left=indent(place.level), loose=place.loose
            )
        if place.quote:
            left = quote_indent if place.quote > 1 else 0  # the style indents the first
            return paragraph_xml(runs, styles.quote, left=left)
        return paragraph_xml(runs)

    def _list(self, block: m.BulletList | m.OrderedList, place: _Place, out: list[str]) -> None:
        level = place.level + 1
        if isinstance(block, m.OrderedList):
            num_id = self.numbering.ordered(block.start, level)
        else:
            num_id = self.numbering.bullets()
        inner = _Place(level=level, quote=place.quote, loose=not block.tight)
        styles = self.story.styles
        style = styles.footnote_text if self.in_note else styles.list_paragraph
        for item in block.items:
            blocks = list(item.blocks)
            runs = ""
            first = blocks[0] if blocks else None
            if isinstance(first, m.Paragraph):
                runs = self.runs(first.inlines)
                blocks.pop(0)
            # The item's number goes on its first paragraph, or an empty one of its own.
            number = (num_id, min(level, LEVELS - 1))
            out.append(
                paragraph_xml(runs, style, number=number, loose=inner.loose and not self.in_note)
            )
            for child in blocks:
                self._block(child, inner, out)
