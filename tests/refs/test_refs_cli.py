"""The reference library through the real entry point: two campaign workspaces sharing one
library folder, an import from a Zotero export, a rename, a supersession, the cache."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from refs_helpers import DRAFT, TEMPLATE, write
from tests.conftest import REPO

IMPORTS = REPO / "tests" / "fixtures" / "import"
CORPUS = REPO / "tests" / "fixtures" / "corpora" / "zotero-bbt"
PROBLEM = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>\w+): .* \[(?P<code>[\w-]+)\]$"
)

SHARED_BIB = """\
@online{nos-2022,
  title = {Reservisten melden zich},
  journaltitle = {NOS},
  date = {2022-09-22},
  url = {https://nos.nl/artikel/1},
  archiveurl = {https://web.archive.org/web/2022/https://nos.nl/artikel/1},
}

@report{ambtsbericht-2022,
  title = {Algemeen ambtsbericht Russische Federatie 2022},
  institution = {Ministerie van Buitenlandse Zaken},
  date = {2022-03-31},
}
"""

BLOCK = """\
---
title: Het ambtsbericht
reviewed: {reviewed}
variables:
  bron: de NOS
---
Volgens het ambtsbericht [@ambtsbericht-2022, p. 12] en {{{{ bron }}}} [@nos-2022].
"""


def problems(stderr: str) -> list[tuple[str, int, int, str, str]]:
    out = []
    for line in stderr.splitlines():
        match = PROBLEM.match(line)
        if match:
            out.append(
                (
                    match["file"],
                    int(match["line"]),
                    int(match["col"]),
                    match["severity"],
                    match["code"],
                )
            )
    return out


@pytest.fixture
def campaigns(tmp_path: Path) -> tuple[Path, Path, Path]:
    """One shared library (its own folder, as a git repository would be) and two
    campaign workspaces that use it next to a library folder of their own."""
    shared = tmp_path / "bibliotheek" / "references"
    write(shared / "gedeeld.bib", SHARED_BIB)
    today = dt.date.today().isoformat()
    roots = []
    for name in ("mobilisatie", "dienstweigeraars"):
        root = tmp_path / name
        write(
            root / "pleitbrief.toml",
            '[workspace]\nlang = "nl"\nstyle = "pleitbrief-nl"\n'
            'libraries = ["references", "../bibliotheek/references"]\n',
        )
        write(
            root / "references" / "eigen.bib",
            f"@online{{{name}-eigen,\n  title = {{Eigen}},\n  date = {{2023}},\n  url = {{https://x.org/{name}}},\n}}\n",
        )
        write(root / "templates" / "blocks" / "ambtsbericht.md", BLOCK.format(reviewed=today))
        write(
            root / "templates" / "letters" / "eigen.md",
            TEMPLATE.replace("nos-2022", "ambtsbericht-2022"),
        )
        write(
            root / "drafts" / "brief.yaml",
            DRAFT.replace("thema/blok", "ambtsbericht").replace(
                "rapport-2022", "ambtsbericht-2022"
            ),
        )
        roots.append(root)
    return shared, roots[0], roots[1]


def test_two_workspaces_share_one_library_folder(campaigns, cli) -> None:
    _shared, first, second = campaigns
    for root in (first, second):
        listed = cli("refs", "list", cwd=root)
        assert listed.code == 0, listed.stderr
        keys = [line.split("\t")[0] for line in listed.stdout.splitlines()]
        assert keys == ["ambtsbericht-2022", f"{root.name}-eigen", "nos-2022"]
        checked = cli("check", cwd=root)
        assert checked.code == 0, checked.stderr
        assert ": error:" not in checked.stderr
    # a key made twice across the folders: an error at the second place, naming the first
    write(first / "references" / "eigen.bib", SHARED_BIB.split("\n\n")[1] + "\n")
    checked = cli("check", cwd=first)
    assert checked.code == 1
    (duplicate,) = [p for p in problems(checked.stderr) if p[4] == "duplicate-key"]
    assert duplicate[0].endswith("bibliotheek/references/gedeeld.bib") and duplicate[1:3] == (9, 1)
    assert "duplicate key 'ambtsbericht-2022' (first defined at references/eigen.bib:1)" in (
        checked.stderr
    )
    assert cli("check", cwd=second).code == 0


def test_cited_by_and_unused_name_the_places(campaigns, cli) -> None:
    _shared, first, _second = campaigns
    cited = cli("refs", "cited-by", "ambtsbericht-2022", cwd=first)
    assert cited.code == 0, cited.stderr
    assert cited.stdout.splitlines() == [
        "drafts/brief.yaml:3:31\tdraft\tbrief",
        "drafts/brief.yaml:6:7\tdraft\tbrief\tvia block ambtsbericht",
        "drafts/brief.yaml:10:24\tdraft\tbrief",
        "templates/blocks/ambtsbericht.md:7:27\tblock\tambtsbericht",
        "templates/letters/eigen.md:8:27\ttemplate\teigen",
    ]
    unused = cli("refs", "list", "--unused", cwd=first)
    assert [line.split("\t")[0] for line in unused.stdout.splitlines()] == ["mobilisatie-eigen"]
    as_json = json.loads(cli("refs", "list", "--unused", "--json", cwd=first).stdout)
    assert [e["key"] for e in as_json] == ["mobilisatie-eigen"]
    unknown = cli("refs", "cited-by", "ambtsberich", cwd=first)
    assert unknown.code == 2 and "did you mean 'ambtsbericht-2022'" in unknown.stderr


def test_a_superseded_source_is_named_at_every_citation(campaigns, cli) -> None:
    shared, first, second = campaigns
    bib = shared / "gedeeld.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "  date = {2022-03-31},\n}",
            "  date = {2022-03-31},\n  supersededby = {ambtsbericht-2023},\n}\n\n"
            "@report{ambtsbericht-2023,\n"
            "  title = {Algemeen ambtsbericht Russische Federatie 2023},\n"
            "  institution = {Ministerie van Buitenlandse Zaken},\n  date = {2023-03-31},\n}",
        ),
        encoding="utf-8",
    )
    for root in (first, second):
        checked = cli("check", cwd=root)
        assert checked.code == 0, checked.stderr  # warnings do not fail a check
        found = [p for p in problems(checked.stderr) if p[4] == "superseded"]
        assert found == [
            ("drafts/brief.yaml", 3, 31, "warning", "superseded"),
            ("drafts/brief.yaml", 10, 24, "warning", "superseded"),
            ("templates/blocks/ambtsbericht.md", 7, 27, "warning", "superseded"),
            ("templates/letters/eigen.md", 8, 27, "warning", "superseded"),
        ]
        assert (
            "'ambtsbericht-2022' is superseded by 'ambtsbericht-2023': «Algemeen ambtsbericht "
            "Russische Federatie 2023», 2023-03-31" in checked.stderr
        )
    one = cli("check", "drafts/brief.yaml", cwd=first)
    assert next(p[:3] for p in problems(one.stderr) if p[4] == "superseded") == (
        "drafts/brief.yaml",
        3,
        31,
    )


def test_a_block_due_for_review_and_an_incomplete_entry_are_warnings(campaigns, cli) -> None:
    _shared, first, _second = campaigns
    block = first / "templates" / "blocks" / "ambtsbericht.md"
    block.write_text(BLOCK.format(reviewed="2020-01-10"), encoding="utf-8")
    write(first / "references" / "los.bib", "@online{los,\n  title = {Los},\n}\n")
    checked = cli("check", cwd=first)
    found = problems(checked.stderr)
    assert ("templates/blocks/ambtsbericht.md", 3, 1, "warning", "review-due") in found
    assert ("references/los.bib", 1, 1, "warning", "entry-no-date") in found
    assert ("references/los.bib", 1, 1, "warning", "entry-no-url") in found
    write(
        first / "pleitbrief.toml", (first / "pleitbrief.toml").read_text() + "review_months = 100\n"
    )
    assert "review-due" not in cli("check", cwd=first).stderr


def test_a_zotero_export_is_imported_and_reads_back(campaigns, cli) -> None:
    _shared, first, _second = campaigns
    target = first / "references" / "zotero.bib"
    dry = cli(
        "refs",
        "import",
        CORPUS / "001.biblatex.bib",
        "--into",
        "references/zotero.bib",
        "--dry-run",
        cwd=first,
    )
    assert dry.code == 0, dry.stderr
    assert "added\tbennett_citations_2013\tCitations, Out of the Box" in dry.stdout
    assert "(dry run: nothing written)" in dry.stdout and not target.exists()

    done = cli(
        "refs", "import", CORPUS / "001.biblatex.bib", "--into", "references/zotero.bib", cwd=first
    )
    assert done.code == 0, done.stderr
    added = [line.split("\t")[1] for line in done.stdout.splitlines() if line.startswith("added\t")]
    assert len(added) > 10 and target.is_file()
    assert done.stdout.splitlines()[-1].endswith("; into references/zotero.bib")
    listed = json.loads(cli("refs", "list", "--json", cwd=first).stdout)
    bennett = next(e for e in listed if e["key"] == "bennett_citations_2013")
    assert bennett["fields"]["title"] == "Citations, Out of the Box"
    assert bennett["file"].endswith("references/zotero.bib")
    assert cli("check", cwd=first).code == 0

    again = cli(
        "refs", "import", CORPUS / "001.biblatex.bib", "--into", "references/zotero.bib", cwd=first
    )
    assert again.code == 0
    assert not any(line.startswith("added") for line in again.stdout.splitlines())
    assert again.stdout.splitlines()[-1].startswith(f"0 added, {len(added)} already present")


def test_import_sorts_against_the_shared_library_and_defaults_to_imported_bib(
    campaigns, cli
) -> None:
    _shared, first, _second = campaigns
    source = first / "export.ris"
    source.write_text(
        "TY  - NEWS\nTI  - Reservisten melden zich\nT2  - NOS\nDA  - 2022/09/22/\n"
        "UR  - https://www.nos.nl/artikel/1/\nER  - \n\n"
        "TY  - ELEC\nTI  - Iets nieuws\nPY  - 2024\nUR  - https://x.org/nieuw\nER  - \n",
        encoding="utf-8",
    )
    result = cli("refs", "import", "export.ris", cwd=first)
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.match(
        r"present\tnos-2022-reservisten\tas 'nos-2022' at "
        r".*bibliotheek/references/gedeeld\.bib:1 \(same URL\)",
        lines[0],
    )
    assert lines[1] == "added\t2024-iets\tIets nieuws"
    assert (first / "references" / "imported.bib").is_file()


def test_a_broken_import_writes_nothing_and_says_where(campaigns, cli) -> None:
    _shared, first, _second = campaigns
    for name, expected in [
        ("broken.bib", [(7, "bib-syntax")]),
        ("broken.ris", [(5, "import-syntax"), (7, "import-syntax")]),
        ("broken.json", [(3, "import-syntax")]),
    ]:
        result = cli("refs", "import", IMPORTS / name, cwd=first)
        assert result.code == 1
        found = [(p[1], p[4]) for p in problems(result.stderr) if p[3] == "error"]
        assert found == expected
        assert "nothing imported" in result.stderr
        assert not (first / "references" / "imported.bib").exists()
    missing = cli("refs", "import", "nowhere.bib", cwd=first)
    assert missing.code == 2
    outside = cli("refs", "import", IMPORTS / "campaign.ris", "--into", "drafts/x.bib", cwd=first)
    assert outside.code == 2 and "not in a library folder" in outside.stderr


def test_rename_everywhere_then_the_other_workspace_follows(campaigns, cli) -> None:
    shared, first, second = campaigns
    taken = cli("refs", "rename", "ambtsbericht-2022", "nos-2022", cwd=first)
    assert taken.code == 2 and "already taken" in taken.stderr

    renamed = cli("refs", "rename", "ambtsbericht-2022", "ambtsbericht-maart-2022", cwd=first)
    assert renamed.code == 0, renamed.stderr
    assert (
        "references/gedeeld.bib:9:9: ambtsbericht-2022 → ambtsbericht-maart-2022" in renamed.stdout
    )
    assert (
        "templates/blocks/ambtsbericht.md:7:27: ambtsbericht-2022 → ambtsbericht-maart-2022"
        in renamed.stdout
    )
    assert "is a shared library" in renamed.stderr
    assert "@report{ambtsbericht-maart-2022," in (shared / "gedeeld.bib").read_text(
        encoding="utf-8"
    )
    assert cli("check", cwd=first).code == 0

    # the other campaign now cites a key its library no longer has, until it follows
    broken = cli("check", cwd=second)
    assert broken.code == 1
    assert ("templates/blocks/ambtsbericht.md", 7, 26, "error", "unknown-citation") in problems(
        broken.stderr
    )
    follow = cli("refs", "rename", "ambtsbericht-2022", "ambtsbericht-maart-2022", cwd=second)
    assert follow.code == 0, follow.stderr
    assert "citations only" in follow.stdout
    assert cli("check", cwd=second).code == 0


def test_a_rename_that_cannot_be_done_whole_is_not_done(campaigns, cli) -> None:
    _shared, first, _second = campaigns
    draft = first / "drafts" / "brief.yaml"
    draft.write_text(
        draft.read_text(encoding="utf-8") + '    - text: "zie [\\u0040nos-2022]"\n',
        encoding="utf-8",
    )
    before = {p: p.read_bytes() for p in first.rglob("*") if p.is_file()}
    result = cli("refs", "rename", "nos-2022", "nos-reservisten", cwd=first)
    assert result.code == 1
    assert problems(result.stderr) == [("drafts/brief.yaml", 12, 1, "error", "rename-unplaceable")]
    assert "nothing renamed" in result.stderr
    assert {p: p.read_bytes() for p in first.rglob("*") if p.is_file()} == before


def test_a_spoilt_cache_is_rebuilt_without_a_word(campaigns, cli, private_cache) -> None:
    _shared, first, _second = campaigns
    cold = cli("refs", "list", "--json", cwd=first)
    slots = sorted(private_cache.glob("*.bin"))
    assert len(slots) == 2
    slots[0].write_bytes(slots[0].read_bytes()[:100])
    slots[1].write_bytes(b"\x00garbage" * 50)
    warm = cli("refs", "list", "--json", cwd=first)
    assert warm.code == 0 and warm.stderr == cold.stderr
    assert warm.stdout == cold.stdout
    assert all(len(slot.read_bytes()) > 200 for slot in slots)  # written anew
