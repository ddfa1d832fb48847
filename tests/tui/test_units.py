"""The TUI's pieces without a terminal: citation trigger, highlighting, the incremental
preview, problem places, new block files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pleitbrief.blockfiles import BlockExistsError, block_file_text, write_new_block
from pleitbrief.drafts import TextItem, load_draft
from pleitbrief.editing import EditableDraft
from pleitbrief.pipeline import LoadedWorkspace
from pleitbrief.problems import error
from pleitbrief.tui.livedraft import ItemRef, draft_from_data, locate
from pleitbrief.tui.preview import PreviewEngine, letter_plain_text
from pleitbrief.tui.widgets.markdown_area import cite_query, line_highlights
from pleitbrief.workspace import load_workspace


@pytest.mark.parametrize(
    ("before", "query"),
    [
        ("tekst [@", ""),
        ("tekst [@nos-20", "nos-20"),
        ("[zie @isw", "isw"),
        ("[@a, p. 3; @reu", "reu"),
        ("[-@key", "key"),
        ("mail press@freerussia.nl", None),
        ("[@done] en verder", None),
        (r"\[@niet", None),
        ("[@a, p. 3", None),
    ],
)
def test_cite_query(before: str, query: str | None) -> None:
    assert cite_query(before) == query


def test_highlights_are_byte_offsets() -> None:
    line = "Één zin [@nos-2022] en **vet**"
    spans = {name: (start, end) for start, end, name in line_highlights(line)}
    raw = line.encode()
    start, end = spans["keyword"]
    assert raw[start:end].decode() == "[@nos-2022]"
    start, end = spans["bold"]
    assert raw[start:end].decode() == "**vet**"
    assert [n for _s, _e, n in line_highlights("## Kop")] == ["heading.marker", "heading"]


@pytest.fixture
def example(ws: Path) -> tuple[PreviewEngine, EditableDraft]:
    loaded = LoadedWorkspace.load(load_workspace(ws))
    return PreviewEngine(loaded), EditableDraft.open(ws / "drafts" / "open-brief-mobilisatie.yaml")


def test_preview_is_the_letter_with_numbered_points_and_notes(example) -> None:
    engine, ed = example
    result = engine.render(draft_from_data(ed.data, ed.path))
    text = letter_plain_text(result)
    assert text.startswith("Open brief aan de Nederlandse regering")
    assert "1. In de verklaring van 28 december 2022" in text
    assert "2. Gezaghebbende internationale analisten" in text
    assert " • om mannen die onder de mobilisatie vallen asiel te verlenen;" in text
    assert "  1. NOS, 22 september 2022" not in text  # the letter cites the IND first
    assert "  1. Immigratie- en Naturalisatiedienst, 28 december 2022" in text
    assert "14. De dag waarop Rusland Oekraïne binnenviel." in text


def test_a_keystroke_rerenders_one_piece(example) -> None:
    engine, ed = example
    before = engine.render(draft_from_data(ed.data, ed.path))
    ed.set_text("intro", 0, ed.data["sections"]["intro"][0]["text"] + " Extra.")
    after = engine.render(draft_from_data(ed.data, ed.path))
    changed = [a.uid for a, b in zip(after.pieces, before.pieces, strict=True) if a.key != b.key]
    assert changed == ["item:intro:0"]
    # one more footnote in the intro: every later piece with notes is renumbered
    ed.set_text("intro", 0, "Met een noot^[Hier.] en een bron [@nos-2022-reservisten].")
    renumbered = engine.render(draft_from_data(ed.data, ed.path))
    changed = [
        a.uid for a, b in zip(renumbered.pieces, after.pieces, strict=True) if a.key != b.key
    ]
    assert changed[0] == "item:intro:0" and "item:points:0" in changed
    assert "  3. Immigratie- en Naturalisatiedienst" in letter_plain_text(renumbered)


def test_preview_shows_missing_fields_as_their_label(example) -> None:
    engine, ed = example
    ed.set_field("addressee", "")
    text = letter_plain_text(engine.render(draft_from_data(ed.data, ed.path)))
    assert text.startswith("Open brief aan ⟨Aan (geadresseerde)⟩")


def test_locate_points_at_items_and_fields(ws: Path) -> None:
    path = ws / "drafts" / "open-brief-mobilisatie.yaml"
    draft, _ = load_draft(path)
    assert draft is not None
    intro = draft.sections["intro"][0]
    assert isinstance(intro, TextItem)
    problem = error(path, intro.text_line + 2, "unknown-citation", "x", col=intro.text_col + 5)
    assert locate(problem, draft) == (ItemRef.item("intro", 0), 2, 4)
    assert locate(error(path, draft.field_lines["place"], "bad", "x"), draft) == (
        ItemRef.fields(),
        0,
        0,
    )
    point = draft.sections["points"][2]
    assert locate(error(path, point.line + 2, "unknown-variable", "x"), draft)[0] == (
        ItemRef.item("points", 2)
    )
    assert locate(error(ws / "other.yaml", 3, "x", "x"), draft) is None


def test_new_block_files_never_overwrite(tmp_path: Path) -> None:
    text = block_file_text("Titel: met dubbele punt", "Tekst [@a].", "Kort.", ["x"], "nl")
    path = write_new_block(tmp_path, "onderwerp/naam", text)
    assert path.read_text(encoding="utf-8").startswith("---\ntitle: 'Titel: met dubbele punt'")
    with pytest.raises(BlockExistsError):
        write_new_block(tmp_path, "onderwerp/naam", text)
    with pytest.raises(ValueError, match="not a block id"):
        write_new_block(tmp_path, "Met Spaties", text)


def test_a_failing_csl_style_falls_back_to_the_house_style_with_the_reason(ws: Path) -> None:
    (ws / "kapot.csl").write_text(
        '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" class="note" '
        'version="1.0"><citation><layout><text variable="title"/><bogus/></layout></citation>'
        "</style>",
        encoding="utf-8",
    )
    config = ws / "pleitbrief.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'style = "pleitbrief-nl"', 'style = "kapot.csl"'
        ),
        encoding="utf-8",
    )
    loaded = LoadedWorkspace.load(load_workspace(ws))
    ed = EditableDraft.open(ws / "drafts" / "kamervragen-mobilisatie.yaml")
    ed.data.pop("style", None)  # the draft names its own style; here the workspace's counts
    result = PreviewEngine(loaded).render(draft_from_data(ed.data, ed.path))
    text = letter_plain_text(result)
    assert "  1. NOS, 22 september 2022" in text  # the house style, not a crash
    assert "1. Bent u net als wij bezorgd" in text
    # the reason is a problem, where the style was chosen, as export would report it
    from pleitbrief.pipeline import build_draft

    draft, problems = ed.parsed()
    built = build_draft(loaded, draft, problems)
    assert any(p.code == "citation-style-failed" and "bogus" in p.message
               for p in built.problems)
