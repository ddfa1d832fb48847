"""``refs import`` in the core: reading three formats, writing clean biblatex that reads
back the same, sorting against the library, appending without touching the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import BASIC_BIB

from pleitbrief.cite.csl_json import to_csl
from pleitbrief.library.bibtex import parse_bib_string
from pleitbrief.library.importing import plan_import, read_import, write_import
from pleitbrief.library.library import Library, load_library

REPO = Path(__file__).resolve().parents[2]
IMPORTS = REPO / "tests" / "fixtures" / "import"
CORPUS = REPO / "tests" / "fixtures" / "corpora" / "zotero-bbt"
TODAY = dt.date(2024, 5, 1)

LIBRARY = BASIC_BIB  # the same three sources as every small test workspace


@pytest.fixture
def library_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "references"
    folder.mkdir()
    (folder / "bronnen.bib").write_text(LIBRARY, encoding="utf-8")
    return folder


def statuses(plan) -> dict[str, str]:
    return {o.candidate.key: o.status for o in plan.outcomes}


def test_a_zotero_export_is_sorted_into_added_present_and_conflicting(
    library_folder: Path,
) -> None:
    library = load_library([library_folder])
    plan = plan_import(IMPORTS / "zotero-campaign.bib", library, library_folder / "x.bib")
    assert statuses(plan) == {
        "nos-2022": "present",  # same key, same content
        "reutersBalticNationsSay2022": "present",  # another key, same URL
        "ah-3441": "conflict",  # same key, other content
        "petrovaMobilisatieGaatDoor2022": "added",
        "ministerievanbuitenlandsezakenAlgemeenAmbtsberichtRussische2023": "added",
        "jansenAsielrechtNederland2021": "added",
    }
    reasons = {o.candidate.key: o.reason for o in plan.outcomes}
    assert reasons["reutersBalticNationsSay2022"] == "same URL"
    assert reasons["ah-3441"] == "differs in entry type, institution, title"
    (conflict,) = [p for p in plan.problems if p.code == "import-conflict"]
    assert (conflict.file, conflict.line) == (IMPORTS / "zotero-campaign.bib", 18)


def test_imported_entries_are_clean_biblatex(library_folder: Path) -> None:
    plan = plan_import(
        IMPORTS / "zotero-campaign.bib", load_library([library_folder]), library_folder / "x.bib"
    )
    text = {o.candidate.key: o.candidate.text for o in plan.of("added")}
    assert text["jansenAsielrechtNederland2021"] == (
        "@book{jansenAsielrechtNederland2021,\n"
        "  author    = {Jansen, Jan},\n"
        "  title     = {Asielrecht in {{Nederland}}},\n"
        "  publisher = {Boom juridisch},\n"
        "  location  = {Den Haag},\n"
        "  date      = {2021-09},\n"
        "}\n"
    )
    # the markup as Zotero wrote it stays; the local file path of its PDF goes
    meduza = text["petrovaMobilisatieGaatDoor2022"]
    assert "title        = {{\\\"O}ber de mobilisatie -- ,,geen decreet'' en {{Meduza}}}," in meduza
    assert "Zotero/storage" not in meduza


@pytest.mark.parametrize("name", ["zotero-campaign.bib", "campaign.ris", "campaign.json"])
def test_what_is_written_reads_back_as_what_was_read(name: str, tmp_path: Path) -> None:
    plan = plan_import(IMPORTS / name, Library(), tmp_path / "x.bib", today=TODAY)
    assert not plan.broken and plan.of("refused") == []
    written, problems = parse_bib_string(plan.after.decode("utf-8"), tmp_path / "x.bib")
    assert problems == []
    by_key = {e.key: e for e in written}
    for outcome in plan.of("added"):
        candidate = outcome.candidate
        entry = by_key[candidate.key]
        assert entry.fields == candidate.expected
        assert entry.type == candidate.type
        for field, people in candidate.persons.items():  # particles of either kind too
            assert entry.persons[field] == people


def test_ris_records_become_entries_with_their_lines() -> None:
    fmt, candidates, problems = read_import(IMPORTS / "campaign.ris")
    assert fmt == "ris" and problems == []
    assert [(c.type, c.line) for c in candidates] == [("article", 1), ("online", 9), ("report", 22)]
    isw = candidates[1].expected
    assert isw["date"] == "2022-11-18" and isw["urldate"] == "2022-11-20"
    assert isw["langid"] == "english" and isw["keywords"] == "mobilisatie, Rusland"
    assert isw["note"] == "Dagrapport over de mobilisatie; 100% & meer_"
    assert candidates[1].raw["note"] == "Dagrapport over de mobilisatie; 100\\% \\& meer\\_"
    report = candidates[2]
    assert [p.display() for p in report.persons["author"]] == [
        "Pieter Bakker",
        "Olga Smirnova",
        "Eva van der Berg",
    ]
    assert report.expected["institution"] == "Jamestown Foundation"
    assert report.expected["abstract"] == "Een verkenning van wie er vlucht, en waarom."


def test_csl_json_items_become_entries_with_their_lines() -> None:
    fmt, candidates, problems = read_import(IMPORTS / "campaign.json")
    assert fmt == "csljson" and problems == []
    assert [(c.key, c.type, c.line) for c in candidates] == [
        ("meduza-2022-12-06", "article", 2),
        ("http://zotero.org/users/1/items/ABCD", "report", 12),
        ("vdberg-2020", "incollection", 21),
    ]
    meduza, amnesty, chapter = (c.expected for c in candidates)
    assert meduza["title"] == "Мобилизация продолжается — {без указа}"
    assert meduza["entrysubtype"] == "newspaper" and meduza["langid"] == "russian"
    assert amnesty["date"] == "2023-02" and amnesty["doi"] == "10.1000/AI.2023.1"
    assert chapter["pages"] == "45–67" and candidates[2].raw["pages"] == "45--67"
    assert chapter["booktitle"] == "Vluchtelingenrecht in beweging"


def test_keys_are_made_for_entries_without_a_usable_one(tmp_path: Path) -> None:
    plan = plan_import(IMPORTS / "campaign.ris", Library(), tmp_path / "x.bib")
    assert [o.candidate.key for o in plan.outcomes] == [
        "nos-2022-eerste",
        "institute-2022-russian",
        "bakker-2022-dienstweigeraars",
    ]
    plan = plan_import(IMPORTS / "campaign.json", Library(), tmp_path / "x.bib")
    assert plan.outcomes[1].candidate.key == "amnesty-2023-russia"  # not Zotero's URI


@pytest.mark.parametrize(
    ("name", "places"),
    [
        ("broken.bib", [(7, "bib-syntax")]),
        ("broken.ris", [(5, "import-syntax"), (7, "import-syntax")]),
        ("broken.json", [(3, "import-syntax")]),
    ],
)
def test_a_broken_file_lists_its_problems_with_lines_and_writes_nothing(
    name: str, places: list[tuple[int, str]], library_folder: Path
) -> None:
    target = library_folder / "bronnen.bib"
    before = target.read_bytes()
    plan = plan_import(IMPORTS / name, load_library([library_folder]), target)
    assert plan.broken
    assert [(p.line, p.code) for p in plan.problems if p.is_error] == places
    assert all(p.file == IMPORTS / name for p in plan.problems)
    assert write_import(plan) == []
    assert target.read_bytes() == before


def test_the_target_keeps_its_bytes_and_gets_the_entries_after_them(tmp_path: Path) -> None:
    folder = tmp_path / "references"
    folder.mkdir()
    target = folder / "eigen.bib"
    own = (
        b"% mijn bestand\r\n@string{nos = {NOS}}\r\n@online{eigen,\r\n  title={Eigen},"
        b"  journaltitle = nos}"  # CRLF line ends, no newline at the end
    )
    target.write_bytes(own)
    plan = plan_import(IMPORTS / "campaign.ris", load_library([folder]), target, today=TODAY)
    assert write_import(plan) == []
    after = target.read_bytes()
    assert after.startswith(own + b"\r\n\r\n% Imported from campaign.ris on 2024-05-01\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")
    library = load_library([folder])
    assert library.problems == []
    assert library.get("eigen").fields["journaltitle"] == "NOS"  # type: ignore[union-attr]
    assert len(library) == 4
    again = plan_import(IMPORTS / "campaign.ris", library, target)
    assert {o.status for o in again.outcomes} == {"present"}
    assert again.after == again.before


def test_an_append_that_would_not_load_as_planned_is_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "references"
    folder.mkdir()
    target = folder / "open.bib"
    target.write_text("@online{open,\n  title = {Nooit dicht},\n", encoding="utf-8")
    plan = plan_import(IMPORTS / "campaign.json", load_library([folder]), target)
    plan.after = plan.after[:-3]  # as if the last added entry lost its closing brace
    problems = write_import(plan)
    assert [(p.file, p.code) for p in problems] == [(target, "import-target")]
    assert target.read_text(encoding="utf-8") == "@online{open,\n  title = {Nooit dicht},\n"


def test_a_target_changed_while_importing_is_left_alone(library_folder: Path) -> None:
    target = library_folder / "bronnen.bib"
    plan = plan_import(IMPORTS / "campaign.json", load_library([library_folder]), target)
    target.write_text(LIBRARY + "\n% iemand anders\n", encoding="utf-8")
    assert "changed while importing" in write_import(plan)[0].message
    assert target.read_text(encoding="utf-8").endswith("% iemand anders\n")


CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.bib"))
DUPLICATE_KEYS = {"261.bibtex.bib", "297.bibtex.bib"}  # the corpus repeats keys in these


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_better_bibtex_export_imports_and_reads_back_the_same(
    name: str, tmp_path: Path
) -> None:
    plan = plan_import(CORPUS / name, Library(), tmp_path / "x.bib")
    if name in DUPLICATE_KEYS:
        assert plan.broken and {p.code for p in plan.problems if p.is_error} == {"duplicate-key"}
        return
    assert not plan.broken, [p.format() for p in plan.problems if p.is_error]
    assert plan.of("refused") == []
    written, _problems = parse_bib_string(plan.after.decode("utf-8"), tmp_path / "x.bib")
    by_key = {e.key: e for e in written}
    for outcome in plan.of("added"):
        assert by_key[outcome.candidate.key].fields == outcome.candidate.expected



@pytest.mark.parametrize("name", ["campaign.json", "campaign.ris"])
def test_particles_keep_their_kind_through_an_import(name: str, tmp_path: Path) -> None:
    """A CSL-JSON name's non-dropping particle (``van der Berg``, as Zotero exports it) is
    one again when the written entry is read as CSL-JSON; so is a RIS family name's."""
    plan = plan_import(IMPORTS / name, Library(), tmp_path / "x.bib", today=TODAY)
    written, _ = parse_bib_string(plan.after.decode("utf-8"), tmp_path / "x.bib")
    (entry,) = [e for e in written if "Berg" in [p.family for p in e.persons.get("author", ())]]
    berg = {"family": "Berg", "given": "Eva", "non-dropping-particle": "van der"}
    assert to_csl(entry)["author"][-1] == berg
