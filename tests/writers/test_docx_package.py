"""The DOCX writer's own package layer (``writers/docx/package.py``): what it reads from a
zip, what it writes back, and that its names are python-docx's."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx.opc import constants as docx_constants
from docx.oxml.ns import nsmap as docx_nsmap
from test_docx_helpers import parts

from pleitbrief.writers.docx.ooxml import CT, NAMESPACES, RT, XMLSyntaxError, qn
from pleitbrief.writers.docx.package import Package, PackageError, Part

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W = f'xmlns:w="{NAMESPACES["w"]}"'
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"


def rels(*rels: tuple[str, str, str] | tuple[str, str, str, str]) -> str:
    return (
        XML
        + f'<Relationships xmlns="{PR}">'
        + "".join(
            f'<Relationship Id="{rel[0]}" Type="{rel[1]}" Target="{rel[2]}"'
            + (' TargetMode="External"/>' if len(rel) == 4 else "/>")
            for rel in rels
        )
        + "</Relationships>"
    )


SOURCE = {
    "[Content_Types].xml": XML
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="{CT.OPC_RELATIONSHIPS}"/>'
    f'<Default Extension="xml" ContentType="{CT.XML}"/>'
    '<Default Extension="PNG" ContentType="image/png"/>'
    f'<Override PartName="/word/document.xml" ContentType="{CT.WML_DOCUMENT_MAIN}"/>'
    f'<Override PartName="/WORD/STYLES.XML" ContentType="{CT.WML_STYLES}"/>'
    "</Types>",
    "_rels/.rels": rels(("rId1", RT.OFFICE_DOCUMENT, "word/document.xml")),
    "word/document.xml": XML + f"<w:document {W}><w:body/></w:document>",
    "word/_rels/document.xml.rels": rels(
        ("rId1", IMAGE, "media/a.png"),
        ("rId2", RT.HYPERLINK, "https://example.org/?a=1&amp;b=2", "External"),
        ("rId4", RT.STYLES, "/word/styles.xml"),
        ("rId5", CUSTOM_XML, "../customXml/item1.xml"),
    ),
    "word/media/a.png": "not really a png",
    "word/styles.xml": XML + f"<w:styles {W}><w:broken></w:styles>",
    "customXml/item1.xml": "<b/>",
    "word/orphan.xml": "<a/>",  # in the zip, related from nowhere
}


def package_bytes(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


def opened() -> Package:
    return Package.from_bytes(package_bytes(SOURCE))


def test_the_names_are_python_docx_s() -> None:
    for name, value in vars(RT).items():
        if name.isupper():
            assert getattr(docx_constants.RELATIONSHIP_TYPE, name) == value
    for name, value in vars(CT).items():
        if name.isupper():
            assert getattr(docx_constants.CONTENT_TYPE, name) == value
    assert all(docx_nsmap[prefix] == uri for prefix, uri in NAMESPACES.items())


def test_parts_are_reached_by_relationships_and_typed_by_content_types() -> None:
    package = opened()
    document = package.part_related_by(RT.OFFICE_DOCUMENT)
    assert (document.partname, document.content_type) == (
        "/word/document.xml",
        CT.WML_DOCUMENT_MAIN,
    )
    targets = {rid: rel.target for rid, rel in document.rels.items()}
    assert targets["rId2"] == "https://example.org/?a=1&b=2"
    assert document.rels["rId2"].is_external
    named = {rid: (t.partname, t.content_type) for rid, t in targets.items() if isinstance(t, Part)}
    assert named == {
        "rId1": ("/word/media/a.png", "image/png"),  # the Default, whatever its case
        "rId4": ("/word/styles.xml", CT.WML_STYLES),  # the Override, whatever its case
        "rId5": ("/customXml/item1.xml", CT.XML),  # ../ from word/
    }
    assert [p.partname for p in package.iter_parts()] == [
        "/word/document.xml",
        "/word/media/a.png",
        "/word/styles.xml",
        "/customXml/item1.xml",
    ]
    with pytest.raises(KeyError):
        document.part_related_by(RT.NUMBERING)


def test_saved_as_read_parts_unread_stay_byte_for_byte() -> None:
    saved = parts(opened().save())
    assert list(saved) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/media/a.png",
        "word/styles.xml",
        "customXml/item1.xml",
    ]
    for name in ("word/document.xml", "word/media/a.png", "word/styles.xml"):
        assert saved[name] == SOURCE[name].encode()  # the broken styles too: never read
    relationships = saved["word/_rels/document.xml.rels"].decode()
    for target in ('"media/a.png"', '"styles.xml"', '"../customXml/item1.xml"'):
        assert f"Target={target}" in relationships
    assert 'Target="https://example.org/?a=1&amp;b=2" TargetMode="External"' in relationships
    types = saved["[Content_Types].xml"].decode()
    assert '<Default Extension="png" ContentType="image/png"/>' in types
    assert "orphan" not in types and "customXml" not in types  # application/xml: the Default
    with zipfile.ZipFile(io.BytesIO(opened().save())) as archive:
        infos = archive.infolist()
    assert {(i.date_time, i.compress_type) for i in infos} == {
        ((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED)
    }


def test_a_part_no_longer_related_is_not_written_nor_its_content_type() -> None:
    package = opened()
    document = package.part_related_by(RT.OFFICE_DOCUMENT)
    del document.rels["rId1"]
    saved = parts(package.save())
    assert "word/media/a.png" not in saved
    assert b"png" not in saved["[Content_Types].xml"]
    assert b"rId1" not in saved["word/_rels/document.xml.rels"]


def test_xml_is_parsed_when_used_and_saved_as_word_writes_it() -> None:
    package = opened()
    document = package.part_related_by(RT.OFFICE_DOCUMENT)
    document.element.find(qn("w:body")).append(document.element.makeelement(qn("w:p")))
    saved = parts(package.save())["word/document.xml"]
    assert saved.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n")
    assert saved.endswith(b"<w:body><w:p/></w:body></w:document>")
    styles = document.part_related_by(RT.STYLES)
    with pytest.raises(XMLSyntaxError):
        _ = styles.element
    with pytest.raises(TypeError):
        _ = document.part_related_by(IMAGE).element


def test_relationships_are_added_replaced_and_numbered_in_the_first_gap() -> None:
    package = opened()
    document = package.part_related_by(RT.OFFICE_DOCUMENT)
    numbering = Part("/word/numbering.xml", CT.WML_NUMBERING, b"<numbering/>")
    assert document.relate_to(numbering, RT.NUMBERING) == "rId3"
    assert document.relate_to(numbering, RT.NUMBERING) == "rId3"
    styles = Part("/word/styles.xml", CT.WML_STYLES, b"<new/>")
    document.rels.replace(RT.STYLES, styles)
    assert document.rels["rId4"].target is styles
    assert list(document.rels) == ["rId1", "rId2", "rId5", "rId3", "rId4"]
    assert parts(package.save())["word/styles.xml"] == b"<new/>"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"[Content_Types].xml": None}, r"no \[Content_Types\]\.xml"),
        ({"word/media/a.png": None}, r"no part /word/media/a\.png"),
    ],
    ids=["no-content-types", "missing-part"],
)
def test_a_package_with_parts_missing_is_an_error(
    change: dict[str, str | None], message: str
) -> None:
    members = {**SOURCE, **change}
    data = package_bytes({name: text for name, text in members.items() if text is not None})
    with pytest.raises(PackageError, match=message):
        Package.from_bytes(data)


def test_a_part_without_a_content_type_or_a_file_that_is_no_zip_is_an_error() -> None:
    untyped = {**SOURCE, "word/media/a.gif": "gif"}
    untyped["word/_rels/document.xml.rels"] = rels(("rId1", IMAGE, "media/a.gif"))
    with pytest.raises(PackageError, match=r"no content type for /word/media/a\.gif"):
        Package.from_bytes(package_bytes(untyped))
    with pytest.raises(PackageError, match="not a zip file"):
        Package.from_bytes(b"PK but not a zip")


def test_a_new_part_named_like_one_still_related_is_saved_under_a_free_name() -> None:
    package = opened()
    document = package.part_related_by(RT.OFFICE_DOCUMENT)
    document.relate_to(Part("/word/Styles.xml", CT.WML_STYLES, b"<new/>"), RT.STYLES)
    saved = parts(package.save())
    assert saved["word/styles.xml"] == SOURCE["word/styles.xml"].encode()
    assert saved["word/Styles2.xml"] == b"<new/>"  # names differing in case only are one
    assert b'Target="Styles2.xml"' in saved["word/_rels/document.xml.rels"]
    assert b'PartName="/word/Styles2.xml"' in saved["[Content_Types].xml"]
