"""The styles a letter uses, found in the reference document by name or added to it.

Word stores a built-in style under its English name (``heading 1``, ``footnote text``)
but gives it an id in the user's language (``Kop1``, ``Voetnoottekst``), so styles are
looked up by name, as pandoc does, and the writer uses whatever id the reference gives
them. A style the reference lacks is added from the definitions here, which are also the
house style of the default reference document (``tools/make_reference_docx.py``).
"""

from __future__ import annotations

from typing import Any

from pleitbrief.records import record
from pleitbrief.writers.docx.ooxml import fragment, insert_in_order, qn, tags

__all__ = ["STYLES", "StyleIds", "StyleSpec", "ensure_styles", "set_language", "style_xml"]


@record(frozen=True)
class StyleSpec:
    name: str
    """The name Word and pandoc know the style by (built-in names are in English)."""
    kind: str
    """``paragraph`` or ``character``."""
    style_id: str
    """The id the style gets when it is added."""
    body: str
    """The XML inside ``w:style`` after its name; ``{normal}`` is the Normal style's id."""


def _heading(level: int, size: int, before: int, extra: str = "") -> StyleSpec:
    return StyleSpec(
        f"heading {level}",
        "paragraph",
        f"Heading{level}",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:uiPriority w:val="9"/>'
        f'<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}"'
        f' w:after="80"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/>{extra}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>',
    )


_ITALIC = "<w:i/><w:iCs/>"

STYLES: tuple[StyleSpec, ...] = (
    _heading(1, 32, 360),
    _heading(2, 26, 280),
    _heading(3, 22, 240),
    _heading(4, 22, 200, _ITALIC),
    _heading(5, 22, 200, _ITALIC),
    _heading(6, 22, 200, _ITALIC),
    StyleSpec(
        "footnote text",
        "paragraph",
        "FootnoteText",
        '<w:basedOn w:val="{normal}"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
    ),
    StyleSpec(
        "footnote reference",
        "character",
        "FootnoteReference",
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>',
    ),
    StyleSpec(
        "Hyperlink",
        "character",
        "Hyperlink",
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>',
    ),
    StyleSpec(
        "List Paragraph",
        "paragraph",
        "ListParagraph",
        '<w:basedOn w:val="{normal}"/><w:uiPriority w:val="34"/><w:qFormat/>'
        '<w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr>',
    ),
    StyleSpec(
        "Quote",
        "paragraph",
        "Quote",
        '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:uiPriority w:val="29"/>'
        '<w:qFormat/><w:pPr><w:ind w:left="567" w:right="567"/></w:pPr>',
    ),
    StyleSpec(
        "Verbatim Char",
        "character",
        "VerbatimChar",
        '<w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
        "<w:noProof/></w:rPr>",
    ),
)

_NORMAL = StyleSpec("Normal", "paragraph", "Normal", "<w:qFormat/>")


@record(frozen=True)
class StyleIds:
    """The ids, in this document, of the styles the writer uses."""

    headings: tuple[str, ...]
    """Heading 1 to 6."""
    footnote_text: str
    footnote_reference: str
    hyperlink: str
    list_paragraph: str
    quote: str
    code: str

    def heading(self, level: int) -> str:
        return self.headings[min(max(level, 1), len(self.headings)) - 1]


def style_xml(spec: StyleSpec, normal: str, *, default: bool = False) -> str:
    """The ``w:style`` element of ``spec``."""
    flag = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{spec.kind}"{flag} w:styleId="{spec.style_id}">'
        f'<w:name w:val="{spec.name}"/>{spec.body.replace("{normal}", normal)}</w:style>'
    )


def ensure_styles(styles: Any) -> StyleIds:
    """The writer's styles in ``styles`` (a ``w:styles`` element), adding any it lacks."""
    by_name: dict[tuple[str, str], str] = {}
    by_id: dict[str, str] = {}
    default_paragraph = None
    for style in styles.iterfind(qn("w:style")):
        kind, style_id = style.get(qn("w:type"), "paragraph"), style.get(qn("w:styleId"), "")
        name = style.find(qn("w:name"))
        by_id[style_id] = kind
        if name is not None:
            by_name.setdefault((kind, name.get(qn("w:val"), "").lower()), style_id)
        if kind == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            default_paragraph = default_paragraph or style_id

    def find_or_add(spec: StyleSpec, normal: str) -> str:
        found = by_name.get((spec.kind, spec.name.lower()))
        if found is None and by_id.get(spec.style_id) == spec.kind:
            found = spec.style_id
        if found is not None:
            return found
        style_id, n = spec.style_id, 1
        while style_id in by_id:  # the id is taken by a style of another name or kind
            style_id, n = f"{spec.style_id}{n}", n + 1
        added = StyleSpec(spec.name, spec.kind, style_id, spec.body)
        styles.extend(fragment(style_xml(added, normal, default=spec is _NORMAL)))
        by_id[style_id] = spec.kind
        by_name[(spec.kind, spec.name.lower())] = style_id
        return style_id

    normal = default_paragraph or find_or_add(_NORMAL, "")
    ids = {spec.style_id: find_or_add(spec, normal) for spec in STYLES}
    return StyleIds(
        headings=tuple(ids[f"Heading{level}"] for level in range(1, 7)),
        footnote_text=ids["FootnoteText"],
        footnote_reference=ids["FootnoteReference"],
        hyperlink=ids["Hyperlink"],
        list_paragraph=ids["ListParagraph"],
        quote=ids["Quote"],
        code=ids["VerbatimChar"],
    )


# The run properties the schema puts before w:lang (CT_RPr's sequence).
_BEFORE_LANG = tags("""
    rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint
    noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u
    effect bdr shd fitText vertAlign rtl cs em
""")


def set_language(styles: Any, tag: str) -> None:
    """Make ``tag`` (``nl-NL``) the language of all text, so Word checks the spelling in
    it: in the run defaults, and in every style that names a language of its own."""
    defaults = _child(styles, "w:docDefaults", after=())
    rpr_default = _child(defaults, "w:rPrDefault", after=())
    rpr = _child(rpr_default, "w:rPr", after=())
    _child(rpr, "w:lang", after=_BEFORE_LANG)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)


def _child(parent: Any, tag: str, after: tuple[str, ...]) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = fragment(f"<{tag}/>")[0]
        insert_in_order(parent, found, after)
    return found
