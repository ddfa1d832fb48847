"""Reading YAML with the place of every key, value and item, for problems at FILE:LINE.

``load_yaml`` reads drafts and front matter: libyaml (``ruamel.yaml.clib``) composes the
text into nodes, or ruamel's own composer where that binary is missing, and the nodes become
``YamlMap`` and ``YamlList``: a dict and a list whose ``lc`` knows where each key, value and
item starts, asked like ruamel's round-trip ``.lc`` (so ``key_line`` and its siblings read
both). Scalars are resolved as ruamel's round-trip loader does (YAML 1.2: ``no`` is a
string, ``2023-01-10`` a date) into plain Python values. Whatever that fast path does not
read (tags, anchors, merge keys, duplicate keys, directives, tabs, syntax errors) goes to
the round-trip loader, which gives the values and problems it always gave. The editor saves
through that round-trip document (``round_trip_document``), comments kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import create_timestamp, timestamp_regexp

from pleitbrief.problems import Problem, error

_LIBYAML: Any = None
try:  # libyaml: composes a draft in a fraction of the time ruamel's Python composer takes
    from ruamel.yaml.cyaml import CSafeLoader

    _LIBYAML = CSafeLoader
except ImportError:  # pragma: no cover - the extra's binary is missing on this machine
    pass


class Lines:
    """Where a mapping's keys and values, or a sequence's items, start: 0-based (line, col).

    Asked like ruamel's ``.lc``: ``key(k)``, ``value(k)``, ``item(i)``; ``style(k)`` says
    how a scalar value was written (``|``, ``>``, ``'``, ``"``, or ``""`` for plain).
    """

    __slots__ = ("col", "data", "line")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.data: dict[Any, tuple[Any, ...]] = {}
        """Per key: (key line, key col, value line, value col, style); per index: (line,
        col, style)."""

    def key(self, key: Any) -> tuple[int, int]:
        place = self.data[key]
        return place[0], place[1]

    def value(self, key: Any) -> tuple[int, int]:
        place = self.data[key]
        return place[2], place[3]

    def item(self, index: int) -> tuple[int, int]:
        place = self.data[index]
        return place[0], place[1]

    def style(self, key: Any) -> str:
        return str(self.data[key][-1])


class YamlMap(dict[Any, Any]):
    """A YAML mapping: a dict whose ``lc`` (``Lines``) knows where its keys and values are."""

    __slots__ = ("lc",)
    lc: Lines


class YamlList(list[Any]):
    """A YAML sequence: a list whose ``lc`` (``Lines``) knows where its items are."""

    __slots__ = ("lc",)
    lc: Lines


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml


def yaml_problem(exc: YAMLError, file: Path, line_offset: int = 0) -> Problem:
    """A YAML error as a Problem at its line (``line_offset`` lines above the YAML text)."""
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        reason = exc.problem or "invalid YAML"
        if exc.context:
            reason = f"{exc.context}: {reason}"
        return error(
            file, mark.line + 1 + line_offset, "yaml-syntax", f"YAML: {reason}", col=mark.column + 1
        )
    return error(file, line_offset + 1, "yaml-syntax", f"YAML: {exc}")


def load_yaml(text: str, file: Path, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """The YAML ``text`` as ``YamlMap``/``YamlList``/plain values, or its problem."""
    try:
        return read_yaml(text), []
    except YAMLError as exc:
        return None, [yaml_problem(exc, file, line_offset)]


def read_yaml(text: str, composer: str | None = None) -> Any:
    """``text`` read as ruamel's round-trip loader reads it, its YAML errors raised.

    ``composer`` (``"libyaml"`` or ``"ruamel"``) picks one for tests; the default is
    libyaml where it is installed.
    """
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark counts for no line or column
    odd_value: Node | None = None
    if not _ROUND_TRIP_ONLY.search(text):
        try:
            return _Reader(text, composer or ("libyaml" if _LIBYAML else "ruamel")).document()
        except _Unsupported as exc:
            odd_value = exc.node
        except YAMLError:
            pass  # the round-trip loader reports the error as it always has
    try:
        return _yaml().load(text)
    except YAMLError:
        raise
    except Exception as exc:  # ruamel's constructors fail on odd scalars
        # (``0x_`` is an IndexError in ruamel 0.19): a problem at the value, not a traceback
        mark = odd_value.start_mark if odd_value is not None else None
        value = f" {odd_value.value!r}" if odd_value is not None else ""
        raise MarkedYAMLError(problem=f"cannot read the value{value}", problem_mark=mark) from exc


def round_trip_document(text: str) -> Any:
    """``text`` as ruamel's round-trip document (comments kept), for editing and saving."""
    return _yaml().load(text)


# Directives change how scalars resolve; tabs, lone carriage returns, NEL and the Unicode
# line separators are read differently by libyaml and ruamel (lines, columns, or accepted
# at all). The round-trip loader reads such text.
_ROUND_TRIP_ONLY = re.compile("^%|[\t\x85\u2028\u2029\ufeff]|\r(?!\n)", re.MULTILINE)

_BLOCK_HEADER = re.compile(r"[|>](?:[+-][1-9]?|[1-9][+-]?)?(?: |\r?$)", re.MULTILINE)
_DOCUMENT_MARKER = re.compile(r"(---|\.\.\.)(\s|$)")

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _NULL = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "null"


class _Unsupported(Exception):
    """YAML beyond the fast path (a tag, an anchor, a merge or duplicate key, ...); ``node``
    is a scalar it could not read as its type."""

    def __init__(self, node: Node | None = None) -> None:
        super().__init__()
        self.node = node


def _int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    if digits == ".nan":
        return float("nan")
    return sign * float("inf" if digits == ".inf" else digits)


def _timestamp(text: str) -> Any:
    match = timestamp_regexp.match(text)
    if match is None:
        raise ValueError(text)
    parts = match.groupdict()
    if parts["hour"] and any(parts[p] for p in ("t", "tz_sign", "tz_hour", "tz_minute")):
        raise ValueError(text)  # ruamel's TimeStamp, printed with its 'T' as written
    return create_timestamp(**parts)


_PLAIN: dict[str, Callable[[str], Any]] = {
    _TAG + "bool": lambda text: text.lower() == "true",  # YAML 1.2: only true and false
    _TAG + "int": _int,
    _TAG + "float": _float,
    _TAG + "timestamp": _timestamp,
    _NULL: lambda text: None,
}


class _Reader:
    """A composed YAML document as ``YamlMap``/``YamlList``/plain values."""

    def __init__(self, text: str, composer: str) -> None:
        self.text = text
        self.composer = composer
        self._lines: list[str] | None = None

    def document(self) -> Any:
        if self.composer == "libyaml":
            node = _LIBYAML(self.text).get_single_node()
        else:
            node = YAML(typ="safe", pure=True).compose(self.text)
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            raise _Unsupported  # ruamel reads a '...' below a lone block scalar as its text
        return None if node is None else self.value(node)

    def value(self, node: Node) -> Any:
        if self.text.startswith(("!", "&", "*"), node.start_mark.index):
            raise _Unsupported  # a tag, an anchor or an alias
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return self.sequence(node)
        return self.mapping(cast(MappingNode, node))

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR:
            if node.style in ("|", ">") and not self.plain_block_header(node):
                raise _Unsupported
            return node.value
        construct = None if node.style else _PLAIN.get(node.tag or "")
        if construct is None:
            raise _Unsupported  # a merge key, '=', or a quoted scalar with a tag
        try:
            return construct(node.value)
        except (ValueError, IndexError):
            raise _Unsupported(node) from None  # the round-trip loader fails its own way

    def sequence(self, node: SequenceNode) -> YamlList:
        if node.tag != _SEQ:
            raise _Unsupported
        result = YamlList()
        result.lc = lines = Lines(node.start_mark.line, node.start_mark.column)
        for index, item in enumerate(node.value):
            result.append(self.value(item))
            mark = item.start_mark
            lines.data[index] = (mark.line, mark.column, _style(item))
        return result

    def mapping(self, node: MappingNode) -> YamlMap:
        if node.tag != _MAP:
            raise _Unsupported
        result = YamlMap()
        result.lc = lines = Lines(node.start_mark.line, node.start_mark.column)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or _is_empty(key_node):
                raise _Unsupported  # a complex or an empty key
            key = self.value(key_node)
            if key in result:
                raise _Unsupported  # the round-trip loader reports the duplicate
            if node.flow_style and not self.spaced_colon(key_node):
                raise _Unsupported  # '{"a":b}', '[a:]': libyaml and ruamel differ
            result[key] = self.value(value_node)
            if _is_empty(value_node):
                line, col = self.empty_value_place(node, key_node, value_node)
            else:
                line, col = value_node.start_mark.line, value_node.start_mark.column
            key_mark = key_node.start_mark
            lines.data[key] = (key_mark.line, key_mark.column, line, col, _style(value_node))
        return result

    def empty_value_place(self, mapping: MappingNode, key: Node, value: Node) -> tuple[int, int]:
        """Where ruamel's round-trip parser puts a key's empty value: right after the ``:``
        in a flow mapping, or in a block mapping when a comment follows on the line and the
        mapping's next key comes next; else where the next token starts. (libyaml and
        ruamel's safe parser each put it somewhere else.)"""
        end = key.end_mark
        colon = self.colon(key)
        if colon is None:
            if mapping.flow_style:  # '{a, b}': where the ',' is, for ruamel and libyaml
                return value.start_mark.line, value.start_mark.column
            raise _Unsupported  # an explicit '? key'
        after_colon = colon + 1
        if mapping.flow_style:
            return end.line, after_colon
        lines = self.lines()
        comment = lines[end.line][after_colon:].strip(" \r").startswith("#")
        line, col = self.next_content(end.line + 1)
        text = lines[line][col:] if line < len(lines) else ""
        if text.startswith((":", "?")):
            raise _Unsupported  # explicit-key syntax
        next_key = bool(text) and col == mapping.start_mark.column
        next_key = next_key and not _DOCUMENT_MARKER.match(text)
        if comment and next_key:
            return end.line, after_colon
        return line, col

    def colon(self, key: Node) -> int | None:
        """The column of the ``:`` after ``key`` on its line, if there is one."""
        end = key.end_mark
        rest = self.lines()[end.line][end.column :]
        gap = len(rest) - len(rest.lstrip(" "))
        return end.column + gap if rest[gap : gap + 1] == ":" else None

    def spaced_colon(self, key: Node) -> bool:
        """Whether the ``:`` after ``key``, if any, is followed by a space or the line's end."""
        colon = self.colon(key)
        line = self.lines()[key.end_mark.line]
        return colon is None or line[colon + 1 : colon + 2] in ("", " ", "\r")

    def plain_block_header(self, block: ScalarNode) -> bool:
        """Whether the ``|`` or ``>`` header is as ruamel wants it (libyaml takes ``|#``) and
        the first line is not all spaces (ruamel may refuse more indented lines below)."""
        if not _BLOCK_HEADER.match(self.text, block.start_mark.index):
            return False
        lines = self.lines()
        line = block.start_mark.line + 1
        return not (line < len(lines) and lines[line][:1] == " " and not lines[line].strip(" \r"))

    def next_content(self, line: int) -> tuple[int, int]:
        """The first place from ``line`` on that is not blank or a comment (or the end)."""
        lines = self.lines()
        for number in range(line, len(lines)):
            content = lines[number].lstrip(" ")
            if content.rstrip("\r") and not content.startswith("#"):
                return number, len(lines[number]) - len(content)
        return len(lines) - 1, len(lines[-1])

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.start_mark.index == node.end_mark.index


def _style(node: Node) -> str:
    return (getattr(node, "style", None) or "") if isinstance(node, ScalarNode) else ""


def key_line(mapping: Any, key: str, default: int) -> int:
    """1-based line of ``key`` in a mapping read from YAML, or ``default`` when unknown."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


def item_line(sequence: Any, index: int, default: int) -> int:
    """1-based line of item ``index`` in a sequence read from YAML, or ``default``."""
    try:
        return int(sequence.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return default


def value_line(mapping: Any, key: str, default: int) -> int:
    """1-based line where the value of ``key`` starts in a mapping read from YAML."""
    try:
        return int(mapping.lc.value(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


def value_col(mapping: Any, key: str) -> int:
    """0-based column where the value of ``key`` starts in a mapping read from YAML (0 if
    unknown)."""
    try:
        return int(mapping.lc.value(key)[1])
    except (AttributeError, KeyError, TypeError):
        return 0


_STYLES = (
    (LiteralScalarString, "|"),
    (FoldedScalarString, ">"),
    (SingleQuotedScalarString, "'"),
    (DoubleQuotedScalarString, '"'),
)


def value_style(mapping: Any, key: str) -> str:
    """How the value of ``key`` is written: ``|``, ``>``, ``'``, ``"``, or ``""`` (plain, not
    a scalar, or unknown)."""
    lines = getattr(mapping, "lc", None)
    if isinstance(lines, Lines):
        return lines.style(key) if key in lines.data else ""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return next((style for kind, style in _STYLES if isinstance(value, kind)), "")
