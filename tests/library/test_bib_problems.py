"""Bad BibTeX gets problems with a file and line, never a traceback (SPEC §10)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pleitbrief.library.bibtex import evaluate, parse_bib_file, parse_bib_string, strip_comments
from pleitbrief.problems import Severity, error, warning

BIB = Path("refs.bib")


def keys(text: str) -> list[str]:
    return [entry.key for entry in parse_bib_string(text, BIB)[0]]


def test_an_entry_without_a_key_is_an_error_and_skipped() -> None:
    entries, problems = parse_bib_string(
        "@misc{,\n  title = {No key},\n}\n@misc{b, title={B}}", BIB
    )
    assert [e.key for e in entries] == ["b"]
    assert problems == [error(BIB, 1, "missing-key", "@misc entry without a key")]


def test_an_undefined_macro_is_a_warning_and_kept_as_written() -> None:
    entries, problems = parse_bib_string("@misc{a,\n  journal = IEEE_J_WC # { x},\n}", BIB)
    assert entries[0].fields["journal"] == "IEEE_J_WC x"
    message = "undefined @string macro 'IEEE_J_WC'"
    assert problems == [warning(BIB, 2, "undefined-string", message)]


def test_macros_are_case_insensitive_and_may_build_on_earlier_ones() -> None:
    text = '@string{a = "Free"}\n@String{B = a # " Russia"}\n@misc{k, note = b # { NL}}'
    entries, problems = parse_bib_string(text, BIB)
    assert entries[0].fields["note"] == "Free Russia NL"
    assert problems == []


def test_a_duplicate_key_in_one_file_is_an_error_naming_the_first_place() -> None:
    text = "@misc{a, title={First}}\n\n@misc{a, title={Second}}\n"
    entries, problems = parse_bib_string(text, BIB)
    assert [e.title for e in entries] == ["First"]
    message = "duplicate key 'a' (first defined at refs.bib:1)"
    assert problems == [error(BIB, 3, "duplicate-key", message)]


def test_a_field_given_twice_is_a_warning_and_the_first_is_kept() -> None:
    entries, problems = parse_bib_string("@misc{a,\n title={One},\n title={Two}}", BIB)
    assert entries[0].title == "One"
    message = "field 'title' given twice in 'a'; the first one is used"
    assert problems == [warning(BIB, 1, "duplicate-field", message)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "@misc{a, title = {Unclosed,\n year = 2020}\n\n@misc{b, title={B}}\n",
            1,
            "malformed @misc entry 'a': Unexpected block start: `@misc`. "
            "Was still looking for field-value closing `,` or `}`",
        ),
        (
            "@misc{a,\n title = {A} #\n}\n@misc{b, title={B}}\n",
            2,
            "malformed @misc entry 'a', field 'title': '#' with nothing after it",
        ),
        (
            "@misc{a title = {A}}\n@misc{b, title={B}}\n",
            1,
            "malformed @misc entry 'a': Expected comma after entry key, but found =",
        ),
        (
            '@misc{a,\n\n title = "A {b" # c}\n@misc{b, title={B}}\n',
            3,
            "malformed @misc entry 'a', field 'title': no closing \"",
        ),
        (
            "@misc{a,\n title = {A},\n  % comment\n bad key = {x},\n}\n@misc{b, title={B}}\n",
            4,
            "malformed @misc entry 'a', field 'bad key': 'bad key' is not a field name",
        ),
    ],
)
def test_a_malformed_entry_is_an_error_and_the_rest_loads(
    text: str, line: int, message: str
) -> None:
    entries, problems = parse_bib_string(text, BIB)
    assert [e.key for e in entries] == ["b"]
    assert [(p.line, p.code, p.message) for p in problems] == [(line, "bib-syntax", message)]


def test_bibtexparser_does_not_log_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    logging.getLogger("bibtexparser").propagate = False  # as when the app sets up no logging
    try:
        parse_bib_string("@misc{a, title = {Unclosed\n@misc{b, title={B}}", BIB)
    finally:
        logging.getLogger("bibtexparser").propagate = True
    assert capsys.readouterr().err == ""


def test_a_file_that_is_not_utf8_loads_with_an_error_at_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bib"
    path.write_bytes("@misc{a,\n  title = {Caf\u00e9},\n}\n".encode("latin-1"))
    entries, problems = parse_bib_file(path)
    assert [e.title for e in entries] == ["Caf\ufffd"]
    assert [(p.line, p.code, p.severity) for p in problems] == [(2, "bib-encoding", Severity.ERROR)]


def test_a_byte_order_mark_is_not_part_of_the_first_entry(tmp_path: Path) -> None:
    path = tmp_path / "bom.bib"
    path.write_bytes("\ufeff@misc{a, title={A}}".encode())
    assert parse_bib_file(path) == parse_bib_string("@misc{a, title={A}}", path)


def test_an_unreadable_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    entries, problems = parse_bib_file(tmp_path / "missing.bib")
    assert entries == []
    assert [(p.line, p.code) for p in problems] == [(0, "bib-unreadable")]


def test_empty_and_comment_only_files_are_fine() -> None:
    assert parse_bib_string("", BIB) == ([], [])
    assert parse_bib_string("% nothing\n@comment{jabref-meta: x;}\n", BIB) == ([], [])


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("{A}", "A"),
        ('"A"', "A"),
        ("2022", "2022"),
        ('a # " b " # {c} # 1', "X b c1"),
        ('{x "quoted" y}', 'x "quoted" y'),
        ('"with {"} inside"', 'with {"} inside'),
        ("", ""),
    ],
)
def test_evaluate_concatenates_parts(raw: str, value: str) -> None:
    assert evaluate(raw, {"a": "X"}) == (value, [])


def test_an_odd_quote_in_a_comment_block_does_not_hide_later_comments() -> None:
    text = '@comment{jabref-meta: "odd}\n% @misc{hidden, title={H}}\n@misc{a, title={A}}\n'
    assert keys(text) == ["a"]


def test_comments_go_but_newlines_stay() -> None:
    text = "% top\n@misc{a, % here\n title = {50% {x} % kept}, % gone {\n}\n"
    assert strip_comments(text) == "\n@misc{a, \n title = {50% {x} % kept}, \n}\n"


_PIECES = st.sampled_from(
    ["@misc{", "@string{", "a", ",", " = ", "{", "}", '"', "#", "%", "\\", "\n", "and",
     "\\'e", "{\\ss}", "~", "--", "$", "=", "(", ")", "é", "Ж", "@comment{", "month = sep"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_no_input_raises(text: str) -> None:
    entries, problems = parse_bib_string(text, BIB)
    assert all(p.file == BIB for p in problems)
    assert all(e.line >= 1 for e in entries)
