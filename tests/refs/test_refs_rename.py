"""``refs rename``: the key everywhere it is a key, nothing else, and all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from refs_helpers import load, make_workspace, write

from pleitbrief import rename as rename_module
from pleitbrief.check import check_workspace
from pleitbrief.rename import RenameError, RenameFailed, apply_rename, plan_rename


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def files_of(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def rename(root: Path, old: str, new: str) -> None:
    plan = plan_rename(load(root), old, new)
    assert plan.problems == []
    apply_rename(plan)


def test_the_key_is_renamed_in_citation_groups_and_nowhere_else(root: Path) -> None:
    rename(root, "nos-2022", "nos-reservisten")
    block = (root / "templates/blocks/thema/blok.md").read_text(encoding="utf-8")
    assert 'default: "volgens NOS [@nos-reservisten]"' in block
    assert "[@nos-reservisten] en [zie @nos-reservisten, p. 3; @rapport-2022]." in block
    # an e-mail address, a code span and a bare @key are text, not citations
    assert "info@nos-2022.nl, `[@nos-2022]` en een losse @nos-2022." in block
    # a longer key that starts the same is another key
    assert "[@{nos-reservisten}] en [@nos-2022-extra]." in block
    draft = (root / "drafts/brief.yaml").read_text(encoding="utf-8")
    assert draft.count("@nos-reservisten") == 4 and "@nos-2022" not in draft
    template = (root / "templates/letters/eigen.md").read_text(encoding="utf-8")
    assert "{{ subject }} [@nos-reservisten]" in template
    bib = (root / "references/bronnen.bib").read_text(encoding="utf-8")
    assert "@online{nos-reservisten,\n" in bib and "@online{nos-2022-extra," in bib

    loaded = load(root)
    assert "nos-reservisten" in loaded.library and "nos-2022" not in loaded.library
    codes = {p.code for p in check_workspace(loaded)}
    assert "unknown-citation" not in codes


def test_key_fields_of_other_entries_follow_in_every_library_folder(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", extra_toml='libraries = ["references", "../gedeeld"]\n')
    write(
        tmp_path / "gedeeld" / "oud.bib",
        "@report{rapport-2021,\n  title = {Rapport 2021},\n  date = {2021},\n"
        "  supersededby = {rapport-2022},\n  related = {x, rapport-2022,rapport-2022-b},\n}\n",
    )
    write(tmp_path / "gedeeld" / "snapshots" / "rapport-2022.txt", "de tekst")
    plan = plan_rename(load(root), "rapport-2022", "rapport-maart-2022")
    assert plan.shared == [tmp_path / "gedeeld" / "oud.bib"]
    apply_rename(plan)
    shared = (tmp_path / "gedeeld" / "oud.bib").read_text(encoding="utf-8")
    assert "supersededby = {rapport-maart-2022}" in shared
    assert "related = {x, rapport-maart-2022,rapport-2022-b}" in shared
    assert (tmp_path / "gedeeld/snapshots/rapport-maart-2022.txt").read_text() == "de tekst"
    assert not (tmp_path / "gedeeld/snapshots/rapport-2022.txt").exists()


def test_a_taken_unknown_or_unusable_key_is_refused(root: Path) -> None:
    before = files_of(root)
    loaded = load(root)
    with pytest.raises(RenameError, match="already taken"):
        plan_rename(loaded, "nos-2022", "rapport-2023")
    with pytest.raises(RenameError, match="already called that"):
        plan_rename(loaded, "nos-2022", "nos-2022")
    with pytest.raises(RenameError, match="did you mean 'nos-2022'"):
        plan_rename(loaded, "nos-202", "nieuw")
    for bad in ["met spatie", "a,b", "eind-", "{x}", ""]:
        with pytest.raises(RenameError, match="not a usable citation key"):
            plan_rename(loaded, "nos-2022", bad)
    assert files_of(root) == before


def test_a_key_defined_twice_is_not_renamed(root: Path) -> None:
    write(root / "references" / "z.bib", "@online{nos-2022,\n  title = {Nog eens},\n}\n")
    plan = plan_rename(load(root), "nos-2022", "nieuw")
    assert [p.code for p in plan.problems] == ["rename-ambiguous"]
    with pytest.raises(RenameFailed):
        apply_rename(plan)


def test_a_citation_that_cannot_be_found_back_stops_the_whole_rename(root: Path) -> None:
    draft = root / "drafts" / "brief.yaml"
    draft.write_text(
        draft.read_text(encoding="utf-8") + '    - text: "escaped [\\u0040nos-2022]"\n',
        encoding="utf-8",
    )
    before = files_of(root)
    plan = plan_rename(load(root), "nos-2022", "nieuw")
    (problem,) = plan.problems
    assert (problem.file, problem.line, problem.code) == (draft, 12, "rename-unplaceable")
    assert files_of(root) == before


def test_a_failed_write_puts_back_every_file_already_written(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files_of(root)
    plan = plan_rename(load(root), "nos-2022", "nieuw")
    assert len(plan.edits) == 4
    real = rename_module.write_bytes_atomic
    calls: list[Path] = []

    def failing_third(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(rename_module, "write_bytes_atomic", failing_third)
    with pytest.raises(RenameFailed, match="nothing was renamed"):
        apply_rename(plan)
    assert files_of(root) == before


def test_a_file_changed_after_planning_stops_the_rename(root: Path) -> None:
    plan = plan_rename(load(root), "nos-2022", "nieuw")
    block = root / "templates/blocks/thema/blok.md"
    block.write_text(block.read_text(encoding="utf-8") + "\nNieuwe zin.\n", encoding="utf-8")
    before = files_of(root)
    with pytest.raises(RenameFailed, match="changed while renaming"):
        apply_rename(plan)
    assert files_of(root) == before


def test_a_workspace_sharing_the_library_follows_with_citations_only(tmp_path: Path) -> None:
    shared = tmp_path / "gedeeld"
    first = make_workspace(tmp_path / "a", extra_toml='libraries = ["../gedeeld"]\n')
    second = make_workspace(tmp_path / "b", extra_toml='libraries = ["../gedeeld"]\n')
    shared.mkdir()
    (first / "references" / "bronnen.bib").rename(shared / "bronnen.bib")
    (second / "references" / "bronnen.bib").unlink()
    rename(first, "nos-2022", "nos-reservisten")
    assert "unknown-citation" in {p.code for p in check_workspace(load(second))}
    plan = plan_rename(load(second), "nos-2022", "nos-reservisten")
    assert plan.citations_only and all(e.path.suffix != ".bib" for e in plan.edits)
    apply_rename(plan)
    assert "unknown-citation" not in {p.code for p in check_workspace(load(second))}
    with pytest.raises(RenameError, match="nothing here cites it"):
        plan_rename(load(second), "nos-2022", "nos-reservisten")
