"""Reading YAML: the fast reader gives what ruamel's round-trip loader gave, lines included.

For every YAML text the repository has, and for generated documents full of YAML's traps,
``yamlread.read_yaml`` (composed by libyaml, and by ruamel's own composer) must give
values equal to the round-trip loader's, scalars of the same Python type (ruamel's
round-trip subclasses, ``ScalarInt``, ``LiteralScalarString``, ``TimeStamp``…, count as the
type they extend) that print the same, the same line and column from every helper, and the
same problem for text that is not YAML. A draft parses to the same items, lines and
problems as before.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import math
import textwrap
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from pleitbrief import yamlread
from pleitbrief.drafts import parse_draft_text
from pleitbrief.editing import EditableDraft
from pleitbrief.yamlread import (
    item_line,
    key_line,
    load_yaml,
    read_yaml,
    value_col,
    value_line,
    value_style,
    yaml_problem,
)

REPO = Path(__file__).resolve().parents[2]
FILE = Path("doc.yaml")

COMPOSERS = [
    pytest.param(
        "libyaml",
        marks=pytest.mark.skipif(yamlread._LIBYAML is None, reason="no libyaml binary"),
    ),
    "ruamel",
]


def round_trip(text: str) -> Any:
    """What ``load_yaml`` read before: ruamel's round-trip loader."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml.load(text)


def outcome(read: Any, text: str) -> tuple[str, Any]:
    try:
        return "data", read(text)
    except YAMLError as exc:
        return "problem", yaml_problem(exc, FILE)
    except Exception as exc:  # the round-trip loader has crashes of its own ('0x_')
        return "crash", (type(exc), str(exc))


_PLAIN_TYPES = (bool, int, float, str, dt.datetime, dt.date, type(None))


def plain_type(value: Any) -> type:
    """The builtin type a scalar is, or extends (``ScalarFloat`` → ``float``)."""
    return next((t for t in type(value).__mro__ if t in _PLAIN_TYPES), type(value))


def lc(read: Any, *args: Any) -> tuple[int, ...] | None:
    """A place from ``.lc``; ruamel knows none for a key a merge (``<<``) brought, nor in a
    collection with a tag of its own."""
    try:
        place = read(*args)
    except KeyError:
        return None
    return None if place is None else tuple(place)


def places(mapping: Any, key: Any) -> tuple[Any, ...]:
    return (
        key_line(mapping, key, -1),
        value_line(mapping, key, -1),
        value_col(mapping, key),
        value_style(mapping, key),
        lc(mapping.lc.key, key),
        lc(mapping.lc.value, key),
    )


def key_of(key: Any) -> tuple[type, Any]:
    plain = plain_type(key)
    if plain not in _PLAIN_TYPES:
        return type(key), repr(key)
    return (plain, key) if key == key else (plain, "NaN")


def assert_same(new: Any, old: Any, path: str = "document") -> None:
    if isinstance(old, dict):
        assert isinstance(new, dict), path
        assert [key_of(k) for k in new] == [key_of(k) for k in old], path
        assert (new.lc.line, new.lc.col) == (old.lc.line, old.lc.col), path
        for new_key, old_key in zip(new, old, strict=True):
            where = f"{path}.{old_key}"
            assert places(new, new_key) == places(old, old_key), where
            assert_same(new[new_key], old[old_key], where)
    elif isinstance(old, list):
        assert isinstance(new, list), path
        assert len(new) == len(old), path
        assert (new.lc.line, new.lc.col) == (old.lc.line, old.lc.col), path
        for index, item in enumerate(old):
            assert item_line(new, index, -1) == item_line(old, index, -1), f"{path}[{index}]"
            assert lc(new.lc.item, index) == lc(old.lc.item, index), f"{path}[{index}]"
            assert_same(new[index], item, f"{path}[{index}]")
    elif plain_type(old) in _PLAIN_TYPES:
        assert plain_type(new) is plain_type(old), (path, new, old)
        nan = isinstance(old, float) and math.isnan(old)
        assert math.isnan(new) if nan else new == old, (path, new, old)
        assert str(new) == str(old), (path, new, old)  # as a template prints it
    else:  # a TaggedScalar or the like: the round-trip loader read both
        assert (type(new), repr(new)) == (type(old), repr(old)), path


