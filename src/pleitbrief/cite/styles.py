"""Note styles and the registry that finds one by name.

A style turns one citation group into the text of one footnote. The built-in house styles
register here; CSL styles are to be added to the same registry (issue 6), so a caller only
ever asks :func:`get_style` for a name from ``pleitbrief.toml`` or ``--style``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from rapidfuzz import fuzz, process

from pleitbrief.cite.house import HouseStyle
from pleitbrief.i18n import SUPPORTED_LANGS
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import CiteGroup, Inline


class NoteStyle(Protocol):
    """A citation style whose citations become footnotes."""

    name: str
    lang: str
    """The language the style writes in (dates, words such as ``nr.``)."""

    def format_group(self, group: CiteGroup, entries: Mapping[str, Entry]) -> list[Inline]:
        """The footnote text of one group; a key missing from ``entries`` shows as ``?key``."""
        ...


StyleFactory = Callable[[str], NoteStyle]
"""Makes a style for a document language (a CSL style uses it as its locale)."""


class UnknownStyleError(LookupError):
    """No style is registered under ``name``; ``suggestions`` are the closest names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown citation style {name!r}{hint}")
        self.name = name
        self.suggestions = suggestions


_REGISTRY: dict[str, StyleFactory] = {}


def register_style(name: str, factory: StyleFactory) -> None:
    """Make ``name`` available to :func:`get_style` (a later registration replaces one)."""
    _REGISTRY[name] = factory


def available_styles() -> list[str]:
    """The registered style names, sorted."""
    return sorted(_REGISTRY)


def get_style(name: str, lang: str) -> NoteStyle:
    """The style registered as ``name`` (case-insensitive), for a document in ``lang``.

    Raises:
        UnknownStyleError: no such style; the error carries the closest names.
    """
    factory = _REGISTRY.get(name) or _REGISTRY.get(name.strip().lower())
    if factory is None:
        raise UnknownStyleError(name, _closest(name))
    return factory(lang)


def _closest(name: str) -> list[str]:
    matches = process.extract(
        name.lower(), list(_REGISTRY), scorer=fuzz.ratio, score_cutoff=60, limit=3
    )
    return [match[0] for match in matches]


def _house(style_name: str, wording: str | None) -> StyleFactory:
    """``pleitbrief-nl``/``-en`` write in their own language whatever the document's;
    plain ``pleitbrief`` follows the document (English wording for other languages)."""

    def make(lang: str) -> NoteStyle:
        primary = lang.replace("_", "-").split("-")[0].lower()
        chosen = wording or (primary if primary in SUPPORTED_LANGS else "en")
        return HouseStyle(style_name, chosen)

    return make


register_style("pleitbrief-nl", _house("pleitbrief-nl", "nl"))
register_style("pleitbrief-en", _house("pleitbrief-en", "en"))
register_style("pleitbrief", _house("pleitbrief", None))
