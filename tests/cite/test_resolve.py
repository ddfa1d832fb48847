"""The cite stage over whole documents: groups become notes, plain notes stay in order."""

# The expected footnotes hold real en dashes and quotation marks:

from __future__ import annotations

import copy
from typing import Any

from cite_helpers import make_entry, plain_text, with_notes

from pleitbrief.cite.resolve import resolve_citations
from pleitbrief.cite.styles import get_style
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import (
    BlockQuote,
    BulletList,
    Citation,
    CiteGroup,
    Document,
    Emph,
    Heading,
    Inline,
    ListItem,
    Metadata,
    Note,
    OrderedList,
    Paragraph,
    Text,
)


def entry(key: str, entry_type: str = "misc", **fields: str) -> Entry:
    return make_entry({"key": key, "type": entry_type, "fields": fields})


NOS_TITLE = "Eerste Russische reservisten melden zich, opvallend druk aan grenzen"
ENTRIES = {
    e.key: e
    for e in (
        entry("nos-2022-09-22", "online", journaltitle="NOS", date="2022-09-22", title=NOS_TITLE),
        entry("ah-3441", type="aanhangsel", session="2021/22", number="3441"),
        entry("kst-19637-3100", type="kamerstuk", dossier="19637", number="3100"),
    )
}
NOS = f"NOS, 22 september 2022, «{NOS_TITLE}»"
AH = "Aanhangsel Handelingen, vergaderjaar 2021–2022, nr. 3441"
KST = "Kamerstuk 19 637, nr. 3100"


def group(*keys: str, locator: str = "") -> CiteGroup:
    cites = [Citation(k) for k in keys]
    if locator:
        cites[-1].locator = locator
    return CiteGroup(cites, source="[" + "; ".join("@" + k for k in keys) + "]")


def notes(inlines: list[Inline]) -> list[Note]:
    found: list[Note] = []
    for inline in inlines:
        if isinstance(inline, Note):
            found.append(inline)
        elif isinstance(inline, Emph):
            found.extend(notes(inline.children))
    return found


def first_inlines(doc: Document) -> list[Inline]:
    block = doc.blocks[0]
    assert isinstance(block, Paragraph)
    return block.inlines


def note_text_inlines(note: Note) -> list[Inline]:
    (para,) = note.blocks
    assert isinstance(para, Paragraph)
    return para.inlines


def resolve(doc: Document, lang: str = "nl") -> Document:
    return resolve_citations(doc, ENTRIES, get_style(f"pleitbrief-{lang}", lang))


def test_groups_become_notes_and_plain_notes_keep_their_place() -> None:
    nos_group = group("nos-2022-09-22")
    doc = Document(
        [
            Paragraph(
                [
                    Text("Deelt u onze zorg?"),
                    nos_group,
                    Text(" Zie de bijlage."),
                    Note([Paragraph([Text("Bijlage 1.")])]),
                    Text(" Eerder gevraagd."),
                    group("ah-3441"),
                ]
            )
        ]
    )
    para = resolve(doc).blocks[0]
    assert isinstance(para, Paragraph)
    assert [plain_text(note_text_inlines(n)) for n in notes(para.inlines)] == [
        NOS,
        "Bijlage 1.",
        AH,
    ]
    assert [n.citation for n in notes(para.inlines)] == [nos_group, None, first_inlines(doc)[-1]]
    assert with_notes(para.inlines) == (
        f"Deelt u onze zorg?[^{NOS}] Zie de bijlage.[^Bijlage 1.] Eerder gevraagd.[^{AH}]"
    )


def test_citation_inside_a_plain_note_is_written_in_place() -> None:
    doc = Document(
        [
            Paragraph(
                [
                    Text("Tekst"),
                    Note(
                        [
                            Paragraph(
                                [
                                    Text("Zie ook "),
                                    group("kst-19637-3100", locator="p. 2"),
                                    Text(" en "),
                                    group("ah-3441"),
                                    Text("."),
                                ]
                            )
                        ]
                    ),
                ]
            )
        ]
    )
    (note,) = notes(first_inlines(resolve(doc)))
    assert note.citation is None
    assert plain_text(note_text_inlines(note)) == f"Zie ook {KST}, p. 2 en {AH}."
    assert not notes(note_text_inlines(note))


def test_several_keys_in_one_group_make_one_note() -> None:
    doc = Document([Paragraph([Text("Zie"), group("kst-19637-3100", "ah-3441")])])
    (note,) = notes(first_inlines(resolve(doc)))
    assert plain_text(note_text_inlines(note)) == f"{KST}; {AH}"


def test_missing_key_renders_as_question_mark_key() -> None:
    doc = Document([Paragraph([Text("x"), group("bestaat-niet", locator="p. 1")])])
    (note,) = notes(first_inlines(resolve(doc)))
    assert note.blocks == [Paragraph([Text("?bestaat-niet, p. 1")])]


def test_every_block_kind_is_walked_in_document_order() -> None:
    doc = Document(
        [
            Heading(2, [Text("Vragen"), group("nos-2022-09-22")]),
            OrderedList(
                [
                    ListItem([Paragraph([Text("Vraag 1"), group("ah-3441")])]),
                    ListItem(
                        [
                            BulletList(
                                [
                                    ListItem(
                                        [
                                            Paragraph(
                                                [Emph([Text("nadruk"), group("kst-19637-3100")])]
                                            )
                                        ]
                                    )
                                ]
                            )
                        ]
                    ),
                ],
                start=3,
            ),
            BlockQuote([Paragraph([Text("citaat"), Note([Paragraph([group("ah-3441")])])])]),
        ],
        Metadata(title="Kamervragen", lang="nl"),
    )
    out = resolve(doc)
    texts: list[str] = []

    def walk(blocks: list[Any]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph | Heading):
                texts.extend(plain_text(note_text_inlines(n)) for n in notes(block.inlines))
            for child in ("items", "blocks"):
                walk(getattr(block, child, []))

    walk(out.blocks)
    assert texts == [NOS, AH, KST, AH]
    assert isinstance(out.blocks[1], OrderedList)
    assert out.blocks[1].start == 3
    assert out.meta == doc.meta
    assert out.meta is not doc.meta


def test_input_document_is_left_untouched() -> None:
    doc = Document(
        [Paragraph([Text("a"), group("ah-3441"), Note([Paragraph([group("kst-19637-3100")])])])]
    )
    before = copy.deepcopy(doc)
    resolve(doc)
    assert doc == before


def test_resolving_twice_changes_nothing() -> None:
    doc = Document([Paragraph([Text("a"), group("ah-3441")])])
    once = resolve(doc)
    assert resolve(once) == once


def test_english_style() -> None:
    doc = Document([Paragraph([Text("Question"), group("ah-3441")])])
    (note,) = notes(first_inlines(resolve(doc, "en")))
    assert plain_text(note_text_inlines(note)) == (
        "Aanhangsel Handelingen, parliamentary year 2021–2022, no. 3441"
    )


def test_a_group_without_citations_keeps_its_source() -> None:
    empty = CiteGroup([], source="[@]")
    (note,) = notes(first_inlines(resolve(Document([Paragraph([empty])]))))
    assert note.blocks == [Paragraph([Text("[@]")])]
