"""Golden files: the example campaign's two drafts in, the Markdown out.

The files in this folder were read by a person before they were committed. After a
deliberate change, regenerate with ``PLEITBRIEF_UPDATE_GOLDEN=1 pytest tests/golden`` and
read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pypandoc
import pytest
from tests.conftest import REPO, run_cli

HERE = Path(__file__).parent
DRAFTS = ["open-brief-mobilisatie", "kamervragen-mobilisatie"]


def export(name: str, out: Path, *extra: str) -> str:
    result = run_cli("export", f"drafts/{name}.yaml", "--to", "md", "-o", out, *extra, cwd=REPO)
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr and "error" not in result.stderr, result.stderr
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", DRAFTS)
def test_example_draft_matches_its_golden_markdown(name, tmp_path):
    written = export(name, tmp_path / f"{name}.md")
    golden = HERE / f"{name}.md"
    if os.environ.get("PLEITBRIEF_UPDATE_GOLDEN"):
        golden.write_text(written, encoding="utf-8")
    assert written == golden.read_text(encoding="utf-8")


def test_written_questions_read_like_the_seed(tmp_path):
    text = export("kamervragen-mobilisatie", tmp_path / "kv.md")
    header, questions, *_ = text.split("\n\n")
    assert header == (
        "Vragen van het lid Jasper van Dijk (SP) aan de Minister van Buitenlandse Zaken en de "
        "Staatssecretaris van Justitie en Veiligheid over de aangekondigde mobilisatie in "
        "Rusland (ingezonden 23 september 2022)."
    )
    numbers = re.findall(r"^(\d+)\. ", questions, flags=re.MULTILINE)
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, flags=re.MULTILINE))
    assert notes["1"] == (
        "NOS, 22 september 2022, «Eerste Russische reservisten melden zich, opvallend druk aan "
        "grenzen» (<https://nos.nl/artikel/2445552-eerste-russische-reservisten-melden-zich-"
        "opvallend-druk-aan-grenzen>)"
    )
    assert notes["2"].startswith(
        "Reuters, 21 september 2022, «Baltic nations say they will refuse refuge to Russians "
        "fleeing mobilisation» (<https://www.reuters.com/"
    )
    assert re.sub(r"\[(.*)\]\(.*\)", r"\1", notes["3"]) == (
        "Aanhangsel Handelingen, vergaderjaar 2021–2022, nr. 3441"
    )
    # the notes sit where the seed has its marks: after questions 1, 3 and 6
    marked = [n for n, line in enumerate(questions.splitlines(), 1) if "[^" in line]
    assert marked == [1, 3, 6]


@pytest.mark.parametrize("name", DRAFTS)
def test_pandoc_reads_back_the_same_footnotes(name, tmp_path):
    written = export(name, tmp_path / f"{name}.md")
    ast = json.loads(
        subprocess.run(
            [pypandoc.get_pandoc_path(), "-f", "commonmark_x", "-t", "json"],
            input=written,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    notes = re.findall(r'"t": ?"Note"', json.dumps(ast))
    assert len(notes) == len(re.findall(r"^\[\^\d+\]: ", written, flags=re.MULTILINE)) > 0


def test_keep_citations_leaves_pandoc_citations(tmp_path):
    text = export("kamervragen-mobilisatie", tmp_path / "kv.md", "--keep-citations")
    assert "[@nos-2022-reservisten]" in text and "[^1]" not in text


def test_keep_citations_keeps_a_citation_inside_a_plain_footnote(ws, tmp_path):
    ws.draft("brief", """
        template: brief
        fields: {addressee: X, subject: Y, place: Z, date: 2023-01-10, signatories: [W]}
        sections:
          body:
            - text: Tekst^[Zie [@nos-2022, p. 2].] en [@reuters-2022].
        """)
    result = run_cli("export", "brief", "--to", "md", "--keep-citations", cwd=ws.root)
    assert result.code == 0, result.stderr
    text = (ws.root / "drafts" / "brief.md").read_text(encoding="utf-8")
    assert "[@reuters-2022]" in text
    assert "[^1]: Zie [@nos-2022, p. 2]." in text


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("kamervragen-mobilisatie", "Vragen over de aangekondigde mobilisatie in Rusland"),
        ("open-brief-mobilisatie", "Oproep tot een genuanceerd immigratiebeleid voor Russen "
         "die onder de voortdurende mobilisatie vallen"),
    ],
)
def test_word_export_has_the_markdown_footnotes_and_the_properties(name, title, tmp_path):
    from docx import Document

    markdown = export(name, tmp_path / f"{name}.md")
    result = run_cli("export", f"drafts/{name}.yaml", "-o", tmp_path / f"{name}.docx", cwd=REPO)
    assert result.code == 0, result.stderr
    document = Document(str(tmp_path / f"{name}.docx"))
    assert document.core_properties.title == title
    assert document.core_properties.author == "Stichting Free Russia NL"

    def notes(fmt: str, source: str | Path) -> list[str]:
        args = [pypandoc.get_pandoc_path(), "-f", fmt, "-t", "plain", "--wrap=none"]
        if isinstance(source, Path):
            out = subprocess.run([*args, str(source)], capture_output=True, text=True, check=True)
        else:
            out = subprocess.run(args, input=source, capture_output=True, text=True, check=True)
        return re.findall(r"^\[(\d+)\] (.*)$", out.stdout, flags=re.MULTILINE)

    word = notes("docx", tmp_path / f"{name}.docx")
    assert word == notes("commonmark_x-smart", markdown)
    assert len(word) == len(re.findall(r"^\[\^\d+\]: ", markdown, flags=re.MULTILINE))