# ruamel's round-trip loader crashes on some comment layouts ('a: #\n  b' among keys it
# reads twice): "NotImplementedError: overlap in comment". The fast reader reads those.
# (Its other crashes, on plain scalars that resolve to a number they are not, '._' or
# '0x_', become a problem at the value: the fast reader knows where it is.)
COMMENT_CRASH = (NotImplementedError, "overlap in comment")


def assert_reads_as_before(text: str, composer: str) -> None:
    kind, old = outcome(round_trip, text)
    new_kind, new = outcome(lambda t: read_yaml(t, composer), text)
    if kind == "crash" and old[0] is COMMENT_CRASH[0] and COMMENT_CRASH[1] in old[1]:
        return
    if kind == "crash":  # ruamel's other crashes ('._', '0x_') are now a problem at the value
        assert new_kind == "problem", (text, new, old)
        assert "cannot read the value" in new.message and new.line > 0, new
        return
    assert new_kind == kind, (text, new, old)
    if kind == "data":
        assert_same(new, old)
    else:
        assert new == old, text
    if composer == "libyaml" and kind != "crash":  # load_yaml: the reader it picks itself
        _data, problems = load_yaml(text, FILE)
        assert problems == ([old] if kind == "problem" else [])


# --- every YAML text the repository has -----------------------------------------------------


def _front_matter(text: str) -> str | None:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index])
    return None


def _written_by_tests() -> list[tuple[str, str]]:
    """Drafts and front matter the tests write (string constants in the test modules)."""
    found = []
    for module in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = textwrap.dedent(node.value).lstrip("\n")
            name = f"{module.relative_to(REPO)}:{node.lineno}"
            if text.startswith("---\n") and (matter := _front_matter(text)) is not None:
                found.append((name, matter))
            elif text.startswith("template:") and "\n" in text:
                found.append((name, text))
    return found


def repository_yaml() -> list[tuple[str, str]]:
    texts = []
    for pattern in ("drafts/*.yaml", "src/pleitbrief/data/**/*.yaml", "tests/**/*.yaml"):
        for path in sorted(REPO.glob(pattern)):
            texts.append((str(path.relative_to(REPO)), path.read_text(encoding="utf-8")))
    for pattern in ("templates/**/*.md", "src/pleitbrief/data/**/*.md", "tests/**/*.md"):
        for path in sorted(REPO.glob(pattern)):
            matter = _front_matter(path.read_text(encoding="utf-8"))
            if matter is not None:
                texts.append((str(path.relative_to(REPO)), matter))
    return texts + _written_by_tests()


REPOSITORY_YAML = repository_yaml()


def test_the_repository_has_yaml_to_compare() -> None:
    names = [name for name, _text in REPOSITORY_YAML]
    assert any(name.startswith("drafts/") for name in names)
    assert any(name.startswith("templates/blocks/") for name in names)
    assert any(name.startswith("src/pleitbrief/data/letters/") for name in names)
    assert any(name.startswith("tests/") for name in names)


@pytest.mark.parametrize("composer", COMPOSERS)
@pytest.mark.parametrize(("name", "text"), REPOSITORY_YAML, ids=[n for n, _ in REPOSITORY_YAML])
def test_repository_yaml_reads_as_before(name: str, text: str, composer: str) -> None:
    assert_reads_as_before(text, composer)


# --- traps, one by one ----------------------------------------------------------------------

