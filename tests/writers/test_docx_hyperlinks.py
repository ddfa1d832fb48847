"""Hyperlink relationships: one per URL, with ids that never clash with the part's own."""

from __future__ import annotations

import io
import zipfile

from pleitbrief.markup import model as m
from pleitbrief.writers.docx import render


def test_a_url_linked_many_times_has_one_relationship_and_ids_are_unique():
    links = [m.Link(f"https://example.org/{i % 3}", [m.Text(f"link {i}")]) for i in range(30)]
    note = m.Note([m.Paragraph([m.Link("https://example.org/0", [m.Text("in a note")])])])
    doc = m.Document([m.Paragraph([*links, note])])
    with zipfile.ZipFile(io.BytesIO(render(doc))) as package:
        body_rels = package.read("word/_rels/document.xml.rels").decode()
        note_rels = package.read("word/_rels/footnotes.xml.rels").decode()
    for rels, urls in ((body_rels, 3), (note_rels, 1)):
        hyperlinks = [r for r in rels.split("<Relationship ") if "/hyperlink" in r]
        assert len(hyperlinks) == urls
        ids = [r.split('Id="')[1].split('"')[0] for r in rels.split("<Relationship ")[1:]]
        assert len(ids) == len(set(ids))
