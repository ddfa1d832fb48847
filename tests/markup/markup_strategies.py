"""Hypothesis strategies for document models, with text that is hard to write as Markdown."""

from __future__ import annotations

from hypothesis import strategies as st

from pleitbrief.markup import model as m
from pleitbrief.markup.citations import parse_group

LETTERS = [*"abcdeXYZ019", *"éëïöüçàĳ", *"ЯжцПр"]
PUNCTUATION = [*" .,;:!?()-+=/%'\"&<>*_[]#\\`~^$@{}|", "«", "»", "„", "”", "‘", "’", "—"]
SPACES = ["\xa0", " "]

CITATIONS = [
    "[@a]", "[@key, p. 12]", "[zie @b, art. 4]", "[@a; @b, p. 5]", "[-@c]",
    "[@{https://x.nl/a?b=1}]", "[@kst-19637-3018, blz. 3 en verder]", "[@Кирилл-2022]",
]
URLS = ["https://nos.nl/artikel/2445552", "http://x.nl/a_b?c=d&e=f", "https://a.nl/(x)",
        "/relatief"]
EMAILS = ["press@freerussia.nl", "a.b@c.nl"]

words = st.text(st.sampled_from(LETTERS + PUNCTUATION + SPACES), min_size=1, max_size=12)
plain_words = st.text(st.sampled_from([*LETTERS, " ", ".", ",", "«", "»"]), min_size=1, max_size=10)


def cite_group(source: str) -> m.CiteGroup:
    citations = parse_group(source[1:-1])
    assert citations is not None, source
    return m.CiteGroup(citations, source)


def autolink(url: str) -> m.Link:
    return m.Link(url, [m.Text(url)])


def email(address: str) -> m.Link:
    return m.Link("mailto:" + address, [m.Text(address)])


def _leaves(text: st.SearchStrategy[str], breaks: bool) -> st.SearchStrategy[m.Inline]:
    options: list[st.SearchStrategy[m.Inline]] = [
        st.builds(m.Text, text),
        st.builds(m.Code, st.text(st.sampled_from([*LETTERS, " ", "`", "*"]), min_size=1,
                                  max_size=6)),
        st.sampled_from(CITATIONS).map(cite_group),
        st.sampled_from(URLS).map(autolink),
        st.sampled_from(EMAILS).map(email),
    ]
    if breaks:
        options += [st.just(m.SoftBreak()), st.just(m.LineBreak())]
    return st.one_of(*options)


def _link_text(text: st.SearchStrategy[str]) -> st.SearchStrategy[list[m.Inline]]:
    leaf = st.one_of(st.builds(m.Text, text), st.builds(m.Code, plain_words))
    tree = st.recursive(leaf, lambda kids: st.one_of(
        st.builds(m.Emph, st.lists(kids, min_size=1, max_size=3)),
        st.builds(m.Strong, st.lists(kids, min_size=1, max_size=3)),
    ), max_leaves=4)
    return st.lists(tree, min_size=1, max_size=3)


def inline_lists(
    text: st.SearchStrategy[str] = words, *, breaks: bool = True, notes: int = 2
) -> st.SearchStrategy[list[m.Inline]]:
    """Inlines; ``notes`` is how deep notes may nest (a note in a note is rare, but legal)."""
    leaves = _leaves(text, breaks)
    if notes:
        inner = paragraphs(text, notes=notes - 1)
        items = st.lists(st.builds(m.ListItem, st.lists(inner, max_size=2)), min_size=1,
                         max_size=2)
        listed = st.builds(m.BulletList, items)
        note = st.builds(m.Note, st.lists(st.one_of(inner, inner, listed), max_size=3))
        leaves = st.one_of(leaves, note)

    def nest(kids: st.SearchStrategy[m.Inline]) -> st.SearchStrategy[m.Inline]:
        return st.one_of(
            st.builds(m.Emph, st.lists(kids, min_size=1, max_size=3)),
            st.builds(m.Strong, st.lists(kids, min_size=1, max_size=3)),
            st.builds(m.Link, st.sampled_from(URLS), _link_text(text)),
        )

    return st.lists(st.recursive(leaves, nest, max_leaves=6), min_size=1, max_size=6)


def paragraphs(text: st.SearchStrategy[str] = words, *, notes: int = 2
               ) -> st.SearchStrategy[m.Block]:
    return st.builds(m.Paragraph, inline_lists(text, notes=notes))


def blocks(text: st.SearchStrategy[str] = words) -> st.SearchStrategy[list[m.Block]]:
    leaf = st.one_of(
        paragraphs(text),
        paragraphs(text),
        st.builds(m.Heading, st.integers(1, 6), inline_lists(text, breaks=False)),
        st.just(m.ThematicBreak()),
    )

    def nest(inner: st.SearchStrategy[m.Block]) -> st.SearchStrategy[m.Block]:
        items = st.lists(st.builds(m.ListItem, st.lists(inner, max_size=3)), min_size=1,
                         max_size=3)
        return st.one_of(
            st.builds(m.BulletList, items, st.booleans()),
            st.builds(m.OrderedList, items, st.integers(0, 1200), st.booleans()),
            st.builds(m.BlockQuote, st.lists(inner, max_size=3)),
        )

    return st.lists(st.recursive(leaf, nest, max_leaves=8), min_size=1, max_size=5)
