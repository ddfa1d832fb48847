"""SPEC §10 through the real CLI: every bad input gets exit 1 (or 2), a message naming the
file and line, no traceback, and no output written: an earlier output stays untouched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

GOOD_DRAFT = """\
template: open-brief
fields:
  addressee: de Staatssecretaris van Justitie en Veiligheid
  subject: Oproep tot een genuanceerd immigratiebeleid
  place: Amsterdam
  date: 2023-01-10
  signatories: [Stichting Free Russia NL]
sections:
  points:
    - block: mobilisatie/geen-decreet
    - text: |
        Vrije tekst met een bron [@reuters-2022] en een noot^[Zie ook de bijlage.].
  demands:
    - text: mannen die de mobilisatie willen ontlopen asiel te verlenen;
"""
BLOCK = "templates/blocks/mobilisatie/geen-decreet.md"


def edit(relative: str, old: str, new: str) -> Callable:
    def apply(ws) -> None:
        path = ws.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


@dataclass
class Case:
    id: str
    breaks: Callable
    place: str
    """``FILE:LINE:`` the message must start with (paths relative to the workspace)."""
    words: str
    """Words the message must contain."""


CASES = [
    Case(
        "unknown key in draft",
        edit("drafts/brief.yaml", "@reuters-2022", "@reuter-2022"),
        "drafts/brief.yaml:12:",
        "unknown citation key 'reuter-2022'; did you mean 'reuters-2022'",
    ),
    Case(
        "unknown key in block",
        edit(BLOCK, "@nos-2022", "@nos-2021"),
        f"{BLOCK}:13:",
        "unknown citation key 'nos-2021'; did you mean 'nos-2022'",
    ),
    Case(
        "unknown block",
        edit("drafts/brief.yaml", "geen-decreet", "geen-decret"),
        "drafts/brief.yaml:10:",
        "did you mean 'mobilisatie/geen-decreet'",
    ),
    Case(
        "unknown template",
        edit("drafts/brief.yaml", "open-brief", "open-brif"),
        "drafts/brief.yaml:1:",
        "no letter template 'open-brif'; did you mean 'open-brief'",
    ),
    Case(
        "unknown section",
        edit("drafts/brief.yaml", "  demands:", "  eisen:"),
        "drafts/brief.yaml:13:",
        "no section 'eisen'",
    ),
    Case(
        "missing required field",
        edit("drafts/brief.yaml", "  place: Amsterdam\n", ""),
        "drafts/brief.yaml:2:",
        "required field 'place'",
    ),
    Case(
        "bad date",
        edit("drafts/brief.yaml", "2023-01-10", "10-01-2023"),
        "drafts/brief.yaml:6:",
        "must be a date",
    ),
    Case(
        "unknown block variable",
        edit("drafts/brief.yaml", "geen-decreet\n", "geen-decreet\n      vars: {datum: x}\n"),
        "drafts/brief.yaml:11:",
        "has no variable 'datum'",
    ),
    Case(
        "undefined variable in block",
        edit(BLOCK, "{{ verklaring_datum }}", "{{ onbekend }}"),
        f"{BLOCK}:12:",
        "'onbekend' is undefined",
    ),
    Case(
        "jinja syntax error",
        edit(BLOCK, "{{ verklaring_datum }}", "{{ verklaring_datum }"),
        f"{BLOCK}:12:",
        "template syntax",
    ),
    Case(
        "sandbox",
        edit(
            BLOCK,
            "{{ verklaring_datum }}",
            "{{ verklaring_datum.__class__.__mro__[1].__subclasses__() }}",
        ),
        f"{BLOCK}:12:",
        "sandbox",
    ),
    Case(
        "yaml syntax in draft",
        edit("drafts/brief.yaml", "signatories: [Stichting", "signatories: [[Stichting"),
        "drafts/brief.yaml:",
        "YAML",
    ),
    Case(
        "value ruamel cannot read, in draft",  # 0x_: an IndexError inside ruamel 0.19
        edit("drafts/brief.yaml", "place: Amsterdam", "place: 0x_"),
        "drafts/brief.yaml:5:10:",
        "YAML: cannot read the value '0x_'",
    ),
    Case(
        "value ruamel cannot read, in block front matter",
        edit(BLOCK, "lang: nl", "lang: ._"),
        f"{BLOCK}:5:7:",
        "YAML: cannot read the value '._'",
    ),
    Case(
        "yaml syntax in block front matter",
        edit(BLOCK, "tags: [mobilisatie, juridisch]", "tags: [mobilisatie"),
        f"{BLOCK}:",
        "YAML",
    ),
    Case(
        "duplicate key across folders",
        lambda ws: (
            ws.write("pleitbrief.toml", '[workspace]\nlibraries = ["references", "gedeeld"]\n'),
            ws.write("gedeeld/extra.bib", "\n@online{reuters-2022,\n  title = {Dubbel},\n}\n"),
        ),
        "gedeeld/extra.bib:2:",
        "references/bronnen.bib:",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_refuses_export_and_keeps_the_earlier_output(ws, cli, case):
    ws.draft("brief", GOOD_DRAFT)
    first = cli("export", "drafts/brief.yaml", "--to", "md", "-o", "out.md", cwd=ws.root)
    assert first.code == 0, first.stderr
    before = (ws.root / "out.md").read_bytes()

    case.breaks(ws)
    again = cli("export", "drafts/brief.yaml", "--to", "md", "-o", "out.md", cwd=ws.root)

    assert again.code == 1, again.stderr
    lines = [line for line in again.stderr.splitlines() if ": error: " in line]
    assert any(line.startswith(case.place) and case.words in line for line in lines), again.stderr
    assert len([line for line in lines if case.words in line]) == 1, "reported more than once"
    assert (ws.root / "out.md").read_bytes() == before
    assert sorted(p.name for p in ws.root.iterdir() if p.name.startswith(".out")) == []

    # check finds the same error and says so with exit code 1
    checked = cli("check", cwd=ws.root)
    assert checked.code == 1
    assert any(
        line.startswith(case.place) and case.words in line for line in checked.stderr.splitlines()
    ), checked.stderr


def test_malformed_entry_the_draft_does_not_cite_is_a_warning_for_export(ws, cli):
    ws.draft("brief", GOOD_DRAFT)
    ws.write(
        "references/kapot.bib",
        "@online{ok-1,\n  title = {Goed},\n}\n\n"
        "@online{kapot,\n  title = {nooit gesloten,\n\n@online{ok-2,\n  title = {Ook goed},\n}\n",
    )
    exported = cli("export", "drafts/brief.yaml", "--to", "md", cwd=ws.root)
    assert exported.code == 0, exported.stderr
    assert "references/kapot.bib:5:" in exported.stderr and ": warning: " in exported.stderr
    assert (ws.root / "drafts/brief.md").is_file()

    checked = cli("check", cwd=ws.root)
    assert checked.code == 1
    assert any(
        line.startswith("references/kapot.bib:5:") and ": error: " in line
        for line in checked.stderr.splitlines()
    ), checked.stderr
    listed = cli("refs", "list", cwd=ws.root)
    assert {"ok-1", "ok-2"} <= {line.split("\t")[0] for line in listed.stdout.splitlines()}


def test_a_key_repeated_in_one_file_stops_a_draft_that_cites_it(ws, cli):
    ws.draft("brief", GOOD_DRAFT)
    bib = ws.root / "references" / "bronnen.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@online{reuters-2022,\n  title = {Nog eens},\n}\n",
        encoding="utf-8",
    )
    result = cli("export", "brief", "--to", "md", cwd=ws.root)
    assert result.code == 1
    assert any(
        ": error: " in line and "'reuters-2022'" in line and "[duplicate-key]" in line
        for line in result.stderr.splitlines()
    ), result.stderr


def test_control_characters_are_removed_with_a_warning(ws, cli):
    # YAML holds control characters only as escapes; a block or a .bib file holds them raw
    ws.draft(
        "brief",
        GOOD_DRAFT.replace(
            "- text: |\n        Vrije tekst met een bron [@reuters-2022]",
            '- text: "Vrije\\a tekst met een bron [@reuters-2022]',
        ).replace("de bijlage.].\n", 'de bijlage.]."\n'),
    )
    edit(BLOCK, "stelt de IND", "stelt\x0b de IND")(ws)
    edit("references/bronnen.bib", "Baltic nations", "Baltic\x1b nations")(ws)
    exported = cli("export", "drafts/brief.yaml", "--to", "md", cwd=ws.root)
    assert exported.code == 0, exported.stderr
    warnings = [line for line in exported.stderr.splitlines() if ": warning: " in line]
    assert any(
        line.startswith("drafts/brief.yaml:11:19:") and "U+0007" in line for line in warnings
    ), exported.stderr
    assert any(line.startswith(f"{BLOCK}:12:") and "U+000B" in line for line in warnings)
    assert any(
        line.startswith("references/bronnen.bib:8:") and "U+001B" in line for line in warnings
    ), exported.stderr
    text = (ws.root / "drafts/brief.md").read_text(encoding="utf-8")
    assert "Vrije tekst" in text and "stelt de IND" in text and "Baltic nations" in text
    assert not any(c in text for c in "\x07\x0b\x1b")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "drafts/bestaat-niet.yaml"),
        ("export", "drafts/brief.yaml", "--to", "pdf"),
        ("export", "drafts/brief.yaml", "--bogus"),
        ("check", "drafts/bestaat-niet.yaml"),
        ("new", "open-brif", "x"),
        ("refs", "show", "bestaat-niet"),
        ("export", "drafts/brief.yaml", "--style", "pleitbrief-nll"),
    ],
)
def test_usage_errors_exit_2(ws, cli, args):
    ws.draft("brief", GOOD_DRAFT)
    result = cli(*args, cwd=ws.root)
    assert result.code == 2, result.stderr
    assert result.stderr.strip()


def test_unknown_style_in_the_draft_is_an_error_at_its_line(ws, cli):
    ws.draft("brief", "style: pleitbrief-nll\n" + GOOD_DRAFT)
    result = cli("export", "drafts/brief.yaml", "--to", "md", cwd=ws.root)
    assert result.code == 1
    assert (
        "drafts/brief.yaml:1:1: error: unknown citation style 'pleitbrief-nll'; "
        "did you mean 'pleitbrief-nl'" in result.stderr
    )
    assert not (ws.root / "drafts" / "brief.md").exists()


def test_a_reference_doc_that_is_no_word_file_is_a_usage_error(ws, cli):
    ws.draft("brief", GOOD_DRAFT)
    ws.write("huisstijl.docx", "geen zip")
    result = cli("export", "brief", "--reference-doc", "huisstijl.docx", cwd=ws.root)
    assert result.code == 2
    assert "huisstijl.docx is not a Word document" in result.stderr
    assert not (ws.root / "drafts" / "brief.docx").exists()


def test_a_missing_reference_doc_in_the_settings_is_an_error_at_its_line(ws, cli):
    ws.draft("brief", GOOD_DRAFT)
    ws.write("pleitbrief.toml", '[workspace]\nlang = "nl"\nreference_doc = "weg.docx"\n')
    result = cli("export", "brief", cwd=ws.root)
    assert result.code == 1
    assert "pleitbrief.toml:3:1: error: no such reference document" in result.stderr


def test_no_workspace_is_a_usage_error(tmp_path, cli):
    result = cli("check", cwd=tmp_path)
    assert result.code == 2
    assert "no pleitbrief.toml" in result.stderr


def test_keys_differing_only_in_case_are_a_warning_at_the_second(ws, cli):
    bib = ws.root / "references" / "bronnen.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text + "\n@online{Reuters-2022,\n  title = {Nog eens},\n}\n", encoding="utf-8")
    line = text.count("\n") + 2
    checked = cli("check", cwd=ws.root)
    assert checked.code == 0, checked.stderr
    assert (
        f"references/bronnen.bib:{line}:1: warning: key 'Reuters-2022' differs only in case "
        "from 'reuters-2022'" in checked.stderr
    ), checked.stderr
