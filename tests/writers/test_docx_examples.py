"""The example campaign's two drafts as Word documents: pandoc reads back what it reads
from the Markdown export, and the written questions are a real numbered list."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_docx_helpers import open_docx, ordered_lists, pandoc_json, read_docx, read_markdown

from pleitbrief.markup import model as m
from pleitbrief.pipeline import LoadedWorkspace, build
from pleitbrief.workspace import load_workspace
from pleitbrief.writers.docx import render
from pleitbrief.writers.markdown import render as render_markdown

REPO = Path(__file__).resolve().parents[2]
DRAFTS = ["open-brief-mobilisatie", "kamervragen-mobilisatie"]


@pytest.fixture(scope="module")
def documents() -> dict[str, m.Document]:
    loaded = LoadedWorkspace.load(load_workspace(REPO))
    out = {}
    for name in DRAFTS:
        built = build(loaded, REPO / "drafts" / f"{name}.yaml")
        assert built.document is not None, built.problems
        out[name] = built.document
    return out


@pytest.mark.parametrize("name", DRAFTS)
def test_example_reads_back_like_its_markdown(documents: dict[str, m.Document], name: str) -> None:
    doc = documents[name]
    data = render(doc)
    body, notes = read_docx(data)
    assert (body, notes) == read_markdown(render_markdown(doc))
    assert notes and all(notes)
    document = open_docx(data)
    assert document.core_properties.title == doc.meta.title
    assert document.core_properties.author == "Stichting Free Russia NL"
    assert document.core_properties.language == "nl-NL"


def test_written_questions_are_numbered_one_to_six(documents: dict[str, m.Document]) -> None:
    data = render(documents["kamervragen-mobilisatie"])
    assert ordered_lists(pandoc_json(data, "docx")) == [(1, 6)]
    body, notes = read_docx(data)
    assert body.startswith("Vragen van het lid Jasper van Dijk (SP)")
    assert notes[0].startswith("NOS, 22 september 2022, «Eerste Russische reservisten")
    assert len(notes) == 3


def test_open_letter_has_its_fourteen_notes_in_order(documents: dict[str, m.Document]) -> None:
    _, notes = read_docx(render(documents["open-brief-mobilisatie"]))
    assert len(notes) == 14
    assert notes[2].startswith("Федеральный закон № 31-ФЗ")
    assert notes[-1] == "De dag waarop Rusland Oekraïne binnenviel."
