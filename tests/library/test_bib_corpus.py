"""pandoc as the oracle: the Better BibTeX corpus must decode as pandoc decodes it.

For each of the corpus files, pandoc (from pypandoc-binary) reads it to CSL JSON and we
compare, entry by entry: the set of keys, the title and the persons. pandoc writes
CSL JSON for citation processors, so the comparison sets aside what is presentation
there: case (pandoc sentence-cases English titles), ``<i>``/``<b>``/``<span>`` markup,
quote style (’ vs '), spaces between initials (``A. C.`` vs ``A.C.``) and a dotless i
under an accent (``ı̆`` vs ``ĭ``). Files where we differ for a known reason are listed in
``KNOWN_DIFFERENCES`` with the entries that differ; the test fails if one of them starts
to match or if any other entry diverges.
"""

# ruff: noqa: RUF001, RUF002 (test data is non-ASCII text on purpose)

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from pleitbrief.library.bibtex import parse_bib_file
from pleitbrief.library.entry import Entry, Person
from pleitbrief.library.library import load_library

REPO = Path(__file__).resolve().parents[2]
# A copy of ../shared/corpora/zotero-bbt (MIT, see its LICENSE), so a clean checkout has it.
CORPUS = Path(
    os.environ.get("PLEITBRIEF_BBT_CORPUS", REPO / "tests" / "fixtures" / "corpora" / "zotero-bbt")
)
FILES = sorted(p.name for p in CORPUS.glob("*.bib"))
assert len(FILES) == 207, f"the corpus at {CORPUS} is incomplete"


@dataclass(frozen=True)
class Known:
    why: str
    keys: frozenset[str]


def _known(why: str, *keys: str) -> Known:
    return Known(why, frozenset(keys))


MATH = "math: pandoc keeps TeX math as $…$ source; we decode it to text (Δ, α, →, <)"
DUPLICATE = "duplicate key in the file: pandoc keeps the last entry, we keep the first"
KNOWN_DIFFERENCES: dict[str, Known] = {
    "055.bibtex.bib": _known(MATH, "Chang-2014-waterH2Oevidence"),
    "107.biblatex.bib": _known(MATH, "keusch_antibody_1998"),
    "137.bibtex.bib": _known(MATH, "Rovny2018"),
    "227.bibtex.bib": _known(MATH, "xuOverallNormalizationAstrophysical1994"),
    "229.bibtex.bib": _known(MATH, "Zhang_2015"),
    "259.biblatex.bib": _known(MATH, "InputWikiGoLaTeX"),
    "303.biblatex.bib": _known(MATH, "lastAreUnicode"),
    "339.bibtex.bib": _known(MATH, "herzog1955"),
    "261.bibtex.bib": _known(DUPLICATE, "condorcetEssaiLapplicationLanalyse1785"),
    "297.bibtex.bib": _known(DUPLICATE, "mies1973"),
    "153.biblatex.bib": _known(
        "pandoc drops \\textdoublepipe (ǂ) and \\textbar (|); we decode them",
        "jonesEndangeredAfricanLanguages2020",
    ),
    "371.bibtex.bib": _known(
        "\\k{} over nothing: pandoc puts a lone combining ogonek on the previous letter",
        "MunafAClarkFlint05",
    ),
    "385.biblatex.bib": _known(
        "maintitle: pandoc titles an @audio episode by its maintitle (beyond SPEC §3)",
        "bishopUnfinishedBusinessRing2024",
    ),
}

_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span|sc)\b[^>]*>")
_QUOTES = str.maketrans(dict.fromkeys("‘’‚‛`'“”„\"«»", "'"))
_INITIALS = re.compile(r"(?<=\b\w\.) (?=\w\.)")
_ACCENTED_DOTLESS_I = re.compile("\u0131(?=[\u0300-\u036f])")


