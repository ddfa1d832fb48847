"""Sort keys against pandoc's ``--citeproc``: the same items must come out in the same order.

The oracle tests give pandoc a CSL-JSON bibliography and a style that sorts it (by title,
by two keys, descending, by a variable some items lack), read the order of the entries
from its output and sort the same items with :mod:`pleitbrief.cite.citeproc.collate`. The
titles are hand-picked hard cases plus a seeded random sample from letters with and
without diacritics in both cases, Cyrillic, Greek, digits, spaces, hyphens, apostrophes
and punctuation; each language is one pandoc run. The other tests pin single behaviours
without pandoc.
"""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pleitbrief.cite.citeproc.collate import (
    collation_key,
    date_sort_words,
    number_sort_words,
    sort_key,
    sort_words,
)
from pleitbrief.cite.csl import pandoc_path

REPO = Path(__file__).resolve().parents[3]
TAILORINGS = REPO / "tools" / "collation_tailorings.txt"

needs_pandoc = pytest.mark.skipif(pandoc_path() is None, reason="needs pandoc (pypandoc-binary)")

# One group a line, split at white space: case, diacritics and punctuation inside a word
# (shifted weighting); ß (ss) and ij; Nordic, Dutch, German, Polish, Czech and Turkish
# letters; Cyrillic and Greek with their accents and final sigma; digits, fractions and
# superscripts; punctuation and symbols alone or in front.
_HARD_WORDS = """
Ab ab AB aB Äb äb Ad a-c ac a.c a_c a—c a/c a,c a'c a’c a c abc a ab a-b ab- -ab (ab)
cote côte coté côté Côte COTE
Straße Strasse STRASSE Strasze straße ß ss
ijs ĳs IJs Ĳs ij iz ja y ÿ Y
ø o ö å aa æ ae z þ ð d œ oe Ø Å Æ Ærø Århus Aarhus Øresund Åland Zürich
één een Eén zeeën zeeen coördinatie cooperatie coöperatie
Müller Mueller Muller Mull Mülheim
Łódź Lodz Čapek Capek Cz İstanbul istanbul ıslak Isparta
Ёлка Елка ель Ель Жук Я я й и Україна Їжак ґ г
Άλφα Αλφα αλφα ς σ Ωμέγα ω ΐ ι
1 10 2 9 02 1a a1 ½ ² 2020 2020a
!!! ... - (a) [b] /c #e § €5 $5 % @ +1 =1 ~1
"""  # noqa: RUF001 (Cyrillic and Greek letters are meant)
# and with spaces: between words, doubled, in front; names with particles and apostrophes
_HARD_PHRASES = [
    "a c", "a  c", " a", "a b c", "a b", "§ 3", "€ 5",
    "de Vries", "De Vries", "deVries", "d'Ancona", "D’Ancona", "van der Berg",
    "Van den Berg", "vanderberg", "O'Neill", "Onassis", "Ongaro", "O’Neill",
]  # fmt: skip
HARD_TITLES = _HARD_WORDS.split() + _HARD_PHRASES

_LETTERS = "aAbBcCdDeEoOsSuUyYzZ"
_ACCENTED = "áàâäãåæçéèêëíìîïñóòôöõøœßúùûüýÿčęłńřšžőűÅÄÖÆØÉÜ"
_OTHER = "жЖяЯёЁїЇйґΑαΩωάέςσ"
# No straight quotes: pandoc reads a pair of them as quotation marks and sorts by the
# curly ones its locale puts there, which is its reading of CSL-JSON, not collation.
_MARKS = "0123456789" + " " * 4 + "--’’.,;:!?()/"


def random_titles(count: int, seed: int = 20240601) -> list[str]:
    """Short strings that often share prefixes, so ties go to the deeper levels."""
    rng = random.Random(seed)
    pools = [(_LETTERS, 6), (_ACCENTED, 3), (_OTHER, 1), (_MARKS, 2)]
    chars = "".join(pool * weight for pool, weight in pools)
    return ["".join(rng.choice(chars) for _ in range(rng.randint(1, 6))) for _ in range(count)]


STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>sort</title><id>sort</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="id"/></layout></citation>
  <bibliography><sort>{keys}</sort><layout><text variable="id"/></layout></bibliography>
