"""The DOCX writer: what pandoc reads back, and what Word needs inside the package."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.shared import Pt
from test_docx_helpers import (
    both,
    from_markdown,
    open_docx,
    ordered_lists,
    pandoc_json,
    parts,
    read_docx,
    w,
    xml,
)

from pleitbrief.markup import model as m
from pleitbrief.writers import FORMATS, Format, WriteOptions, write
from pleitbrief.writers.docx import render, render_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "docx"
CASES = sorted(p for p in FIXTURES.glob("*.md") if p.name != "README.md")
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def note(*inlines: m.Inline) -> m.Note:
    return m.Note([m.Paragraph(list(inlines))])


def para(*inlines: m.Inline) -> m.Paragraph:
    return m.Paragraph(list(inlines))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_pandoc_reads_the_same_text_and_notes_as_from_the_markdown(path: Path) -> None:
    doc = from_markdown(path.read_text(encoding="utf-8"))
    from_docx, from_markdown_writer = both(doc)
    assert from_docx == from_markdown_writer
    assert from_docx[1], "every fixture has notes"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_python_docx_opens_it(path: Path) -> None:
    data = render(from_markdown(path.read_text(encoding="utf-8")))
    document = open_docx(data)
    assert document.paragraphs


def test_footnotes_part_relationship_content_type_and_settings() -> None:
    data = render(m.Document([para(m.Text("a"), note(m.Text("een")), m.Text("b"))]))
    package = parts(data)
    assert b"/word/footnotes.xml" in package["[Content_Types].xml"]
    assert FOOTNOTES_CT.encode() in package["[Content_Types].xml"]
    assert FOOTNOTES_REL.encode() in package["word/_rels/document.xml.rels"]
    notes = xml(data, "word/footnotes.xml")
    kinds = [(n.get(w("type")), n.get(w("id"))) for n in notes]
    assert kinds == [("separator", "-1"), ("continuationSeparator", "0"), (None, "1")]
    settings = xml(data, "word/settings.xml")
    footnote_pr = settings.find(w("footnotePr"))
    assert [f.get(w("id")) for f in footnote_pr] == ["-1", "0"]
    # before w:compat, as the schema orders the settings
    names = [child.tag for child in settings]
    assert names.index(w("footnotePr")) < names.index(w("compat"))


def test_each_note_is_a_reference_in_the_body_and_a_note_with_its_mark() -> None:
    doc = m.Document(
        [
            para(m.Text("Een"), note(m.Text("eerste")), m.Text(" twee"), note(m.Text("tweede"))),
            para(m.Strong([m.Text("vet"), note(m.Emph([m.Text("derde")]))])),
        ]
    )
    data = render(doc)
    body = xml(data, "word/document.xml")
    refs = [r.get(w("id")) for r in body.iter(w("footnoteReference"))]
    assert refs == ["1", "2", "3"]
    for run in body.iter(w("r")):
        if run.find(w("footnoteReference")) is not None:
            assert run.find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) == "FootnoteReference"
    notes = [n for n in xml(data, "word/footnotes.xml") if n.get(w("type")) is None]
    for footnote in notes:
        first = footnote.find(w("p"))
        assert first.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "FootnoteText"
        assert first.find(f"{w('r')}/{w('footnoteRef')}") is not None
    assert read_docx(data)[1] == ["eerste", "tweede", "derde"]


def test_footnote_styles() -> None:
    styles = open_docx(render(m.Document([]))).styles
    # built-in names as Word stores them (python-docx capitalises only some)
    text, mark = styles["footnote text"], styles["footnote reference"]
    assert text.font.size == Pt(9)
    assert mark.font.superscript is True
    assert styles["Hyperlink"].font.underline is True


def test_links_in_body_and_notes_are_real_hyperlinks() -> None:
    url, other = "https://nos.nl/artikel/2445552", "https://ind.nl/nl/nieuws?a=1&b=2"
    doc = m.Document(
        [
            para(
                m.Link(url, [m.Text("NOS")]), note(m.Text("Zie "), m.Link(other, [m.Text("IND")]))
            ),
        ]
    )
    data = render(doc)
    package = parts(data)
    for part, target in (("document", url), ("footnotes", other)):
        tree = xml(data, f"word/{part}.xml")
        (link,) = tree.iter(w("hyperlink"))
        rid = link.get(f"{R}id")
        rels = xml(data, f"word/_rels/{part}.xml.rels")
        (rel,) = [r for r in rels if r.get("Id") == rid]
        assert rel.get("TargetMode") == "External" and rel.get("Target") == target
        style = link.find(f"{w('r')}/{w('rPr')}/{w('rStyle')}")
        assert style.get(w("val")) == "Hyperlink"
    assert b"Hyperlink" in package["word/styles.xml"]
    ast = pandoc_json(data, "docx")
    assert f'"{url}"' in str(ast).replace("'", '"')


def test_link_targets_are_uris_and_odd_links_stay_text() -> None:
    doc = m.Document(
        [
            para(
                m.Link('https://x.nl/a b"c', [m.Text("spatie")]),
                m.Link("#slot", [m.Text("anker")]),
                m.Link("", [m.Text("leeg")]),
            )
        ]
    )
    data = render(doc)
    rels = xml(data, "word/_rels/document.xml.rels")
    targets = [r.get("Target") for r in rels if r.get("TargetMode") == "External"]
    assert targets == ["https://x.nl/a%20b%22c"]
    anchors = [h.get(w("anchor")) for h in xml(data, "word/document.xml").iter(w("hyperlink"))]
    assert anchors == [None, "slot"]
    assert read_docx(data)[0] == "spatieankerleeg"


def test_a_note_inside_a_link_is_one_footnote() -> None:
    for url in ("", "https://x.nl"):
        doc = m.Document([para(m.Link(url, [m.Text("tekst"), note(m.Text("noot"))]))])
        assert read_docx(render(doc)) == ("tekst", ["noot"])


def test_headings_emphasis_code_breaks_and_quotes() -> None:
    doc = m.Document(
        [
            m.Heading(1, [m.Text("Kop")]),
            m.Heading(3, [m.Text("Kleiner")]),
            para(
                m.Strong([m.Text("vet")]),
                m.Emph([m.Text("schuin")]),
                m.Code("x < y"),
                m.SoftBreak(),
                m.Text("na"),
                m.LineBreak(),
                m.Text("regel"),
            ),
            m.BlockQuote([para(m.Text("citaat"))]),
            m.ThematicBreak(),
        ]
    )
    data = render(doc)
    document = open_docx(data)
    styles = [p.style.name for p in document.paragraphs]
    assert styles == ["Heading 1", "Heading 3", "Normal", "Quote", "Normal"]
    runs = document.paragraphs[2].runs
    assert runs[0].bold and runs[1].italic
    assert runs[2].style.name == "Verbatim Char" and runs[2].text == "x < y"
    assert runs[3].text == " "  # a soft break is a space
    body = xml(data, "word/document.xml")
    assert len(list(body.iter(w("br")))) == 1
    ast = pandoc_json(data, "docx")
    kinds = [block["t"] for block in ast["blocks"]]
    assert kinds[:4] == ["Header", "Header", "Para", "BlockQuote"]
    assert [block["c"][0] for block in ast["blocks"][:2]] == [1, 3]
    para_inlines = [i["t"] for i in ast["blocks"][2]["c"]]
    assert {"Strong", "Emph", "Code", "LineBreak"} <= set(para_inlines)


def test_ordered_lists_start_at_their_start_and_restart_independently() -> None:
    def items(*texts: str) -> list[m.ListItem]:
        return [m.ListItem([para(m.Text(t))]) for t in texts]

    doc = m.Document(
        [
            m.OrderedList(items("a", "b", "c")),
            para(m.Text("tussen")),
            m.OrderedList(items("d", "e"), start=4),
            para(m.Text("tussen")),
            m.OrderedList(items("f", "g")),
            para(m.Text("tussen")),
            m.BulletList(
                [m.ListItem([para(m.Text("h")), m.OrderedList(items("i", "j"), start=7)])]
            ),
        ]
    )
    data = render(doc)
    assert ordered_lists(pandoc_json(data, "docx")) == [(1, 3), (4, 2), (1, 2), (7, 2)]

    numbering = xml(data, "word/numbering.xml")
    abstracts = {a.get(w("abstractNumId")): a for a in numbering.iter(w("abstractNum"))}
    tags = [child.tag for child in numbering]
    assert tags == sorted(tags, key=lambda t: t != w("abstractNum")), "abstractNum first"
    nums = {n.get(w("numId")): n for n in numbering.iter(w("num"))}
    paragraphs = list(xml(data, "word/document.xml").iter(w("p")))
    used = []
    for p in paragraphs:
        num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            used.append(
                (num_pr.find(w("numId")).get(w("val")), num_pr.find(w("ilvl")).get(w("val")))
            )
    ordered_ids = [used[0][0], used[3][0], used[5][0], used[8][0]]
    assert len(set(ordered_ids)) == 4, "each ordered list has its own w:num"
    assert used[0][0] == used[1][0] == used[2][0], "and Word counts its items"
    assert used[7][1] == "0" and used[8][1] == "1", "the nested list is one level down"
    for num_id, (start, level) in zip(ordered_ids, [(1, 0), (4, 0), (1, 0), (7, 1)], strict=True):
        override = nums[num_id].find(w("lvlOverride"))
        assert override.get(w("ilvl")) == str(level)
        assert override.find(w("startOverride")).get(w("val")) == str(start)
        abstract = abstracts[nums[num_id].find(w("abstractNumId")).get(w("val"))]
        fmt = abstract.find(f"{w('lvl')}/{w('numFmt')}").get(w("val"))
        assert fmt == "decimal"
        assert len(abstract.findall(w("lvl"))) == 9
    bullet_num = nums[used[7][0]]
    abstract = abstracts[bullet_num.find(w("abstractNumId")).get(w("val"))]
    assert abstract.find(f"{w('lvl')}/{w('numFmt')}").get(w("val")) == "bullet"


def test_a_list_item_that_starts_with_a_list_still_shows_its_number() -> None:
    inner = m.BulletList([m.ListItem([para(m.Text("binnen"))])])
    doc = m.Document([m.OrderedList([m.ListItem([inner]), m.ListItem([])], start=2)])
    data = render(doc)
    numbered = [
        p
        for p in xml(data, "word/document.xml").iter(w("p"))
        if p.find(f"{w('pPr')}/{w('numPr')}") is not None
    ]
    assert len(numbered) == 3
    assert read_docx(data)[0] == "binnen"


def test_a_note_in_a_note_is_written_into_it() -> None:
    """Word forbids a footnote reference inside a note: the inner note goes in brackets."""
    inner = note(m.Text("binnen"))
    doc = m.Document(
        [para(m.Text("a"), note(m.Text("buiten"), inner), m.Text(" b"), note(m.Text("twee")))]
    )
    data = render(doc)
    assert not list(xml(data, "word/footnotes.xml").iter(w("footnoteReference")))
    assert read_docx(data) == ("a b", ["buiten (binnen)", "twee"])


def test_a_note_that_starts_with_a_list_or_is_empty() -> None:
    listed = m.Note([m.BulletList([m.ListItem([para(m.Text("punt"))])]), para(m.Text("na"))])
    doc = m.Document([para(m.Text("a"), listed, m.Text("b"), m.Note([]))])
    data = render(doc)
    assert read_docx(data) == ("ab", ["punt na", ""])
    notes = [n for n in xml(data, "word/footnotes.xml") if n.get(w("type")) is None]
    for footnote in notes:
        assert footnote[0].find(f"{w('r')}/{w('footnoteRef')}") is not None


def test_language_and_core_properties() -> None:
    meta = m.Metadata(title="Open brief", author="Stichting Free Russia NL", lang="nl")
    data = render(m.Document([para(m.Text("Tekst"))], meta))
    props = open_docx(data).core_properties
    assert (props.title, props.author, props.language) == (meta.title, meta.author, "nl-NL")
    lang = xml(data, "word/styles.xml").find(
        f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}"
    )
    assert lang.get(w("val")) == "nl-NL"

    english = render(m.Document([para(m.Text("Text"))], m.Metadata(lang="en")))
    assert open_docx(english).core_properties.language == "en-GB"
    styles = xml(english, "word/styles.xml")
    assert {e.get(w("val")) for e in styles.iter(w("lang"))} == {"en-GB"}


def test_characters_xml_cannot_hold_are_dropped_everywhere() -> None:
    bad = "a\x00b\x0bc\x1f\ufffe\ud800d\x7f"
    doc = m.Document(
        [
            m.Heading(1, [m.Text(bad)]),
            para(
                m.Text(bad),
                m.Code(bad),
                m.Link("https://x.nl/" + bad, [m.Text(bad)]),
                note(m.Text(bad)),
            ),
        ],
        m.Metadata(title=bad, author=bad, lang="nl\x01"),
    )
    data = render(doc)
    document = open_docx(data)
    assert document.core_properties.title == "abcd"
    assert read_docx(data) == ("abcd abcdabcdabcd", ["abcd"])


def test_empty_document_has_one_empty_paragraph_and_still_a_footnotes_part() -> None:
    data = render(m.Document([para(m.Text("  "))]))
    assert len(open_docx(data).paragraphs) == 1
    assert "word/footnotes.xml" in parts(data)


def test_render_document_takes_write_options_and_writes_through_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = m.Document([para(m.Text("Tekst"), note(m.Text("noot")))])
    assert render_document(doc, WriteOptions()).startswith(b"PK")
    line = Format("docx", "pleitbrief.writers.docx", ".docx", "Word with real footnotes")
    monkeypatch.setitem(FORMATS, "docx", line)
    out = tmp_path / "brief.docx"
    write(doc, out, "docx", WriteOptions())
    assert read_docx(out.read_bytes()) == ("Tekst", ["noot"])
    assert [p.name for p in tmp_path.iterdir()] == ["brief.docx"]
