"""Sort keys that order bibliography entries exactly as pandoc's ``--citeproc`` does.

pandoc's ``citeproc`` library sorts with the Haskell ``unicode-collation`` package: the
Unicode Collation Algorithm (UCA) over the DUCET table of Unicode 13.0.0, with the CLDR
tailoring of the document's ``lang`` (the metadata field; not the style's default-locale).
This module reproduces, in order of use:

- how citeproc turns a value into a sort key (``normalizeSortKey`` and friends): the text
  is case-folded and split into words at spaces, apostrophes and commas
  (:func:`sort_words`); numbers become one zero-padded word (:func:`number_sort_words`),
  dates one digit string (:func:`date_sort_words`);
- how it compares two keys (:func:`sort_key`): word by word with the collator, a key that
  is a prefix of the other first; a missing value after every present one, whether the
  ``<key>`` sorts ascending or descending;
- the collator (:func:`collation_key`): NFD, DUCET collation elements with contractions,
  *shifted* variable weighting (citeproc's default: punctuation and spaces count only at
  the fourth level, so "a-c" sorts with "ac"), and the ``-u-ka/kb/kf/kk`` options and
  French/upper-first defaults unicode-collation derives from the language tag.

The weights come from ``collation.bin`` beside this file, built from allkeys.txt 13.0.0 and
unicode-collation's tailoring tables by ``tools/build_collation_table.py``. It holds all of
DUCET, so every script sorts as in pandoc's root collation; of the tailorings only those
in ``tools/collation_tailorings.txt`` are there, and a language with none sorts as root
(as pandoc does for nl, en, de, fr). Nothing is read at import: the file is opened at the
first key, and each 256-code-point page is decoded when a text first needs it.

A caller sorts entries by several ``<key>`` elements with a tuple of :func:`sort_key`
values, one per key, and a stable sort (citeproc's ``sortBy`` keeps ties in input order)::

    sorted(refs, key=lambda ref: tuple(sort_key(words(ref, k), k.descending, lang) for k in keys))
"""

from __future__ import annotations

import os
import struct
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

__all__ = [
    "SortKey",
    "collation_key",
    "date_sort_words",
    "number_sort_words",
    "sort_key",
    "sort_words",
]

TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "collation.bin")

# One collation element: primary, secondary, tertiary weight, and whether it is variable
# (punctuation, spaces, symbols: what shifted weighting moves to the fourth level).
_Element = tuple[int, int, int, bool]
_Elements = tuple[_Element, ...]
_Entry = tuple[tuple[int, ...], _Elements]

# A sort key value: (0, word keys) if present, (1, ()) if missing, so missing sorts last.
SortKey = tuple[int, tuple[tuple[int, ...], ...]]
_MISSING: SortKey = (1, ())
# Above every weight: reverses the order of word keys for descending keys (see sort_key).
_TOP = 0xFFFF

# citeproc's word separators: Haskell's isSpace (ASCII white space, no-break space and the
# Zs characters; not U+001C..U+001F, U+0085 or the line separators, which Python's
# str.split takes), the apostrophes, the comma, and the Arabic ayn/hamza transliterations.
_SEPARATORS = str.maketrans(
    dict.fromkeys("\t\n\x0b\x0c\r\xa0\u1680\u202f\u205f\u3000'\u2019,\u02be\u02bf", " ")
    | dict.fromkeys(map(chr, range(0x2000, 0x200B)), " ")
)


def sort_words(text: str) -> list[str]:
    """A text value as citeproc's sort key: case-folded words, separators dropped."""
    return [word for word in text.casefold().translate(_SEPARATORS).split(" ") if word]


def number_sort_words(number: int) -> list[str]:
    """A number value (``citation-number``, ``page-first``) as citeproc's sort key."""
    return [f"{number:09d}"]


