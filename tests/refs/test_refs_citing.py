"""Who cites what: every key in a citation group, found back at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from refs_helpers import load, make_workspace, write

from pleitbrief.citing import citation_index, cited_by, key_tokens, scan_draft, unused_keys


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def test_every_occurrence_stands_at_its_offset_line_and_column(root: Path) -> None:
    from pleitbrief.citing import scan_workspace

    files = scan_workspace(load(root))
    assert {f.kind for f in files} == {"block", "template", "draft"}
    for source in files:
        assert source.text is not None
        lines = source.text.split("\n")
        for occurrence in source.occurrences:
            at = occurrence.offset
            assert source.text[at : at + len(occurrence.token)] == occurrence.token
            place = occurrence.place
            line = lines[place.line - 1]
            assert line[place.col - 1 :].startswith(occurrence.token)


def test_only_citation_groups_count(root: Path) -> None:
    index = citation_index(load(root))
    block = root / "templates" / "blocks" / "thema" / "blok.md"
    in_block = [(p.line, p.col) for p in index["nos-2022"] if p.file == block]
    # the front matter's default, the body's three groups and the braced key; not the
    # e-mail address, the code span or the bare @nos-2022
    assert in_block == [(7, 28), (9, 21), (9, 40), (11, 7)]
    assert [(p.line, p.col) for p in index["nos-2022-extra"] if p.file == block] == [(11, 24)]


def test_a_draft_cites_in_text_fields_and_block_variables_and_through_its_blocks(
    root: Path,
) -> None:
    places = [p for p in cited_by(load(root), "nos-2022") if p.kind == "draft"]
    shown = [(p.line, p.col, p.via) for p in places]
    assert shown == [
        (6, 7, "thema/blok"),  # through the block
        (7, 26, ""),  # vars: {bron: "zie [@nos-2022]"}
        (9, 22, ""),  # the literal text, first line
        (10, 39, ""),  # its second line, second citation of the group
        (11, 30, ""),  # a plain one-line text
    ]
    rapport = cited_by(load(root), "rapport-2022")
    assert [(p.line, p.col, p.via) for p in rapport if p.kind == "draft"] == [
        (3, 31, ""),  # the field subject: "Bron in een veld [@rapport-2022]"
        (6, 7, "thema/blok"),
        (10, 24, ""),
    ]


def test_a_letter_template_cites_too(root: Path) -> None:
    places = cited_by(load(root), "nos-2022")
    assert [(p.kind, p.name, p.line, p.col) for p in places if p.kind == "template"] == [
        ("template", "eigen", 8, 27)
    ]


def test_unused_keys_are_the_ones_nothing_cites(root: Path) -> None:
    assert unused_keys(load(root)) == ["rapport-2023"]


def test_line_ends_and_indentation_do_not_shift_the_places(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.yaml",
        "template: brief\r\nsections:\r\n  body:\r\n    - text: |\r\n"
        "        eerst [@a]\r\n        dan [@b; @a]\r\n",
    )
    source = scan_draft(path)
    assert source.text is not None
    assert [(o.key, o.place.line, o.place.col) for o in source.occurrences] == [
        ("a", 5, 16),
        ("b", 6, 14),
        ("a", 6, 18),
    ]
    for occurrence in source.occurrences:
        at = occurrence.offset
        assert source.text[at : at + len(occurrence.token)] == occurrence.token


def test_a_yaml_string_with_escapes_is_found_but_not_placed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.yaml",
        'template: brief\nsections:\n  body:\n    - text: "een \\"citaat\\" [\\u0040a] hier"\n',
    )
    (occurrence,) = scan_draft(path).occurrences
    assert occurrence.key == "a"
    assert occurrence.offset == -1 and occurrence.place.line == 4


def test_key_tokens_follow_the_citation_parser() -> None:
    text = "[zie @a, p. 3; @b-c] [@{d_e}] x@y [mail@z] `[@code]` [-@e]"
    assert [(t.key, t.token, t.start) for t in key_tokens(text)] == [
        ("a", "@a", 5),
        ("b-c", "@b-c", 15),
        ("d_e", "@{d_e}", 22),
        ("e", "@e", 55),
    ]


def test_a_draft_that_is_not_yaml_cites_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "d.yaml", "template: [unclosed\n  text: [@a]\n")
    assert scan_draft(path).occurrences == []
