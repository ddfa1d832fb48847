"""Library entries as CSL-JSON: the way pandoc reads biblatex, and the documented exceptions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cite_helpers import make_entry

from pleitbrief.cite.csl import pandoc_path
from pleitbrief.cite.csl_json import session_years, to_csl
from pleitbrief.library.bibtex import parse_bib_file, parse_bib_string

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "csl"


@pytest.mark.skipif(pandoc_path() is None, reason="needs pandoc (pypandoc-binary)")
def test_the_oracle_library_maps_as_pandoc_reads_it() -> None:
    """``pandoc -f biblatex -t csljson`` (an English reading: it sentence-cases English
    titles, so titles compare without case) against the mapping of the decoded entries."""
    done = subprocess.run(
        [str(pandoc_path()), "-f", "biblatex", "-t", "csljson", str(FIXTURES / "library.bib")],
        capture_output=True,
        check=True,
    )
    theirs = {item["id"]: item for item in json.loads(done.stdout)}
    entries, problems = parse_bib_file(FIXTURES / "library.bib")
    assert not problems and len(entries) >= 30
    for entry in entries:
        ours, pandoc = to_csl(entry, "en"), dict(theirs[entry.key])
        for variable in ("title", "container-title"):
            if variable in ours:
                assert ours.pop(variable).lower() == pandoc.pop(variable).lower(), entry.key
        assert ours == pandoc, entry.key


def entry(bib: str):
    (found,), problems = parse_bib_string(bib, Path("refs.bib"))
    assert not problems
    return found


def test_dates() -> None:
    assert to_csl(entry("@online{a, date = {2022-01-03/2022-02}}"))["issued"] == {
        "date-parts": [[2022, 1, 3], [2022, 2]]
    }
    assert to_csl(entry("@online{a, year = 2022, month = nov}"))["issued"] == {
        "date-parts": [[2022, 11]]
    }
    assert to_csl(entry("@online{a, year = {z.j.}}"))["issued"] == {"literal": "z.j."}
    assert to_csl(entry("@online{a, date = {2016-06-06T15:26:37+1000}}"))["issued"] == {
        "date-parts": [[2016, 6, 6]]
    }
    assert to_csl(entry("@online{a, date = {2022~}}"))["issued"] == {
        "date-parts": [[2022]],
        "circa": True,
    }
    assert to_csl(entry("@online{a, urldate = {2023-01-09}}"))["accessed"] == {
        "date-parts": [[2023, 1, 9]]
    }


def test_names_particles_and_organisations() -> None:
    item = to_csl(entry("@book{a, author = {van der Burg, Eric and J.G. Smith and {NOS}}}"))
    assert item["author"] == [
        {"family": "Burg", "given": "Eric", "dropping-particle": "van der"},
        {"family": "Smith", "given": "J. G."},
        {"literal": "NOS"},
    ]
    useprefix = to_csl(entry("@book{a, author = {van der Burg, Eric}, options = {useprefix}}"))
    assert useprefix["author"][0]["non-dropping-particle"] == "van der"


def test_publishers_places_and_numbers() -> None:
    item = to_csl(
        entry(
            "@report{a, institution = {ACVZ}, organization = {Min. J\\&V}, publisher = {Boom},"
            " location = {Den Haag and Utrecht}, number = {12}, type = {Advies}}"
        )
    )
    assert item["publisher"] == "ACVZ; Min. J&V; Boom"
    assert item["publisher-place"] == "Den Haag; Utrecht"
    assert (item["type"], item["genre"], item["number"]) == ("report", "Advies", "12")
    article = to_csl(entry("@article{a, journal = {NJB}, number = {12}, pages = {100--110}}"))
    assert (article["container-title"], article["issue"], article["page"]) == (
        "NJB",
        "12",
        "100-110",
    )
    book = to_csl(entry("@book{a, number = {3}, series = {Boom Juridische studies}}"))
    assert (book["collection-number"], book["collection-title"]) == ("3", "Boom Juridische studies")


def test_language_title_and_apostrophes() -> None:
    item = to_csl(
        entry("@online{a, title = {Russen in azc's}, subtitle = {een reportage}, langid = {dutch}}")
    )
    assert item["title"] == "Russen in azc’s: een reportage"
    assert item["title-short"] == "Russen in azc’s"
    assert item["language"] == "nl-NL"
    british = entry("@online{a, langid = {english}, langidopts = {variant=british}}")
    assert to_csl(british)["language"] == "en-GB"
    assert to_csl(entry("@online{a, url = {https://x.org/it's}}"))["URL"] == "https://x.org/it's"


def test_note_is_kept_back_and_addendum_passed_on() -> None:
    item = to_csl(entry("@online{a, note = {controleer de URL}, addendum = {In het Russisch}}"))
    assert item["note"] == "In het Russisch"


def test_thesis_genre_in_an_english_document() -> None:
    thesis = entry("@phdthesis{a, school = {UvA}}")
    assert to_csl(thesis, "en-GB")["genre"] == "PhD thesis"
    assert to_csl(thesis, "nl")["genre"] == "phdthesis"  # as pandoc: no Dutch wording


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"type": "kamerstuk", "chamber": "II", "session": "2022–2023", "dossier": "19637",
             "number": "3018", "institution": "Tweede Kamer der Staten-Generaal"},
            {"type": "bill", "container-title": "Kamerstukken II", "volume": "2022/23",
             "number": "19637", "page": "3018", "authority": "Tweede Kamer der Staten-Generaal"},
        ),
        (
            {"type": "aanhangsel", "chamber": "TK", "session": "2021/22", "number": "3441"},
            {"type": "bill", "container-title": "Aanhangsel Handelingen II", "volume": "2021/22",
             "page": "3441", "authority": "Tweede Kamer der Staten-Generaal"},
        ),
        (
            {"type": "Handelingen", "chamber": "Eerste Kamer", "session": "2015-2016",
             "number": "7"},
            {"type": "bill", "container-title": "Handelingen I", "volume": "2015/16", "page": "7",
             "authority": "Eerste Kamer der Staten-Generaal"},
        ),
        (
            {"type": "kamerstuk", "dossier": "36200 V", "number": "12"},
            {"type": "bill", "container-title": "Kamerstukken", "number": "36200 V", "page": "12"},
        ),
    ],
)  # fmt: skip
def test_parliamentary_papers_are_csl_bills(fields: dict[str, str], expected: dict) -> None:
    item = to_csl(make_entry({"key": "p", "type": "report", "fields": fields}))
    assert {k: v for k, v in item.items() if k != "id"} == expected


@pytest.mark.parametrize(
    ("session", "expected"),
    [("2021–2022", "2021/22"), ("2021/22", "2021/22"), ("1999-2000", "1999/00"), ("x", "x")],
)
def test_session_years(session: str, expected: str) -> None:
    assert session_years(session) == expected


CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpora" / "zotero-bbt"


@pytest.mark.skipif(pandoc_path() is None, reason="needs pandoc (pypandoc-binary)")
@pytest.mark.parametrize(
    ("name", "reader"), [("129.biblatex.bib", "biblatex"), ("131.bibtex.bib", "bibtex")]
)
def test_particles_drop_or_stay_as_pandoc_reads_them(name: str, reader: str) -> None:
    """Better BibTeX's file of particles (``{van Gulik}``, ``prefix=van, useprefix=true``,
    ``d'Alembert``, ``useprefix=false`` …): each name as pandoc reads it, particles of
    either kind included."""
    done = subprocess.run(
        [str(pandoc_path()), "-f", reader, "-t", "csljson", str(CORPUS / name)],
        capture_output=True,
        check=True,
    )
    theirs = {item["id"]: item.get("author") for item in json.loads(done.stdout)}
    entries, _ = parse_bib_file(CORPUS / name)
    ours = {e.key: to_csl(e, "en").get("author") for e in entries}
    kinds = {k for names in theirs.values() for n in names or () for k in n}
    assert {"dropping-particle", "non-dropping-particle"} <= kinds
    assert ours == theirs


PANDOC_CASES = r"""
@book{braced-publisher, title = {T}, publisher = {{Simon and Schuster} and Boom},
  location = {Amsterdam and Den Haag}, date = {2020}}
