"""The house note styles ``pleitbrief-nl`` and ``pleitbrief-en`` (SPEC §5).

They follow the footnotes of published Dutch written questions: the source first, then
the date, the title in quotes and the URL in parentheses; parliamentary papers by their
designation (``Kamerstuk 19 637, nr. 3100``). The rules per kind of entry are the user's
reference in ``docs/citation-style.md``; keep the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from pleitbrief.i18n import format_date, join_list
from pleitbrief.library.entry import Entry, PartialDate, Person
from pleitbrief.markup.model import Citation, CiteGroup, Emph, Inline, Link, Strong, Text
from pleitbrief.records import record


@record(frozen=True)
class Wording:
    """The words and marks that differ between the Dutch and the English house style."""

    quotes: tuple[str, str]
    """Around article, chapter and web-page titles: ``«…»`` or ``‘…’``."""
    number: str
    """Before the number of a parliamentary paper: ``nr.`` / ``no.``."""
    session: str
    """Before the session of the Handelingen: ``vergaderjaar`` / ``parliamentary year``."""
    editor: str
    editors: str
    et_al: str
    """After the first of more than three authors."""
    page: str
    pages: str
    """Before an article's or chapter's page range."""
    circa: str
    """Before an approximate date (``2022~``)."""


WORDING = {
    "nl": Wording(
        ("«", "»"), "nr.", "vergaderjaar", "(red.)", "(red.)", "e.a.", "p.", "p.", "ca."
    ),
    "en": Wording(
        ("‘", "’"), "no.", "parliamentary year", "(ed.)", "(eds.)", "et al.", "p.", "pp.", "c."
    ),
}

PAPER_NAMES = {
    "kamerstuk": "Kamerstuk",
    "aanhangsel": "Aanhangsel Handelingen",
    "handelingen": "Handelingen",
}
"""``type`` field value → the paper's (Dutch, proper) name, in both languages."""
CHAMBERS = {"i": "I", "ek": "I", "eerste kamer": "I", "ii": "II", "tk": "II", "tweede kamer": "II"}
BOOK_TYPES = {"book", "mvbook", "collection", "mvcollection", "proceedings", "booklet", "manual"}
BOOK_TYPES |= {"thesis", "phdthesis", "mastersthesis"}  # the school as publisher
CHAPTER_TYPES = {"incollection", "inbook", "inproceedings", "bookinbook", "suppbook"}
LAW_TYPES = {"legislation", "legal", "law", "statute"}
MAX_NAMES = 3  # more authors than this: the first one and "e.a." / "et al."

Part = list[Inline]


@record
class HouseStyle:
    """A house style in one language; satisfies :class:`pleitbrief.cite.styles.NoteStyle`."""

    name: str
    lang: str
    """``nl`` or ``en``: the wording, and the language the dates are written in."""
    links: str = "original"
    """``archived``: a source's ``archiveurl`` is printed (and linked) instead of its
    ``url`` when it has one; ``original``: always the ``url``. A draft's ``links:``."""

    def format_group(self, group: CiteGroup, entries: Mapping[str, Entry]) -> list[Inline]:
        """The footnote text of one group: its citations joined by ``; ``, no final period."""
        out: list[Inline] = []
        for i, citation in enumerate(group.citations):
            if i:
                out.append(Text("; "))
            out.extend(self.format_citation(citation, entries.get(citation.key)))
        return _merged(out)

    def format_citation(self, citation: Citation, entry: Entry | None) -> list[Inline]:
        """One citation: prefix, reference (``?key`` when unknown), locator, suffix."""
        out: list[Inline] = []
        if citation.prefix.strip():
            out.append(Text(citation.prefix.strip() + " "))
        if entry is None:
            out.append(Text("?" + citation.key))
        else:
            out.extend(self.format_entry(entry, citation))
        if citation.locator.strip():
            out.append(Text(", " + citation.locator.strip()))
        suffix = citation.suffix.rstrip()
        if suffix.strip():
            # pandoc keeps the suffix's own separator (", emphasis added"); add one if absent
            starts_apart = suffix[0].isspace() or suffix[0] in ",;:.)"
            out.append(Text(suffix if starts_apart else ", " + suffix))
        return out

    def format_entry(self, entry: Entry, citation: Citation | None = None) -> list[Inline]:
        """The reference itself, by the rules of its kind (``docs/citation-style.md``)."""
        wording = WORDING.get(self.lang, WORDING["en"])
        cite = citation or Citation(entry.key)
        return _Reference(entry, cite, self.lang, wording, self.links == "archived").inlines()


