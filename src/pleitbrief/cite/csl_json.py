"""Library entries → CSL-JSON, the input of every CSL processor.

The mapping follows pandoc's reading of biblatex (``Text.Pandoc.Citeproc.BibTeX``), so a
library gives the same CSL data whether pandoc reads the ``.bib`` itself or pleitbrief
hands it over: ``journaltitle`` → ``container-title``, ``institution``/``publisher`` →
``publisher``, ``location`` → ``publisher-place``, ``langid`` → ``language`` (so a Dutch
title is not title-cased), ``type`` → ``genre``, and so on. Dutch parliamentary papers are
the exception: pandoc does not know them; they become CSL ``bill`` items the way Dutch
lawyers enter them in Zotero for the Leidraad style (``docs/csl.md`` has the table).

What cannot follow pandoc: pandoc sentence-cases the titles of English entries in an
English document, keeping words in braces; the library has decoded those braces away,
so titles go to the style as written (their font commands as CSL rich text, as pandoc
writes them: ``<i>``, ``<b>``, ``<sup>`` …). And ``note`` is not passed on (pandoc would): here
it holds remarks for the researchers, which a style such as the Leidraad would print.
"""

from __future__ import annotations

import re
from typing import Any

from pleitbrief.library.entry import Entry, Person

CslItem = dict[str, Any]

# biblatex entry type → CSL type, as pandoc maps them ("" is pandoc's for @misc).
_TYPES = {
    "book": "book", "booklet": "pamphlet", "bookinbook": "chapter", "collection": "book",
    "dataset": "dataset", "electronic": "webpage", "inbook": "chapter",
    "incollection": "chapter", "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference", "manual": "book", "mastersthesis": "thesis",
    "mvbook": "book", "mvcollection": "book", "mvproceedings": "book",
    "mvreference": "book", "online": "webpage", "patent": "patent", "phdthesis": "thesis",
    "proceedings": "book", "reference": "book", "report": "report", "software": "software",
    "suppbook": "chapter", "suppcollection": "chapter", "techreport": "report",
    "thesis": "thesis", "www": "webpage", "artwork": "graphic", "audio": "song",
    "commentary": "book", "image": "graphic", "jurisdiction": "legal_case",
    "legislation": "legislation", "legal": "treaty", "letter": "personal_communication",
    "movie": "motion_picture", "music": "song", "performance": "speech", "review": "review",
    "standard": "legislation", "video": "motion_picture", "data": "dataset",
    "letters": "personal_communication", "newsarticle": "article-newspaper",
}  # fmt: skip
_ARTICLES = {"article", "periodical", "suppperiodical", "review"}
_CHAPTERS = {"inbook", "incollection", "inproceedings", "inreference", "bookinbook"}
_BOOKS_WITH_SERIES_NUMBER = {
    "book", "collection", "proceedings", "reference", "mvbook", "mvcollection",
    "mvproceedings", "mvreference", "bookinbook", "inbook", "incollection",
    "inproceedings", "inreference", "suppbook", "suppcollection",
}  # fmt: skip
# biblatex's localisation keys as pandoc resolves them in an English document
_ENGLISH_KEYS = {
    "phdthesis": "PhD thesis", "mathesis": "Master’s thesis", "mastersthesis": "Master’s thesis",
    "techreport": "technical report", "resreport": "research report",
    "candthesis": "Candidate thesis", "software": "computer software",
    "datacd": "CD-ROM", "audiocd": "audio CD",
}  # fmt: skip
# langid → IETF tag, as pandoc's toIETF
_LANGIDS = {
    "english": "en-US", "usenglish": "en-US", "american": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-US", "australian": "en-GB", "newzealand": "en-GB",
    "afrikaans": "af-ZA", "arabic": "ar", "basque": "eu", "bulgarian": "bg-BG",
    "catalan": "ca-AD", "croatian": "hr-HR", "czech": "cs-CZ", "danish": "da-DK",
    "dutch": "nl-NL", "estonian": "et-EE", "finnish": "fi-FI", "canadien": "fr-CA",
    "acadian": "fr-CA", "french": "fr-FR", "francais": "fr-FR", "austrian": "de-AT",
    "naustrian": "de-AT", "german": "de-DE", "germanb": "de-DE", "ngerman": "de-DE",
    "greek": "el-GR", "polutonikogreek": "el-GR", "hebrew": "he-IL", "hungarian": "hu-HU",
    "icelandic": "is-IS", "italian": "it-IT", "japanese": "ja-JP", "latvian": "lv-LV",
    "lithuanian": "lt-LT", "magyar": "hu-HU", "mongolian": "mn-MN", "norsk": "nb-NO",
    "nynorsk": "nn-NO", "farsi": "fa-IR", "polish": "pl-PL", "brazil": "pt-BR",
    "brazilian": "pt-BR", "portugues": "pt-PT", "portuguese": "pt-PT", "romanian": "ro-RO",
    "russian": "ru-RU", "serbian": "sr-RS", "serbianc": "sr-RS", "slovak": "sk-SK",
    "slovene": "sl-SL", "spanish": "es-ES", "swedish": "sv-SE", "thai": "th-TH",
    "turkish": "tr-TR", "ukrainian": "uk-UA", "vietnamese": "vi-VN", "latin": "la",
}  # fmt: skip
_ENGLISH_VARIANTS = {
    "variant=british": "british", "variant=uk": "british", "variant=american": "american",
    "variant=us": "american", "variant=usmax": "american",
    "variant=australian": "australian", "variant=newzealand": "newzealand",
}  # fmt: skip
_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "googlebooks": "https://books.google.com?id=",
}
# fields pandoc reads raw: no typographic apostrophe there
_RAW_FIELDS = {"url", "doi", "isbn", "issn", "pmid", "pmcid", "library", "eprint"}

