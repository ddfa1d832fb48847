"""BibTeX names → Person, checked against what pandoc makes of the same names."""

from __future__ import annotations

import pytest

from pleitbrief.library.entry import Person
from pleitbrief.library.names import parse_person, split_persons


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("van Dijk, Jasper", Person(family="Dijk", given="Jasper", particle="van")),
        ("Jasper van Dijk", Person(family="Dijk", given="Jasper", particle="van")),
        ("van Dijk", Person(family="Dijk", particle="van")),
        ("Ludwig van Beethoven", Person(family="Beethoven", given="Ludwig", particle="van")),
        ("Beethoven, Ludwig van", Person(family="Beethoven", given="Ludwig", particle="van")),
        ("van der Berg, Piet", Person(family="Berg", given="Piet", particle="van der")),
        ("Jean de la Fontaine", Person(family="Fontaine", given="Jean", particle="de la")),
        ("de La Fontaine, Jean", Person(family="La Fontaine", given="Jean", particle="de")),
        ("Sánchez de la Torre, Juan", Person(family="Sánchez de la Torre", given="Juan")),
        ("{de Gaulle}, Charles",
         Person(family="Gaulle", given="Charles", particle="de", non_dropping=True)),
        ("{Van Dyke}, Dick", Person(family="Van Dyke", given="Dick")),
        ("d'Aubignac, Abbé",
         Person(family="Aubignac", given="Abbé", particle="d'", non_dropping=True)),
        ("{boven d'Eert}, Christianus",
         Person(family="d'Eert", given="Christianus", particle="boven", non_dropping=True)),
        ("al-Khwarizmi, Muhammad",
         Person(family="Khwarizmi", given="Muhammad", particle="al-", non_dropping=True)),
        ("Macedo, Agostinho José da Costa de",
         Person(family="Macedo", given="Agostinho José da Costa de")),
        ("Bennett, Jr., Frank G.", Person(family="Bennett", given="Frank G.", suffix="Jr.")),
        ("Doe Co.", Person(family="Co.", given="Doe")),
        ('M{\\"u}ller, J{\\"o}rg', Person(family="Müller", given="Jörg")),
        ("{\\relax Ph}ilippe Boronat", Person(family="Boronat", given="Philippe")),
        ("{Stichting Free Russia NL}", Person(literal="Stichting Free Russia NL")),
        ("{Barnes and Noble}", Person(literal="Barnes and Noble")),
        ("{{Africa News}}", Person(literal="Africa News")),
        ("{Медуза}", Person(literal="Медуза")),
        ("Иванова, Анна", Person(family="Иванова", given="Анна")),
        ("others", Person(literal="others")),
        (
            "family=Dijk, given=Marten, prefix=van, useprefix=true",
            Person(family="Dijk", given="Marten", particle="van", non_dropping=True),
        ),
        (
            "family=Beauvoir, given=Simone, prefix=de, useprefix=false",
            Person(family="Beauvoir", given="Simone", particle="de", non_dropping=False),
        ),
        (
            "family=Stevenson, given=Adlai E., suffix=III, juniorcomma=true",
            Person(family="Stevenson", given="Adlai E.", suffix="III"),
        ),
    ],
)  # fmt: skip
def test_parse_person(name: str, person: Person) -> None:
    assert parse_person(name) == person


def test_and_inside_braces_does_not_split() -> None:
    assert split_persons("{Simon and Schuster} and\n  Knuth, Donald E.") == (
        Person(literal="Simon and Schuster"),
        Person(family="Knuth", given="Donald E."),
    )


@pytest.mark.parametrize("name", ["", "  ", ",", "{", "}", ", , ,", "a, b, c, d", "{\\}"])
def test_odd_names_do_not_raise(name: str) -> None:
    parse_person(name)