Style = TypeVar("Style")


def with_links(style: Style, links: object) -> Style:
    """``style`` set to print the links a draft asks for (``links: archived``).

    A style without a ``links`` setting, or a value other than ``original``/``archived``
    (which ``pleitbrief check`` reports), leaves the style as it is.
    """
    if isinstance(style, HouseStyle) and links in ("original", "archived"):
        return replace(style, links=str(links))
    return style


@record
class _Reference:
    """One entry as one citation cites it: the pieces of its reference."""

    entry: Entry
    cite: Citation
    lang: str
    w: Wording
    archived: bool = False
    """Link to the archived copy (``archiveurl``) where there is one."""

    def inlines(self) -> list[Inline]:
        paper = self.field("type").lower()
        if paper in PAPER_NAMES:
            return self.paper(PAPER_NAMES[paper])
        kind = self.entry.type.lower()
        if kind == "article" and not self.is_news():
            parts = [self.authors(), self.quoted_title(), self.journal(), self.pages()]
        elif kind in BOOK_TYPES:
            parts = [self.authors(), self.emphasised_title(), self.imprint()]
        elif kind in CHAPTER_TYPES:
            parts = [self.authors(editors_too=False), self.quoted_title(), self.book()]
            parts += [self.imprint(), self.pages()]
        elif kind in LAW_TYPES:
            parts = [self.title_inlines(), self.date()]
        else:
            parts = self.source()
        return _with_url(_joined(parts), self.url())

    def source(self) -> list[Part]:
        """News, web pages, reports: author, outlet or organisation, date, «title»."""
        authors = self.entry.persons.get("author", ())
        by = self.names(authors) if authors else self.field("author")
        outlet = self.field("journaltitle", "journal")
        if not outlet and not (authors and all(p.is_organisation for p in authors)):
            outlet = self.field("organization", "institution", "publisher")
        lead = [] if self.cite.suppress_author else [by]
        if outlet != by:
            lead.append(outlet)
        parts: list[Part] = [[Text(s)] for s in lead if s]
        return [*parts, self.date(), self.quoted_title()]

    def paper(self, name: str) -> list[Inline]:
        """``Kamerstuk 19 637, nr. 3100``, ``Aanhangsel Handelingen, vergaderjaar 2021–2022,
        nr. 3441``. The Tweede Kamer goes unnamed, as in its own papers; an Eerste Kamer
        Kamerstuk takes the legal form ``Kamerstukken I 2015–2016, 34 000, nr. A``."""
        chamber = CHAMBERS.get(self.field("chamber").lower(), self.field("chamber"))
        chamber = "" if chamber == "II" else chamber
        session = normalise_session(self.field("session"))
        number = f"{self.w.number} {self.field('number')}" if self.field("number") else ""
        dossier = group_dossier(self.field("dossier"))
        if name == "Kamerstuk" and chamber:
            parts = [_spaced("Kamerstukken", chamber, session), dossier, number]
        elif name == "Kamerstuk":  # dossier and number say it all; the session is redundant
            parts = [_spaced(name, dossier), number]
        else:
            in_session = f"{self.w.session} {session}" if session else ""
            parts = [_spaced(name, chamber), in_session, number]
        text = ", ".join(p for p in parts if p)
        url = self.url()  # linked, not printed: the designation is the reference
        return [Link(url, [Text(text)])] if url else [Text(text)]

    def url(self) -> str:
        if self.archived:
            return self.field("archiveurl", "url")
        return self.field("url")

    def field(self, *names: str) -> str:
        """The first field set, BibTeX line breaks and runs of spaces made single spaces."""
        values = (" ".join(self.entry.get(n).split()) for n in names)
        return next((v for v in values if v), "")

    def title(self) -> str:
        return self.field("title", "shorttitle") or self.entry.key

    def title_inlines(self) -> Part:
        """The title with the emphasis its LaTeX gives it (``Review of \\emph{…}``)."""
        rich = self.entry.rich.get("title")
        return _rich_inlines(" ".join(rich.split())) if rich else [Text(self.title())]

    def emphasised_title(self) -> Part:
        """A book's title in italics; what its LaTeX emphasises stands upright in it."""
        return [Emph([Text(self.title())])]

    def quoted_title(self) -> Part:
        """The title in quotes; an entry without one shows its key, unquoted."""
        if not self.field("title", "shorttitle"):
            return [Text(self.entry.key)]
        return [Text(self.w.quotes[0]), *self.title_inlines(), Text(self.w.quotes[1])]

    def names(self, persons: tuple[Person, ...]) -> str:
        """Up to three names joined; more (or BibTeX's ``and others`` after three): the
        first and ``e.a.``; ``and others`` after fewer: those given, and ``e.a.``."""
        names = [p.display() for p in persons if not p.is_others]
        more = len(names) < len(persons)
        if len(names) > MAX_NAMES or (more and len(names) == MAX_NAMES):
            return f"{names[0]} {self.w.et_al}"
        if more:
            return f"{', '.join(names)} {self.w.et_al}" if names else ""
        return join_list(names, self.lang)

    def authors(self, editors_too: bool = True) -> Part:
        """The authors; failing those (books), the editors with ``(red.)``."""
        persons = self.entry.persons
        if self.cite.suppress_author:
            return []
        if persons.get("author") and (names := self.names(persons["author"])):
            return [Text(names)]
        if persons.get("editor") and editors_too:
            return [Text(self.editors())]
        return [Text(self.field("author"))] if self.field("author") else []

    def editors(self) -> str:
        """``Anna de Vries (red.)``; English ``(ed.)`` or ``(eds.)``."""
        editors = self.entry.persons["editor"]
        label = self.w.editors if len(editors) > 1 else self.w.editor
        return f"{self.names(editors)} {label}"

    def date(self) -> Part:
        date = self.entry.date
        return [Text(self.approximately(date, format_date(date, self.lang)))] if date else []

    def year(self) -> str:
        date = self.entry.date
        return self.approximately(date, str(date.year)) if date else ""

    def approximately(self, date: PartialDate, text: str) -> str:
        """``ca. 2022`` for an approximate date (EDTF ``2022~``)."""
        return f"{self.w.circa} {text}" if date.circa else text

    def journal(self) -> Part:
        """*Journal* volume(number) (year); without a volume, *Journal* year."""
        name = self.field("journaltitle", "journal")
        volume, year = self.field("volume"), self.year()
        if volume and self.field("number", "issue"):
            volume += f"({self.field('number', 'issue')})"
        tail = f"{volume} ({year})" if volume and year else volume or year
        out: Part = [Emph([Text(name)])] if name else []
        return [*out, Text(f" {tail}" if out else tail)] if tail else out

    def book(self) -> Part:
        """``in: editors (red.), *Book*`` for a chapter."""
        out: Part = [Text(self.editors() + ", ")] if self.entry.persons.get("editor") else []
        if self.field("booktitle"):
            out.append(Emph([Text(self.field("booktitle"))]))
        return [Text("in: "), *out] if out else []

    def imprint(self) -> Part:
        """``Place: Publisher year``, each piece only when known."""
        place = self.field("location", "address")
        publisher = self.field("publisher", "institution", "school", "organization")
        where = f"{place}: {publisher}" if place and publisher else place or publisher
        text = _spaced(where, self.year())
        return [Text(text)] if text else []

    def pages(self) -> Part:
        """The page range, left out when the citation has its own locator."""
        pages = re.sub(r"\s*(?:--?|–)\s*", "–", self.field("pages"))
        if not pages or self.cite.locator.strip():
            return []
        return [Text(f"{self.w.pages if '–' in pages else self.w.page} {pages}")]

    def is_news(self) -> bool:
        """An ``@article`` from a newspaper or magazine rather than a journal."""
        news = self.field("entrysubtype").lower() in {"newspaper", "magazine"}
        return news or not self.field("volume", "number", "issue", "pages")


