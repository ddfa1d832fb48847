"""CSL locales: the terms, date formats and punctuation rules of a language.

A style writes in one locale, merged from the style's own ``<locale>`` overrides and the
locale file, as citeproc merges them (:func:`merge_locales`): the style's locale for the
exact language first, then for the primary dialect (``nl`` → ``nl-NL``), then for the bare
language, then the one without a language, then the file of the language (or of its
primary dialect), then ``en-US``. The files are the ones pandoc carries
(``locales/``, copied by ``tools/vendor_csl_locales.py``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path

from pleitbrief.records import record

CSL = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LOCALES = Path(__file__).resolve().parent / "locales"

PRIMARY_DIALECTS = {
    "af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "cy": "cy-GB",
    "da": "da-DK", "de": "de-DE", "el": "el-GR", "en": "en-US", "es": "es-ES", "et": "et-EE",
    "eu": "eu", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL", "hi": "hi-IN",
    "hr": "hr-HR", "hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT", "ja": "ja-JP",
    "km": "km-KH", "ko": "ko-KR", "la": "la", "lt": "lt-LT", "lv": "lv-LV", "mn": "mn-MN",
    "nb": "nb-NO", "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO",
    "ru": "ru-RU", "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH",
    "tr": "tr-TR", "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}  # fmt: skip
"""The locale file a bare language uses, as in the CSL locales' ``locales.json``."""


@record(frozen=True)
class Term:
    """A term as a locale defines it, or as a style asks for it (``None``: any)."""

    name: str
    form: str = "long"
    """``long``, ``short``, ``verb``, ``verb-short`` or ``symbol``."""
    number: str | None = None
    """``singular`` or ``plural``."""
    gender: str | None = None
    gender_form: str | None = None
    match: str | None = None
    """For ordinal suffixes: ``last-digit``, ``last-two-digits``, ``whole-number``."""

    def matches(self, other: Term) -> bool:
        """Same name and form; number, gender and match agree where both give one."""
        return (
            self.name == other.name
            and self.form == other.form
            and _agree(self.number, other.number)
            and _agree(self.gender, other.gender)
            and _agree(self.gender_form, other.gender_form)
            and _agree(self.match, other.match)
        )


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


@record(frozen=True)
class Locale:
    """Terms by name (each with its variants, in the order they were defined), the
    localised date formats (``text``, ``numeric``: the ``<date>`` elements), and options."""

    lang: str | None
    terms: dict[str, tuple[tuple[Term, str], ...]]
    dates: dict[str, ET.Element]
    punctuation_in_quote: bool | None = None
    limit_day_ordinals_to_day_1: bool | None = None

    def over(self, other: Locale) -> Locale:
        """This locale, falling back to ``other`` (terms of both, this one's first)."""
        terms = dict(other.terms)
        for name, variants in self.terms.items():
            terms[name] = variants + other.terms.get(name, ())
        return Locale(
            self.lang or other.lang,
            terms,
            {**other.dates, **self.dates},
            _first(self.punctuation_in_quote, other.punctuation_in_quote),
            _first(self.limit_day_ordinals_to_day_1, other.limit_day_ordinals_to_day_1),
        )

    def lookup(self, term: Term) -> list[tuple[Term, str]]:
        """Every definition matching ``term``, in order (the first is the one to use)."""
        return [(t, text) for t, text in self.terms.get(term.name, ()) if term.matches(t)]

    def text(self, name: str, form: str = "long", number: str | None = None) -> str | None:
        """The text of a term with CSL's form fallbacks (verb-short → verb → long,
        symbol → short → long), or None."""
        return term_text(self, Term(name, form, number))


def term_text(locale: Locale, term: Term) -> str | None:
    """The first matching definition, falling back through the forms as citeproc does."""
    while True:
        found = locale.lookup(term)
        if found:
            return found[0][1]
        fallback = _FORM_FALLBACK.get(term.form)
        if fallback is None:
            return None
        term = Term(term.name, fallback, term.number, term.gender, term.gender_form, term.match)


_FORM_FALLBACK = {"verb-short": "verb", "symbol": "short", "verb": "long", "short": "long"}


