"""The glue between citation groups and the processor does what pandoc does around citeproc.

The rules are tested one by one on hand-built processor output; where pandoc can show
them (parentheses in footnotes, capitals, final periods, unknown keys), the texts are
held to what ``csl.py`` reads from pandoc 3.9 for the same groups, with a tiny style.
"""

from __future__ import annotations

from typing import Any

import pytest

from pleitbrief.cite import csl
from pleitbrief.cite import pandoc_ast as ast
from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc.citations import Citation, CitationItem
from pleitbrief.cite.citeproc.glue import citations_for, locator_parser, texts_for
from pleitbrief.cite.citeproc.inlines import SPACE, Inlines, Note, Quoted, Span, Str, Styled, words
from pleitbrief.cite.citeproc.locator import locator_map
from pleitbrief.cite.styles import PlacedGroup
from pleitbrief.markup import model as m

needs_pandoc = pytest.mark.skipif(csl.pandoc_path() is None, reason="needs pandoc")


def group(*cited: m.Citation | str) -> m.CiteGroup:
    citations = [m.Citation(c) if isinstance(c, str) else c for c in cited]
    return m.CiteGroup(citations, "[" + "; ".join(f"@{c.key}" for c in citations) + "]")


def running(*cited: m.Citation | str, note: int = 1) -> PlacedGroup:
    return PlacedGroup(group(*cited), note)


def in_note(*cited: m.Citation | str, note: int = 1, first: bool = False) -> PlacedGroup:
    return PlacedGroup(group(*cited), note, in_note=True, starts_note=first)


def no_locator(suffix: Inlines) -> tuple[tuple[str, str] | None, Inlines]:
    return None, suffix


# --- groups → citations ---------------------------------------------------------------


def test_each_group_is_one_citation_numbered_by_its_note() -> None:
    groups = [running("a", note=3), in_note("b", m.Citation("c", suppress_author=True), note=5)]
    assert citations_for(groups, no_locator) == [
        Citation(None, 3, (CitationItem("a"),)),
        Citation(None, 5, (CitationItem("b"), CitationItem("c", type="suppress-author"))),
    ]


def test_note_number_zero_and_an_empty_group_have_no_note_number() -> None:
    empty = PlacedGroup(m.CiteGroup([], "[]"), 4)
    assert citations_for([running("a", note=0), empty], no_locator) == [
        Citation(None, None, (CitationItem("a"),)),
        Citation(None, None, ()),
    ]


def test_the_key_star_is_no_item() -> None:
    (citation,) = citations_for([running("a", "*")], no_locator)
    assert citation.items == (CitationItem("a"),)


def test_a_prefix_is_markdown_ending_in_a_space() -> None:
    cited = m.Citation("a", prefix=" zie *ook*  ")
    (citation,) = citations_for([running(cited)], no_locator)
    assert citation.items[0].prefix == (
        Str("zie"), SPACE, Styled("emph", (Str("ook"),)), SPACE,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("locator", "suffix", "sent"),
    [
        ("p. 3", "", ", p. 3"),
        ("p. 3", "zie ook", ", p. 3, zie ook"),
        ("p. 3", "(noot 4)", ", p. 3, (noot 4)"),
        ("p. 3", "; anders", ", p. 3; anders"),
        ("", "zie ook", ", zie ook"),
        ("", ") en", ") en"),
    ],
)
def test_the_locator_and_suffix_go_to_the_locator_parser_as_one_suffix(
    locator: str, suffix: str, sent: str
) -> None:
    seen: list[Inlines] = []

    def parse(suffix: Inlines) -> tuple[tuple[str, str] | None, Inlines]:
        seen.append(suffix)
        return None, suffix

    citations_for([running(m.Citation("a", locator=locator, suffix=suffix))], parse)
    assert seen == [words(sent)]


def test_the_locator_parser_decides_label_locator_and_the_rest() -> None:
    def parse(suffix: Inlines) -> tuple[tuple[str, str] | None, Inlines]:
        return ("page", il.stringify(suffix[4:5]).rstrip(",")), suffix[6:]

    both = m.Citation("a", locator="p. 3", suffix="zie ook")
    (citation,) = citations_for([running(both, m.Citation("b", locator="p. 4"))], parse)
    first, second = citation.items
    assert (first.label, first.locator, first.suffix) == ("page", "3", words("zie ook"))
    assert (second.label, second.locator, second.suffix) == ("page", "4", None)


LABELS = locator_map({"page": ["p.", "pp."], "chapter": ["hfdst."]})
ZIE = Styled("emph", (Str("zie"),))


