"""The house styles, to the character: golden footnote texts per kind of entry."""

# The expected footnotes hold real en dashes and quotation marks:

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from cite_helpers import make_entry, plain_text, short_letter, short_letter_markdown
from ruamel.yaml import YAML
from tests.pandoc_reading import PANDOC

from pleitbrief.cite.house import group_dossier, normalise_session
from pleitbrief.cite.styles import get_style
from pleitbrief.library.bibtex import parse_bib_string
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import Citation, CiteGroup, Emph, Link, Strong, Text

# ruamel's own YAML 1.2 reader: libyaml's (1.1) rejects `url: https://…` in a flow mapping
CASES: list[dict[str, Any]] = YAML(typ="safe", pure=True).load(
    (Path(__file__).parent / "fixtures" / "house.yaml").read_text(encoding="utf-8")
)

SEED_ENTRIES = {e.key: e for e in (make_entry(c["entry"]) for c in CASES)}


def footnote(lang: str, *citations: Citation, entries: dict[str, Entry] | None = None) -> str:
    style = get_style(f"pleitbrief-{lang}", lang)
    group = CiteGroup(list(citations), source="[…]")
    return plain_text(style.format_group(group, SEED_ENTRIES if entries is None else entries))


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_footnote(case: dict[str, Any], lang: str) -> None:
    entry = make_entry(case["entry"])
    cite = Citation(entry.key, **{k: v for k, v in (case.get("cite") or {}).items()})
    assert footnote(lang, cite, entries={entry.key: entry}) == case[lang]


def test_fixture_ids_are_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


def test_spec_examples_exactly() -> None:
    """The four footnotes of SPEC §5, each from an entry as a library would hold it."""
    assert [
        footnote("nl", Citation(k))
        for k in ("nos-2022-09-22", "reuters-2022-09-21", "ah-tk-20212022-3441", "kst-19637-3100")
    ] == [
        "NOS, 22 september 2022, «Eerste Russische reservisten melden zich, opvallend druk"
        " aan grenzen» (https://nos.nl/artikel/2445552-eerste-russische-reservisten-melden"
        "-zich-opvallend-druk-aan-grenzen)",
        "Reuters, 21 september 2022, «Baltic nations say they will refuse refuge to Russians"
        " fleeing mobilisation» (https://www.reuters.com/world/europe/baltic-nations-say-they"
        "-will-refuse-refuge-russians-fleeing-mobilisation-2022-09-21/)",
        "Aanhangsel Handelingen, vergaderjaar 2021–2022, nr. 3441",
        "Kamerstuk 19 637, nr. 3100",
    ]


def test_several_citations_in_one_group_join_with_semicolons() -> None:
    text = footnote(
        "nl",
        Citation("kst-19637-3100"),
        Citation("ah-tk-20212022-3441", prefix="zie ook"),
        Citation("fz-mobilisatie", locator="art. 4"),
    )
    assert text == (
        "Kamerstuk 19 637, nr. 3100; zie ook Aanhangsel Handelingen, vergaderjaar 2021–2022,"
        " nr. 3441; Federale wet nr. 31-FZ «Over mobilisatievoorbereiding en mobilisatie»,"
        " 26 februari 1997 (http://www.kremlin.ru/acts/bank/10553), art. 4"
    )


def test_unknown_key_shows_as_question_mark_key_with_its_locator() -> None:
    text = footnote("en", Citation("nos-kort"), Citation("geen-bron", prefix="see", locator="p. 3"))
    assert text == "NOS, 22 September 2022, ‘Reservisten melden zich’; see ?geen-bron, p. 3"


def test_empty_group_gives_no_text() -> None:
    assert footnote("nl") == ""


def test_url_is_a_link_whose_text_is_the_url() -> None:
    style = get_style("pleitbrief-nl", "nl")
    out = style.format_group(CiteGroup([Citation("nos-2022-09-22")], ""), SEED_ENTRIES)
    url = SEED_ENTRIES["nos-2022-09-22"].get("url")
    assert out[-2:] == [Link(url, [Text(url)]), Text(")")]
    assert all(isinstance(i, Text) for i in out[:-2])


def test_journal_and_book_titles_are_emphasised() -> None:
    style = get_style("pleitbrief-nl", "nl")
    article = style.format_group(CiteGroup([Citation("devries-2022")], ""), SEED_ENTRIES)
    assert Emph([Text("Nederlands Juristenblad")]) in article
    book = style.format_group(CiteGroup([Citation("jansen-2021")], ""), SEED_ENTRIES)
    assert Emph([Text("Asielrecht in Nederland")]) in book
    chapter = style.format_group(CiteGroup([Citation("jansen-2020-hoofdstuk")], ""), SEED_ENTRIES)
    assert Emph([Text("Vluchtelingenrecht in beweging")]) in chapter


def test_adjacent_text_runs_are_merged() -> None:
    style = get_style("pleitbrief-nl", "nl")
    out = style.format_group(CiteGroup([Citation("kst-19637-3100")], ""), SEED_ENTRIES)
    assert out == [Text("Kamerstuk 19 637, nr. 3100")]


