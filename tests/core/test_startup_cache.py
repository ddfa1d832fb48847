"""The startup cache (``startup_cache.py``): patterns and dataclass methods compiled in one
run and taken from a file in the next must be exactly what Python would compile."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from pleitbrief import startup_cache

PATTERNS = [
    r"\d+(?:\.\d+)?",
    r"(?P<key>[\w:-]+)\s*=\s*(?P<value>.*?)$",
    r"(?i)straße|STRASSE",
    r"(?<=@)[^\s;\]]+",
    r"(a)(b)?\2|\1",
    r"[\u0400-\u04ff]+",
    r"""
        ^\s*      # leading space
        (\d{4})   # a year
    """,
    r"^\[@?[^\]]*\](?!\()",
    r"(?s)<w:t[^>]*>.*?</w:t>",
    r"\bvan (der|den)\b",
    r"[^\x00-\x7f]",
    r"(?x) a b c",
]
FLAGS = [0, re.IGNORECASE, re.MULTILINE | re.DOTALL, re.VERBOSE, re.ASCII]
TEXTS = ["12.5 en 7", "key = value\nx=y", "Straße STRASSE", "[@nos; @rtl]", "abab ab a",
         "Россия 2022", "  2023 jaar", "[@a] tekst", "<w:t xml:space='p'>a\nb</w:t>",
         "Gerard van der Berg", "café"]  # fmt: skip


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A startup cache folder of the test's own, saved whenever anything was added, and
    the hooks always taken out again."""
    monkeypatch.setattr(startup_cache, "SAVE_AFTER", 1)
    startup_cache.uninstall()
    yield tmp_path / "startup"
    startup_cache.uninstall()
    re.purge()


def _reinstall(folder: Path) -> startup_cache._Table:
    """Save what this run added, and start as a new run would: from the file."""
    startup_cache.save()
    startup_cache.uninstall()
    re.purge()
    assert startup_cache.install(folder)
    table = startup_cache._active
    assert table is not None
    return table


def _plain_compile(pattern, flags):
    """``re`` with no cache in front of it."""
    startup_cache.uninstall()
    re.purge()
    return re.compile(pattern, flags)


def _variants() -> list[tuple[str | bytes, int]]:
    """Every pattern with every flag it takes, as str, and as bytes where it can be."""
    variants: list[tuple[str | bytes, int]] = []
    for pattern in PATTERNS:
        for flags in FLAGS:
            if not (flags & re.ASCII and "ß" in pattern):
                variants.append((pattern, flags))
            if pattern.isascii() and "\\u" not in pattern:
                variants.append((pattern.encode(), flags & ~re.ASCII))
    variants += [(rb"\w+", re.LOCALE), (rb"(?L)[a-z]+", re.IGNORECASE)]  # bytes only
    return variants


def test_patterns_from_the_file_are_the_patterns_re_makes(folder):
    variants = _variants()
    assert startup_cache.install(folder)
    re.purge()
    for pattern, flags in variants:
        re.compile(pattern, flags)
    table = _reinstall(folder)
    assert len(table.patterns) >= len(set(variants))
    cached = {(pattern, flags): re.compile(pattern, flags) for pattern, flags in variants}
    assert not table.added, "every pattern should have come from the file"
    for (pattern, flags), from_file in cached.items():
        plain = _plain_compile(pattern, flags)
        # Pattern equality compares the flags, the pattern text and the compiled program
        assert from_file == plain
        assert from_file.groupindex == plain.groupindex and from_file.groups == plain.groups
        texts = [t.encode() for t in TEXTS] if isinstance(pattern, bytes) else TEXTS
        for text in texts:
            assert [m.span() for m in from_file.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ]


def test_a_subclass_of_str_is_compiled_as_re_does_and_the_table_still_saves(folder):
    class Markup(str):  # as markupsafe's
        pass

    assert startup_cache.install(folder)
    re.purge()
    assert re.compile(Markup(r"<b>(\w+)</b>")).match("<b>vet</b>").group(1) == "vet"
    re.compile(r"gewoon\d")
    table = _reinstall(folder)
    assert {key[1] for key in table.patterns} == {r"gewoon\d"}