@pytest.mark.parametrize(
    ("suffix", "found", "rest"),
    [
        (words(", p. 3, zie ook"), ("page", "3"), (Str(","), SPACE, *words("zie ook"))),
        (words(", hfdst. 2"), ("chapter", "2"), ()),
        ((*words(", p. 3,"), SPACE, ZIE), ("page", "3"), (Str(","), SPACE, ZIE)),
        # cut inside emphasis where locator.py's text ends the locator (pandoc would take
        # the emphasis as one word of it)
        ((*words(", 3"), Styled("emph", words("a, zie"))), ("page", "3a"), (
            Styled("emph", (Str(","), SPACE, Str("zie"))),
        )),
        (words(", art. 4"), None, words(", art. 4")),
        ((Styled("emph", words(", art")),), None, (Styled("emph", words(", art")),)),
        ((ZIE, SPACE, Str("ook")), None, (Str(","), SPACE, ZIE, SPACE, Str("ook"))),
        (words(") en"), None, words(") en")),
        ((), None, ()),
    ],
)  # fmt: skip
def test_the_text_locator_parser_keeps_the_rest_of_the_suffix_as_it_is(
    suffix: Inlines, found: tuple[str, str] | None, rest: Inlines
) -> None:
    assert locator_parser(LABELS)(suffix) == (found, rest)


@pytest.mark.parametrize(
    "cited",
    [
        m.Citation("a", prefix="zie *ook*", locator="p. 3", suffix="en **verder**"),
        m.Citation("a", prefix="[link](https://x.nl) en `code`", suffix=", of <https://y.nl>"),
        m.Citation("a", locator="r.o.\u00a04.2", suffix=" anders"),
        m.Citation("a", suffix=" anders"),
        m.Citation("a", prefix="zie [@b]", suffix="\u2009en"),
    ],
)
def test_prefix_and_suffix_are_what_csl_sends_to_pandoc(cited: m.Citation) -> None:
    (citation,) = citations_for([running(cited)], no_locator)
    (sent,) = csl._cite(PlacedGroup(group(cited), 1))["c"][0]
    item = citation.items[0]
    prefix = list(item.prefix or ())
    if prefix and prefix[-1] == SPACE:  # the space pandoc adds after a prefix
        prefix.pop()
    assert _as_pandoc(prefix) == [_no_code(n) for n in sent["citationPrefix"]]
    assert _as_pandoc(item.suffix or ()) == [_no_code(n) for n in sent["citationSuffix"]]


def _as_pandoc(inlines: Inlines | list[il.Inline]) -> list[ast.Json]:
    out: list[ast.Json] = []
    for node in inlines:
        if isinstance(node, Str):
            out.append({"t": "Str", "c": node.text})
        elif node == SPACE:
            out.append({"t": "Space"})
        elif isinstance(node, Styled):
            out.append({"t": node.kind.capitalize(), "c": _as_pandoc(node.children)})
        elif isinstance(node, il.Link):
            out.append(
                {"t": "Link", "c": [["", [], []], _as_pandoc(node.children), [node.url, ""]]}
            )
    return out


def _no_code(node: ast.Json) -> ast.Json:
    """The processor's inlines have no code: its text stands for it."""
    return {"t": "Str", "c": node["c"][1]} if node["t"] == "Code" else node


# --- results → texts: the rules --------------------------------------------------------


def test_a_note_in_the_running_text_is_its_footnote_capitalised() -> None:
    results = [(Note(words("zie the title.")),), (Note(words("ibid.")), Str(""))]
    assert texts_for(results, [running("a", note=1), running("a", note=2)], ()) == [
        [m.Text("Zie the title.")],
        [m.Text("Ibid.")],
    ]


def test_an_in_text_style_s_citations_stay_as_they_are() -> None:
    results = [words("(zie Doe 2020)"), (SPACE, *words("(zie Doe 2020)"))]
    assert texts_for(results, [running("a"), in_note("a", note=2)], ()) == [
        [m.Text("(zie Doe 2020)")],
        [m.Text(" (zie Doe 2020)")],
    ]


def test_a_citation_starting_a_footnote_is_written_as_it_is() -> None:
    result = (Note(words("zie the title.")),)
    assert texts_for([result], [in_note("a", first=True)], ()) == [[m.Text("zie the title.")]]


def test_a_citation_further_in_a_footnote_is_in_parentheses_without_its_period() -> None:
    result = (Note(words("zie the title.")),)
    assert texts_for([result], [in_note("a")], ()) == [[m.Text("(zie the title)")]]


