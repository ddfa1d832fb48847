"""The commands of SPEC §9 on good input, through the real entry point."""

from __future__ import annotations

import json

from ruamel.yaml import YAML
from tests.conftest import REPO


def test_init_makes_a_workspace_that_checks_and_exports(tmp_path, cli):
    made = cli("init", "campagne", cwd=tmp_path)
    assert made.code == 0, made.stderr
    root = tmp_path / "campagne"
    for name in ("open-brief", "kamervragen", "brief"):
        assert (root / "templates" / "letters" / f"{name}.md").is_file()
    assert list((root / "templates" / "blocks").rglob("*.md"))
    assert list((root / "references").glob("*.bib"))

    new = cli("new", "kamervragen", "vragen", cwd=root)
    assert new.code == 0, new.stderr
    draft = root / "drafts" / "vragen.yaml"
    data = YAML().load(draft.read_text(encoding="utf-8"))
    assert data["template"] == "kamervragen"
    assert list(data["fields"]) == ["members", "addressees", "subject", "submitted"]
    assert list(data["sections"]) == ["questions"]
    assert "# Vragensteller(s)" in draft.read_text(encoding="utf-8")

    # an empty new draft is not a letter yet: check says what is missing, where
    checked = cli("check", cwd=root)
    assert checked.code == 1
    assert "drafts/vragen.yaml:" in checked.stderr and "required field 'members'" in checked.stderr

    data["fields"]["members"] = ["Jasper van Dijk (SP)"]
    data["fields"]["addressees"] = ["de Minister van Buitenlandse Zaken"]
    data["fields"]["subject"] = "over de mobilisatie"
    data["sections"]["questions"] = [{"block": "voorbeeld/mobilisatie-aangekondigd"}]
    with draft.open("w", encoding="utf-8") as handle:
        YAML().dump(data, handle)
    assert cli("check", cwd=root).code == 0
    exported = cli("export", "vragen", "--to", "md", cwd=root)
    assert exported.code == 0, exported.stderr
    text = (root / "drafts" / "vragen.md").read_text(encoding="utf-8")
    assert text.startswith("Vragen van het lid Jasper van Dijk (SP) aan de Minister")
    assert "[^1]: NOS, 22 september 2022, «Eerste Russische reservisten" in text


def test_init_and_new_never_overwrite(tmp_path, cli):
    assert cli("init", "ws", cwd=tmp_path).code == 0
    assert cli("init", "ws", cwd=tmp_path).code == 2
    root = tmp_path / "ws"
    assert cli("new", "brief", "b", cwd=root).code == 0
    (root / "drafts" / "b.yaml").write_text("# mijn werk\n", encoding="utf-8")
    again = cli("new", "brief", "b", cwd=root)
    assert again.code == 2 and "never overwritten" in again.stderr
    assert (root / "drafts" / "b.yaml").read_text(encoding="utf-8") == "# mijn werk\n"


def test_the_workspace_is_found_from_a_subfolder_or_given_with_w(ws, cli, tmp_path):
    sub = ws.root / "drafts"
    from_sub = cli("refs", "list", cwd=sub)
    assert from_sub.code == 0
    given = cli("-w", ws.root, "refs", "list", cwd=tmp_path)
    assert given.stdout == from_sub.stdout
    assert [line.split("\t")[0] for line in given.stdout.splitlines()] == [
        "ah-3441",
        "nos-2022",
        "reuters-2022",
    ]


def test_refs_list_json_gives_decoded_fields_and_places(ws, cli):
    ws.write(
        "references/extra.bib",
        '@string{buza = "Ministerie van Buitenlandse Zaken"}\n\n'
        "@report{ambtsbericht,\n  title = {Algemeen ambtsbericht Russische Federatie},\n"
        "  author = {{Ministerie van Buitenlandse Zaken}},\n  institution = buza # { (BZ)},\n"
        '  date = {2023-03},\n  note = {Ge{\\"u}pdatet},\n}\n',
    )
    result = cli("refs", "list", "--json", cwd=ws.root)
    assert result.code == 0, result.stderr
    entries = {e["key"]: e for e in json.loads(result.stdout)}
    report = entries["ambtsbericht"]
    assert report["type"] == "report"
    assert report["line"] == 3
    assert report["file"].endswith("references/extra.bib")
    assert report["fields"]["institution"] == "Ministerie van Buitenlandse Zaken (BZ)"
    assert report["fields"]["note"] == "Geüpdatet"


def test_refs_show_gives_the_footnote(ws, cli):
    result = cli("refs", "show", "ah-3441", cwd=ws.root)
    assert result.code == 0, result.stderr
    assert "references/bronnen.bib:15" in result.stdout
    assert result.stdout.rstrip().endswith(
        "Aanhangsel Handelingen, vergaderjaar 2021–2022, nr. 3441"
    )


def test_blocks_list_with_tag_filter(cli):
    every = cli("blocks", "list", cwd=REPO)
    assert every.code == 0
    ids = [line.split("\t")[0] for line in every.stdout.splitlines()]
    assert len(ids) >= 8 and "mobilisatie/geen-decreet" in ids
    tagged = cli("blocks", "list", "--tag", "mobilisatie", cwd=REPO)
    tagged_ids = [line.split("\t")[0] for line in tagged.stdout.splitlines()]
    assert tagged_ids and set(tagged_ids) < set(ids)
    assert all(
        "mobilisatie" in line.split("\t")[2].split(",") for line in tagged.stdout.splitlines()
    )
    geen_decreet = next(
        line for line in every.stdout.splitlines() if line.startswith("mobilisatie/geen-decreet\t")
    )
    assert geen_decreet.split("\t")[1] == "en,nl"


def test_an_english_draft_uses_the_english_block_variant_and_style(ws, cli):
    ws.write(
        "templates/blocks/mobilisatie/geen-decreet.en.md",
        "---\ntitle: Mobilisation not formally ended\nlang: en\nvariables:\n"
        "  verklaring_datum:\n    label: Date\n    default: 28 December 2022\n---\n"
        "In its statement of {{ verklaring_datum }} the IND says it is over [@nos-2022].\n",
    )
    ws.draft(
        "en",
        """
        template: brief
        lang: en
        fields:
          addressee: The State Secretary
          subject: Mobilisation
          place: Amsterdam
          date: 2023-01-10
          signatories: [Free Russia NL]
        sections:
          body:
            - block: mobilisatie/geen-decreet
        """,
    )
    ws.write("pleitbrief.toml", '[workspace]\nlang = "nl"\n')
    result = cli("export", "en", "--to", "md", cwd=ws.root)
    assert result.code == 0, result.stderr
    text = (ws.root / "drafts" / "en.md").read_text(encoding="utf-8")
    assert "Amsterdam, 10 January 2023" in text
    assert "In its statement of 28 December 2022 the IND says it is over.[^1]" in text
    assert "[^1]: NOS, 22 September 2022, ‘Eerste Russische reservisten" in text


def test_export_writes_word_by_default_beside_the_draft(ws, cli):
    from docx import Document

    ws.draft(
        "brief",
        """
        template: brief
        fields: {addressee: X, subject: Y, place: Z, date: 2023-01-10, signatories: [W]}
        sections:
          body:
            - text: Tekst [@nos-2022].
        """,
    )
    result = cli("export", "brief", cwd=ws.root)
    assert result.code == 0, result.stderr
    assert result.stdout.strip().endswith("drafts/brief.docx")
    document = Document(str(ws.root / "drafts" / "brief.docx"))
    assert any(p.text.startswith("Tekst.") for p in document.paragraphs)
