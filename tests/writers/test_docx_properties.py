"""Property tests: any document model gives a DOCX that opens, with all its notes.

Text mixes ``& < > " '``, Cyrillic, Dutch diacritics, guillemets, spaces of several kinds
and control characters; emphasis nests, links and notes (notes in notes too) abound.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_docx_helpers import open_docx, parts, read_docx, read_markdown, w, xml
from tests.markup.markup_strategies import LETTERS, PUNCTUATION, SPACES, blocks, inline_lists

from pleitbrief.markup import model as m
from pleitbrief.markup.text import plain_text
from pleitbrief.markup.walk import iter_inlines, map_inlines
from pleitbrief.sanitize import clean_document, remove_control_characters
from pleitbrief.writers.docx import render
from pleitbrief.writers.markdown import render as render_markdown

CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ufffe", "\ud800"]
hostile = st.text(
    st.sampled_from(LETTERS + PUNCTUATION + SPACES + CONTROLS + ["\t", "\r"]),
    min_size=1,
    max_size=12,
)
# Plain text with control characters, for comparing with the Markdown writer: its own tests
# cover Markdown syntax in text, and a slip there is not the DOCX writer's.
plain = st.text(
    st.sampled_from([*LETTERS, " ", ".", ",", "«", "»", *CONTROLS]), min_size=1, max_size=12
)

# Each example runs pandoc once or twice: modest numbers keep the suite fast.
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def many_notes(text: st.SearchStrategy[str]) -> st.SearchStrategy[m.Block]:
    """A paragraph with five to twelve notes among its text."""
    paragraphs = st.lists(
        st.builds(m.Paragraph, inline_lists(text, notes=0)), min_size=1, max_size=2
    )
    pair = st.tuples(st.builds(m.Text, text), st.builds(m.Note, paragraphs))
    return st.lists(pair, min_size=5, max_size=12).map(
        lambda pairs: m.Paragraph([inline for p in pairs for inline in p])
    )


def documents(text: st.SearchStrategy[str]) -> st.SearchStrategy[m.Document]:
    body = st.tuples(blocks(text), many_notes(text)).map(lambda t: [*t[0], t[1]])
    meta = st.builds(
        m.Metadata, title=text, author=text, lang=st.sampled_from(["nl", "en", "de", "nl\x00"])
    )
    return st.builds(m.Document, body, meta)


def top_notes(doc: m.Document) -> int:
    return sum(isinstance(i, m.Note) for i in iter_inlines(doc.blocks, notes=False))


def body_text(blocks: list[m.Block]) -> str:
    """The running text of ``blocks`` (no notes), as a reader sees it."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, m.Paragraph | m.Heading):
            parts.append(plain_text(block.inlines))
        elif isinstance(block, m.BulletList | m.OrderedList):
            parts += [body_text(item.blocks) for item in block.items]
        elif isinstance(block, m.BlockQuote):
            parts.append(body_text(block.blocks))
    return " ".join(remove_control_characters(" ".join(parts)).split())


def without_notes_in_notes(doc: m.Document) -> m.Document:
    """``doc`` less its notes inside notes, which pandoc's Markdown reader drops."""

    def inner(inline: m.Inline) -> list[m.Inline] | None:
        return [] if isinstance(inline, m.Note) else None

    def outer(inline: m.Inline) -> list[m.Inline] | None:
        if isinstance(inline, m.Note):
            return [m.Note(map_inlines(inline.blocks, inner), inline.citation)]
        return None

    return m.Document(map_inlines(doc.blocks, outer), doc.meta)


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW)
@given(documents(hostile))
def test_any_document_opens_and_pandoc_reads_all_its_notes(doc: m.Document) -> None:
    data = render(doc)
    open_docx(data)
    for name, content in parts(data).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)  # well-formed, every part
    assert not list(xml(data, "word/footnotes.xml").iter(w("footnoteReference")))
    body, notes = read_docx(data)
    assert len(notes) == top_notes(doc) >= 5
    assert body == body_text(doc.blocks)


@settings(max_examples=20, deadline=None, suppress_health_check=SLOW)
@given(documents(plain).map(without_notes_in_notes))
def test_pandoc_reads_what_it_reads_from_the_markdown(doc: m.Document) -> None:
    """The same text and notes as the Markdown writer's, once the characters a Word file
    cannot hold are gone (the pipeline removes them with a warning; the writer drops them
    too, whatever it is given)."""
    expected = read_markdown(render_markdown(clean_document(doc)))
    assert read_docx(render(doc)) == expected