def test_only_the_first_group_of_a_footnote_can_start_it() -> None:
    result = (Note(words("the title.")),)
    groups = [
        in_note("a", note=1, first=True),
        in_note("a", note=1, first=True),  # the same note: not its start
        in_note("a", note=2, first=True),
        running("a", note=3),
        in_note("a", note=4),
    ]
    assert [t[0] for t in texts_for([result] * 5, groups, ())] == [
        m.Text("the title."),
        m.Text("(the title)"),
        m.Text("the title."),
        m.Text("The title."),
        m.Text("(the title)"),
    ]


E = Str("")
PAREN, CLOSE = m.Text("("), m.Text(")")
URL = "https://x.nl"


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ((Str("etc."),), [m.Text("(etc)")]),
        ((Str("etc."), E), [m.Text("(etc.)")]),
        ((Styled("emph", (Str("etc."),)),), [PAREN, m.Emph([m.Text("etc")]), CLOSE]),
        ((Styled("strong", (Str("etc."),)),), [PAREN, m.Strong([m.Text("etc")]), CLOSE]),
        ((Styled("smallcaps", (Str("etc."),)),), [m.Text("(etc)")]),
        ((Styled("superscript", (Str("etc."),)),), [m.Text("(etc.)")]),
        ((Styled("underline", (Str("etc."),)),), [m.Text("(etc.)")]),
        ((il.Link(URL, (Str("etc."),)),), [PAREN, m.Link(URL, [m.Text("etc.")]), CLOSE]),
        ((Span(("nocase",), (Str("etc."),)),), [m.Text("(etc)")]),
        ((Quoted(True, (Str("etc."),)),), [m.Text("(“etc”)")]),
        ((Str("‘etc.’"),), [m.Text("(‘etc’)")]),
        ((Str("etc.”"),), [m.Text("(etc”)")]),
        ((Str("etc.»"),), [m.Text("(etc»)")]),
        ((Str("etc."), Str("’")), [m.Text("(etc’)")]),
        ((Str("etc.“"),), [m.Text("(etc.“)")]),
        ((Str("etc.)"),), [m.Text("(etc.))")]),
        ((Str("etc."), SPACE), [m.Text("(etc. )")]),
    ],
)  # fmt: skip
def test_the_final_period_looked_for_as_pandoc_does(
    ending: Inlines, expected: list[m.Inline]
) -> None:
    assert texts_for([(Note(ending),)], [in_note("a")], ()) == [expected]


def test_text_around_a_note_stays_and_spaces_before_it_go() -> None:
    result = (SPACE, Note(words("the title.")), Str("x"))
    assert texts_for([result], [in_note("a")], ()) == [[m.Text("(the title)x")]]


def test_an_empty_note_citation_is_nothing_in_the_text_and_parentheses_in_a_footnote() -> None:
    results = [(Note(()),), (Note(()),), (Note(()),)]
    groups = [running("a"), in_note("a", note=2, first=True), in_note("a", note=3)]
    assert texts_for(results, groups, ()) == [[], [], [m.Text("()")]]


def test_an_unknown_key_shows_as_question_mark_key() -> None:
    bold = Styled("strong", (Str("Zz?"),))
    known = Styled("strong", (Str("Aa?"),))
    results = [(Note((bold,)),), (Note((bold, Str(";"), SPACE, bold)),), (Note((known,)),)]
    groups = [running("ZZ"), in_note("ZZ", "zz"), running("aa")]
    assert texts_for(results, groups, {"ZZ"}) == [
        [m.Text("?ZZ")],
        [m.Text("("), m.Text("?ZZ"), m.Text("; "), m.Text("?ZZ"), m.Text(")")],
        [m.Strong([m.Text("Aa?")])],
    ]


def test_only_a_bold_key_on_its_own_is_an_unknown_key() -> None:
    result = (Note((Styled("strong", (Str("zz?"), Styled("emph", (Str("x"),)))),)),)
    assert texts_for([result], [running("zz")], {"zz"}) == [
        [m.Strong([m.Text("Zz?"), m.Emph([m.Text("x")])])]
    ]


# --- results → texts, held to pandoc ---------------------------------------------------

NOTE_STYLE = """\
<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0">
  <info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout delimiter="; ">
      <choose>
        <if type="book"><text variable="title" font-style="italic"/></if>
        <else-if type="article-journal"><text variable="title" quotes="true"/></else-if>
        <else-if type="chapter"><text variable="title" vertical-align="sup"/></else-if>
        <else-if type="report"><text variable="title" font-variant="small-caps"/></else-if>
        <else-if type="webpage"><text variable="title" font-style="italic" suffix="."/></else-if>
        <else-if type="song"><names variable="author"/></else-if>
        <else><text variable="title"/></else>
      </choose>
    </layout>
  </citation>
</style>
"""

