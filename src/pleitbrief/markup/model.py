"""The document model: what the Markdown parser builds and every writer consumes.

A letter is a list of blocks; text is a list of inlines. Citations stay as
``CiteGroup`` inlines until the cite stage turns each group into a ``Note`` (a footnote)
holding the formatted reference. Notes are numbered by the writers, in document order, so
plain footnotes and citation footnotes share one numbering.
"""

from __future__ import annotations

from dataclasses import field

from pleitbrief.records import record

# --- inlines -------------------------------------------------------------------------


@record
class Text:
    text: str


@record
class Emph:
    children: list[Inline]


@record
class Strong:
    children: list[Inline]


@record
class Code:
    text: str


@record
class Link:
    url: str
    children: list[Inline]
    """The link text; an autolink ``<https://…>`` has its URL as its only Text child."""


@record
class SoftBreak:
    """A line end inside a paragraph: a space to Word, a newline to Markdown."""


@record
class LineBreak:
    """A hard line break (two spaces or a backslash before the newline)."""


@record
class Citation:
    """One ``@key`` of a bracketed group, with pandoc's prefix, locator and suffix."""

    key: str
    prefix: str = ""
    """Text before the key: ``zie`` in ``[zie @key, p. 3]``."""
    locator: str = ""
    """The locator as written, label included: ``p. 12``, ``art. 4``."""
    suffix: str = ""
    """Text after the locator that is not part of it."""
    suppress_author: bool = False
    """``-@key``: pandoc's author-suppressing form."""


@record
class CiteGroup:
    """A bracketed citation group ``[@a; @b, p. 5]``: one footnote when resolved."""

    citations: list[Citation]
    source: str
    """The group exactly as written, for ``--keep-citations``."""
    line: int = 0
    """0-based line of the group in the Markdown it was parsed from."""
    col: int = 0
    """0-based column of the group's opening bracket in that line."""


@record
class Note:
    """A footnote: a plain one (``^[…]``, ``[^label]``) or a resolved citation group."""

    blocks: list[Block]
    citation: CiteGroup | None = None
    """The group this note was made from, if any (kept for styles and round trips)."""


Inline = Text | Emph | Strong | Code | Link | SoftBreak | LineBreak | CiteGroup | Note

# --- blocks --------------------------------------------------------------------------


@record
class Paragraph:
    inlines: list[Inline]


@record
class Heading:
    level: int
    inlines: list[Inline]


@record
class ListItem:
    blocks: list[Block]


@record
class BulletList:
    items: list[ListItem]
    tight: bool = True


@record
class OrderedList:
    items: list[ListItem]
    start: int = 1
    tight: bool = True


@record
class BlockQuote:
    blocks: list[Block]


@record
class ThematicBreak:
    pass


Block = Paragraph | Heading | BulletList | OrderedList | BlockQuote | ThematicBreak


@record
class Metadata:
    title: str = ""
    author: str = ""
    """The organisation or signatories, for the document properties."""
    lang: str = "nl"
    """BCP 47 language of the text: ``nl``, ``en``."""


@record
class Document:
    blocks: list[Block]
    meta: Metadata = field(default_factory=Metadata)