PAPERS = {"kamerstuk": "Kamerstukken", "aanhangsel": "Aanhangsel Handelingen",
          "handelingen": "Handelingen"}  # fmt: skip
"""``type`` field of a Dutch parliamentary paper → the series it is cited in."""
_CHAMBERS = {"i": "I", "ek": "I", "eerste kamer": "I", "ii": "II", "tk": "II",
             "tweede kamer": "II"}  # fmt: skip
_CHAMBER_NAMES = {"I": "Eerste Kamer der Staten-Generaal", "II": "Tweede Kamer der Staten-Generaal"}
# a date as EDTF writes it, a time of day (Zotero writes one) set aside as pandoc does
_EDTF = re.compile(
    r"^(-?\d{1,4})(?:-(\d\d)(?:-(\d\d)(?:T\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d(?::?\d\d)?)?)?)?)?"
    r"([~?%]?)$"
)


def to_csl_items(entries: list[Entry], lang: str = "en") -> list[CslItem]:
    """CSL-JSON items of ``entries`` for a document in ``lang`` (``nl``, ``en-GB`` …)."""
    return [to_csl(entry, lang) for entry in entries]


def to_csl(entry: Entry, lang: str = "en") -> CslItem:
    """One entry as a CSL-JSON item (see the module docstring for the rules). Mapped once
    per entry and language: an export asks twice (the fields check and the processor)."""
    key = (id(entry), lang)
    stamp = hash((entry.key, entry.type, frozenset(entry.fields.items()), *entry.persons.items()))
    found = _MAPPED.get(key)
    # the same entry, unchanged (not a new one at the same id, nor one edited since)
    if found is not None and found[0] is entry and found[1] == stamp:
        return dict(found[2])
    item = _Mapper(entry, lang.split("-")[0].lower()).item()
    if len(_MAPPED) >= _MAPPED_LIMIT:
        _MAPPED.clear()
    _MAPPED[key] = (entry, stamp, item)
    return dict(item)


