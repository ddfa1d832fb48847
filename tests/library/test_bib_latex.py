"""LaTeX → Unicode, and the fast paths that keep pylatexenc off plain values."""

# ruff: noqa: RUF001 (test data is non-ASCII text on purpose)

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pleitbrief.library import latex
from pleitbrief.library.latex import decode, decode_rich

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Plain text", "Plain text"),
        ("  spread\n   over\tlines  ", "spread over lines"),
        ("{{NATO}} and {the} {EU}", "NATO and the EU"),
        ("1990--2022 --- a~b", f"1990–2022 — a{NBSP}b"),
        ("``double'' and `single'", "“double” and ‘single'"),
        (
            "{\\\"o} \\\"o \\\"{o} \\'e \\'{e} {\\'e} \\`a \\^o \\~n \\=a \\.z",
            "ö ö ö é é é à ô ñ ā ż",
        ),
        ("\\c{c} \\c c \\v{s} \\H{o} \\k{a} \\u{g} \\r{u} \\d{s} \\b{b}", "ç ç š ő ą ğ ů ṣ ḇ"),
        (
            "{\\ss} \\ss{} Stra\\ss e \\o{} \\O{} \\aa{} \\AE{} \\oe{} \\L{}\\'od\\'z",
            "ß ß Straße ø Ø å Æ œ Łódź",
        ),
        ("\\'{\\i} \\\"\\i{} {\\i}", "í ï ı"),
        ("\\& \\% \\_ \\# \\$ 50% of", "& % _ # $ 50% of"),
        ("\\textit{a} \\emph{b} \\textbf{c} {\\em d} \\mkbibemph{e} \\textsc{f}", "a b c d e f"),
        ("{\\relax Ch}ristoph", "Christoph"),
        ("\\mkbibquote{q} \\enquote{r} \\mkbibparens{p}", "“q” “r” (p)"),
        (
            "\\url{https://x.org/a_b%20c~d} \\href{https://x.org/#y}{the text}",
            "https://x.org/a_b%20c~d the text",
        ),
        ("$\\alpha$ and {$<$}!{$>$}", "α and <!>"),
        ("\\textasciicircum{} \\^{} \\textbar{} \\textbraceleft{}", "^ ^ | {"),
        ("\\t{ia}", "i\u0361a"),
        ("\\noopsort{a}Zeta", "Zeta"),
        ("AT&T", "AT&T"),
        ("Мобилизация {РФ}", "Мобилизация РФ"),
        ("\\textit{unclosed", "unclosed"),
        ("}{ stray", "stray"),
    ],
)
def test_decode(value: str, text: str) -> None:
    assert decode(value) == text


def test_plain_and_accent_only_values_never_reach_pylatexenc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(value: str) -> str:
        raise AssertionError(f"pylatexenc called for {value!r}")

    monkeypatch.setattr(latex, "_decode_with_pylatexenc", refuse)
    for value in ("Plain", "{{Braced}} -- ~", "M{\\\"u}ller \\'e {\\ss} \\& \\emph{x}"):
        decode(value)


def test_pylatexenc_errors_do_not_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(latex_text: str) -> str:
        raise IndexError("pylatexenc had a bad day")

    monkeypatch.setattr(latex, "_to_text", broken)
    latex._decode_with_pylatexenc.cache_clear()
    try:
        assert decode("\\unknown{Caf\\'e} $x$") == "Café $x$"
    finally:
        latex._decode_with_pylatexenc.cache_clear()


# No newlines: pylatexenc itself is not consistent about a blank line after `\i`.
_PIECES = st.sampled_from(
    ["a", "Z", " ", "{", "}", "{x}", "--", "---", "~", "``", "''",
     "\\'e", "\\'{e}", "{\\'e}", '\\"o', '{\\"O}', "\\`a", "\\^{o}", "\\~n", "\\c{c}", "\\c c",
     "\\v{s}", "\\H o", "\\'{\\i}", "\\'\\i", "{\\ss}", "\\ss ", "\\ss{}", "\\o", "\\O{}",
     "\\aa", "\\L{}", "\\i", "\\&", "\\%", "\\_", "\\#", "\\$", "\\emph{", "\\textit{",
     "{\\em ", "{\\relax ", "\\mkbibemph{"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_the_regex_path_gives_what_pylatexenc_gives(value: str) -> None:
    """Path 3 (accents by regular expression) must agree with path 4 (pylatexenc)."""
    fast = latex._decode_accents(value)
    if fast is not None:
        slow = latex._decode_with_pylatexenc(value)
        assert " ".join(fast.split()) == " ".join(slow.split())


@pytest.mark.parametrize(
    ("value", "rich"),
    [
        ("Review of \\emph{The law}", "Review of <i>The law</i>"),
        ("{\\em kort} en {\\bf vet \\textit{beide}}", "<i>kort</i> en <b>vet <i>beide</i></b>"),
        ("H\\textsubscript{2}O, 4\\textsuperscript{e}", "H<sub>2</sub>O, 4<sup>e</sup>"),
        ("\\textsc{Nato}", '<span style="font-variant:small-caps;">Nato</span>'),
        ("\\emph{D{\\'e}j{\\`a} \\{vu\\}}", "<i>Déjà {vu}</i>"),
        ("plain {EU} title", None),  # no font command: the text is all there is
        ("\\emph{}", None),  # emphasis of nothing
        ("\\emph{open", None),  # unbalanced: left to the decoder
    ],
)
def test_font_commands_as_csl_rich_text(value: str, rich: str | None) -> None:
    assert decode_rich(value) == rich