def _first(a: bool | None, b: bool | None) -> bool | None:
    return a if a is not None else b


def parse_locale(element: ET.Element) -> Locale:
    """A ``<locale>`` element: a locale file's root or a style's override."""
    lang = element.get(XML_LANG)
    terms: dict[str, list[tuple[Term, str]]] = {}
    for holder in element.findall(f"{CSL}terms"):
        for term in holder.findall(f"{CSL}term"):
            variants = list(_term_variants(term))
            # Each definition goes before the earlier ones of its name, as citeproc keeps
            # them: when two match, the later one in the file wins.
            terms[variants[0][0].name] = variants + terms.get(variants[0][0].name, [])
    dates = {d.get("form", ""): d for d in element.findall(f"{CSL}date")}
    punct: bool | None = None
    ordinals: bool | None = None
    for options in element.findall(f"{CSL}style-options"):
        punct = _bool(options.get("punctuation-in-quote"), punct)
        ordinals = _bool(options.get("limit-day-ordinals-to-day-1"), ordinals)
    return Locale(lang, {k: tuple(v) for k, v in terms.items()}, dates, punct, ordinals)


def _term_variants(element: ET.Element) -> list[tuple[Term, str]]:
    gender = element.get("gender")
    if gender not in ("masculine", "feminine"):
        gender = None
    # citeproc reads the "gender" attribute for both (an ordinal's gender-form too).
    base = Term(
        element.get("name", ""),
        element.get("form", "long"),
        None,
        gender,
        gender,
        element.get("match"),
    )
    single = "".join(s.text or "" for s in element.findall(f"{CSL}single"))
    if not single:
        return [(base, element.text or "")]
    multiple = "".join(m.text or "" for m in element.findall(f"{CSL}multiple"))
    return [(_with_number(base, "singular"), single), (_with_number(base, "plural"), multiple)]


def _with_number(term: Term, number: str) -> Term:
    return Term(term.name, term.form, number, term.gender, term.gender_form, term.match)


def _bool(value: str | None, before: bool | None) -> bool | None:
    return before if value is None else value == "true"


@cache
def locale_file(lang: str) -> Locale | None:
    """The locale file of ``lang`` (``nl-NL``) or of its primary dialect (``nl``)."""
    for tag in (lang, PRIMARY_DIALECTS.get(lang.split("-")[0], "")):
        path = LOCALES / f"locales-{tag}.xml"
        if tag and path.is_file():
            return parse_locale(ET.parse(path).getroot())
    return None


def language_tag(lang: str) -> str:
    """A BCP 47 tag as the locale files are named: ``en-gb`` → ``en-GB``, ``NL-nl`` →
    ``nl-NL``; script, variants and extensions left out (``en-GB-oxendict`` → ``en-GB``)."""
    parts = lang.replace("_", "-").strip().split("-")
    language = parts[0].lower()
    for part in parts[1:]:
        if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            return f"{language}-{part.upper()}"
    return language


def merge_locales(lang: str, style_locales: Iterable[Locale]) -> Locale:
    """The locale a style writes ``lang`` in: its overrides first, then the files."""
    lang = language_tag(lang)
    overrides = [
        loc if loc.lang is None else replace(loc, lang=language_tag(loc.lang))
        for loc in style_locales
    ]
    primary_lang = lang.split("-")[0]
    primary = PRIMARY_DIALECTS.get(primary_lang)
    chain = [loc for loc in overrides if loc.lang == lang]
    if primary and primary != lang:
        chain += [loc for loc in overrides if loc.lang == primary]
    chain += [loc for loc in overrides if loc.lang == primary_lang and loc.lang != lang]
    chain += [loc for loc in overrides if loc.lang is None]
    base = locale_file(lang) or locale_file("en-US")
    merged = base if base is not None else Locale(lang, {}, {})
    for loc in reversed(chain):
        merged = loc.over(merged)
    return merged


def quotes(locale: Locale) -> tuple[str, str, str, str]:
    """Outer open and close, inner open and close quotation marks."""
    return (
        locale.text("open-quote") or "“",
        locale.text("close-quote") or "”",
        locale.text("open-inner-quote") or "‘",
        locale.text("close-inner-quote") or "’",
    )