TRAPS = [
    "j:\nk: 1\n",
    "j: # c\nk: 1\n",
    "j:  # c\n",
    "j:\n# c\nk: 1\n",
    "a:\n  j: # c\nk: 1\n",
    "- j: # c\n- k\n",
    "j: # c\n...\n",
    "j:",
    "{a: , b: }\n",
    "{a, b: }\n",
    "[a: , b]\n",
    "- \n- a\n-\n",
    "? a\nb: 1\n",
    "? a\n: \n",
    "a: !!str 12\n",
    "a: !!int '12'\n",
    "a: !foo x\n",
    "a: &x {b: 1}\nc: *x\n",
    "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n",
    "a: 1\na: 2\n",
    "1: a\n1.0: b\n",
    "%YAML 1.1\n---\na: yes\nb: 017\n",
    "a:\tb\n",
    "a: 1\r\nb:\r\n  - x\r\n",
    "\ufeffa: 1\n",
    "a: b\x85c\n",
    "a: =\n",
    "a: 0x_\n",
    "|-\r\n...\r\n",  # ruamel: the text is "..."; libyaml: the document ends
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: 'x\n",
    "a: |\n  x\n b: 2\n",
    "a: >-\n  folded\n  text\n\n  more\n",
    "text: |2\n    indented\n",
    "é: ü\nö: [ä, 'x']\n",
    "[no, ', ':]\n",
    '{"a":b, c: d}\n',
    "- |#\n",
    "- |\n   \n    -\n",
    "a: 2001-12-14t21:59:43.10-05:00\nb: 2001-12-14 21:59:43\nc: 2001-12-14\n",
    "a: True\nb: FALSE\nc: .NaN\nd: -.inf\ne: 1.50\nf: 0b101\ng: ~\nh: Null\n",
    "a: x\n  y\nb: 'p\n\n  q'\nc: \"r\\n\\u00e9\"\n",
]


@pytest.mark.parametrize("composer", COMPOSERS)
@pytest.mark.parametrize("text", TRAPS)
def test_traps_read_as_before(text: str, composer: str) -> None:
    assert_reads_as_before(text, composer)


def test_drafts_and_front_matter_of_the_repository_take_the_fast_path() -> None:
    for name, text in REPOSITORY_YAML:
        if name.startswith(("drafts/", "templates/", "src/")):
            assert type(read_yaml(text)) is yamlread.YamlMap, name