def date_sort_words(parts: Sequence[Sequence[int]]) -> list[str]:
    """A date (its date-parts: ``[[year, month, day]]``, two for a range) as a sort key.

    citeproc writes one word: per part ``p`` and the year in nine digits (``n`` and
    999999999 + year before year 0, so BC sorts first), then month and day, ``00`` where
    missing. The letters keep the sign out of punctuation, which shifted collation ignores.
    """
    text = ""
    for part in parts:
        if not part:
            continue
        year = part[0]
        text += f"n{999999999 + year:09d}" if year < 0 else f"p{year:09d}"
        text += "".join(f"{value:02d}" for value in part[1:3]).ljust(4, "0")
    return [text]


def sort_key(
    words: Sequence[str] | None, descending: bool = False, lang: str | None = None
) -> SortKey:
    """What one ``<key>`` of one entry sorts by: its words (``None`` if the value is missing).

    Keys compare as citeproc compares ``SortKeyValue``: word by word with the collator of
    ``lang`` (the document's ``lang``), a shorter key that is a prefix first; a missing
    value after all present ones in either direction. For a descending key every weight
    is mirrored below ``_TOP`` and each word and the list end with a mark above all
    weights, so that a prefix now sorts after what it begins.
    """
    if words is None:
        return _MISSING
    keys = tuple(collation_key(word, lang) for word in words)
    if descending:
        mirrored = tuple((*(_TOP - weight for weight in key), _TOP + 1) for key in keys)
        return (0, (*mirrored, (_TOP + 2,)))
    return (0, keys)


def collation_key(text: str, lang: str | None = None) -> tuple[int, ...]:
    """The UCA sort key of ``text`` as citeproc's collator for ``lang`` builds it.

    Two texts compare as unicode-collation compares them when the tuples compare:
    primary weights, 0, secondary, 0, tertiary, and with shifted weighting 0 and the
    fourth-level weights (the variable characters' primaries, 0xFFFF for the others).
    """
    return _collator(lang).key(text)


class _Lang:
    """The parts of a BCP 47 tag that choose unicode-collation's tailoring and options."""

    __slots__ = ("language", "region", "script", "unicode", "variants")

    def __init__(
        self,
        language: str,
        script: str | None,
        region: str | None,
        variants: tuple[str, ...],
        unicode: tuple[tuple[str, str], ...] | None,  # ``-u-`` keywords, None without -u-
    ) -> None:
        self.language = language
        self.script = script
        self.region = region
        self.variants = variants
        self.unicode = unicode

    def keyword(self, key: str) -> str | None:
        return next((value for k, value in self.unicode or () if k == key), None)


def _parse_lang(tag: str) -> _Lang | None:
    """Parse a tag as unicode-collation's ``parseLang`` does (``None`` where it fails).

    Like it, this reads up to the first white space, splits at ``-`` and ``_``, and stops
    quietly at the first subtag that fits no further part.
    """
    subtags = (tag.split() or [""])[0].lower().replace("_", "-").split("-")
    language = subtags.pop(0)
    if not (language.isascii() and language.isalpha() and 2 <= len(language) <= 8):
        return None
    for _ in range(3 if len(language) <= 3 else 0):  # extended language subtags: zh-yue
        if subtags and _fits(subtags[0], 3, 3, alpha=True):
            language += "-" + subtags.pop(0)
    script = subtags.pop(0).title() if subtags and _fits(subtags[0], 4, 4, alpha=True) else None
    region = None
    if subtags and (_fits(subtags[0], 2, 2, alpha=True) or _fits(subtags[0], 3, 3, digit=True)):
        region = subtags.pop(0).upper()
    variants: list[str] = []
    while subtags and (
        _fits(subtags[0], 5, 8) or (_fits(subtags[0], 4, 4) and subtags[0][0].isdigit())
    ):
        variants.append(subtags.pop(0))
    unicode_keywords = None
    while subtags and _fits(subtags[0], 1, 1):
        singleton = subtags.pop(0)
        keywords: list[tuple[str, str]] = []
        while subtags and _fits(subtags[0], 3, 8):
            keywords.append((subtags.pop(0), ""))
        while subtags and _fits(subtags[0], 2, 2, alpha=True):
            key = subtags.pop(0)
            types = []
            while subtags and _fits(subtags[0], 3, 8):
                types.append(subtags.pop(0))
            keywords.append((key, "-".join(types)))
        if singleton == "u" and unicode_keywords is None:
            unicode_keywords = tuple(keywords)
    return _Lang(language, script, region, tuple(variants), unicode_keywords)


