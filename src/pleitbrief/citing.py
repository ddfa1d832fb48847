"""Who cites what: every ``@key`` written in a citation group of a workspace's files.

The files are the argument blocks, the workspace's own letter templates and the drafts.
In a Markdown file the body is read as Markdown, and each string in its YAML front matter
too (a variable's default may hold a citation); in a draft every string of the YAML (text
items, block variables, fields). Citation groups are found by the same parser the letter
goes through (:func:`pleitbrief.markup.parse.find_citation_groups`), so a bracket in a
code span or an e-mail address is never taken for a citation, and each key is then found
back in the file, at its line and column, for problems, ``refs cited-by`` and
``refs rename``.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pleitbrief.markup.citations import _scan_key, _top_level
from pleitbrief.markup.parse import find_citation_groups
from pleitbrief.records import record

if TYPE_CHECKING:
    from pleitbrief.pipeline import LoadedWorkspace
    from pleitbrief.workspace import Workspace

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$")
_VARIANT = re.compile(r"^(?P<stem>.+)\.[a-z]{2}(?:-[A-Za-z]{2})?$")


@record(frozen=True)
class Place:
    """Where an entry is cited."""

    kind: str
    """``block``, ``template`` or ``draft``."""
    name: str
    """The block id, template name or draft name."""
    file: Path
    line: int
    """1-based line of the ``@`` of the key (of the block item, for a draft citing through
    a block)."""
    col: int = 0
    """1-based column of that ``@``; 0 when only the line is known."""
    via: str = ""
    """For a draft citing through a block: the block's id."""

    def format(self, relative_to: Path | None = None) -> str:
        """``FILE:LINE:COL``, the file relative to ``relative_to`` when below it."""
        return f"{shown_path(self.file, relative_to)}:{self.line}:{self.col}"


def shown_path(path: Path, relative_to: Path | None = None) -> Path:
    """``path`` relative to ``relative_to`` (default: the working folder) when below it."""
    base = Path.cwd() if relative_to is None else relative_to
    with contextlib.suppress(ValueError, OSError):
        return path.resolve().relative_to(base.resolve())
    return path


@record(frozen=True)
class Occurrence:
    """One key written in one citation group of a workspace file."""

    key: str
    place: Place
    token: str
    """The key as written: ``@key`` or ``@{key}``."""
    offset: int
    """Character offset of the token in the file's text; -1 when it could not be found
    back in the file (say, in a YAML string written with escapes)."""


@record
class SourceFile:
    """A workspace file that may cite, with what it cites."""

    path: Path
    kind: str
    name: str
    text: str | None
    """The file's text; None when it could not be read."""
    occurrences: list[Occurrence] = field(default_factory=list)
    block_items: list[tuple[str, int, int]] = field(default_factory=list)
    """For a draft: ``(block id, line, col)`` of each ``- block:`` item."""
    lang: str | None = None
    """For a draft: its ``lang:``, if it has one."""


def scan_workspace(loaded: LoadedWorkspace) -> list[SourceFile]:
    """Every block, workspace letter template and draft, with its citations."""
    workspace = loaded.workspace
    ids = {block.file: block.id for block in loaded.blocks.all_variants()}
    files: list[SourceFile] = []
    for path in _markdown_files(workspace.blocks_dir, recursive=True):
        name = ids.get(path) or _block_id(path, workspace.blocks_dir)
        files.append(scan_markdown(path, "block", name))
    for path in _markdown_files(workspace.letters_dir, recursive=False):
        files.append(scan_markdown(path, "template", path.stem))
    for path in draft_files(workspace):
        files.append(scan_draft(path))
    return files


def draft_files(workspace: Workspace) -> list[Path]:
    folder = workspace.drafts_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in [*folder.glob("*.yaml"), *folder.glob("*.yml")] if p.is_file())


def _markdown_files(folder: Path, recursive: bool) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.rglob("*.md") if recursive else folder.glob("*.md")
    return sorted(p for p in found if p.is_file())


def _block_id(path: Path, folder: Path) -> str:
    relative = path.relative_to(folder).with_suffix("")
    variant = _VARIANT.match(relative.name)
    return (relative.parent / (variant.group("stem") if variant else relative.name)).as_posix()


def _read(path: Path) -> str | None:
    """The file's text exactly as written (line ends kept), so offsets are offsets in it."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def scan_markdown(path: Path, kind: str, name: str, text: str | None = None) -> SourceFile:
    """A block or letter template: its body as Markdown, its front matter's strings."""
    text = _read(path) if text is None else text
    source = SourceFile(path, kind, name, text)
    if text is None:
        return source
    lines = text.split("\n")
    body_start = 0
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if _FRONT_MATTER_END.match(lines[i])), None)
        if end is not None:
            front = "\n".join(lines[1:end])
            for value, line, col, end_line in string_nodes(front):
                source.occurrences += _find(source, lines, value, line + 1, col, end_line + 1)
            body_start = end + 1
    body = "\n".join(lines[body_start:])
    source.occurrences += _find(source, lines, body, body_start, 0, len(lines) - 1)
    return source