def test_the_editor_still_gets_the_round_trip_document(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("template: brief  # de brief\n", encoding="utf-8")
    data = EditableDraft.open(path).data
    assert isinstance(data, CommentedMap)
    assert "# de brief" in str(data.ca.items["template"])


def test_a_draft_is_read_into_light_dicts_that_know_their_lines() -> None:
    data = read_yaml("template: brief\nfields:\n  date: 2023-01-10\n  nee: no\n")
    assert type(data) is yamlread.YamlMap
    assert type(data["fields"]["date"]) is dt.date and data["fields"]["nee"] == "no"
    assert key_line(data["fields"], "nee", -1) == 4


# --- generated documents --------------------------------------------------------------------

WORDS = [
    "no", "yes", "on", "off", "y", "true", "False", "NULL", "null", "~", "1_000", "0o17",
    "017", "0x1F", "0b101", "-12", "+7", "1.50", "1e5", "6.02e+23", ".5", "-.inf", ".NaN",
    "2023-01-10", "2023-01-10 10:00:00", "2001-12-14t21:59:43.10-05:00", "12:30", "0", "_",
    "a b", "Oekraïne", "Кирилл", "x 🙂", "a#b", "https://x.nl/a?b=c", "50%", "ja, nee",
    "geen-decreet", "Stichting Free Russia NL", "@ref", "- x", "x: y", "[a]", "'q", "a 'b'",
]  # fmt: skip
KEYS = ["a", "b", "c ", "text", "block", "vars", "no", "1", "2023-01-10", "null", "é", "'a'", '"b"']
ESCAPES = ["\\n", "\\t", '\\"', "\\\\", "\\u00e9", "\\x41", "\\/", "\\ "]

words = st.sampled_from(WORDS) | st.text(
    st.sampled_from([*"abcxyz019 -._é'\"#:,"]), min_size=1, max_size=8
)
comments = st.sampled_from(["", "", " # c", "  #c:d"])


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _double(text: str, escape: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + escape + '"'


scalars = st.one_of(
    st.tuples(st.just("plain"), words),
    st.tuples(st.just("plain2"), words, words),  # a plain scalar over two lines
    st.tuples(st.just("double2"), words.map(lambda w: '"' + w), words.map(lambda w: w + '"')),
    st.tuples(st.just("single"), words.map(_single)),
    st.tuples(st.just("double"), st.builds(_double, words, st.sampled_from(["", *ESCAPES]))),
    st.tuples(
        st.just("block"),
        st.sampled_from(["|", "|-", "|+", ">", ">-", ">+", "|2"]),
        st.lists(st.sampled_from(["", "regel", "  dieper", "tekst met : en #", "é"]), max_size=4),
    ),
    st.tuples(st.just("empty")),
)
gaps = st.lists(st.sampled_from(["", "# opmerking", "  # ingesprongen", "   "]), max_size=2)


def containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    entries = st.lists(
        st.tuples(st.sampled_from(KEYS), children, comments, gaps), min_size=1, max_size=4
    )
    items = st.lists(st.tuples(children, comments, gaps), min_size=1, max_size=4)
    return st.one_of(
        st.tuples(st.just("map"), entries, st.booleans(), st.booleans()),
        st.tuples(st.just("seq"), items, st.booleans(), st.booleans()),
    )


nodes = st.recursive(scalars, containers, max_leaves=12)


def inline(node: Any) -> str:
    kind = node[0]
    if kind == "map":
        return "{" + ", ".join(f"{k}: {inline(v)}" for k, v, _c, _g in node[1]) + "}"
    if kind == "seq":
        return "[" + ", ".join(inline(v) for v, _c, _g in node[1]) + "]"
    if kind in ("plain", "single", "double"):
        return node[1]
    if kind in ("plain2", "double2"):
        return f"{node[1]} {node[2]}"
    if kind == "block":
        return _double("\n".join(node[2]), "")
    return ""


def entry(head: str, node: Any, indent: int, comment: str) -> list[str]:
    """``head`` (``key:`` or ``-``) and its value, as lines."""
    kind = node[0]
    pad = " " * (indent + 2)
    if kind == "empty":
        return [head + comment]
    if kind in ("plain2", "double2"):
        return [f"{head} {node[1]}", pad + node[2]]
    if kind == "block":
        return [f"{head} {node[1]}{comment}"] + [pad + line if line else "" for line in node[2]]
    if kind in ("map", "seq") and not node[2]:  # a block collection
        nested = indent if kind == "seq" and node[3] and head.endswith(":") else indent + 2
        lines = block(node, nested)
        if node[3] and head.endswith("-"):  # compact: '- key: value'
            return [head + " " + lines[0].lstrip(" "), *lines[1:]]
        return [head + comment, *lines]
    return [f"{head} {inline(node)}{comment}"]


def block(node: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if node[0] == "map":
        for index, (key, value, comment, gap) in enumerate(node[1]):
            lines += gap if index else []
            lines += entry(f"{pad}{key}:", value, indent, comment)
    else:
        for index, (value, comment, gap) in enumerate(node[1]):
            lines += gap if index else []
            lines += entry(f"{pad}-", value, indent, comment)
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    root = draw(nodes)
    lines = block(root, 0) if root[0] in ("map", "seq") and not root[2] else [inline(root)]
    lines = draw(st.sampled_from([[], ["---"], ["# kop", ""]])) + lines
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n...\n"]))
    if draw(st.booleans()) and draw(st.booleans()):  # a stray character somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from([*"[]{}:,'\"|>-#&*!%@?\t "])) + text[at:]
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", "\r\n")
    return text


@pytest.mark.parametrize("composer", COMPOSERS)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents())
def test_generated_yaml_reads_as_before(text: str, composer: str) -> None:
    assert_reads_as_before(text, composer)


# --- drafts ---------------------------------------------------------------------------------


def _load_yaml_as_before(text: str, file: Path, line_offset: int = 0) -> tuple[Any, list[Any]]:
    try:
        return round_trip(text), []
    except YAMLError as exc:
        return None, [yaml_problem(exc, file, line_offset)]


def assert_draft_parses_as_before(text: str) -> None:
    path = Path("drafts/brief.yaml")
    with mock.patch("pleitbrief.drafts.load_yaml", _load_yaml_as_before):
        old_kind, old = outcome(lambda t: parse_draft_text(t, path), text)
    if old_kind == "crash" and old[0] is COMMENT_CRASH[0] and COMMENT_CRASH[1] in old[1]:
        return
    new_kind, new = outcome(lambda t: parse_draft_text(t, path), text)
    if old_kind == "crash":  # ruamel's own ('._', '0x_'): now a problem, not a traceback
        assert new_kind == "data" and new[0] is None, (text, new)
        assert any("cannot read the value" in p.message for p in new[1]), new
        return
    assert (new_kind, old_kind) == ("data", "data")
    (new_draft, new_problems), (old_draft, old_problems) = new, old
    assert new_problems == old_problems
    assert (new_draft is None) == (old_draft is None)
    for field in dataclasses.fields(new_draft) if new_draft is not None else []:
        new_value, old_value = getattr(new_draft, field.name), getattr(old_draft, field.name)
        assert comparable(new_value) == comparable(old_value), field.name


def comparable(value: Any) -> Any:
    """``value`` with NaN as a string, so that NaN equals NaN."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value), [comparable(getattr(value, f.name)) for f in dataclasses.fields(value)]
    return value


def _map(*entries: tuple[str, Any, str, list[str]], compact: bool = False) -> Any:
    return ("map", list(entries), False, compact)


items = st.one_of(
    scalars,  # a bare string (or not: a number, a date, nothing)
    scalars.map(lambda text: _map(("text", text, "", []), compact=True)),
    st.builds(
        lambda block, variables: _map(("block", block, "", []), *variables, compact=True),
        st.tuples(st.just("plain"), st.sampled_from(["geen-decreet", "x"])),
        st.lists(st.tuples(st.just("vars"), containers(scalars), comments, gaps), max_size=1),
    ),
)
sections = st.lists(
    st.tuples(
        st.sampled_from(["points", "demands"]),
        st.tuples(
            st.just("seq"),
            st.lists(st.tuples(items, comments, gaps), min_size=1, max_size=4),
            st.just(False),
            st.booleans(),
        ),
        comments,
        gaps,
    ),
    min_size=1,
    max_size=2,
)
fields = st.lists(st.tuples(st.sampled_from(KEYS), scalars, comments, gaps), min_size=1)


@st.composite
def drafts(draw: st.DrawFn) -> str:
    gap = draw(gaps)
    root = _map(
        ("template", ("plain", "open-brief"), "", []),
        ("fields", _map(*draw(fields)), "", gap),
        ("sections", _map(*draw(sections)), " # c", gap),
    )
    return "\n".join(block(root, 0)) + "\n"


@pytest.mark.parametrize(
    "name", [name for name, text in REPOSITORY_YAML if text.startswith("template:")]
)
def test_repository_drafts_parse_as_before(name: str) -> None:
    assert_draft_parses_as_before(dict(REPOSITORY_YAML)[name])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=drafts())
def test_generated_drafts_parse_as_before(text: str) -> None:
    assert_draft_parses_as_before(text)