def _fits(subtag: str, low: int, high: int, alpha: bool = False, digit: bool = False) -> bool:
    if not (subtag.isascii() and low <= len(subtag) <= high):
        return False
    if alpha:
        return subtag.isalpha()
    return subtag.isdigit() if digit else subtag.isalnum()


def _tailoring_for(lang: _Lang) -> str | None:
    """The tag of the tailoring unicode-collation picks for ``lang``, if it is shipped.

    Its ``lookupLang``: same language required, then points for the same script (20),
    region (10), variants (5), ``-u-`` keywords (2) and collation (1); the first best
    wins. A tailoring for a named collation (``de-u-co-phonebk``) only serves a tag that
    asks for it: pandoc sorts ``de-AT`` with the root collation, not the phonebook one.
    """
    best: tuple[int, str] | None = None
    for tag, candidate in _tailoring_langs():
        collation = candidate.keyword("co")
        if candidate.language != lang.language or collation not in (None, lang.keyword("co")):
            continue
        score = (
            20 * (candidate.script == lang.script)
            + 10 * (candidate.region == lang.region)
            + 5 * (candidate.variants == lang.variants)
            + 2 * (candidate.unicode == lang.unicode)
            + (collation == lang.keyword("co"))
        )
        if best is None or score > best[0]:
            best = (score, tag)
    return best[1] if best else None


@cache
def _collator(lang: str | None) -> _Collator:
    parsed = _parse_lang(lang) if lang else None
    tailoring = _tailoring_for(parsed) if parsed else None
    return _Collator(_table(tailoring), parsed)


class _Collator:
    """A collator set up as unicode-collation's ``collatorFor`` does for citeproc."""

    def __init__(self, table: _Table, lang: _Lang | None) -> None:
        self._table = table
        ka, kb, kf, kk = (lang.keyword(k) if lang else None for k in ("ka", "kb", "kf", "kk"))
        language, region = (lang.language, lang.region) if lang else ("", None)
        # citeproc asks for shifted weighting unless the tag names one; then only
        # "shifted" shifts, any other value is non-ignorable
        self._shifted = ka is None or ka == "shifted"
        # secondary weights from the end: on for fr-CA (and Church Slavonic)
        self._french = (
            (language == "cu" or (language, region) == ("fr", "CA"))
            if kb is None
            else kb in ("", "true")
        )
        # tertiary 0x0008 (upper case) before 0x0002 (lower case)
        self._upper_first = language in ("mt", "da", "cu") if kf is None else kf in ("", "upper")
        self._normalize = kk != "false"
        self.key: Callable[[str], tuple[int, ...]] = lru_cache(maxsize=8192)(self._key)

    def _key(self, text: str) -> tuple[int, ...]:
        if self._normalize:
            text = unicodedata.normalize("NFD", text)
        primaries: list[int] = []
        secondaries: list[int] = []
        tertiaries: list[int] = []
        quaternaries: list[int] = []
        after_variable = False
        for primary, secondary, tertiary, variable in self._table.elements(text):
            if self._shifted:
                # UTS #10 table 11, as unicode-collation applies it
                if variable:
                    quaternary = primary or (_TOP if tertiary and not after_variable else 0)
                    if quaternary:
                        quaternaries.append(quaternary)
                    after_variable = True
                    continue
                if primary == 0 and after_variable:
                    continue  # a mark on a variable character is ignored with it
                if primary or secondary or tertiary:
                    quaternaries.append(_TOP)
                after_variable = False
            if primary:
                primaries.append(primary)
            if secondary:
                secondaries.append(secondary)
            if tertiary:
                if self._upper_first:
                    tertiary = _UPPER_FIRST.get(tertiary, tertiary)
                tertiaries.append(tertiary)
        if self._french:
            secondaries.reverse()
        key = (*primaries, 0, *secondaries, 0, *tertiaries)
        return (*key, 0, *quaternaries) if quaternaries else key


