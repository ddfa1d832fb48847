"""A generated library of 10,000 entries loads whole: every entry, no problems.

How fast is measured by the benchmark harness (``bench/``), not here: a timed unit test
measures the machine more than the code.
"""

from __future__ import annotations

from pathlib import Path

from bib_generate import library_text

from pleitbrief.library.bibtex import parse_bib_string


def test_ten_thousand_generated_entries_all_load() -> None:
    entries, problems = parse_bib_string(library_text(10_000), Path("big.bib"))
    assert problems == []
    assert len(entries) == 10_000
    assert entries[7].fields["journaltitle"] == "NOS Nieuws"
    assert entries[6].title.startswith("Café öffentlich – a survey of ßome accents")
