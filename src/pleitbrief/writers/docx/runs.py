"""Inlines → runs: text, bold and italic, code, hyperlinks, breaks and note marks.

Where a run goes (the body or a footnote) is a :class:`Story`: it owns the relationships
a hyperlink needs, and decides what a note at that place becomes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol
from urllib.parse import quote

from pleitbrief.markup import model as m
from pleitbrief.records import record
from pleitbrief.writers.docx.ooxml import attr, clean, text
from pleitbrief.writers.docx.styles import StyleIds

__all__ = ["Look", "Story", "inlines_xml", "link_target", "run_xml"]

# What a URI may hold as it is (RFC 3986 reserved and unreserved, and escapes); the rest
# (spaces, quotes, non-ASCII) is percent-encoded, or Word may refuse the relationship.
_URI_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
_BLANKS = re.compile(r"[\t\n\r]")


@record(frozen=True)
class Look:
    """The formatting in effect at a run."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    link: bool = False


PLAIN = Look()
"""No formatting: a run's look outside any emphasis or link."""


class Story(Protocol):
    """Where runs go: the document body, or the footnotes."""

    @property
    def styles(self) -> StyleIds: ...

    def hyperlink(self, target: str) -> str:
        """The ``r:id`` of an external relationship to ``target`` from this story's part."""
        ...

    def note(self, note: m.Note) -> str:
        """The XML that stands for ``note`` at its place."""
        ...


def link_target(url: str) -> str:
    """``url`` as a relationship target: what a URI may not hold, percent-encoded."""
    return quote(clean(url).strip(), safe=_URI_SAFE)


def run_properties(styles: StyleIds, look: Look) -> str:
    style = styles.hyperlink if look.link else styles.code if look.code else ""
    parts = [f'<w:rStyle w:val="{attr(style)}"/>' if style else ""]
    if look.code and look.link:  # one character style only: the link's, in monospace
        parts.append('<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>')
    parts.append("<w:b/><w:bCs/>" if look.bold else "")
    parts.append("<w:i/><w:iCs/>" if look.italic else "")
    inner = "".join(parts)
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def run_xml(styles: StyleIds, value: str, look: Look = PLAIN) -> str:
    """One run of text (empty if there is no text)."""
    value = _BLANKS.sub(" ", clean(value))  # a line end in w:t is not a line in Word
    if not value:
        return ""
    return f'<w:r>{run_properties(styles, look)}<w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def inlines_xml(story: Story, inlines: list[m.Inline], look: Look = PLAIN) -> str:
    return "".join(_inline(story, inline, look) for inline in inlines)


def _inline(story: Story, inline: m.Inline, look: Look) -> str:
    styles = story.styles
    if isinstance(inline, m.Text):
        return run_xml(styles, inline.text, look)
    if isinstance(inline, m.Emph):
        return inlines_xml(story, inline.children, replace(look, italic=True))
    if isinstance(inline, m.Strong):
        return inlines_xml(story, inline.children, replace(look, bold=True))
    if isinstance(inline, m.Code):
        return run_xml(styles, inline.text, replace(look, code=True))
    if isinstance(inline, m.Link):
        return _link(story, inline, look)
    if isinstance(inline, m.SoftBreak):
        return run_xml(styles, " ", look)
    if isinstance(inline, m.LineBreak):
        return f"<w:r>{run_properties(styles, look)}<w:br/></w:r>"
    if isinstance(inline, m.Note):
        return story.note(inline)
    return run_xml(styles, inline.source, look)  # a citation group nobody resolved


def _link(story: Story, link: m.Link, look: Look) -> str:
    url = clean(link.url).strip()
    if not url:  # nowhere to go: the text alone
        return inlines_xml(story, link.children, look)
    runs = inlines_xml(story, link.children, replace(look, link=True))
    if not runs:
        return ""
    if url.startswith("#"):  # a place in this document
        return f'<w:hyperlink w:anchor="{attr(url[1:])}">{runs}</w:hyperlink>'
    rid = story.hyperlink(link_target(url))
    return f'<w:hyperlink r:id="{attr(rid)}" w:history="1">{runs}</w:hyperlink>'