def test_parliamentary_paper_url_links_the_designation() -> None:
    entry = make_entry(
        {
            "key": "kst",
            "fields": {
                "type": "kamerstuk",
                "dossier": "19637",
                "number": "3100",
                "url": "https://zoek.officielebekendmakingen.nl/kst-19637-3100.html",
            },
        }
    )
    style = get_style("pleitbrief-nl", "nl")
    out = style.format_group(CiteGroup([Citation("kst", locator="p. 2")], ""), {"kst": entry})
    assert out == [Link(entry.get("url"), [Text("Kamerstuk 19 637, nr. 3100")]), Text(", p. 2")]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2021/22", "2021–2022"),
        ("2021-2022", "2021–2022"),
        ("2021 / 2022", "2021–2022"),
        ("2021–2022", "2021–2022"),
        ("2021-22", "2021–2022"),
        ("1999/00", "1999–2000"),
        ("2022", "2022"),
        ("  ", ""),
        ("zomerreces", "zomerreces"),
    ],
)
def test_normalise_session(written: str, shown: str) -> None:
    assert normalise_session(written) == shown


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("19637", "19 637"),
        ("36000", "36 000"),
        ("19 637", "19 637"),
        ("1234567", "1 234 567"),
        ("637", "637"),
        ("36200-V", "36 200-V"),
        ("36200 V", "36 200 V"),
        ("", ""),
        ("XV", "XV"),
    ],
)
def test_group_dossier(written: str, shown: str) -> None:
    assert group_dossier(written) == shown


@pytest.mark.parametrize(
    ("chamber", "shown"),
    [
        ("II", ""),
        ("ii", ""),
        ("TK", ""),
        (" tweede  kamer ", ""),
        ("I", " I"),
        ("EK", " I"),
        ("Eerste Kamer", " I"),
        ("Senaat", " Senaat"),
    ],
)
def test_chamber_spellings(chamber: str, shown: str) -> None:
    """The Tweede Kamer is implied, as in its own papers; any other chamber is named."""
    fields = {"type": "handelingen", "chamber": chamber, "number": "2"}
    entry = make_entry({"key": "h", "fields": fields})
    assert footnote("nl", Citation("h"), entries={"h": entry}) == f"Handelingen{shown}, nr. 2"


def test_and_others_in_a_bib_file_is_e_a_in_the_footnote(ws, cli) -> None:
    ws.write(
        "references/meer.bib",
        "@article{jansen-2022,\n  title = {Asiel in de praktijk},\n"
        "  author = {Jansen, Jan and others},\n  journaltitle = {NJB},\n  date = {2022},\n"
        "  pages = {12--18},\n}\n",
    )
    text = short_letter_markdown(ws, cli, "Zie [@jansen-2022, p. 13].")
    assert "[^1]: Jan Jansen e.a., «Asiel in de praktijk», *NJB* 2022, p. 13" in text


def test_a_titles_latex_emphasis_is_kept_inside_its_quotes() -> None:
    (entry,), problems = parse_bib_string(
        "@article{kok, author = {Kok, Lisa}, journaltitle = {NQHR}, volume = {33},\n"
        "  title = {Review of \\emph{The law of refugee status} and {\\bf more}}, year = 2015}",
        Path("refs.bib"),
    )
    assert not problems
    style = get_style("pleitbrief-nl", "nl")
    inlines = style.format_group(CiteGroup([Citation("kok")], source="[@kok]"), {"kok": entry})
    assert inlines == [
        Text("Lisa Kok, «Review of "),
        Emph([Text("The law of refugee status")]),
        Text(" and "),
        Strong([Text("more")]),
        Text("», "),
        Emph([Text("NQHR")]),
        Text(" 33 (2015)"),
    ]


def test_a_book_title_is_italic_whole() -> None:
    (entry,), _ = parse_bib_string(
        "@book{b, title = {Over \\emph{non-refoulement}}, publisher = {Boom}, year = 2021}",
        Path("refs.bib"),
    )
    assert footnote("nl", Citation("b"), entries={"b": entry}) == "Over non-refoulement, Boom 2021"
    style = get_style("pleitbrief-nl", "nl")
    inlines = style.format_group(CiteGroup([Citation("b")], source="[@b]"), {"b": entry})
    assert inlines[0] == Emph([Text("Over non-refoulement")])


def test_a_titles_emphasis_reaches_the_word_footnote(ws, cli) -> None:
    ws.write(
        "references/meer.bib",
        "@article{kok-2015,\n  author = {Kok, Lisa},\n  journaltitle = {NQHR},\n"
        "  title = {Review of \\emph{The law of refugee status}},\n  volume = {33},\n"
        "  date = {2015},\n}\n",
    )
    ws.draft("brief", short_letter("Zie [@kok-2015, p. 100]."))
    done = cli("export", "drafts/brief.yaml", "--to", "docx", cwd=ws.root)
    assert done.code == 0, done.stderr
    data = (ws.root / "drafts" / "brief.docx").read_bytes()
    docx.Document(io.BytesIO(data))  # Word's own reader opens it
    markdown = subprocess.run(
        [PANDOC, "-f", "docx", "-t", "markdown", "--wrap=none"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "Lisa Kok, «Review of *The law of refugee status*», *NQHR* 33 (2015), p. 100" in (
        markdown
    )
