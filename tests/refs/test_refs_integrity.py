"""Source integrity: superseded sources, blocks due for review, incomplete entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from refs_helpers import load, make_workspace, write

from pleitbrief.check import check_drafts, check_workspace
from pleitbrief.integrity import (
    entry_problems,
    integrity_problems,
    months_before,
    read_settings,
)
from pleitbrief.library.entry import Entry
from pleitbrief.problems import Severity

TODAY = dt.date(2024, 3, 31)


def by_code(problems, code):
    return [(p.file.name if p.file else None, p.line, p.col, p.message) for p in problems
            if p.code == code]  # fmt: skip


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", reviewed="2023-03-31")


def test_a_superseded_source_is_a_warning_at_every_place_citing_it(root: Path) -> None:
    problems = integrity_problems(load(root), TODAY)
    found = by_code(problems, "superseded")
    assert [(name, line, col) for name, line, col, _ in found] == [
        ("blok.md", 9, 57),
        ("brief.yaml", 3, 31),
        ("brief.yaml", 10, 24),
    ]
    assert found[0][3] == (
        "'rapport-2022' is superseded by 'rapport-2023': «Rapport 2023», 2023-03-31; "
        "cite the newer source"
    )
    assert all(p.severity is Severity.WARNING for p in problems if p.code == "superseded")


def test_the_newest_of_a_chain_is_named_and_broken_chains_are_reported(root: Path) -> None:
    write(
        root / "references" / "meer.bib",
        "@report{rapport-2024, title = {Rapport 2024}, date = {2024}}\n"
        "@report{rapport-x, title = {X}, date = {2020}, supersededby = {rapport-onbekend}}\n"
        "@report{kring-a, title = {A}, date = {2020}, supersededby = {kring-b}}\n"
        "@report{kring-b, title = {B}, date = {2020}, supersededby = {kring-a}}\n",
    )
    bib = root / "references" / "bronnen.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "  date = {2023-03-31},\n}",
            "  date = {2023-03-31},\n  supersededby = {rapport-2024},\n}",
        ),
        encoding="utf-8",
    )
    problems = integrity_problems(load(root), TODAY)
    assert by_code(problems, "superseded")[0][3] == (
        "'rapport-2022' is superseded by 'rapport-2024' (by way of 'rapport-2023'): "
        "«Rapport 2024», 2024; cite the newer source"
    )
    assert by_code(problems, "superseded-unknown") == [
        (
            "meer.bib",
            2,
            1,
            "'rapport-x' is superseded by 'rapport-onbekend', which is not in the library",
        )
    ]
    assert sorted(line for _, line, _, _ in by_code(problems, "superseded-cycle")) == [3, 4]


def test_a_block_not_reviewed_for_longer_than_the_setting_is_a_warning(root: Path) -> None:
    loaded = load(root)
    assert by_code(integrity_problems(loaded, TODAY), "review-due") == []
    later = TODAY + dt.timedelta(days=1)
    (due,) = by_code(integrity_problems(loaded, later), "review-due")
    assert due[:2] == ("blok.md", 3)
    assert "last reviewed on 2023-03-31, more than 12 months ago" in due[3]


@pytest.mark.parametrize(
    ("setting", "due"),
    [("review_months = 6\n", True), ("review_months = 0\n", False), ("", False)],
)
def test_review_months_is_read_from_the_workspace_settings(
    tmp_path: Path, setting: str, due: bool
) -> None:
    root = make_workspace(tmp_path / "ws", reviewed="2023-09-01", extra_toml=setting)
    found = by_code(integrity_problems(load(root), TODAY), "review-due")
    assert bool(found) is due


def test_an_unusable_review_months_is_a_warning_at_its_line(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", extra_toml='review_months = "twaalf"\n')
    settings, problems = read_settings(load(root).workspace)
    assert settings.review_months == 12
    assert [(p.line, p.code) for p in problems] == [(4, "config")]


def test_months_before_keeps_the_day_where_the_month_has_it() -> None:
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2024, 3, 31), 12) == dt.date(2023, 3, 31)
    assert months_before(dt.date(2024, 1, 15), 13) == dt.date(2022, 12, 15)


def entry(kind: str, **fields: str) -> Entry:
    return Entry("k", kind, dict(fields), {}, Path("lib.bib"), 7)


@pytest.mark.parametrize(
    ("made", "codes"),
    [
        (entry("online", title="T", date="2022", url="https://x"), []),
        (entry("online", title="T", date="2022"), ["entry-no-url"]),
        (
            entry("article", journaltitle="NOS", url="https://x"),
            ["entry-no-title", "entry-no-date"],
        ),
        (entry("book", shorttitle="T", year="2021"), []),
        (entry("misc", type="kamerstuk", dossier="19637", number="3100"), []),
        (entry("misc", type="kamerstuk", number="3100"), ["entry-no-number"]),
        (entry("misc", type="aanhangsel", session="2021/22"), ["entry-no-number"]),
    ],
)
def test_an_entry_lacking_what_its_footnote_needs_is_a_warning_at_the_entry(
    made: Entry, codes: list[str]
) -> None:
    problems = entry_problems(made)
    assert [p.code for p in problems] == codes
    assert all((p.file, p.line, p.severity) == (Path("lib.bib"), 7, Severity.WARNING)
               for p in problems)  # fmt: skip


def test_a_cited_web_source_without_archive_is_information(root: Path) -> None:
    problems = integrity_problems(load(root), TODAY)
    infos = by_code(problems, "no-archive")
    assert [(name, line) for name, line, _, _ in infos] == [("bronnen.bib", 1), ("bronnen.bib", 8)]
    assert all(p.severity is Severity.INFO for p in problems if p.code == "no-archive")
    bib = root / "references" / "bronnen.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "url = {https://nos.nl/artikel/1},",
            "url = {https://nos.nl/artikel/1},\n  archiveurl = {https://web.archive.org/x},",
        ),
        encoding="utf-8",
    )
    assert [
        line for _, line, _, _ in by_code(integrity_problems(load(root), TODAY), "no-archive")
    ] == [9]


def test_a_draft_with_an_unknown_links_value_is_a_warning(root: Path) -> None:
    draft = root / "drafts" / "brief.yaml"
    draft.write_text("links: gearchiveerd\n" + draft.read_text(encoding="utf-8"), encoding="utf-8")
    assert by_code(integrity_problems(load(root), TODAY), "draft-links") == [
        (
            "brief.yaml",
            1,
            1,
            "links must be original or archived, not 'gearchiveerd'; using 'original'",
        )
    ]


def test_check_of_the_workspace_and_of_one_draft_include_the_integrity(root: Path) -> None:
    write(root / "references" / "los.bib", "@online{los, title = {Los}}\n")
    loaded = load(root)
    later = TODAY + dt.timedelta(days=1)
    everything = {p.code for p in check_workspace(loaded, later)}
    assert {"superseded", "review-due", "entry-no-date", "entry-no-url", "no-archive"} <= everything
    # one draft is judged on what it uses: the uncited entry 'los' is not its business
    draft = {
        (p.code, p.file.name) for p in check_drafts(loaded, [root / "drafts/brief.yaml"], later)
    }
    assert ("superseded", "brief.yaml") in draft and ("review-due", "blok.md") in draft
    assert ("entry-no-date", "los.bib") not in draft