_UPPER_FIRST = {0x0002: 0x0008, 0x0008: 0x0002}


class _Table:
    """DUCET plus one tailoring, filled page by page as texts need their code points."""

    def __init__(self, tailoring: Sequence[_Entry]) -> None:
        self._singles: dict[int, _Elements] = {}
        self._contractions: dict[tuple[int, ...], _Elements] = {}
        self._paths: set[tuple[int, ...]] = set()  # every prefix of 2+ of a contraction
        self._starters: set[int] = set()  # first code points of contractions
        self._loaded: set[int] = set()
        self._tailoring: dict[int, list[_Entry]] = {}
        for entry in tailoring:
            self._tailoring.setdefault(entry[0][0] >> 8, []).append(entry)

    def elements(self, text: str) -> list[_Element]:
        """The collation elements of an (NFD) text: UTS #10, S2.1 to S2.2."""
        points = [ord(char) for char in text]
        out: list[_Element] = []
        i = 0
        while i < len(points):
            point = points[i]
            single = self._single(point)
            if point not in self._starters:
                out.extend(single)
                i += 1
                continue
            match, i = self._longest_match(points, i)
            out.extend(self._contractions[match] if len(match) > 1 else single)
        return out

    def _single(self, point: int) -> _Elements:
        elements = self._singles.get(point)
        if elements is None:
            if point >> 8 not in self._loaded:
                self._load(point >> 8)
            elements = self._singles.setdefault(point, _implicit(point))
        return elements

    def _longest_match(self, points: list[int], start: int) -> tuple[tuple[int, ...], int]:
        """The longest contraction at ``start``, with the non-starters it takes (S2.1.1-3).

        Returns the match and where the text goes on; combining marks passed over stay,
        moved to just after the match.
        """
        match: tuple[int, ...] = (points[start],)
        end = start + 1
        path = match
        for j in range(start + 1, len(points)):
            path = (*path, points[j])
            if path not in self._paths:
                break
            if path in self._contractions:
                match, end = path, j + 1
        # Unblocked non-starters after the match: a run of rising combining classes (as
        # unicode-collation reads "unblocked" in canonically ordered text).
        run_end = end
        last_class = 0
        while run_end < len(points):
            combining = unicodedata.combining(chr(points[run_end]))
            if combining <= last_class:
                break
            last_class = combining
            run_end += 1
        marks = points[end:run_end]
        extended = True
        while extended:
            extended = False
            for k, mark in enumerate(marks):
                if (*match, mark) in self._contractions:
                    match = (*match, mark)
                    del marks[k]
                    extended = True
                    break
        points[end:run_end] = marks
        return match, end

    def _load(self, page: int) -> None:
        # Contractions go in before the code points that start them, and the page counts
        # as loaded last: a thread reading meanwhile finds a code point only with its
        # contractions, and loads the page again rather than give it implicit weights.
        singles, contractions = _page(page)
        for points, elements in (*contractions, *self._tailoring.get(page, ())):
            if len(points) == 1:
                singles[points[0]] = elements
                continue
            self._contractions[points] = elements
            self._paths.update(points[:n] for n in range(2, len(points) + 1))
            self._starters.add(points[0])
        self._singles.update(singles)
        self._loaded.add(page)


@cache
def _table(tailoring: str | None) -> _Table:
    return _Table(_tailoring_entries(tailoring) if tailoring else ())


# --- collation.bin (layout: see tools/build_collation_table.py) ---


class _Data:
    """collation.bin, with the index of its page and tailoring blobs."""

    __slots__ = ("blob", "pages", "tailorings")

    def __init__(self, blob: bytes) -> None:
        if blob[:8] != b"PBUCA13\0":
            raise ValueError(f"{TABLE}: not a collation table")
        n_pages, n_tailorings = struct.unpack_from("<II", blob, 8)
        at = 16 + 12 * n_pages
        self.blob = blob
        # page -> (offset, length)
        self.pages = {
            page: (offset, length)
            for page, offset, length in struct.iter_unpack("<III", blob[16:at])
        }
        # tag -> (offset, length)
        self.tailorings = {
            blob[name_at : name_at + name_len].decode("ascii"): (offset, length)
            for name_at, name_len, offset, length in struct.iter_unpack(
                "<IIII", blob[at : at + 16 * n_tailorings]
            )
        }