_MAPPED: dict[tuple[int, str], tuple[Entry, int, CslItem]] = {}
_MAPPED_LIMIT = 20_000


class _Mapper:
    def __init__(self, entry: Entry, lang: str) -> None:
        self.entry = entry
        self.lang = lang
        self.kind = entry.type.lower()
        self.out: CslItem = {"id": entry.key}

    def f(self, name: str) -> str:
        """A field, whitespace collapsed, with TeX's typographic apostrophe; with its font
        commands as CSL rich text (``<i>…</i>``) where it has any."""
        value = " ".join((self.entry.rich.get(name) or self.entry.get(name)).split())
        return value if name in _RAW_FIELDS else value.replace("'", "\u2019")

    def listed(self, name: str) -> str:
        """A literal list field's items joined with ``; ``, as pandoc joins them."""
        items = (" ".join(i.split()) for i in self.entry.list_items(name))
        return "; ".join(i if name in _RAW_FIELDS else i.replace("'", "\u2019") for i in items)

    def eprint_url(self) -> str:
        """An arXiv, JSTOR, PubMed or Google Books ``eprint`` as its address, as pandoc
        makes it (``eprinttype``, or BibTeX's ``archiveprefix``, names the archive)."""
        archive = (self.f("eprinttype") or self.f("archiveprefix")).lower()
        eprint = self.f("eprint")
        return _EPRINT_URLS[archive] + eprint if eprint and archive in _EPRINT_URLS else ""

    def put(self, variable: str, value: Any) -> None:
        if value:
            self.out[variable] = value

    def item(self) -> CslItem:
        kind, e = self.kind, self.entry
        subtype = self.f("entrysubtype")
        if kind in {"article", "periodical", "suppperiodical"}:
            csl_type = {"magazine": "article-magazine", "newspaper": "article-newspaper"}.get(
                subtype, "article-journal"
            )
        elif kind == "unpublished":
            event = any(self.f(n) for n in ("eventdate", "eventtitle", "venue"))
            csl_type = "speech" if event else "manuscript"
        else:
            csl_type = _TYPES.get(kind, "")
        self.out["type"] = csl_type
        self.put("genre", self.genre())
        self.put("language", self.language())
        roles = (("author", "author"), ("translator", "translator"))
        for role, variable in (*roles, ("bookauthor", "container-author")):
            self.put(variable, self.names(role))
        editors = self.names("editor")
        self.put("director" if self.f("editortype") == "director" else "editor", editors)
        self.dates()
        self.numbers()
        self.titles()
        publishers = [self.listed(n) for n in ("school", "institution", "organization")]
        publishers += [self.f("howpublished"), self.listed("publisher")]  # pandoc's lists
        self.put("publisher", "; ".join(p for p in publishers if p))
        self.put("original-publisher", self.f("origpublisher"))
        if kind != "patent":
            self.put("publisher-place", self.listed("address") or self.listed("location"))
        else:
            self.put("jurisdiction", self.listed("location"))
        self.put("original-publisher-place", self.listed("origlocation"))
        self.put("event-place", self.f("venue"))
        self.put("event", self.f("eventtitle"))
        options = self.f("options").replace(" ", "").lower().split(",")
        if kind == "online" or "url=false" not in options:
            self.put("URL", self.f("url") or self.eprint_url())
        if "doi=false" not in options:
            self.put("DOI", self.f("doi"))
        for field, variable in (("isbn", "ISBN"), ("issn", "ISSN"), ("pmid", "PMID"),
                                ("pmcid", "PMCID"), ("library", "call-number")):  # fmt: skip
            self.put(variable, self.f(field))
        # `note` holds the researchers' remarks in a pleitbrief library (the house styles
        # never print it); only biblatex's `addendum` is text meant for the reader
        self.put("note", self.f("addendum"))
        self.put("annote", self.f("annotation") or self.f("annote"))
        self.put("abstract", self.f("abstract"))
        self.put("keyword", self.f("keywords"))
        self.put("status", self.f("pubstate"))
        if e.get("type").strip().lower() in PAPERS:
            self.parliamentary_paper()
        return self.out

    def genre(self) -> str:
        genre = self.f("type")
        if not genre and self.kind in {"mastersthesis", "phdthesis"}:
            genre = "mathesis" if self.kind == "mastersthesis" else "phdthesis"
        if self.lang == "en":
            return _ENGLISH_KEYS.get(genre.lower(), genre)
        return genre

    def language(self) -> str:
        langid = self.f("langid").lower()
        if langid == "english":
            langid = _ENGLISH_VARIANTS.get(self.f("langidopts").replace(" ", "").lower(), langid)
        langid = langid or self.f("hyphenation").lower()
        return _LANGIDS.get(langid, langid)

    def names(self, role: str) -> list[dict[str, str]]:
        options = self.f("options").replace(" ", "").lower().split(",")
        useprefix = "useprefix=true" in options or "useprefix" in options
        return [_name(p, useprefix) for p in self.entry.persons.get(role, ())]

    def dates(self) -> None:
        issued = self.date("date") or self.old_date("")
        self.put("issued", issued)
        for field, variable in (("eventdate", "event-date"), ("origdate", "original-date"),
                                ("urldate", "accessed")):  # fmt: skip
            self.put(variable, self.date(field))

    def date(self, field: str) -> dict[str, Any] | None:
        # the decoder made EDTF's "approximately" `~` a no-break space, as TeX would
        value = self.entry.get(field).replace("\u00a0", "~").strip()
        return _edtf(value) if value else None

    def old_date(self, prefix: str) -> dict[str, Any] | None:
        year = self.f(prefix + "year")
        if not year:
            return None
        if not re.fullmatch(r"-?\d+", year):
            return {"literal": year}
        parts = [int(year)]
        month = self.f(prefix + "month")
        if month.isdigit():
            parts.append(int(month))
            day = self.f(prefix + "day")
            if day.isdigit():
                parts.append(int(day))
        return {"date-parts": [parts]}

    def numbers(self) -> None:
        kind = self.kind
        self.put("page", self.f("pages").replace("–", "-"))
        volume, part = self.f("volume"), self.f("part")
        self.put("volume", f"{volume}.{part}" if volume and part else volume or part)
        self.put("number-of-volumes", self.f("volumes"))
        self.put("number-of-pages", self.f("pagetotal"))
        self.put("chapter-number", self.f("chapter"))
        self.put("edition", self.f("edition"))
        self.put("version", self.f("version"))
        number = self.f("number")
        if not number:
            return
        if kind in _BOOKS_WITH_SERIES_NUMBER:
            self.put("collection-number", number)
        elif kind in _ARTICLES:
            self.put("issue", ", ".join(n for n in (number, self.f("issue")) if n))
        else:
            self.put("number", number)

    def titles(self) -> None:
        kind, f = self.kind, self.f
        chapterlike = kind in _CHAPTERS
        main = bool(f("maintitle"))
        if kind == "periodical" and f("issuetitle"):
            title = _title(f("issuetitle"), f("issuesubtitle"), "")
        elif main and not chapterlike:
            title = _title(f("maintitle"), f("mainsubtitle"), f("maintitleaddon"))
            self.put("volume-title", _title(f("title"), f("subtitle"), f("titleaddon")))
        else:
            title = _title(f("title"), f("subtitle"), f("titleaddon"))
        if main and chapterlike:
            self.put("volume-title", _title(f("booktitle"), f("booksubtitle"), ""))
        self.put("title", title)
        if kind == "periodical":
            container = _title(f("title"), f("subtitle"), f("titleaddon"))
        elif chapterlike and (main or f("booktitle")):
            name = "main" if main else "book"
            container = _title(f(name + "title"), f(name + "subtitle"), f(name + "titleaddon"))
        else:
            container = _title(f("journaltitle") or f("journal"), f("journalsubtitle"), "")
        self.put("container-title", container)
        short_container = f("shorttitle") if kind == "periodical" and not main else ""
        self.put("container-title-short", short_container or f("shortjournal"))
        self.put("collection-title", f("series"))
        self.put("original-title", f("origtitle"))
        if f("shorttitle") and (not main or chapterlike):
            self.put("title-short", f("shorttitle"))
        elif f("title") and ":" in f("title"):
            self.put("title-short", f("title").split(":")[0].strip())
        elif f("title") and (f("subtitle") or f("titleaddon")) and not main:
            self.put("title-short", f("title"))

    def parliamentary_paper(self) -> None:
        """``Kamerstukken II 2022/23, 19637, nr. 3018`` as a CSL bill (``docs/csl.md``)."""
        kind = self.entry.get("type").strip().lower()
        chamber = _CHAMBERS.get(self.f("chamber").lower(), self.f("chamber"))
        for variable in ("genre", "publisher", "number", "collection-number", "issue"):
            self.out.pop(variable, None)
        self.out["type"] = "bill"
        self.put("container-title", " ".join(p for p in (PAPERS[kind], chamber) if p))
        self.put("volume", session_years(self.f("session")))
        if kind == "kamerstuk":
            self.put("number", self.f("dossier"))
        self.put("page", self.f("number"))
        self.put("authority", _CHAMBER_NAMES.get(chamber) or self.listed("institution"))


