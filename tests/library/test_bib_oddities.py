"""Every oddity of SPEC §3 in one file (tests/fixtures/bib/oddities.bib), decoded exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pleitbrief.library.bibtex import parse_bib_file
from pleitbrief.library.entry import Entry, Person
from pleitbrief.problems import error

ODDITIES = Path(__file__).resolve().parents[1] / "fixtures" / "bib" / "oddities.bib"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def entries() -> dict[str, Entry]:
    return {entry.key: entry for entry in parse_bib_file(ODDITIES)[0]}


def test_every_entry_but_the_malformed_one_loads_with_its_type_and_line() -> None:
    loaded, _ = parse_bib_file(ODDITIES)
    assert [(e.key, e.type, e.line) for e in loaded] == [
        ("nos-2022", "online", 9),
        ("accents-2021", "article", 18),
        ("meduza-2022-11-02", "report", 27),
        ("after-broken", "misc", 41),
        ("paren-entry", "misc", 49),
    ]
    assert {e.file for e in loaded} == {ODDITIES}


def test_the_malformed_entry_is_one_error_at_its_line() -> None:
    _, problems = parse_bib_file(ODDITIES)
    message = (
        "malformed @article entry 'broken-2020', field 'title': missing ',' before 'year = {2020}'"
    )
    assert problems == [error(ODDITIES, 37, "bib-syntax", message)]


def test_string_macros_and_concatenation_in_any_order(entries: dict[str, Entry]) -> None:
    assert entries["nos-2022"].fields["journaltitle"] == "NOS Nieuws"
    # "…" # macro # {…} # "…" # number, and a macro defined with braces and @STRING
    assert entries["meduza-2022-11-02"].fields["note"] == "Stichting Free Russia NL, 2022"


@pytest.mark.parametrize(
    ("key", "month"),
    [
        ("nos-2022", "9"),  # month = sep
        ("accents-2021", "9"),  # {September}
        ("meduza-2022-11-02", "11"),  # nov
        ("after-broken", "9"),  # {Sept.}
        ("paren-entry", "10"),  # 10
    ],
)
def test_month_macros_and_names_become_numbers(
    entries: dict[str, Entry], key: str, month: str
) -> None:
    assert entries[key].fields["month"] == month


def test_accents_in_every_form(entries: dict[str, Entry]) -> None:
    assert entries["accents-2021"].title == (
        "Öffentlich öffentlich öffentlich Café Café Café Straße Straße Øresund å ça Škoda í Łódź"
    )


def test_dashes_ties_escapes_quotes_and_font_commands(entries: dict[str, Entry]) -> None:
    assert entries["accents-2021"].fields["subtitle"] == (
        f"NATO and the EU, 1990–2022 — a{NBSP}review of policy & practice: 50% “quoted”"
    )
    assert entries["accents-2021"].fields["pages"] == "12–15"


def test_braces_protecting_case_are_removed(entries: dict[str, Entry]) -> None:
    assert entries["nos-2022"].title == (
        "Eerste Russische reservisten melden zich, opvallend druk aan grenzen"
    )
    assert entries["accents-2021"].fields["journal"] == "Journal of Christoph's Studies"
    assert entries["paren-entry"].title == "Round (brackets) around the entry"


def test_cyrillic_is_kept(entries: dict[str, Entry]) -> None:
    meduza = entries["meduza-2022-11-02"]
    assert meduza.title == "Мобилизация в России: что известно"
    assert meduza.persons["author"] == (Person(literal="Медуза"),)


def test_percent_comments_are_ignored_and_a_percent_in_a_value_is_kept(
    entries: dict[str, Entry],
) -> None:
    assert "commented-out" not in entries
    assert set(entries["meduza-2022-11-02"].fields) == {"author", "title", "month", "note", "year"}
    assert entries["after-broken"].title == (
        "Quoted Value with ä, 50% of people and https://x.org/a_b%20c"
    )
    assert entries["nos-2022"].fields["url"] == (
        "https://nos.nl/artikel/2445552-eerste_russische%20reservisten"
    )


def test_type_and_field_names_are_lower_case(entries: dict[str, Entry]) -> None:
    accents = entries["accents-2021"]
    assert accents.type == "article"
    assert list(accents.fields) == ["author", "title", "subtitle", "journal", "month", "pages"]


def test_persons_are_split_before_braces_go(entries: dict[str, Entry]) -> None:
    assert entries["nos-2022"].persons == {"author": (Person(literal="NOS Nieuws"),)}
    assert entries["accents-2021"].persons["author"] == (
        Person(family="Müller", given="Jörg"),
        Person(family="Dijk", given="Jasper", particle="van"),
        Person(family="Beethoven", given="Ludwig", particle="van"),
        Person(family="Fontaine", given="Jean", particle="de la"),
        Person(family="Bennett", given="Frank G.", suffix="Jr."),
        Person(literal="Stichting Free Russia NL"),
    )
    after = entries["after-broken"].persons
    assert after["editor"] == (
        Person(family="Berg", given="Piet", particle="van der"),
        Person(family="Gaulle", given="Charles", particle="de", non_dropping=True),
        Person(family="Dijk", given="Marten", particle="van", non_dropping=True),
    )
    assert after["translator"] == (Person(family="Ivanova", given="Anna"), Person(literal="others"))


def test_person_fields_are_kept_as_decoded_strings_too(entries: dict[str, Entry]) -> None:
    assert entries["accents-2021"].fields["author"] == (
        "Müller, Jörg and van Dijk, Jasper and Ludwig van Beethoven and de la Fontaine, Jean "
        "and Bennett, Jr., Frank G. and Stichting Free Russia NL"
    )
    assert entries["nos-2022"].fields["author"] == "NOS Nieuws"
