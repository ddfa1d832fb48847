"""Fuzzy search for citing (entries) and inserting (blocks)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

from pleitbrief.blocks import load_blocks
from pleitbrief.library.library import load_library
from pleitbrief.search import BlockIndex, EntryIndex


def entries() -> EntryIndex:
    return EntryIndex(load_library([REPO / "references"]))


def test_entries_by_key_prefix_title_author_and_outlet():
    index = entries()
    assert index.search("nos-2022")[0].item.key == "nos-2022-reservisten"
    assert index.search("Baltic nations refuge")[0].item.key == "reuters-2022-baltic"
    assert index.search("reuters")[0].item.key == "reuters-2022-baltic"
    assert index.search("Study of War")[0].item.key == "isw-2022-11-18"


def test_empty_query_lists_entries_in_key_order_and_nonsense_finds_nothing():
    index = entries()
    keys = [hit.item.key for hit in index.search("", limit=5)]
    assert keys == sorted(keys) and len(keys) == 5
    assert index.search("zzqqxxjj") == []


def test_blocks_by_words_and_tag():
    index = BlockIndex(load_blocks(REPO / "templates" / "blocks", "nl"))
    assert index.search("presidentieel decreet")[0].item.id.startswith("mobilisatie/")
    lgbti = index.search_tagged("", "lhbti")
    assert lgbti and all("lhbti" in hit.item.tags for hit in lgbti)
    assert "mobilisatie" in index.tags()


def test_a_block_is_found_by_its_body_text(tmp_path: Path):
    folder = tmp_path / "blocks"
    (folder / "x").mkdir(parents=True)
    (folder / "x" / "a.md").write_text(
        "---\ntitle: Een\n---\nOver vestigingsalternatief.\n", encoding="utf-8"
    )
    (folder / "x" / "b.md").write_text("---\ntitle: Twee\n---\nIets anders.\n", encoding="utf-8")
    index = BlockIndex(load_blocks(folder, "nl"))
    assert index.search("vestigingsalternatief")[0].item.id == "x/a"