REFS: list[dict[str, Any]] = [
    {"id": "plain", "type": "document", "title": "the plain title."},
    {"id": "book", "type": "book", "title": "Etc."},
    {"id": "quoted", "type": "article-journal", "title": "Quoted etc."},
    {"id": "sup", "type": "chapter", "title": "sup."},
    {"id": "caps", "type": "report", "title": "caps."},
    {"id": "apos", "type": "document", "title": "called etc.’"},
    {"id": "guil", "type": "document", "title": "called etc.»"},
    {"id": "web", "type": "webpage", "title": "Web etc."},
    {"id": "song", "type": "song", "title": "x", "author": [{"family": "Doe"}]},
]

SEE = m.Citation("plain", prefix="see")
SONG = m.Citation("song", suppress_author=True)
WEB = (Styled("emph", words("Web etc.")), E)  # citeproc leaves "" where it dropped a "."
WEB_IN_NOTE = (in_note("web", note=5), WEB)
BOLD_ZZ = (Styled("strong", (Str("zz?"),)),)

CASES: list[tuple[PlacedGroup, Inlines]] = [
    # a group, and what citeproc makes of it (a note style's citation in a note)
    (running(SEE, note=1), words("see the plain title.")),
    (running("plain", note=2), words("the plain title.")),
    (in_note("plain", note=3), words("the plain title.")),
    (in_note("book", note=3), (Styled("emph", (Str("Etc."),)),)),
    (in_note(SEE, note=4, first=True), words("see the plain title.")),
    (in_note("quoted", note=4), (Quoted(True, words("Quoted etc.")),)),
    (
        in_note("sup", "caps", note=5),
        (
            Styled("superscript", (Str("sup."),)),
            Str(";"),
            SPACE,
            Styled("smallcaps", (Str("caps."),)),
        ),
    ),
    (in_note("apos", note=5), words("called etc.’")),
    (in_note("guil", note=5), words("called etc.»")),
    WEB_IN_NOTE,
    (running("zz", note=6), BOLD_ZZ),
    (in_note("zz", note=7), BOLD_ZZ),
    (running(SONG, note=8), ()),
    (in_note(SONG, note=9), ()),
    (in_note(SONG, "plain", note=10, first=True), words("the plain title.")),
]


DROPPED = running("web", note=11)
"""A footnote ending in a period citeproc dropped: pandoc's empty word where it was."""


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[m.Inline]]]:
    """The group texts ``csl.py`` reads from pandoc for :data:`CASES` and :data:`DROPPED`,
    in the tiny style as a note style and as an in-text style."""
    groups = [*(g for g, _ in CASES), DROPPED]
    out = {}
    for cls in ("note", "in-text"):
        style = tmp_path_factory.mktemp("glue") / f"{cls}.csl"
        style.write_text(NOTE_STYLE.format(cls=cls), encoding="utf-8")
        answer = csl.run_citeproc(csl._request_blocks(groups), REFS, style, "en-US")
        out[cls] = csl._texts(answer, groups, {"zz"})
    return out


@needs_pandoc
def test_note_style_texts_are_pandocs(answers: dict[str, list[list[m.Inline]]]) -> None:
    groups = [g for g, _ in CASES]
    results = [(Note(r),) for _, r in CASES]
    assert texts_for(results, groups, {"zz"}) == answers["note"][: len(CASES)]


@needs_pandoc
def test_in_text_style_texts_are_pandocs(answers: dict[str, list[list[m.Inline]]]) -> None:
    kept = [i for i, case in enumerate(CASES) if case is not WEB_IN_NOTE]
    groups = [CASES[i][0] for i in kept]
    results = [CASES[i][1] for i in kept]
    assert texts_for(results, groups, {"zz"}) == [answers["in-text"][i] for i in kept]


@needs_pandoc
@pytest.mark.parametrize(
    ("cls", "index", "result"),
    [("note", len(CASES), (Note(WEB),)), ("in-text", CASES.index(WEB_IN_NOTE), WEB)],
)
def test_a_dropped_period_leaves_no_empty_text(
    answers: dict[str, list[list[m.Inline]]], cls: str, index: int, result: Inlines
) -> None:
    placed = [*(g for g, _ in CASES), DROPPED][index]
    assert texts_for([result], [placed], ()) == [answers[cls][index]]