# --- parliamentary numbers ------------------------------------------------------------


def normalise_session(text: str) -> str:
    """``2021/22``, ``2021-2022``, ``2021/2022`` → ``2021–2022`` (en dash, both years)."""
    match = re.fullmatch(r"\s*(\d{4})\s*[/–—-]\s*(\d{2}|\d{4})\s*", text)
    if not match:
        return text.strip()
    first, second = int(match[1]), int(match[2])
    # a session spans two years: "22" after 2021 is 2022, "00" after 1999 is 2000
    last = second if second >= 100 else first + (second - first) % 100
    return f"{first}–{last}"


def group_dossier(text: str) -> str:
    """``19637`` → ``19 637``: the leading digits in groups of three from the right."""
    match = re.match(r"\s*([\d ]*\d)(.*)", text)
    if not match:
        return text.strip()
    return f"{int(match.group(1).replace(' ', '')):,}".replace(",", " ") + match.group(2).rstrip()


# --- helpers --------------------------------------------------------------------------


def _spaced(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _joined(parts: list[Part]) -> list[Inline]:
    out: list[Inline] = []
    for part in (p for p in parts if p):
        if out:
            out.append(Text(", "))
        out.extend(part)
    return out


def _with_url(inlines: list[Inline], url: str) -> list[Inline]:
    """`` (https://…)`` after the reference, the URL a link whose text is the URL."""
    if not url:
        return inlines
    return [*inlines, Text(" (" if inlines else "("), Link(url, [Text(url)]), Text(")")]


_RICH_TAG = re.compile(r"</?(?:i|b|sup|sub)>|<span [^>]*>|</span>")


def _rich_inlines(rich: str) -> list[Inline]:
    """CSL-JSON rich text as the library writes it (``<i>``, ``<b>``; superscript,
    subscript and small capitals stay plain text here) as document inlines."""
    stack: list[tuple[str, list[Inline]]] = [("", [])]
    position = 0
    for tag in _RICH_TAG.finditer(rich):
        if tag.start() > position:
            stack[-1][1].append(Text(rich[position : tag.start()]))
        position = tag.end()
        name = tag[0].strip("</>").split(" ")[0]
        if not tag[0].startswith("</"):
            stack.append((name, []))
        elif len(stack) > 1 and stack[-1][0] == name:
            kind, children = stack.pop()
            if kind == "i":
                stack[-1][1].append(Emph(children))
            elif kind == "b":
                stack[-1][1].append(Strong(children))
            else:
                stack[-1][1].extend(children)
    if position < len(rich):
        stack[-1][1].append(Text(rich[position:]))
    while len(stack) > 1:  # unclosed (not as the library writes it): keep the text
        stack[-2][1].extend(stack.pop()[1])
    return _merged(stack[0][1])


def _merged(inlines: list[Inline]) -> list[Inline]:
    """Adjacent Text runs made one, so writers and tests see tidy runs."""
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text)
        else:
            out.append(item)
    return out
