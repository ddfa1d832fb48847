"""Is this source already in the library? By key, DOI, URL, or title with date.

Used by ``refs import``: a candidate entry is *already present* when the library has its
key with the same content, or another key with the same DOI, the same URL, or the same
title from the same date; it *conflicts* when the library has its key with other content.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import field
from urllib.parse import parse_qsl, urlencode, urlsplit

from pleitbrief.library.entry import Entry, PartialDate
from pleitbrief.records import record

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def normal_doi(value: str) -> str:
    """``https://doi.org/10.1000/XYZ`` and ``doi:10.1000/xyz`` → ``10.1000/xyz``."""
    return _DOI_PREFIX.sub("", value.strip()).strip().lower()


def normal_url(value: str) -> str:
    """A URL as a reader would take it: scheme, ``www.``, a final ``/``, the fragment and
    tracking parameters make no difference."""
    value = value.strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return value.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if not _TRACKING.match(k)]
    path = parts.path.rstrip("/")
    return f"{host}{port}{path}" + (f"?{urlencode(sorted(query))}" if query else "")


def normal_title(value: str) -> str:
    """Case, accents, punctuation and spacing set aside: ``Café — «Über»`` → ``cafe uber``."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def same_date(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Both dates known and equal as far as both go (``2022`` matches ``2022-09-22``)."""
    if a is None or b is None or a.year != b.year:
        return False
    if a.month and b.month and a.month != b.month:
        return False
    return not (a.day and b.day and a.day != b.day)


@record
class Match:
    entry: Entry
    reason: str
    """``same DOI``, ``same URL``, ``same title and date``."""


@record
class DuplicateIndex:
    """The library's entries by DOI, URL and title, to find a source under another key."""

    by_doi: dict[str, Entry] = field(default_factory=dict)
    by_url: dict[str, Entry] = field(default_factory=dict)
    by_title: dict[str, list[Entry]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> DuplicateIndex:
        index = cls()
        for entry in entries:
            index.add(entry)
        return index

    def add(self, entry: Entry) -> None:
        doi = normal_doi(entry.get("doi"))
        if doi:
            self.by_doi.setdefault(doi, entry)
        for name in ("url", "archiveurl"):
            url = normal_url(entry.get(name))
            if url:
                self.by_url.setdefault(url, entry)
        title = normal_title(entry.title)
        if title:
            self.by_title.setdefault(title, []).append(entry)

    def find(self, entry: Entry) -> Match | None:
        """An entry that is the same source as ``entry`` (under any key)."""
        doi = normal_doi(entry.get("doi"))
        if doi and doi in self.by_doi:
            return Match(self.by_doi[doi], "same DOI")
        url = normal_url(entry.get("url"))
        if url and url in self.by_url:
            return Match(self.by_url[url], "same URL")
        title = normal_title(entry.title)
        for other in self.by_title.get(title, []) if title else []:
            if same_date(entry.date, other.date):
                return Match(other, "same title and date")
        return None
