"""Build ``src/pleitbrief/data/reference.docx``: the house style of the DOCX writer.

    .venv/bin/python tools/make_reference_docx.py [OUT]

An A4 Dutch letter: 2.5 cm margins, Arial 11 pt (LibreOffice shows the metric-compatible
Liberation Sans where Arial is missing), footnotes in 9 pt, headings, list and quote
styles, the page number at the foot of each page, Dutch as the language of the text.
The styles the writer uses come from :mod:`pleitbrief.writers.docx.styles`, so a user's
reference document that lacks one gets the same. The file is written with fixed dates,
so running this again gives the same parts; ``tests/writers/test_docx_reference.py``
checks that the committed file is what this script makes.
"""

from __future__ import annotations

import sys
import zipfile
from io import BytesIO
from pathlib import Path

from pleitbrief.writers.docx.ooxml import CT, RT
from pleitbrief.writers.docx.styles import STYLES, style_xml

OUT = Path(__file__).resolve().parent.parent / "src" / "pleitbrief" / "data" / "reference.docx"

FONT, MONO = "Arial", "Courier New"
FONT_SIZE = 22  # half-points: 11 pt
A4 = (11906, 16838)  # twips: 210 x 297 mm
MARGIN = 1417  # 2.5 cm
HEADER_DISTANCE = 709  # 1.25 cm

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def content_types() -> str:
    overrides = {
        "/word/document.xml": CT.WML_DOCUMENT_MAIN,
        "/word/styles.xml": CT.WML_STYLES,
        "/word/settings.xml": CT.WML_SETTINGS,
        "/word/fontTable.xml": CT.WML_FONT_TABLE,
        "/word/footnotes.xml": CT.WML_FOOTNOTES,
        "/word/footer1.xml": CT.WML_FOOTER,
        "/docProps/core.xml": CT.OPC_CORE_PROPERTIES,
        "/docProps/app.xml": CT.OFC_EXTENDED_PROPERTIES,
    }
    return (
        XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{CT.OPC_RELATIONSHIPS}"/>'
        f'<Default Extension="xml" ContentType="{CT.XML}"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides.items()
        )
        + "</Types>"
    )


def relationships(targets: list[tuple[str, str]]) -> str:
    return (
        XML
        + f'<Relationships xmlns="{PACKAGE_RELS}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{reltype}" Target="{target}"/>'
            for n, (reltype, target) in enumerate(targets, 1)
        )
        + "</Relationships>"
    )


def document() -> str:
    return (
        XML + f"<w:document {W} {R}><w:body><w:p/><w:sectPr>"
        '<w:footerReference w:type="default" r:id="rId5"/>'
        f'<w:pgSz w:w="{A4[0]}" w:h="{A4[1]}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}"'
        f' w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/>'
        "</w:sectPr></w:body></w:document>"
    )


def styles() -> str:
    fonts = f'w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"'
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts {fonts}/>"
        f'<w:sz w:val="{FONT_SIZE}"/><w:szCs w:val="{FONT_SIZE}"/>'
        '<w:lang w:val="nl-NL" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    hidden = '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    base = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        f'<w:name w:val="Normal Table"/>{hidden}<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        f'<w:name w:val="No List"/>{hidden}</w:style>'
    )
    footer = (
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
        f'<w:basedOn w:val="Normal"/>{hidden}<w:pPr><w:spacing w:after="0"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
    )
    house = "".join(style_xml(spec, "Normal") for spec in STYLES)
    return XML + f"<w:styles {W}>{defaults}{base}{house}{footer}</w:styles>"


def settings() -> str:
    return (
        XML + f"<w:settings {W}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="nl-NL"/>'
        '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
        "</w:settings>"
    )


def font_table() -> str:
    def font(name: str, alt: str, panose: str, family: str, pitch: str) -> str:
        return (
            f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>'
            f'<w:panose1 w:val="{panose}"/><w:charset w:val="00"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )

    return (
        XML
        + f"<w:fonts {W}>"
        + font(FONT, "Liberation Sans", "020B0604020202020204", "swiss", "variable")
        + font(MONO, "Liberation Mono", "02070309020205020404", "modern", "fixed")
        + "</w:fonts>"
    )


def footnotes() -> str:
    spacing = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    return (
        XML + f"<w:footnotes {W} {R}>"
        f'<w:footnote w:type="separator" w:id="-1"><w:p>{spacing}'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{spacing}'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )


def footer() -> str:
    return (
        XML + f"<w:ftr {W} {R}><w:p>"
        '<w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        "</w:p></w:ftr>"
    )


def core_properties() -> str:
    return (
        XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title></dc:title><dc:creator></dc:creator><dc:language>nl-NL</dc:language>"
        "</cp:coreProperties>"
    )


def app_properties() -> str:
    return (
        XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>pleitbrief</Application></Properties>'
    )


def parts() -> dict[str, str]:
    """Every part of the reference document by its name in the package."""
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": relationships(
            [
                (RT.OFFICE_DOCUMENT, "word/document.xml"),
                (RT.CORE_PROPERTIES, "docProps/core.xml"),
                (RT.EXTENDED_PROPERTIES, "docProps/app.xml"),
            ]
        ),
        "docProps/core.xml": core_properties(),
        "docProps/app.xml": app_properties(),
        "word/document.xml": document(),
        "word/_rels/document.xml.rels": relationships(
            [
                (RT.STYLES, "styles.xml"),
                (RT.SETTINGS, "settings.xml"),
                (RT.FONT_TABLE, "fontTable.xml"),
                (RT.FOOTNOTES, "footnotes.xml"),
                (RT.FOOTER, "footer1.xml"),
            ]
        ),
        "word/styles.xml": styles(),
        "word/settings.xml": settings(),
        "word/fontTable.xml": font_table(),
        "word/footnotes.xml": footnotes(),
        "word/footer1.xml": footer(),
    }


def build() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts().items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.write_bytes(build())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