</style>
"""

# a <key> of the style: variable, descending
Key = tuple[str, bool]


def pandoc_order(
    tmp: Path, items: list[dict[str, Any]], lang: str | None, keys: list[Key]
) -> list[str]:
    """The ids of ``items`` in the order pandoc's bibliography lists them."""
    direction = {False: "ascending", True: "descending"}
    xml_keys = "".join(f'<key variable="{var}" sort="{direction[desc]}"/>' for var, desc in keys)
    (tmp / "style.csl").write_text(STYLE.format(keys=xml_keys), encoding="utf-8")
    (tmp / "refs.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    meta = f"lang: {lang}\n" if lang else ""
    (tmp / "doc.md").write_text(f"---\nnocite: '@*'\n{meta}---\n", encoding="utf-8")
    command = [str(pandoc_path()), "--from=markdown", "--to=plain", "--wrap=none", "--citeproc"]
    command += ["--csl=style.csl", "--bibliography=refs.json", "doc.md"]
    out = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def our_order(items: list[dict[str, Any]], lang: str | None, keys: list[Key]) -> list[str]:
    def words(item: dict[str, Any], var: str) -> list[str] | None:
        value = item.get(var)
        if value is None:
            return None
        if var == "issued":
            return date_sort_words(value["date-parts"])
        return sort_words(value)

    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(sort_key(words(item, var), desc, lang) for var, desc in keys)

    return [item["id"] for item in sorted(items, key=key)]


def title_items(titles: Sequence[str]) -> list[dict[str, Any]]:
    # ids in file order sort the same as numbers and as text: ties stay in that order
    return [{"id": f"r{i:04d}", "type": "book", "title": t} for i, t in enumerate(titles)]


def assert_same_order(pandoc: list[str], ours: list[str], items: list[dict[str, Any]]) -> None:
    if pandoc != ours:
        titles = {item["id"]: item.get("title") for item in items}
        first = next(i for i, (a, b) in enumerate(zip(pandoc, ours, strict=True)) if a != b)
        window = slice(max(0, first - 2), first + 4)
        pytest.fail(
            f"first difference at {first}:\n"
            f"pandoc: {[titles[i] for i in pandoc[window]]}\n"
            f"ours:   {[titles[i] for i in ours[window]]}"
        )


@needs_pandoc
@pytest.mark.parametrize("lang", ["nl-NL", "en-US", "de-DE", "fr-FR", "sv-SE", None])
def test_titles_sort_as_in_pandoc(tmp_path: Path, lang: str | None) -> None:
    items = title_items(HARD_TITLES + random_titles(400))
    keys = [("title", False)]
    assert_same_order(
        pandoc_order(tmp_path, items, lang, keys), our_order(items, lang, keys), items
    )


def tailored_letters() -> dict[str, str]:
    """Per tailoring tag, the letters (composed) its table changes."""
    letters: dict[str, str] = {}
    aliases: dict[str, str] = {}
    tag = ""
    for line in TAILORINGS.read_text(encoding="utf-8").splitlines():
        if line.startswith("@tailoring "):
            tag, _, other = line.removeprefix("@tailoring ").partition(" = ")
            letters[tag] = ""
            if other:
                aliases[tag] = other
        elif line and not line.startswith("#"):
            points = "".join(chr(int(p, 16)) for p in line.split(";")[0].split())
            letters[tag] += unicodedata.normalize("NFC", points)
    return letters | {tag: letters[other] for tag, other in aliases.items()}


@needs_pandoc
@pytest.mark.parametrize("tag", sorted(tailored_letters()))
def test_each_tailoring_sorts_as_in_pandoc(tmp_path: Path, tag: str) -> None:
    letters = sorted(set(tailored_letters()[tag]))
    rng = random.Random(tag)
    chars = "".join(letters) + "adouvwyzAZ- "
    titles = [*letters, *(c + "a" for c in letters), *(c + "z" for c in letters)]
    titles += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 4))) for _ in range(300)]
    items = title_items(titles)
    keys = [("title", False)]
    assert_same_order(pandoc_order(tmp_path, items, tag, keys), our_order(items, tag, keys), items)


@needs_pandoc
@pytest.mark.parametrize("lang", ["nl-NL", "sv-SE"])
def test_two_keys_descending_and_missing_as_in_pandoc(tmp_path: Path, lang: str) -> None:
    # container-title is missing in every third item; title descending breaks the ties
    rng = random.Random(7)
    titles = HARD_TITLES + random_titles(150, seed=3)
    items = title_items(titles)
    for n, item in enumerate(items):
        if n % 3:
            item["container-title"] = rng.choice(["Één", "een", "NRC", "nrc", "Ärzte", "zz", "å"])
    for keys in ([("container-title", False), ("title", True)], [("container-title", True)]):
        pandoc = pandoc_order(tmp_path, items, lang, keys)
        assert_same_order(pandoc, our_order(items, lang, keys), items)


@needs_pandoc
def test_dates_sort_as_in_pandoc(tmp_path: Path) -> None:
    dates = [[[2020]], [[2020, 5]], [[2020, 5, 3]], [[2020, 12]], [[2019, 12, 31]], [[-50]],
             [[-500, 3]], [[0]], [[1999], [2001]], [[1999]], [[800]], [[10000]]]  # fmt: skip
    items: list[dict[str, Any]] = [
        {"id": f"d{i:02d}", "type": "book", "issued": {"date-parts": d}}
        for i, d in enumerate(dates)
    ]
    items.append({"id": "d99", "type": "book"})  # no date: last, also descending
    for keys in ([("issued", False)], [("issued", True)]):
        assert pandoc_order(tmp_path, items, "nl", keys) == our_order(items, "nl", keys)