def test_a_str_key_is_never_compared_with_a_bytes_one(tmp_path):
    """Under ``python -bb`` comparing str with bytes raises: ``re`` keys by type, so do we."""
    script = (
        "import re, sys; from pathlib import Path; from pleitbrief import startup_cache as s\n"
        "s.SAVE_AFTER = 1; folder = Path(sys.argv[1])\n"
        "s.install(folder); re.compile('abcd'); s.save(); s.uninstall(); re.purge()\n"
        "s.install(folder); assert re.compile(b'abcd').match(b'abcd')\n"
    )
    done = subprocess.run([sys.executable, "-bb", "-c", script, str(tmp_path)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file rights")
@pytest.mark.parametrize("mode", [0o664, 0o646])
def test_a_file_others_could_have_written_is_not_read(folder, mode):
    startup_cache.install(folder)
    re.purge()
    re.compile(r"gedeeld\d")
    startup_cache.save()
    startup_cache.uninstall()
    (path,) = folder.iterdir()
    assert path.stat().st_mode & 0o777 == 0o600  # as written, whatever the umask
    path.chmod(mode)
    assert startup_cache.install(folder)
    table = startup_cache._active
    assert table is not None and table.patterns == {} and table.methods == {}


def test_misses_in_threads_leave_the_warning_filters_alone(folder):
    import threading

    filters = list(warnings.filters)
    startup_cache.install(folder)
    re.purge()

    def compile_many(n: int) -> None:
        for i in range(300):
            re.compile(f"draad{n}x{i}[[a]")  # each a miss, each one that warns

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        inner = list(warnings.filters)
        threads = [threading.Thread(target=compile_many, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert warnings.filters == inner
    assert warnings.filters == filters


TOKENS = st.sampled_from([
    "a", "b", "é", "Я", ".", "\\d", "\\w", "\\s", "\\b", "^", "$", "*", "+", "?", "*?", "{2}",
    "{1,3}", "(", ")", "(?:", "(?P<n>", "(?P=n)", "(?=", "(?!", "(?<=x)", "[", "]", "[^",
    "a-z", "|", "\\1", "(?i)", "(?i:", "\\", "\\u00e9",
])  # fmt: skip


@pytest.mark.filterwarnings("ignore::FutureWarning")  # "possible nested set": a pattern like "[["
@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=12).map("".join), st.sampled_from(FLAGS))
def test_any_pattern_compiles_through_the_file_as_re_compiles_it(tmp_path_factory, text, flags):
    folder = tmp_path_factory.mktemp("startup")
    startup_cache.uninstall()
    save_after, startup_cache.SAVE_AFTER = startup_cache.SAVE_AFTER, 1
    try:
        try:
            plain = _plain_compile(text, flags)
        except re.error as exc:
            startup_cache.install(folder)
            re.purge()
            with pytest.raises(re.error) as raised:
                re.compile(text, flags)
            assert str(raised.value) == str(exc)
            return
        startup_cache.install(folder)
        re.purge()
        assert re.compile(text, flags) == plain  # compiled and added
        _reinstall(folder)
        assert re.compile(text, flags) == plain  # from the file
    finally:
        startup_cache.SAVE_AFTER = save_after
        startup_cache.uninstall()
        re.purge()


def _define():
    @dataclasses.dataclass(frozen=True)
    class Citation:
        key: str
        locator: str = ""
        pages: tuple[int, ...] = dataclasses.field(default_factory=tuple)

    return Citation


def test_dataclass_methods_from_the_file_behave_as_dataclass_made_them(folder):
    plain = _define()
    assert startup_cache.install(folder)
    _define()
    table = _reinstall(folder)
    methods = len(table.methods)
    assert methods >= 1  # an exec a method (3.11, 3.12: __init__, __repr__, ...), a class (3.13)
    cached = _define()
    assert not table.added and len(table.methods) == methods
    a, b = cached("nos", "p. 3"), plain("nos", "p. 3")
    assert repr(a) == repr(b) == "_define.<locals>.Citation(key='nos', locator='p. 3', pages=())"
    assert a == cached("nos", "p. 3") and a != cached("rtl")
    assert hash(a) == hash(cached("nos", "p. 3"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.key = "rtl"  # type: ignore[misc]
    with pytest.raises(TypeError):
        cached()  # type: ignore[call-arg]
    for source, code in table.methods.items():
        assert code == compile(source, "<string>", "exec", dont_inherit=True)


@pytest.mark.parametrize("damage", ["truncate", "flip", "other python", "not a file"])
def test_a_damaged_or_foreign_file_is_a_miss(folder, monkeypatch, damage):
    startup_cache.install(folder)
    re.purge()
    re.compile(r"schade\d+")
    startup_cache.save()
    startup_cache.uninstall()
    (path,) = folder.iterdir()
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif damage == "other python":
        monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    else:
        path.unlink()
        path.mkdir()
    assert startup_cache.install(folder)
    table = startup_cache._active
    assert table is not None and table.patterns == {} and table.methods == {}
    re.purge()
    assert re.compile(r"schade\d+").match("schade12")


def test_a_run_that_added_little_leaves_the_file_alone(folder, monkeypatch):
    startup_cache.install(folder)
    re.purge()
    re.compile(r"eerste\d+")
    startup_cache.save()
    (path,) = folder.iterdir()
    before = path.read_bytes()
    monkeypatch.setattr(startup_cache, "SAVE_AFTER", 3)
    re.compile(r"tweede\d+")  # one new pattern: as markdown-it's, which differs every run
    startup_cache.save()
    assert path.read_bytes() == before
    re.compile(r"derde\d+")
    re.compile(r"vierde\d+")
    startup_cache.save()
    table = _reinstall(folder)
    assert {key[1] for key in table.patterns} >= {r"tweede\d+", r"derde\d+", r"vierde\d+"}


def test_a_table_past_its_limit_keeps_what_the_saving_run_used(folder, monkeypatch):
    startup_cache.install(folder)
    re.purge()
    for i in range(5):
        re.compile(f"oud{i}")
    table = _reinstall(folder)
    assert len(table.patterns) >= 5
    monkeypatch.setattr(startup_cache, "LIMIT", 3)
    used = [re.compile(f"nieuw{i}") for i in range(4)]
    assert all(p.match(f"nieuw{i}") for i, p in enumerate(used))
    table = _reinstall(folder)
    assert {key[1] for key in table.patterns} == {f"nieuw{i}" for i in range(4)}


def test_not_installed_when_caching_is_off_or_the_python_is_not_known(monkeypatch):
    startup_cache.uninstall()
    monkeypatch.setenv("PLEITBRIEF_NO_CACHE", "1")
    assert not startup_cache.install()
    monkeypatch.delenv("PLEITBRIEF_NO_CACHE")
    monkeypatch.setattr(startup_cache, "PYTHONS", ())
    assert not startup_cache.install()
    assert startup_cache._active is None
    startup_cache.save()  # nothing installed: nothing to do


def _command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    script = Path(sys.executable).parent / "pleitbrief"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pleitbrief"]
    return subprocess.run([*command, *args], capture_output=True, timeout=120,
                          env={**os.environ, **env})  # fmt: skip


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_command_writes_the_file_once_and_exports_the_same_with_it(tmp_path, fmt):
    draft = str(REPO / "drafts/open-brief-mobilisatie.yaml")
    env = {"PLEITBRIEF_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / f"{run}.{fmt}"
        done = _command("-w", str(REPO), "export", draft, "--to", fmt, "-o", str(out), env=env)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append(out.read_bytes())
        (written,) = (tmp_path / "cache" / "startup").iterdir()
        if run == "first":
            first_write = written.stat().st_mtime_ns, written.read_bytes()
    # the second run misses only markdown-it's pattern of the run's own order: not written
    assert (written.stat().st_mtime_ns, written.read_bytes()) == first_write
    out = tmp_path / f"plain.{fmt}"
    done = _command("-w", str(REPO), "export", draft, "--to", fmt, "-o", str(out),
                    env={**env, "PLEITBRIEF_NO_CACHE": "1"})  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert outputs[0] == outputs[1] == out.read_bytes()


def test_a_command_that_needs_more_adds_it_to_the_file(tmp_path):
    draft = str(REPO / "drafts/open-brief-mobilisatie.yaml")
    env = {"PLEITBRIEF_CACHE_DIR": str(tmp_path / "cache")}
    sizes = []
    for fmt in ("md", "docx"):  # Word needs lxml's patterns and the writer's records
        out = str(tmp_path / f"letter.{fmt}")
        done = _command("-w", str(REPO), "export", draft, "--to", fmt, "-o", out, env=env)
        assert done.returncode == 0, done.stderr.decode()
        (written,) = (tmp_path / "cache" / "startup").iterdir()
        sizes.append(len(written.read_bytes()))
    assert sizes[1] > sizes[0]


def test_an_unwritable_cache_costs_nothing_but_speed(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "startup").write_text("a file where the folder should be")
    done = _command("-w", str(REPO), "refs", "list",
                    env={"PLEITBRIEF_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr and done.stdout.strip()


def test_a_pattern_that_warns_warns_once(folder):
    startup_cache.install(folder)
    re.purge()
    with pytest.warns(FutureWarning) as caught:
        re.compile("[[a]")  # "possible nested set"
    assert len(caught) == 1
