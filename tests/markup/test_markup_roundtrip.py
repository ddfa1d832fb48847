"""Round trip: a model written as Markdown and read back is the same model (as canonical
as Markdown can say it), and writing that again gives the same text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from markup_helpers import canonical, without_positions
from markup_strategies import blocks, cite_group

from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_markdown
from pleitbrief.writers.markdown import render

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(blocks())
@example([m.Paragraph([m.Text("a"), m.Emph([m.Text('"b"')]), m.Text("c")])])
@example([m.Paragraph([m.Emph([m.Text("a"), m.Strong([m.Text("b")])]), m.Text("c")])])
@example([m.Paragraph([m.Text("Zie"), cite_group("[@a]"), m.Text("(p. 3)")])])
@example([m.BulletList([m.ListItem([m.ThematicBreak()])]), m.BulletList([m.ListItem([])])])
@example([m.BulletList([m.ListItem([m.BulletList([m.ListItem([m.BulletList([m.ListItem([])])])])])])])
@example([m.Paragraph([m.Note([m.BulletList([m.ListItem([
    m.Paragraph([m.Text("een")]), m.Paragraph([m.Text("twee")])])])])])])
def test_written_model_reads_back_the_same(model: list[m.Block]) -> None:
    written = render(m.Document(model))
    read = without_positions(parse_markdown(written))
    assert read == without_positions(canonical(model)), written
    assert render(m.Document(read)) == written

