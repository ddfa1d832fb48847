"""load_library over folders: one set of keys, duplicates and missing folders reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from pleitbrief.library.library import Library, load_library
from pleitbrief.problems import error, warning


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entry(key: str, title: str = "T") -> str:
    return f"@online{{{key},\n  title = {{{title}}},\n}}\n\n"


@pytest.fixture
def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    own, shared = tmp_path / "references", tmp_path / "shared" / "references"
    write(own / "b.bib", entry("nos-2022", "B's NOS") + entry("reuters-2022"))
    write(own / "a.bib", entry("ind-verklaring-2022") + entry("nos-2022", "A's NOS"))
    write(own / "notes.txt", entry("not-bib"))
    write(own / "sub" / "deeper.bib", entry("not-loaded"))
    write(shared / "c.bib", entry("isw-2022-11-18") + entry("reuters-2022", "shared"))
    return own, shared


def test_every_bib_directly_in_each_folder_by_name(two_folders: tuple[Path, Path]) -> None:
    library = load_library(list(two_folders))
    assert [e.key for e in library] == [
        "ind-verklaring-2022",
        "nos-2022",
        "reuters-2022",
        "isw-2022-11-18",
    ]
    assert library.folders == list(two_folders)
    assert len(library) == 4
    assert "nos-2022" in library and "not-bib" not in library and "not-loaded" not in library
    assert 42 not in library and ["nos-2022"] not in library


def test_duplicates_within_and_across_folders_name_the_first_place(
    two_folders: tuple[Path, Path],
) -> None:
    own, shared = two_folders
    library = load_library([own, shared])
    # a.bib loads before b.bib, so a.bib's entry wins and b.bib's line 1 is the duplicate.
    assert library.get("nos-2022") is not None
    assert library.get("nos-2022").title == "A's NOS"  # type: ignore[union-attr]
    assert library.get("reuters-2022").file == own / "b.bib"  # type: ignore[union-attr]
    assert library.problems == [
        error(own / "b.bib", 1, "duplicate-key",
              f"duplicate key 'nos-2022' (first defined at {own / 'a.bib'}:5)"),
        error(shared / "c.bib", 5, "duplicate-key",
              f"duplicate key 'reuters-2022' (first defined at {own / 'b.bib'}:5)"),
    ]  # fmt: skip


def test_the_first_place_is_shown_relative_to_the_working_directory(
    two_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    own, shared = two_folders
    monkeypatch.chdir(own.parent)
    library = load_library([Path("references"), shared])
    assert [p.format() for p in library.problems] == [
        "references/b.bib:1:1: error: duplicate key 'nos-2022' "
        "(first defined at references/a.bib:5) [duplicate-key]",
        f"{shared / 'c.bib'}:5:1: error: duplicate key 'reuters-2022' "
        "(first defined at references/b.bib:5) [duplicate-key]",
    ]


def test_keys_differing_only_in_case_are_both_kept_with_a_warning(tmp_path: Path) -> None:
    own, shared = tmp_path / "references", tmp_path / "shared"
    write(own / "a.bib", entry("NOS-2022", "upper") + entry("nos-2022", "lower"))
    write(shared / "b.bib", entry("Nos-2022", "mixed") + entry("nos-2022", "again"))
    library = load_library([own, shared])
    assert [e.title for e in library] == ["upper", "lower", "mixed"]
    assert library.problems == [
        warning(own / "a.bib", 5, "key-case",
                f"key 'nos-2022' differs only in case from 'NOS-2022' ({own / 'a.bib'}:1); "
                "BibTeX takes them for one key"),
        warning(shared / "b.bib", 1, "key-case",
                f"key 'Nos-2022' differs only in case from 'NOS-2022' ({own / 'a.bib'}:1); "
                "BibTeX takes them for one key"),
        error(shared / "b.bib", 5, "duplicate-key",
              f"duplicate key 'nos-2022' (first defined at {own / 'a.bib'}:5)"),
    ]  # fmt: skip


def test_a_folder_listed_twice_is_loaded_once(two_folders: tuple[Path, Path]) -> None:
    own, _ = two_folders
    library = load_library([own, own.parent / "." / "references"])
    assert [p.code for p in library.problems] == ["duplicate-key"]  # only nos-2022 in a/b


def test_a_missing_folder_is_an_error_and_the_others_still_load(tmp_path: Path) -> None:
    write(tmp_path / "refs" / "a.bib", entry("a"))
    missing = tmp_path / "gone"
    library = load_library([missing, tmp_path / "refs"])
    assert [e.key for e in library] == ["a"]
    message = f"library folder '{missing}' does not exist"
    assert library.problems == [error(missing, 0, "library-missing", message)]


def test_a_file_in_place_of_a_folder_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "references", entry("a"))
    message = f"library folder '{path}' is not a folder"
    assert load_library([path]).problems == [error(path, 0, "library-missing", message)]


def test_a_malformed_entry_is_an_error_and_the_rest_of_the_library_loads(tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    write(folder / "a.bib", entry("first") + "@misc{broken,\n title = {x\n\n" + entry("after"))
    write(folder / "b.bib", entry("other"))
    library = load_library([folder])
    assert [e.key for e in library] == ["first", "after", "other"]
    assert [(p.file, p.line, p.code) for p in library.problems] == [
        (folder / "a.bib", 5, "bib-syntax")
    ]


def test_no_folders_is_an_empty_library() -> None:
    assert load_library([]) == Library()


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("nos-2023", ["nos-2022"]),
        ("NOS-2022", ["nos-2022"]),
        ("ind", ["ind-verklaring-2022"]),
        ("isw-2022-11-19", ["isw-2022-11-18"]),
        ("reuter-2022", ["reuters-2022"]),
        ("completely-unrelated", []),
        ("", []),
    ],
)
def test_suggest_offers_the_closest_keys(
    two_folders: tuple[Path, Path], typo: str, expected: list[str]
) -> None:
    library = load_library(list(two_folders))
    assert library.suggest(typo, limit=1) == expected


def test_suggest_gives_at_most_limit_keys_best_first(tmp_path: Path) -> None:
    keys = ["nos-2022", "nos-2021", "nos-2020", "nos-2019", "reuters-2022"]
    write(tmp_path / "a.bib", "".join(entry(k) for k in keys))
    library = load_library([tmp_path])
    assert library.suggest("nos-2022x") == ["nos-2022", "nos-2021", "nos-2020"]
    assert library.suggest("nos-2022x", limit=5)[:1] == ["nos-2022"]
    assert Library().suggest("anything") == []