def scan_draft(path: Path, text: str | None = None) -> SourceFile:
    """A draft: every string of its YAML, and the block items it uses."""
    text = _read(path) if text is None else text
    source = SourceFile(path, "draft", path.stem, text)
    if text is None:
        return source
    lines = text.split("\n")
    root = _compose(text)
    if root is None:
        return source
    for value, line, col, end_line in string_nodes(root):
        source.occurrences += _find(source, lines, value, line, col, end_line)
    source.block_items, source.lang = _draft_structure(root)
    return source


# --- YAML ------------------------------------------------------------------------------


def _compose(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").compose(text)
    except YAMLError:
        return None  # the file's own loader reports it


def _scalars(node: Any) -> Iterator[Any]:
    """Every value scalar below ``node`` (mapping keys are names, never citations)."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, ScalarNode):
        if isinstance(node.value, str):
            yield node
    elif isinstance(node, MappingNode):
        for _key, value in node.value:
            yield from _scalars(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def string_nodes(yaml: str | Any) -> list[tuple[str, int, int, int]]:
    """``(text, line, col, end line)`` (0-based) of each string value that may cite, in a
    YAML text or an already composed node."""
    root = _compose(yaml) if isinstance(yaml, str) else yaml
    if root is None:
        return []
    return [
        (node.value, node.start_mark.line, node.start_mark.column, node.end_mark.line)
        for node in _scalars(root)
        if "@" in node.value
    ]


def _draft_structure(root: Any) -> tuple[list[tuple[str, int, int]], str | None]:
    """The ``- block:`` items of a draft's sections, and its ``lang``."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    items: list[tuple[str, int, int]] = []
    lang = None
    if not isinstance(root, MappingNode):
        return items, lang
    for key, value in root.value:
        if key.value == "lang" and isinstance(value, ScalarNode):
            lang = str(value.value)
        if key.value != "sections" or not isinstance(value, MappingNode):
            continue
        for _name, section in value.value:
            if not isinstance(section, SequenceNode):
                continue
            for item in section.value:
                if not isinstance(item, MappingNode):
                    continue
                for item_key, item_value in item.value:
                    if item_key.value == "block" and isinstance(item_value, ScalarNode):
                        mark = item.start_mark
                        items.append((str(item_value.value), mark.line + 1, mark.column + 1))
    return items, lang


# --- finding keys back in the file ---------------------------------------------------


@record
class _Token:
    key: str
    token: str
    line: int
    """0-based line in the text that was parsed."""
    start: int
    """0-based column of the token in that line."""
    from_col: int
    """Where the text to look for in the file starts on that line: the end of the previous
    token on the same line, else 0."""


def key_tokens(text: str) -> list[_Token]:
    """Every ``@key`` of every citation group of ``text``, in reading order of the text."""
    if "@" not in text:
        return []
    lines = text.split("\n")
    tokens: list[_Token] = []
    for group in find_citation_groups(text):
        source = group.source
        content = source[1:-1]
        mask = _top_level(content)
        cuts = [i for i, c in enumerate(content) if c == ";" and mask[i]]
        keys = iter(c.key for c in group.citations)
        source_lines = source.split("\n")
        for start, end in zip([-1, *cuts], [*cuts, len(content)], strict=True):
            found = _key_in(content, start + 1, end, mask)
            if found is None:
                continue
            at, key_end = found
            key = next(keys, None)
            token = content[at:key_end]
            if key is None or token not in (f"@{key}", f"@{{{key}}}"):
                continue
            offset = at + 1  # in the group's source
            k = source.count("\n", 0, offset)
            in_line = offset - (source.rfind("\n", 0, offset) + 1)
            line = group.line + k
            if k == 0:
                column = group.col + in_line
            else:
                # later lines of a group lose their block markers in ``source``
                needle = source_lines[k][: in_line + len(token)]
                text_line = lines[line] if line < len(lines) else ""
                found_at = text_line.find(needle)
                if found_at < 0:
                    continue
                column = found_at + in_line
            tokens.append(_Token(key, token, line, column, 0))
    tokens.sort(key=lambda t: (t.line, t.start))
    for previous, following in itertools.pairwise(tokens):
        if previous.line == following.line:
            following.from_col = previous.start + len(previous.token)
    return tokens


def _key_in(content: str, start: int, end: int, mask: list[bool]) -> tuple[int, int] | None:
    """The ``@key`` of one citation of a group, as the citation parser reads it."""
    for at in range(start, end):
        if content[at] != "@" or not mask[at] or (at > start and content[at - 1].isalnum()):
            continue
        scanned = _scan_key(content[:end], at + 1)
        if scanned is not None:
            return at, scanned[1]
    return None


def _find(
    source: SourceFile,
    file_lines: list[str],
    text: str,
    first_line: int,
    first_col: int,
    last_line: int,
) -> list[Occurrence]:
    """The keys cited in ``text``, which is written in the file from ``first_line``
    (0-based), column ``first_col``, to ``last_line``, as found back in the file.

    The text may differ from the file's lines (YAML indentation, folding, quotes): each
    key is looked for, in order, as the text before it on its line, then as the token
    alone; a key that cannot be found back gets the text's first line and offset -1.
    """
    starts = _line_starts(file_lines)
    text_lines = text.split("\n")
    cursor_line, cursor_col = first_line, first_col
    out: list[Occurrence] = []
    last_text_line = -1
    for token in key_tokens(text):
        if 0 <= last_text_line != token.line and cursor_line < last_line:
            # a new line of the text begins on a later line of the file
            cursor_line, cursor_col = cursor_line + 1, 0
        last_text_line = token.line
        needle = text_lines[token.line][token.from_col : token.start + len(token.token)]
        before = token.start - token.from_col
        place = _search(file_lines, needle, cursor_line, cursor_col, last_line)
        if place is None:
            before = 0
            place = _search(file_lines, token.token, cursor_line, cursor_col, last_line, True)
        if place is None:
            line, col, offset = first_line, -1, -1
        else:
            line, found = place
            col = found + before
            offset = starts[line] + col
            cursor_line, cursor_col = line, col + len(token.token)
        where = Place(source.kind, source.name, source.path, line + 1, col + 1)
        out.append(Occurrence(token.key, where, token.token, offset))
    return out


def _line_starts(lines: list[str]) -> list[int]:
    starts, total = [], 0
    for line in lines:
        starts.append(total)
        total += len(line) + 1
    return starts


_KEY_CHAR = re.compile(r"[\w:.#$%&+?<>~/-]")


def _search(
    lines: list[str],
    needle: str,
    line: int,
    col: int,
    last_line: int,
    token_only: bool = False,
) -> tuple[int, int] | None:
    """The first place of ``needle`` at or after (line, col), up to ``last_line``."""
    if not needle:
        return None
    for number in range(line, min(last_line, len(lines) - 1) + 1):
        text = lines[number]
        at = text.find(needle, col if number == line else 0)
        while at >= 0 and token_only and not _stands_alone(text, at, len(needle)):
            at = text.find(needle, at + 1)
        if at >= 0:
            return number, at
    return None


def _stands_alone(text: str, at: int, length: int) -> bool:
    before = text[at - 1] if at else ""
    after = text[at + length] if at + length < len(text) else ""
    return not before.isalnum() and not (_KEY_CHAR.match(after) and after not in ".:")


# --- who cites what ------------------------------------------------------------------


def citation_index(loaded: LoadedWorkspace) -> dict[str, list[Place]]:
    """Key → every place citing it: blocks, templates and drafts, and each draft item that
    uses a block citing it (``via`` the block)."""
    files = scan_workspace(loaded)
    return index_of(files, loaded)


def index_of(files: list[SourceFile], loaded: LoadedWorkspace) -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    block_keys: dict[Path, list[str]] = {}
    for source in files:
        for occurrence in source.occurrences:
            index.setdefault(occurrence.key, []).append(occurrence.place)
            if source.kind == "block":
                keys = block_keys.setdefault(source.path, [])
                if occurrence.key not in keys:
                    keys.append(occurrence.key)
    for source in files:
        if source.kind != "draft":
            continue
        lang = source.lang or loaded.workspace.lang
        for block_id, line, col in source.block_items:
            block = loaded.blocks.get(block_id, lang)
            if block is None:
                continue
            for key in block_keys.get(block.file, []):
                place = Place("draft", source.name, source.path, line, col, via=block_id)
                index.setdefault(key, []).append(place)
    for places in index.values():
        places.sort(key=lambda p: (str(p.file), p.line, p.col))
    return index


def cited_by(loaded: LoadedWorkspace, key: str) -> list[Place]:
    """Every place citing ``key``, in file and line order."""
    return citation_index(loaded).get(key, [])


def unused_keys(loaded: LoadedWorkspace) -> list[str]:
    """The library's keys that no block, letter template or draft cites, sorted."""
    index = citation_index(loaded)
    return sorted(key for key in loaded.library.entries if key not in index)
