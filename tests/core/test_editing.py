"""Editing a draft keeps the user's comments and order; saves are atomic and conflict-safe."""

from __future__ import annotations

import shutil

import pytest
from tests.conftest import REPO

from pleitbrief.editing import ConflictError, EditableDraft
from pleitbrief.pipeline import LoadedWorkspace, build_draft
from pleitbrief.workspace import load_workspace


@pytest.fixture
def example(tmp_path):
    for part in ("pleitbrief.toml", "references", "templates", "drafts"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(
                source,
                tmp_path / part,
                ignore=shutil.ignore_patterns("*.md", "*.docx") if part == "drafts" else None,
            )
        else:
            shutil.copy(source, tmp_path / part)
    return tmp_path


def test_open_and_save_unchanged_is_byte_identical(example):
    for path in sorted((example / "drafts").glob("*.yaml")):
        before = path.read_bytes()
        EditableDraft.open(path).save()
        assert path.read_bytes() == before


def test_edits_keep_comments_and_order(example):
    path = example / "drafts" / "open-brief-mobilisatie.yaml"
    comments = [line for line in path.read_text(encoding="utf-8").splitlines() if "#" in line]
    draft = EditableDraft.open(path)
    draft.add_block("points", "lhbti/geen-vestigingsalternatief", index=1)
    draft.set_var("points", 1, "regio", "de Noord-Kaukasus")
    draft.move("points", 1, +1)
    draft.duplicate("points", 0)
    draft.set_text("intro", 0, "Eerste regel\nTweede regel [@nos-2022-reservisten].")
    draft.save()
    text = path.read_text(encoding="utf-8")
    assert all(c in text for c in comments)  # every comment line survives as written
    saved = EditableDraft.open(path)
    points = [item.get("block") for item in saved.section("points")]
    assert points[:4] == [
        "mobilisatie/geen-decreet",
        "mobilisatie/geen-decreet",
        "mobilisatie/mobilisatie-gaat-door",
        "lhbti/geen-vestigingsalternatief",
    ]
    assert saved.section("points")[3]["vars"] == {"regio": "de Noord-Kaukasus"}
    assert "    - text: |\n        Eerste regel\n        Tweede regel" in text
    assert list(saved.data) == list(EditableDraft.open(path).data)


def test_unsaved_state_builds_through_the_pipeline(example):
    draft = EditableDraft.open(example / "drafts" / "kamervragen-mobilisatie.yaml")
    draft.add_text("questions", "Een zevende vraag?[@reuters-2022-baltic]")
    parsed, problems = draft.parsed()
    built = build_draft(LoadedWorkspace.load(load_workspace(example)), parsed, problems)
    assert not built.problems
    from pleitbrief.writers.markdown import render

    text = render(built.document)
    assert "7. Een zevende vraag?[^4]" in text


def test_block_to_text_and_back(example):
    draft = EditableDraft.open(example / "drafts" / "open-brief-mobilisatie.yaml")
    draft.replace_with_text("points", 0, "Eigen tekst.")
    assert draft.section("points")[0] == {"text": "Eigen tekst."}
    draft.replace_with_block("points", 0, "mobilisatie/geen-decreet")
    assert draft.section("points")[0] == {"block": "mobilisatie/geen-decreet"}
    draft.set_var("points", 0, "stopdatum", "1 november 2022")
    draft.set_var("points", 0, "stopdatum", None)
    assert "vars" not in draft.section("points")[0]


def test_a_change_on_disk_is_never_overwritten_silently(example):
    path = example / "drafts" / "kamervragen-mobilisatie.yaml"
    mine = EditableDraft.open(path)
    mine.add_text("questions", "Mijn vraag?")
    theirs = path.read_text(encoding="utf-8") + "# hun wijziging\n"
    path.write_text(theirs, encoding="utf-8")
    assert mine.changed_on_disk()
    with pytest.raises(ConflictError):
        mine.save()
    assert path.read_text(encoding="utf-8") == theirs
    mine.save(force=True)  # the user chose to keep their own version
    assert "Mijn vraag?" in path.read_text(encoding="utf-8")
    assert not mine.changed_on_disk()


def test_reload_takes_the_version_on_disk(example):
    path = example / "drafts" / "kamervragen-mobilisatie.yaml"
    mine = EditableDraft.open(path)
    mine.add_text("questions", "Niet bewaard?")
    path.write_text(
        path.read_text(encoding="utf-8").replace("Jasper van Dijk", "A. Lid"), encoding="utf-8"
    )
    mine.reload()
    assert "A. Lid" in mine.dump() and "Niet bewaard?" not in mine.dump()