@cache
def _data() -> _Data:
    with open(TABLE, "rb") as file:
        return _Data(file.read())


@cache
def _tailoring_langs() -> tuple[tuple[str, _Lang], ...]:
    return tuple(
        (tag, parsed) for tag in _data().tailorings if (parsed := _parse_lang(tag)) is not None
    )


def _words(data: _Data, offset: int, length: int, skip: int = 0) -> tuple[bytes, array[int]]:
    raw = zlib.decompress(data.blob[offset : offset + length])
    words = array("I")
    words.frombytes(raw[skip:])
    if sys.byteorder == "big":
        words.byteswap()
    return raw[:skip], words


def _page(page: int) -> tuple[dict[int, _Elements], list[_Entry]]:
    """DUCET's code points (with their elements) and contractions starting in ``page``."""
    data = _data()
    where = data.pages.get(page)
    if where is None:
        return {}, []
    counts, words = _words(data, *where, skip=256)
    singles: dict[int, _Elements] = {}
    at = 0
    for low, count in enumerate(counts):
        if count:
            singles[page << 8 | low] = tuple(_unpack(w) for w in words[at : at + count])
            at += count
    return singles, _entries(words, at)


def _tailoring_entries(tag: str) -> list[_Entry]:
    data = _data()
    return _entries(_words(data, *data.tailorings[tag])[1], 0)


def _entries(words: array[int], at: int) -> list[_Entry]:
    entries: list[_Entry] = []
    while at < len(words):
        n_points, n_elements = words[at] >> 8, words[at] & 0xFF
        points = tuple(words[at + 1 : at + 1 + n_points])
        at += 1 + n_points
        entries.append((points, tuple(_unpack(w) for w in words[at : at + n_elements])))
        at += n_elements
    return entries


def _unpack(word: int) -> _Element:
    return word >> 16, word >> 5 & 0x1FF, word & 0x1F, bool(word >> 14 & 1)


# --- implicit weights (UTS #10, 10.1.3) for code points DUCET does not list ---

# Unified_Ideograph of Unicode 13 (PropList.txt), as unicode-collation lists it
_UNIFIED_IDEOGRAPHS = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFC), (0xFA0E, 0xFA0F), (0xFA11, 0xFA11),
    (0xFA13, 0xFA14), (0xFA1F, 0xFA1F), (0xFA21, 0xFA21), (0xFA23, 0xFA24),
    (0xFA27, 0xFA29), (0x20000, 0x2A6DD), (0x2A700, 0x2B734), (0x2B740, 0x2B81D),
    (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x30000, 0x3134A),
)  # fmt: skip
# allkeys.txt's @implicitweights: (first, last, base weight, first code point of the range)
_SIEVED_SCRIPTS = (
    (0x17000, 0x18AFF, 0xFB00, 0x17000),  # Tangut and its components
    (0x18D00, 0x18D8F, 0xFB00, 0x17000),  # Tangut supplement
    (0x1B170, 0x1B2FF, 0xFB01, 0x1B170),  # Nushu
    (0x18B00, 0x18CFF, 0xFB02, 0x18B00),  # Khitan small script
)


def _implicit(point: int) -> _Elements:
    """Two elements that sort an unlisted code point after all listed ones, by code point."""
    for first, last, base, origin in _SIEVED_SCRIPTS:
        if first <= point <= last:
            return _implicit_pair(base, (point - origin) | 0x8000)
    if any(first <= point <= last for first, last in _UNIFIED_IDEOGRAPHS):
        core = 0x4E00 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF
        return _implicit_pair((0xFB40 if core else 0xFB80) + (point >> 15), point & 0x7FFF | 0x8000)
    return _implicit_pair(0xFBC0 + (point >> 15), point & 0x7FFF | 0x8000)


def _implicit_pair(high: int, low: int) -> _Elements:
    return ((high, 0x0020, 0x0002, False), (low, 0, 0, False))
