"""Note styles and the registry that finds one by name.

A style turns one citation group into the text of one footnote. The built-in house styles
register here; any other name is looked up as a CSL style (a ``.csl`` file, or a name in
an installed style collection: :mod:`pleitbrief.cite.csl`), so a caller only ever asks
:func:`get_style` for a name from ``pleitbrief.toml``, a draft or ``--style``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from pleitbrief.cite.house import HouseStyle
from pleitbrief.i18n import SUPPORTED_LANGS
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import CiteGroup, Inline
from pleitbrief.records import record


class NoteStyle(Protocol):
    """A citation style whose citations become footnotes.

    A style that needs the whole document (CSL: ibid, short forms after the first note)
    also has :meth:`WholeDocumentStyle.format_groups`; the cite stage then calls that once,
    and ``format_group`` stays for a group on its own (a preview, ``refs show``).
    """

    name: str
    lang: str
    """The language the style writes in (dates, words such as ``nr.``)."""

    def format_group(self, group: CiteGroup, entries: Mapping[str, Entry]) -> list[Inline]:
        """The footnote text of one group; a key missing from ``entries`` shows as ``?key``."""
        ...


@record(frozen=True)
class PlacedGroup:
    """A citation group and where it stands among the document's footnotes."""

    group: CiteGroup
    note: int
    """1-based number of the footnote the group makes, or is written into."""
    in_note: bool = False
    """Written into a plain footnote (``^[zie [@key]]``) rather than a footnote of its own."""
    starts_note: bool = False
    """In a plain footnote: the group is the first thing in it."""


@runtime_checkable
class WholeDocumentStyle(NoteStyle, Protocol):
    """A note style that formats every citation group of a document in one go."""

    def format_groups(
        self, groups: Sequence[PlacedGroup], entries: Mapping[str, Entry]
    ) -> list[list[Inline]]:
        """The text of each group, in order; positions (ibid …) follow the document."""
        ...


StyleFactory = Callable[[str], NoteStyle]
"""Makes a style for a document language (a CSL style uses it as its locale)."""


class CiteprocError(RuntimeError):
    """A CSL style's engine, pandoc, could not format the citations (missing, failed, or
    rejected the style). Defined here, not in :mod:`pleitbrief.cite.csl`, so a caller can
    catch it without loading the CSL machinery for a house style."""


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
    """The style registered as ``name`` (case-insensitive), for a document in ``lang``;
    failing that, the CSL style at the path ``name`` or of that name in an installed
    collection, with ``lang`` as its locale.

    Raises:
        UnknownStyleError: no such style; the error carries the closest names.
    """
    factory = _REGISTRY.get(name) or _REGISTRY.get(name.strip().lower())
    if factory is not None:
        return factory(lang)
    from pleitbrief.cite import csl  # the CSL machinery loads only when a CSL style is asked

    style = csl.find_csl_style(name, lang)
    if style is None:
        raise UnknownStyleError(name, _closest(name, csl.csl_style_names()))
    return style


def in_workspace(name: str, root: Path) -> str:
    """A relative ``.csl`` path from ``pleitbrief.toml`` or a draft, read from the workspace
    root; any other name as it is."""
    path = Path(name).expanduser()
    if name.lower().endswith(".csl") and not path.is_absolute() and (root / path).is_file():
        return str(root / path)
    return name


def _closest(name: str, more: Sequence[str] = ()) -> list[str]:
    """The closest names, house styles first when they are as close."""
    wanted = name.strip().lower()
    if wanted.endswith(".csl"):
        wanted = wanted.rsplit("/", 1)[-1][: -len(".csl")]
    from pleitbrief.suggest import closest

    return closest(wanted, [*_REGISTRY, *more], limit=3, cutoff=60, whole=True)


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
