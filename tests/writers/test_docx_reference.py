"""Reference documents: the house style shipped with pleitbrief, and a user's letterhead."""

from __future__ import annotations

import io
import runpy
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import docx
import pytest
from docx.shared import Inches, Pt
from test_docx_helpers import open_docx, parts, read_docx, w, xml

from pleitbrief.markup import model as m
from pleitbrief.writers.docx import ReferenceDocError, render

REPO = Path(__file__).resolve().parents[2]
SHIPPED = resources.files("pleitbrief") / "data" / "reference.docx"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

LETTER = m.Document(
    [
        m.Heading(1, [m.Text("Open brief")]),
        m.Paragraph(
            [
                m.Text("Tekst met een bron"),
                m.Note([m.Paragraph([m.Link("https://nos.nl", [m.Text("NOS")])])]),
                m.Text(" en een noot."),
                m.Note([m.Paragraph([m.Emph([m.Text("Tweede")]), m.Text(" noot.")])]),
            ]
        ),
        m.OrderedList([m.ListItem([m.Paragraph([m.Text(t)])]) for t in ("een", "twee")], 3),
    ],
    m.Metadata(title="Open brief", author="Stichting", lang="nl"),
)
EXPECTED = ("Open brief Tekst met een bron en een noot. een twee", ["NOS", "Tweede noot."])
PNG = bytes.fromhex(  # one red pixel
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415478da63f8cfc0000003010100f70341430000000049454e44ae426082"
)