def normalise(text: str) -> str:
    """Text with CSL JSON presentation set aside (see the module docstring)."""
    text = html.unescape(_MARKUP.sub("", text)).translate(_QUOTES)
    text = unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", _ACCENTED_DOTLESS_I.sub("i", text))
    # Not \s: a no-break space (from ~) must stay one, as pandoc keeps it.
    return re.sub(r"[ \t\r\n]+", " ", text).strip().casefold()


def pandoc_entries(path: Path) -> dict[str, dict[str, Any]]:
    reader = "bibtex" if path.name.endswith(".bibtex.bib") else "biblatex"
    command = [pypandoc.get_pandoc_path(), "-f", reader, "-t", "csljson", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return {item["id"]: item for item in items}


def our_title(entry: Entry) -> str:
    """The title as pandoc composes it: title, ": " subtitle, ". " titleaddon."""
    title = entry.get("title")
    for name, glue in (("subtitle", ": "), ("titleaddon", ". ")):
        if entry.get(name):
            title = f"{title}{glue}{entry.get(name)}" if title else entry.get(name)
    return title


def their_name(name: dict[str, str]) -> tuple[str, ...]:
    particle = name.get("non-dropping-particle") or name.get("dropping-particle", "")
    parts = (name.get("family", ""), _INITIALS.sub("", name.get("given", "")), particle)
    return tuple(normalise(p) for p in (*parts, name.get("suffix", ""), name.get("literal", "")))


def our_name(person: Person) -> tuple[str, ...]:
    parts = (person.family, _INITIALS.sub("", person.given), person.particle)
    return tuple(normalise(p) for p in (*parts, person.suffix, person.literal))


def differences(path: Path) -> dict[str, list[str]]:
    """Entry key → what differs from pandoc (``*`` for the key sets themselves)."""
    theirs = pandoc_entries(path)
    ours = {entry.key: entry for entry in parse_bib_file(path)[0]}
    found: dict[str, list[str]] = {}
    if set(theirs) != set(ours):
        only_theirs, only_ours = sorted(set(theirs) - set(ours)), sorted(set(ours) - set(theirs))
        found["*"] = [f"only pandoc: {only_theirs}, only us: {only_ours}"]
    for key in sorted(set(theirs) & set(ours)):
        them, us = theirs[key], ours[key]
        if normalise(them.get("title", "")) != normalise(our_title(us)):
            found.setdefault(key, []).append(f"title {them.get('title')!r} vs {our_title(us)!r}")
        for role in ("author", "editor", "translator"):
            # pandoc files an editor under the role its `editortype` names (director …).
            their_role = us.get("editortype") if role == "editor" else role
            their_role = their_role if their_role in them else role
            expected = [their_name(n) for n in them.get(their_role, [])]
            got = [our_name(p) for p in us.persons.get(role, ())]
            if expected != got:
                found.setdefault(key, []).append(f"{role} {expected} vs {got}")
    return found


@pytest.mark.parametrize("name", FILES)
def test_decodes_as_pandoc_does(name: str) -> None:
    found = differences(CORPUS / name)
    report = "\n".join(f"{key}: {line}" for key, lines in found.items() for line in lines)
    known = KNOWN_DIFFERENCES.get(name)
    if known is None:
        assert not found, f"{name} differs from pandoc:\n{report}"
    else:
        assert set(found) == known.keys, (
            f"{name} was listed as differing in {sorted(known.keys)} ({known.why}); "
            f"now differs in {sorted(found)}:\n{report}"
        )


def test_every_known_difference_is_a_corpus_file() -> None:
    assert set(KNOWN_DIFFERENCES) <= set(FILES)


def test_the_whole_corpus_loads_as_one_library_without_a_traceback() -> None:
    library = load_library([CORPUS])
    assert len(library) > 400
    # The fixtures reuse keys across files, so duplicates are expected; nothing else is
    # wrong with the corpus but four undefined @string macros (the files use IEEE ones).
    codes = {p.code for p in library.problems}
    assert codes == {"duplicate-key", "undefined-string"}
    assert all(p.file is not None and p.line > 0 for p in library.problems)