def test_sort_words_fold_case_and_split_like_citeproc() -> None:
    assert sort_words("De Vries, Jan") == ["de", "vries", "jan"]
    assert sort_words("d'Ancona O’Neill") == ["d", "ancona", "o", "neill"]
    assert sort_words("Straße") == ["strasse"]  # full case folding
    assert sort_words("a-c a.b (x)") == ["a-c", "a.b", "(x)"]  # other punctuation stays
    assert sort_words("a\u00a0b\u2009c") == ["a", "b", "c"]  # no-break and thin spaces
    assert sort_words("a\u2028b\x1fc") == ["a\u2028b\x1fc"]  # not white space to Haskell
    assert sort_words(" , ") == []


def test_numbers_and_dates_are_single_words() -> None:
    assert number_sort_words(42) == ["000000042"]
    assert date_sort_words([[2020]]) == ["p0000020200000"]
    assert date_sort_words([[2020, 5, 3]]) == ["p0000020200503"]
    assert date_sort_words([[-50]]) == ["n9999999490000"]
    assert date_sort_words([[1999], [2001, 2]]) == ["p0000019990000p0000020010200"]
    assert date_sort_words([]) == [""]


@pytest.mark.parametrize(
    ("lower", "higher", "lang"),
    [
        ("ab", "äb", None),  # an accent counts after the letters
        ("äb", "ac", None),
        ("ab", "a-c", "nl"),  # hyphens are ignored but for ties...
        ("a-b", "ab", "nl"),  # ...where the first difference decides
        ("ab", "ab-", "nl"),
        ("-ab", "ab", "nl"),  # a leading one sorts before a plain letter
        ("a", "ab", None),  # a prefix first
        ("9", "a", None),  # digits before letters
        ("10", "9", None),  # digit by digit, not by value
        ("z", "å", "sv"),  # Swedish: å ä ö after z
        ("vb", "wa", "nl"),
        ("wa", "vb", "sv"),  # Swedish: w is v
        ("å", "b", "nl"),
        ("z", "æ", "da"),
        ("ø", "å", "da"),
        ("å", "aa", "da"),  # Danish: aa is å, a tertiary step after it
        ("cote", "coté", "fr-FR"),
        ("côte", "coté", "fr-CA"),  # Canadian French: the last accent decides
        ("a-c", "ab", "nl-u-ka-noignore"),  # a named weighting turns shifting off
        ("z", "ω", None),  # Latin, Greek, Cyrillic, Han
        ("ω", "я", None),
        ("я", "中", None),
        ("ss", "ß", "de"),  # the collator itself does not fold ß (sort_words does)
    ],
)
def test_pairs(lower: str, higher: str, lang: str | None) -> None:
    assert collation_key(lower, lang) < collation_key(higher, lang)


@pytest.mark.parametrize(
    ("one", "other", "lang"),
    [
        ("\u00e5", "a\u030a", None),  # composed and decomposed
        ("\u00e9", "e\u0301", "nl"),
        ("\u00c5", "\u212b", "sv"),  # A with ring and the angstrom sign
        ("a\u0323\u030a", "a\u030a\u0323", "sv"),  # marks in either order
    ],
)
def test_equal_keys(one: str, other: str, lang: str | None) -> None:
    assert collation_key(one, lang) == collation_key(other, lang)


def test_language_tags_choose_tailorings_as_unicode_collation_does() -> None:
    sv = collation_key("å", "sv")
    assert collation_key("å", "sv-SE") == collation_key("å", "SV_se") == sv
    assert collation_key("å", "sv-Latn-SE-u-kb-false") == sv
    root = collation_key("å", None)
    # a language without a tailoring, an unknown one and a broken tag all sort as root
    for lang in ("nl-NL", "de-AT", "xx", "123", "", "sv1"):
        assert collation_key("å", lang) == root


def test_missing_values_sort_last_both_ways() -> None:
    for descending in (False, True):
        present = sort_key(["zzz"], descending, "nl")
        assert present < sort_key(None, descending, "nl")
        assert sort_key(None, descending) == sort_key(None, descending)


def test_descending_reverses_words_and_prefixes() -> None:
    values = [["a"], ["a", "b"], ["ab"], ["b"], ["a", "b", "c"], []]
    ascending = sorted(values, key=lambda words: sort_key(words, False, "nl"))
    descending = sorted(values, key=lambda words: sort_key(words, True, "nl"))
    assert ascending == [[], ["a"], ["a", "b"], ["a", "b", "c"], ["ab"], ["b"]]
    assert descending == ascending[::-1]


def test_import_reads_no_table() -> None:
    code = (
        "import pleitbrief.cite.citeproc.collate as c\n"
        "assert c._data.cache_info().currsize == 0\n"
        "c.collation_key('x')\n"
        "assert c._data.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_table_is_built_from_the_committed_sources() -> None:
    spec = importlib.util.spec_from_file_location(
        "build", REPO / "tools" / "build_collation_table.py"
    )
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    if not build.DEFAULT_ALLKEYS.is_file():
        pytest.skip(f"no allkeys.txt 13.0.0 at {build.DEFAULT_ALLKEYS} (Debian's perl-modules)")
    data = build.build(build.read_allkeys(build.DEFAULT_ALLKEYS), build.read_tailorings(TAILORINGS))
    assert data == build.OUT.read_bytes(), "run tools/build_collation_table.py"