@report{braced-institution, title = {T}, date = {2019},
  institution = {{Ministry of Housing, Communities and Local Government}}}
@online{arxiv, title = {T}, eprint = {1412.4006}, eprinttype = {arXiv}}
@article{archiveprefix, title = {T}, eprint = {1410.5093}, archiveprefix = {arXiv}}
@online{pubmed-with-url, title = {T}, eprint = {9861700}, eprinttype = {pubmed},
  url = {https://example.org/a}}
@book{googlebooks, title = {T}, eprint = {gzA4AAAACAAJ}, eprinttype = {googlebooks}}
@misc{url-macro, title = {T}, howpublished = {\url{https://www.example.com/\#foo}}}
@misc{howpublished, title = {T}, howpublished = {Simon and Schuster}, date = {2020}}
@incollection{bookauthor, title = {T}, author = {Canguilhem, Georges},
  bookauthor = {Cavaill{\`e}s, Jean}, booktitle = {Oeuvres}}
@software{software, title = {T}, author = {{Blup}}, date = {2021}}
@online{approximate, title = {T}, date = {2022~}}
@online{date-time, title = {T}, date = {2016-06-06T15:26:37+1000}}
@article{font-commands, langid = {dutch}, journaltitle = {Tijdschrift voor \emph{Recht}},
  title = {Het \emph{non-refoulement}-beginsel, {\em kort} en {\bf vet \textit{beide}}},
  subtitle = {H\textsubscript{2}O in de 4\textsuperscript{e} eeuw, \textsc{Nato}}}
"""


@pytest.mark.skipif(pandoc_path() is None, reason="needs pandoc (pypandoc-binary)")
def test_lists_eprints_and_container_authors_map_as_pandoc_reads_them(tmp_path: Path) -> None:
    bib = tmp_path / "cases.bib"
    bib.write_text(PANDOC_CASES, encoding="utf-8")
    done = subprocess.run(
        [str(pandoc_path()), "-f", "biblatex", "-t", "csljson", str(bib)],
        capture_output=True,
        check=True,
    )
    theirs = {item["id"]: item for item in json.loads(done.stdout)}
    entries, problems = parse_bib_file(bib)
    assert not problems and len(entries) == len(theirs) == 13
    for entry in entries:
        assert to_csl(entry, "en") == theirs[entry.key], entry.key