def rewrite(data: bytes, changes: dict[str, Callable[[bytes], bytes] | bytes]) -> bytes:
    """``data`` (a package) with parts changed by a function, or added or replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist() + [n for n in changes if n not in source.namelist()]
        for name in names:
            change = changes.get(name)
            old = source.read(name) if name in source.namelist() else b""
            new = change(old) if callable(change) else change if change is not None else old
            target.writestr(name, new)
    return out.getvalue()


def add_rel(xml_bytes: bytes, rid: str, reltype: str, target: str) -> bytes:
    rel = f'<Relationship Id="{rid}" Type="{reltype}" Target="{target}"/>'
    return xml_bytes.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def test_the_shipped_reference_is_what_the_script_makes() -> None:
    made = runpy.run_path(str(REPO / "tools" / "make_reference_docx.py"))["parts"]()
    shipped = parts(SHIPPED.read_bytes())
    assert {name: text.encode("utf-8") for name, text in made.items()} == shipped


def test_house_style_is_an_a4_dutch_letter() -> None:
    data = render(LETTER)
    document = open_docx(data)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    for margin in (
        section.left_margin,
        section.right_margin,
        section.top_margin,
        section.bottom_margin,
    ):
        assert round(margin.mm) == 25
    defaults = xml(data, "word/styles.xml").find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert defaults.find(w("rFonts")).get(w("ascii")) == "Arial"
    assert defaults.find(w("sz")).get(w("val")) == "22"  # 11 pt
    assert defaults.find(w("lang")).get(w("val")) == "nl-NL"
    fonts = xml(data, "word/fontTable.xml")
    alt = {f.get(w("name")): f.find(w("altName")).get(w("val")) for f in fonts}
    assert alt["Arial"] == "Liberation Sans"
    styles = document.styles
    assert styles["footnote text"].font.size == Pt(9)
    for name in ("Heading 1", "Heading 2", "Heading 3", "List Paragraph", "Quote"):
        assert styles[name] is not None
    assert "PAGE" in section.footer._element.xml
    assert read_docx(data) == EXPECTED


@pytest.fixture
def letterhead(tmp_path: Path) -> Path:
    """A user's letterhead made in python-docx: US Letter, Georgia 12 pt, a header, and
    body text with a link that the letter replaces."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.header.paragraphs[0].text = "Stichting Voorbeeld · Postbus 1 · Amsterdam"
    section.footer.paragraphs[0].text = "KvK 12345678"
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Georgia", Pt(12)
    paragraph = document.add_paragraph("Oude inhoud van het briefpapier")
    rid = document.part.relate_to(
        "https://oud.example", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = docx.oxml.parse_xml(
        f'<w:hyperlink xmlns:w="{w("")[1:-1]}" xmlns:r="{R[1:-1]}" r:id="{rid}">'
        "<w:r><w:t>oude link</w:t></w:r></w:hyperlink>"
    )
    paragraph._p.append(link)
    path = tmp_path / "briefpapier.docx"
    document.save(str(path))
    return path


def test_a_letterhead_keeps_its_header_page_and_font_and_gets_footnotes(
    letterhead: Path,
) -> None:
    data = render(LETTER, letterhead)
    document = open_docx(data)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Stichting Voorbeeld · Postbus 1 · Amsterdam"
    assert section.footer.paragraphs[0].text == "KvK 12345678"
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Georgia", Pt(12))
    # missing styles are added, based on the letterhead's Normal
    assert document.styles["footnote text"].base_style.name == "Normal"
    assert document.styles["footnote reference"].font.superscript
    assert read_docx(data) == EXPECTED
    package = parts(data)
    assert b"oude" not in package["word/document.xml"].lower()
    assert b"oud.example" not in package["word/_rels/document.xml.rels"]
    assert package["word/_rels/document.xml.rels"].count(FOOTNOTES_REL.encode()) == 1


def test_a_letterhead_numbering_part_gets_our_lists_next_to_its_own(letterhead: Path) -> None:
    data = render(LETTER, letterhead)
    numbering = xml(data, "word/numbering.xml")
    abstract_ids = [a.get(w("abstractNumId")) for a in numbering.iter(w("abstractNum"))]
    num_ids = [n.get(w("numId")) for n in numbering.iter(w("num"))]
    assert len(set(abstract_ids)) == len(abstract_ids) > 2  # the template's, and ours
    assert len(set(num_ids)) == len(num_ids)
    tags = [child.tag for child in numbering if child.tag in (w("abstractNum"), w("num"))]
    assert tags == sorted(tags, key=lambda t: t != w("abstractNum"))


def test_a_reference_with_footnotes_keeps_one_part_and_its_separators(tmp_path: Path) -> None:
    """LibreOffice numbers the separators 0 and 1; the old notes must go."""
    earlier = render(LETTER)
    reference = rewrite(
        earlier,
        {
            "word/footnotes.xml": lambda x: (
                x.replace(b'w:id="0"', b'w:id="1"')
                .replace(b'w:id="-1"', b'w:id="0"')
                .replace(b'w:id="2"', b'w:id="7"')
            )
        },
    )
    path = tmp_path / "met-noten.docx"
    path.write_bytes(reference)
    doc = m.Document([m.Paragraph([m.Text("Nieuw"), m.Note([m.Paragraph([m.Text("nieuw")])])])])
    data = render(doc, path)
    names = [name for name in parts(data) if "footnotes" in name and name.endswith(".xml")]
    assert names == ["word/footnotes.xml"]
    notes = xml(data, "word/footnotes.xml")
    assert [(n.get(w("type")), n.get(w("id"))) for n in notes] == [
        ("separator", "0"),
        ("continuationSeparator", "1"),
        (None, "2"),
    ]
    footnote_pr = xml(data, "word/settings.xml").find(w("footnotePr"))
    assert [f.get(w("id")) for f in footnote_pr] == ["0", "1"]
    assert read_docx(data) == ("Nieuw", ["nieuw"])


def test_a_reference_with_its_own_style_ids_is_used_by_name(tmp_path: Path) -> None:
    """Dutch Word saves ``heading 1`` as ``Kop1`` and ``footnote text`` as ``Voetnoottekst``."""
    dutch = rewrite(
        SHIPPED.read_bytes(),
        {
            "word/styles.xml": lambda x: (
                x.replace(b'w:styleId="Heading1"', b'w:styleId="Kop1"')
                .replace(b'w:styleId="FootnoteText"', b'w:styleId="Voetnoottekst"')
                .replace(b'w:styleId="Normal"', b'w:styleId="Standaard"')
                .replace(b'w:val="Normal"/><w:qFormat', b'w:val="Normal"/><w:qFormat')
                .replace(b'w:basedOn w:val="Normal"', b'w:basedOn w:val="Standaard"')
                .replace(b'w:next w:val="Normal"', b'w:next w:val="Standaard"')
            )
        },
    )
    path = tmp_path / "huisstijl.docx"
    path.write_bytes(dutch)
    data = render(LETTER, path)
    body = xml(data, "word/document.xml")
    styles = {s.get(w("val")) for s in body.iter(w("pStyle"))}
    assert "Kop1" in styles and "Heading1" not in styles
    notes = xml(data, "word/footnotes.xml")
    assert {s.get(w("val")) for s in notes.iter(w("pStyle"))} == {"Voetnoottekst"}
    ids = [s.get(w("styleId")) for s in xml(data, "word/styles.xml").iter(w("style"))]
    assert "Heading1" not in ids and "FootnoteText" not in ids and len(ids) == len(set(ids))


def test_endnotes_of_a_reference_are_emptied(tmp_path: Path) -> None:
    ns = f'xmlns:w="{w("")[1:-1]}"'
    endnotes = (
        f'<w:endnotes {ns}><w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        '</w:r></w:p></w:endnote><w:endnote w:type="continuationSeparator" w:id="0"><w:p>'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:endnote>"
        '<w:endnote w:id="1"><w:p><w:r><w:t>oude eindnoot</w:t></w:r></w:p></w:endnote>'
        "</w:endnotes>"
    ).encode()
    content_type = (
        b'<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.endnotes+xml"/></Types>'
    )
    reference = rewrite(
        SHIPPED.read_bytes(),
        {
            "word/endnotes.xml": endnotes,
            "[Content_Types].xml": lambda x: x.replace(b"</Types>", content_type),
            "word/_rels/document.xml.rels": lambda x: add_rel(
                x,
                "rId99",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
                "endnotes.xml",
            ),
        },
    )
    path = tmp_path / "eindnoten.docx"
    path.write_bytes(reference)
    data = render(LETTER, path)
    assert b"oude eindnoot" not in parts(data)["word/endnotes.xml"]
    endnote_pr = xml(data, "word/settings.xml").find(w("endnotePr"))
    assert [e.get(w("id")) for e in endnote_pr] == ["-1", "0"]
    settings = [c.tag for c in xml(data, "word/settings.xml")]
    assert settings.index(w("footnotePr")) + 1 == settings.index(w("endnotePr"))
    assert read_docx(data) == EXPECTED


@pytest.mark.parametrize(
    "content",
    [b"not a zip", b"", None],
    ids=["not-a-zip", "empty", "missing"],
)
def test_an_unusable_reference_is_a_clear_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "kapot.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReferenceDocError, match=r"kapot\.docx"):
        render(LETTER, path)


def test_a_zip_that_is_not_a_word_document_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "archief.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hallo.txt", "hallo")
    with pytest.raises(ReferenceDocError):
        render(LETTER, path)


CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def test_a_reference_without_core_properties_gets_them(tmp_path: Path) -> None:
    core_rel = f'<Relationship Id="rId2" Type="{CORE_REL}" Target="docProps/core.xml"/>'
    assert core_rel.encode() in parts(SHIPPED.read_bytes())["_rels/.rels"]
    reference = rewrite(
        SHIPPED.read_bytes(),
        {"_rels/.rels": lambda x: x.replace(core_rel.encode(), b"")},
    )
    path = tmp_path / "zonder-eigenschappen.docx"
    path.write_bytes(reference)
    data = render(LETTER, path)
    package = parts(data)
    assert CORE_REL.encode() in package["_rels/.rels"]
    assert b'PartName="/docProps/core.xml"' in package["[Content_Types].xml"]
    props = open_docx(data).core_properties
    assert (props.title, props.author, props.language, props.revision) == (
        "Open brief",
        "Stichting",
        "nl-NL",
        1,
    )
    assert props.created is not None and props.created == props.modified


def test_a_broken_footnotes_part_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "kapotte-noten.docx"
    path.write_bytes(rewrite(SHIPPED.read_bytes(), {"word/footnotes.xml": b"<w:footnotes><oei"}))
    data = render(LETTER, path)
    notes = xml(data, "word/footnotes.xml")
    assert [n.get(w("type")) for n in notes][:2] == ["separator", "continuationSeparator"]
    assert read_docx(data) == EXPECTED