def session_years(text: str) -> str:
    """A parliamentary year as Dutch legal writing cites it: ``2021–2022`` → ``2021/22``."""
    match = re.fullmatch(r"\s*(\d{4})\s*[/–—-]\s*(\d{2}|\d{4})\s*", text)
    if not match:
        return text.strip()
    return f"{match[1]}/{match[2][-2:]}"


def _name(person: Person, useprefix: bool) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal.replace("'", "\u2019")}
    out = {"family": person.family, "given": _spaced_initials(person.given)}
    if person.particle:
        stays = useprefix if person.non_dropping is None else person.non_dropping
        out["non-dropping-particle" if stays else "dropping-particle"] = person.particle
    if person.suffix:
        out["suffix"] = person.suffix
    return {k: v.replace("'", "\u2019") for k, v in out.items() if v}


def _spaced_initials(given: str) -> str:
    """``J.G.`` → ``J. G.``, as pandoc reads initials."""
    return re.sub(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_]\b)", r"\1. ", given)


def _edtf(text: str) -> dict[str, Any] | None:
    """An EDTF date or range (``2022-09``, ``2022-01-03/2022-02``, ``2021~``) as CSL."""
    parts: list[list[int]] = []
    circa = False
    for piece in text.split("/")[:2]:
        piece = piece.strip()
        if piece in {"", ".."} and parts:
            parts.append([0])  # an open end, as citeproc writes it
            continue
        match = _EDTF.match(piece)
        if not match:
            return None
        circa = circa or match[4] in {"~", "%"}
        parts.append([int(g) for g in match.groups()[:3] if g])
    if not parts:
        return None
    out: dict[str, Any] = {"date-parts": parts}
    if circa:
        out["circa"] = True
    return out


def _title(title: str, subtitle: str, addon: str) -> str:
    """``title: subtitle. addon``, as biblatex prints the three."""
    with_subtitle = _concat(":", [t for t in (title, subtitle) if t])
    return _concat(".", [t for t in (with_subtitle, addon) if t])


def _concat(sep: str, parts: list[str]) -> str:
    """pandoc's ``concatWith``: join with ``sep`` unless the text so far ends in punctuation."""
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out[-1] in "!?.,:;":
            out += " " + part
        else:
            out += sep + " " + part
    return out


