"""A library of 10,000 entries loads in seconds (the TUI loads it in a worker, not forever).

The bound is loose on purpose (about 2 s on one core today): it catches a quadratic
slip or pylatexenc run on every plain value, not a few percent.
"""

from __future__ import annotations

from bib_generate import bench


def test_ten_thousand_entries_parse_in_seconds() -> None:
    assert bench(10_000) < 15.0