def test_a_reference_without_styles_or_settings_gets_them(tmp_path: Path) -> None:
    def without(x: bytes) -> bytes:
        for name in (b"styles", b"settings"):
            x = x.replace(b"/relationships/" + name + b'"', b'/relationships/x-none"')
        return x

    path = tmp_path / "kaal.docx"
    path.write_bytes(rewrite(SHIPPED.read_bytes(), {"word/_rels/document.xml.rels": without}))
    data = render(LETTER, path)
    assert open_docx(data).styles["footnote text"] is not None
    assert xml(data, "word/settings.xml").find(w("footnotePr")) is not None
    assert read_docx(data) == EXPECTED


def test_a_picture_in_the_letterhead_body_goes_with_the_body(letterhead: Path) -> None:
    document = docx.Document(str(letterhead))
    document.add_picture(io.BytesIO(PNG))
    document.save(str(letterhead))
    assert any(name.endswith(".png") for name in parts(letterhead.read_bytes()))
    data = render(LETTER, letterhead)
    package = parts(data)
    assert not any(name.endswith(".png") for name in package)
    assert b"png" not in package["[Content_Types].xml"]
    assert read_docx(data) == EXPECTED


WML = b"application/vnd.openxmlformats-officedocument.wordprocessingml."
DOCUMENT_MAIN = WML + b"document.main+xml"
TEMPLATE_MAIN = WML + b"template.main+xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def _as(main_type: bytes, macros: bool = False) -> bytes:
    """The shipped house style saved as another kind of Word file (.dotx, .docm, .dotm)."""
    changes: dict[str, Callable[[bytes], bytes] | bytes] = {
        "[Content_Types].xml": lambda x: x.replace(DOCUMENT_MAIN, main_type).replace(
            b"</Types>",
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            b"</Types>",
        )
    }
    if macros:
        changes["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macros"
        changes["word/_rels/document.xml.rels"] = lambda x: add_rel(
            x, "rIdVba", VBA_REL, "vbaProject.bin"
        )
    return rewrite(SHIPPED.read_bytes(), changes)


@pytest.mark.parametrize(
    ("suffix", "main_type", "macros"),
    [
        (".dotx", TEMPLATE_MAIN, False),
        (".docm", b"application/vnd.ms-word.document.macroEnabled.main+xml", True),
        (".dotm", b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml", True),
    ],
)  # fmt: skip
def test_a_word_template_or_macro_document_is_a_letterhead_too(
    tmp_path: Path, suffix: str, main_type: bytes, macros: bool
) -> None:
    path = tmp_path / f"briefpapier{suffix}"
    path.write_bytes(_as(main_type, macros))
    assert (b"vbaProject" in parts(path.read_bytes())["word/_rels/document.xml.rels"]) == macros
    data = render(LETTER, path)
    package = parts(data)
    assert b'PartName="/word/document.xml" ContentType="' + DOCUMENT_MAIN in package[
        "[Content_Types].xml"
    ]
    assert main_type not in package["[Content_Types].xml"]
    assert "word/vbaProject.bin" not in package
    assert b"vbaProject" not in package["word/_rels/document.xml.rels"]
    assert open_docx(data).paragraphs[0].text == "Open brief"  # python-docx checks the type
    assert read_docx(data) == EXPECTED


def test_the_export_command_takes_a_dotx_letterhead(ws, cli) -> None:
    letterhead = ws.root / "briefpapier.dotx"
    letterhead.write_bytes(_as(TEMPLATE_MAIN))
    draft = REPO / "drafts" / "open-brief-mobilisatie.yaml"
    out = ws.root / "brief.docx"
    result = cli("-w", str(REPO), "export", str(draft), "--to", "docx", "-o", str(out),
                 "--reference-doc", str(letterhead), cwd=ws.root)  # fmt: skip
    assert result.code == 0, result.stderr
    text, notes = read_docx(out.read_bytes())
    assert "mobilisatie" in text and notes
