"""The parse cache: an unchanged file is read back as parsed; anything else is parsed again.

A slot that is truncated, garbled, written by another pleitbrief or for other bytes is
ignored and written anew, never trusted and never a crash.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pleitbrief.library import cache as cache_module
from pleitbrief.library import library as library_module
from pleitbrief.library.cache import BibCache, fingerprint
from pleitbrief.library.library import load_library

BIB = """\
@string{nos = "NOS"}
@online{nos-2022,
  title = {Eerste {{Russische}} reservisten, caf{\\'e} en {\\ss}},
  author = {van Dijk, Jasper and {Stichting Free Russia NL}},
  journaltitle = nos # { Nieuws},
  date = {2022-09-22},
  month = sep,
  publisher = {{Simon and Schuster} and Boom},
  note = {Zie \\emph{ook} dit},
}

@online{nos-2022,
  title = {twice},
}

@online{broken,
  title = {no closing brace,
}
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def snapshot(folders: list[Path]) -> tuple[list[tuple], list]:
    library = load_library(folders)
    entries = [
        (e.key, e.type, e.fields, e.persons, e.file, e.line, e.rich, e.lists) for e in library
    ]
    return entries, library.problems


def slots(cache_folder: Path) -> list[Path]:
    return sorted(cache_folder.glob("*.bin")) if cache_folder.is_dir() else []


@pytest.fixture
def refs(tmp_path: Path) -> Path:
    folder = tmp_path / "references"
    write(folder / "a.bib", BIB)
    write(folder / "b.bib", "@online{other,\n  title = {Другой}, date = {2023}\n}\n")
    write(folder / "latin1.bib", "@online{latin, title = {caf\xe9}}\n".encode("latin-1"))
    return folder


def test_a_warm_load_gives_what_the_cold_one_gave_without_parsing(
    refs: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = snapshot([refs])
    assert len(slots(private_cache)) == 3
    assert {p.code for p in cold[1]} >= {"duplicate-key", "bib-syntax", "bib-encoding"}

    def no_parsing(data: bytes, path: Path) -> None:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(library_module, "_parse_bib_data", no_parsing)
    assert snapshot([refs]) == cold


def test_a_changed_file_is_parsed_again_even_with_the_same_size_and_time(
    refs: Path, private_cache: Path
) -> None:
    path = refs / "b.bib"
    load_library([refs])
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"2023", b"2024"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    library = load_library([refs])
    assert library.get("other").fields["date"] == "2024"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:10], id="truncated-in-header"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: os.urandom(len(blob)), id="garbage"),
        pytest.param(lambda blob: blob[:-5] + bytes(5), id="payload-changed"),
        pytest.param(lambda blob: b"XXXX" + blob[4:], id="other-magic"),
        pytest.param(lambda blob: blob + b"tail", id="trailing-bytes"),
    ],
)
def test_a_spoilt_slot_is_ignored_and_written_anew(
    refs: Path, private_cache: Path, spoil, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = snapshot([refs])
    for slot in slots(private_cache):
        slot.write_bytes(spoil(slot.read_bytes()))
    assert snapshot([refs]) == cold
    # …and the slots are good again: the next load parses nothing
    monkeypatch.setattr(library_module, "_parse_bib_data", None)
    assert snapshot([refs]) == cold


def test_a_slot_from_another_pleitbrief_is_not_used(
    refs: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = snapshot([refs])
    # the same slots, as another version (or other parser code) would have stamped them
    monkeypatch.setattr(cache_module, "fingerprint", lambda: b"\1" * 32)
    parsed: list[Path] = []
    real = library_module._parse_bib_data

    def counting(data: bytes, path: Path):
        parsed.append(path)
        return real(data, path)

    monkeypatch.setattr(library_module, "_parse_bib_data", counting)
    assert snapshot([refs]) == cold
    assert len(parsed) == 3


def test_a_well_formed_payload_of_the_wrong_shape_is_a_miss(refs: Path, tmp_path: Path) -> None:
    import marshal

    from pleitbrief.library.cache import MAGIC, digest

    bib_cache = BibCache(tmp_path / "c")
    path = refs / "b.bib"
    data = path.read_bytes()
    for payload in [marshal.dumps((1, 2, 3)), marshal.dumps(((("k",),), ())), b"\xff\x00"]:
        blob = MAGIC + fingerprint() + digest(data) + digest(payload) + payload
        bib_cache.slot(path).parent.mkdir(parents=True, exist_ok=True)
        bib_cache.slot(path).write_bytes(blob)
        assert bib_cache.load(path, digest(data)) is None


def test_an_unwritable_cache_folder_only_costs_speed(
    refs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = write(tmp_path / "not-a-folder", "x")
    monkeypatch.setenv("PLEITBRIEF_CACHE_DIR", str(blocker))
    first = snapshot([refs])
    assert snapshot([refs]) == first and len(first[0]) == 3


def test_the_cache_can_be_turned_off(
    refs: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLEITBRIEF_NO_CACHE", "1")
    load_library([refs])
    assert slots(private_cache) == []


def test_places_follow_the_working_folder_not_the_run_that_filled_the_cache(
    refs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(refs.parent)
    first = [p.message for p in load_library([refs]).problems if p.code == "duplicate-key"]
    assert first == ["duplicate key 'nos-2022' (first defined at references/a.bib:2)"]
    monkeypatch.chdir(refs)
    again = [p.message for p in load_library([refs]).problems if p.code == "duplicate-key"]
    assert again == ["duplicate key 'nos-2022' (first defined at a.bib:2)"]


def test_a_copy_of_a_file_elsewhere_is_its_own_slot_with_its_own_places(
    refs: Path, tmp_path: Path, private_cache: Path
) -> None:
    other = tmp_path / "elsewhere"
    write(other / "a.bib", (refs / "a.bib").read_bytes())
    load_library([refs])
    library = load_library([other])
    assert library.get("nos-2022").file == other / "a.bib"  # type: ignore[union-attr]
    assert all(p.file == other / "a.bib" for p in library.problems)


def test_a_write_keeps_only_the_most_recently_used_slots(
    refs: Path, private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_folder = private_cache
    load_library([refs])
    assert len(slots(cache_folder)) == 3  # a.bib, b.bib, latin1.bib
    old = [s.stat().st_mtime - 3600 for s in slots(cache_folder)]
    for slot, when in zip(slots(cache_folder), old, strict=True):
        os.utime(slot, (when, when))
    load_library([refs])  # three hits: each slot is used now
    assert all(s.stat().st_mtime > max(old) for s in slots(cache_folder))

    monkeypatch.setattr(cache_module, "KEEP", 2)
    write(tmp_path / "other" / "c.bib", "@online{c, title = {C}}\n")
    load_library([tmp_path / "other"])  # a miss, written: the folder is pruned to two
    kept = slots(cache_folder)
    assert len(kept) == 2
    assert BibCache(cache_folder).slot(tmp_path / "other" / "c.bib") in kept
